"""Command-line interface: ``mtaudit check|fix|rules …``.

Exit codes: 0 gate passed · 1 gate failed · 2 usage, input or configuration error · 3 a bug
(any unexpected exception: one line on stderr, ``--debug`` for the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mtaudit.core.errors import EXIT_BUG, EXIT_ERROR, EXIT_GATE, EXIT_OK, UsageError
from mtaudit.core.options import FAIL_ON_CHOICES, TRANSLATORS
from mtaudit.core.version import __version__
from mtaudit.report import FORMATS

if TYPE_CHECKING:
    from mtaudit.core.config import Config


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _codes(value: str) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in value.split(",") if c.strip())


def _unit_float(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number between 0 and 1, got {value!r}") from None
    if not 0.0 <= x <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {value!r}")
    return x


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mtaudit", description="Audit French copy for raw machine "
                     "translation: verdict, broken typography, garbled phrasing.")
    parser.add_argument("--version", action="version", version=f"mtaudit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="audit files, directories or stdin (-)")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=FORMATS,
                       default="rich")
    check.add_argument("-o", "--output", metavar="OUT", help="write the report here")
    check.add_argument("--source", metavar="FILE", help="the original (English) text")
    check.add_argument("--translator", choices=TRANSLATORS)
    check.add_argument("--model", metavar="ID_OR_PATH", help="back-translation model")
    check.add_argument("--roundtrip", action="store_true", default=None,
                       help="also translate back to French and score chrF")
    check.add_argument("--roundtrip-model", metavar="ID_OR_PATH")
    check.add_argument("--beam-size", type=int, metavar="N")
    check.add_argument("--batch-size", type=int, metavar="N")
    check.add_argument("--threads", type=int, metavar="N")
    check.add_argument("--fail-on", choices=FAIL_ON_CHOICES)
    check.add_argument("--max-mt-score", type=_unit_float, metavar="X")
    check.add_argument("--max-mqm-penalty", type=float, metavar="P",
                       help="fail the gate above P MQM penalty points per 1,000 words")
    check.add_argument("--select", type=_codes, metavar="CODES",
                       help="only rules whose code starts with one of these (comma-separated)")
    check.add_argument("--ignore", type=_codes, metavar="CODES")
    check.add_argument("--config", metavar="FILE")
    check.add_argument("--lang", metavar="CODE", help="force the language (only fr)")
    check.add_argument("--follow-symlinks", action="store_true",
                       help="follow symbolic links that leave the directories given")
    check.add_argument("--jobs", "-j", type=int, metavar="N",
                       help="worker processes (default: one per CPU; 1 = in this process, "
                            "on one core)")
    check.add_argument("--input-format", choices=("auto", "text", "jsonl"), default="auto",
                       help="jsonl: crawl records {\"id\", \"text\"} (default: .jsonl files)")
    check.add_argument("--dask", metavar="ADDRESS",
                       help="check on a Dask distributed cluster (tcp://HOST:8786)")

    fix = sub.add_parser("fix", help="apply safe automatic fixes")
    fix.add_argument("path", metavar="FILE")
    mode = fix.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="show the fixes (default)")
    mode.add_argument("--write", action="store_true", help="apply the fixes in place")
    fix.add_argument("--select", type=_codes, metavar="CODES")
    fix.add_argument("--ignore", type=_codes, metavar="CODES")
    fix.add_argument("--config", metavar="FILE")
    fix.add_argument("--lang", metavar="CODE")

    evaluate = sub.add_parser("eval", help="measure the MT detector on a labelled corpus "
                              "(DIR/manifest.jsonl)")
    evaluate.add_argument("directory", metavar="DIR")
    evaluate.add_argument("--format", choices=("text", "json"), default="text")
    evaluate.add_argument("--translator", choices=TRANSLATORS, default="none",
                          help="back-translation during evaluation (default: none)")
    evaluate.add_argument("--workers", type=int, default=2, metavar="N")
    evaluate.add_argument("--config", metavar="FILE")

    rules = sub.add_parser("rules", help="list rules, or show one rule's documentation")
    rules.add_argument("code", nargs="?", metavar="CODE")
    rules.add_argument("--format", choices=("rich", "json"), default="rich")

    align = sub.add_parser("align", help="align a French file with its source; print the links")
    align.add_argument("source_path", metavar="SOURCE")
    align.add_argument("path", metavar="FILE")
    align.add_argument("--format", choices=("text", "json"), default="text")
    align.add_argument("--translator", choices=TRANSLATORS, default="none",
                       help="back-translate to help the alignment (default: none)")
    align.add_argument("--model", metavar="ID_OR_PATH", help="back-translation model")
    align.add_argument("--config", metavar="FILE")
    align.add_argument("--lang", metavar="CODE")

    serve = sub.add_parser("serve", help="serve LanguageTool's HTTP API (/v2/check) and "
                           "/v1/audit (pip install 'mtaudit[serve]')")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8081)
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="server processes, each with its own loaded auditor")
    serve.add_argument("--max-chars", type=int, default=200_000, metavar="N",
                       help="longest text accepted (413 above)")
    serve.add_argument("--cors", action="append", metavar="ORIGIN",
                       help="allow browser requests from this origin (repeatable)")
    serve.add_argument("--timeout", type=float, default=60.0, metavar="S",
                       help="answer 503 when a check takes longer")
    serve.add_argument("--translator", choices=TRANSLATORS)
    serve.add_argument("--model", metavar="ID_OR_PATH", help="back-translation model")
    serve.add_argument("--select", type=_codes, metavar="CODES")
    serve.add_argument("--ignore", type=_codes, metavar="CODES")
    serve.add_argument("--config", metavar="FILE")

    models = sub.add_parser("models", help="list, fetch or convert back-translation models")
    models_sub = models.add_subparsers(dest="models_command", metavar="ACTION",
                                       parser_class=_Parser)
    models_list = models_sub.add_parser("list", help="models on this machine (the default)")
    models_list.add_argument("--format", choices=("rich", "json"), default="rich")
    models_fetch = models_sub.add_parser(
        "fetch", help="download models into the Hugging Face cache (needs a network)")
    models_fetch.add_argument("models", nargs="*", metavar="ID",
                              help="hub ids (default: opus-mt-fr-en and opus-mt-en-fr)")
    models_convert = models_sub.add_parser(
        "convert", help="convert a Marian model to CTranslate2 (into the cache by default)")
    models_convert.add_argument("model", metavar="ID_OR_PATH")
    models_convert.add_argument("--quantization", choices=("int8", "int8_float32", "float32"),
                                default="int8")
    models_convert.add_argument("-o", "--output", metavar="DIR")
    _add_debug(parser)
    return parser


def _add_debug(parser: argparse.ArgumentParser) -> None:
    """``--debug`` anywhere on the command line (before or after the command)."""
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show the traceback of an internal error")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                _add_debug(sub)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every outcome is an exit code (0 1 2 3, 130 on Ctrl-C), never a
    traceback unless ``--debug`` (or ``MTAUDIT_DEBUG=1``) asks for one."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or bool(os.environ.get("MTAUDIT_DEBUG"))
    set_debug = debug and not os.environ.get("MTAUDIT_DEBUG")
    if set_debug:
        os.environ["MTAUDIT_DEBUG"] = "1"  # pool and Dask workers print tracebacks too
    try:
        return _main(argv, debug)
    finally:
        if set_debug:
            os.environ.pop("MTAUDIT_DEBUG", None)


def _main(argv: list[str], debug: bool) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_ERROR
        handler = {"check": cmd_check, "fix": cmd_fix, "rules": cmd_rules,
                   "align": cmd_align, "eval": cmd_eval, "models": cmd_models,
                   "serve": cmd_serve}[args.command]
        code = handler(args)
        _flush_stdout()
        return code
    except UsageError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        if _is_stdout_error(exc):
            _silence_stdout()
            _error(f"cannot write to standard output ({exc.strerror or exc})")
            return EXIT_ERROR
        return _internal_error(exc, debug)
    except Exception as exc:
        return _internal_error(exc, debug)


def _internal_error(exc: BaseException, debug: bool) -> int:
    """An unexpected exception: a bug.  One line (a traceback with ``--debug``), exit 3."""
    if debug:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    _error(f"internal error ({type(exc).__name__}: {exc}); this is a bug in mtaudit — rerun "
           "with --debug for a traceback and report it")
    return EXIT_BUG


def _is_stdout_error(exc: OSError) -> bool:
    """Was ``exc`` a failed write to standard output (``/dev/full``, a closed terminal)?
    Then standard output still holds unwritten data and flushing it fails again."""
    import errno

    if getattr(exc, "filename", None) is not None:
        return False
    try:
        sys.stdout.flush()
    except OSError:
        return True
    # A failed print() may have dropped its buffer: a nameless "device full" is stdout's.
    return exc.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG)


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _silence_stdout()
        raise UsageError(f"cannot write to standard output ({exc.strerror or exc})") from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail again."""
    import contextlib

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _write_stdout(text: str) -> None:
    """Write a report to stdout; a failure there (disk full) is a clear error, exit 2."""
    try:
        sys.stdout.write(text)
    except BrokenPipeError:
        raise
    except OSError as exc:
        _silence_stdout()
        raise UsageError(f"cannot write to standard output ({exc.strerror or exc})") from None
    _flush_stdout()


def _error(message: str) -> None:
    from mtaudit.core.textsafe import printable

    print(f"mtaudit: error: {printable(message)}", file=sys.stderr)


def _warn(message: str) -> None:
    from mtaudit.core.textsafe import printable

    print(f"mtaudit: warning: {printable(message)}", file=sys.stderr)


def _config(args: argparse.Namespace) -> Config:
    from mtaudit.core.config import load_config, parse_fail_on, unknown_codes, unknown_codes_message

    config = load_config(args.config)
    for flag in ("select", "ignore"):
        bad = unknown_codes(getattr(args, flag, None) or (), prefixes=True)
        if bad:
            raise UsageError(f"--{flag}: {unknown_codes_message(bad, prefixes=True)}")
    overrides = {k: getattr(args, k, None) for k in (
        "select", "ignore", "translator", "model", "roundtrip", "roundtrip_model", "beam_size",
        "batch_size", "threads", "max_mt_score", "max_mqm_penalty", "lang", "source")}
    if getattr(args, "fail_on", None):
        overrides["fail_on"] = parse_fail_on(args.fail_on)
    if overrides.get("lang") not in (None, "fr"):
        raise UsageError(f"--lang {overrides['lang']}: only French (fr) is supported")
    return config.with_overrides(**overrides)


def cmd_check(args: argparse.Namespace) -> int:
    from mtaudit.text import nlp

    if args.jobs != 1 and not args.dask and _one_file(args.paths):
        # Loading spaCy is the longest step of a cold check: its worker process starts first
        # of all; the driver stops it if the run needs no spaCy rule.  Many inputs go to a
        # pool, whose processes each load spaCy for themselves: no worker for this one.
        nlp.prestart()
    with nlp.regex_bundle():  # 0.7 s of pattern compiling saved on every start
        return _check(args)


def _one_file(paths: list[str]) -> bool:
    """Whether the command names one plain file (not a directory, a crawl or stdin)."""
    return (len(paths) == 1 and paths[0] != "-" and not paths[0].lower().endswith(".jsonl")
            and os.path.isfile(paths[0]))


def _check(args: argparse.Namespace) -> int:
    from mtaudit.cli.batch import run_check

    # One driver for every route: this process (--jobs 1, one input), a pool, streamed JSONL,
    # crawl records, Dask (issue 16).
    return run_check(args, _config(args), emit=_emit, error=_error, warn=_warn)


def _emit(reports: list, fmt: str, output: str | None) -> None:
    """Write the reports to ``output`` (atomically; ``-`` or none: standard output)."""
    if output == "-" and fmt != "html":
        output = None
    if fmt == "rich":
        import io

        from rich.console import Console

        if output:
            buffer = io.StringIO()
            _render_rich(reports, Console(file=buffer, width=100, no_color=True))
            _write_output(output, buffer.getvalue())
        elif sys.stdout.isatty():
            _render_rich(reports, Console(highlight=False, soft_wrap=False))
        else:
            buffer = io.StringIO()
            _render_rich(reports, Console(file=buffer, highlight=False, soft_wrap=False,
                                          width=Console().width))
            _write_stdout(buffer.getvalue())
        return
    if fmt in ("json", "jsonl"):
        from mtaudit.report.json_report import render_json

        payload = render_json(reports, lines=fmt == "jsonl")
    elif fmt == "sarif":
        from mtaudit.report.sarif import render_sarif

        payload = render_sarif(reports)
    elif fmt == "github":
        from mtaudit.report.github import render_github

        payload = render_github(reports)
    else:
        from mtaudit.report.html import write_html

        written = write_html(reports, output)  # None: reports/<stem>.html or reports/index.html
        print(f"mtaudit: HTML report written to {written}", file=sys.stderr)
        return
    if output:
        _write_output(output, payload)
    else:
        _write_stdout(payload)


def _write_output(output: str, payload: str) -> None:
    from mtaudit.core.fsio import atomic_write_text, display

    if output.endswith(("/", os.sep)):
        raise UsageError(f"-o {display(output)}: names a directory; give a file path")
    atomic_write_text(output, payload, make_parents=True)


def _render_rich(reports: list, console: object) -> None:
    from mtaudit.report.terminal import render_terminal

    render_terminal(reports, console)  # type: ignore[arg-type]


def cmd_fix(args: argparse.Namespace) -> int:
    from mtaudit.auditor import Auditor
    from mtaudit.core.fsio import atomic_write, check_writable, display, encode_like
    from mtaudit.fix import unified_diff
    from mtaudit.ingest.read import read_bytes, source_from_bytes

    config = _config(args)
    if args.path == "-" and args.write:
        raise UsageError("--write needs a file, not stdin")
    if args.write:
        check_writable(Path(args.path))  # refuse a read-only file before any work
    raw = read_bytes(args.path)
    source = source_from_bytes(raw, args.path)
    with Auditor.for_fixes(config, source.path) as auditor:
        fixed, n = auditor.fix(source)
    if args.write:
        if n:
            # Encoded in full before the file is touched: a fix the encoding cannot hold is
            # an error and the file stays as it was; then written atomically.
            atomic_write(args.path, encode_like(fixed, source.encoding, raw, args.path))
        print(f"mtaudit: {display(args.path)}: {n} fix{'es' if n != 1 else ''} applied",
              file=sys.stderr)
        return EXIT_OK
    diff = unified_diff(source.path, source.text, fixed)
    if sys.stdout.isatty():
        from mtaudit.core.textsafe import printable

        diff = printable(diff)
    _write_stdout(diff)
    return EXIT_GATE if diff else EXIT_OK


def cmd_align(args: argparse.Namespace) -> int:
    from mtaudit.align.stage import format_alignment
    from mtaudit.auditor import Auditor
    from mtaudit.ingest.read import read_source

    config = _config(args)
    # Only the adequacy (A) rules run here: no other rule's resources are loaded.
    with Auditor(config if config.select else config.with_overrides(select=("A",)),
                 warm_up=False) as auditor:
        doc = auditor.document(read_source(args.path))
        alignment = auditor.align(doc, auditor.backtranslate(doc), args.source_path)
    if args.format == "json":
        import json

        print(json.dumps({"file": doc.path, "source": alignment.source,
                          "segments": [{"id": s.id, "source_ids": list(ids) if ids else None}
                                       for s, ids in zip(doc.segments, alignment.source_ids,
                                                         strict=True)],
                          "findings": [f.to_dict() for f in alignment.findings]},
                         ensure_ascii=False, indent=2))
    else:
        from mtaudit.core.textsafe import printable

        text = format_alignment(alignment)
        print(printable(text) if sys.stdout.isatty() else text)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    import json
    import time

    from mtaudit.cli import evaluate
    from mtaudit.detect.detector import detector

    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    config = _config(args)
    started = time.perf_counter()
    records = evaluate.run(args.directory, config, workers=args.workers)
    seconds = time.perf_counter() - started
    summary = evaluate.summarise(records, detector().threshold)
    if args.format == "json":
        print(json.dumps({**summary, "seconds": round(seconds, 2)}, ensure_ascii=False,
                         indent=2))
    else:
        sys.stdout.write(evaluate.render_text(summary, seconds))
    return EXIT_ERROR if summary["errors"] else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import importlib.util

    missing = [m for m in ("starlette", "uvicorn", "multipart")
               if importlib.util.find_spec(m) is None]
    if missing:
        raise UsageError(f"mtaudit serve needs {', '.join(missing)}: "
                         "pip install 'mtaudit[serve]'")
    for name, value, low in (("--workers", args.workers, 1), ("--max-chars", args.max_chars, 1),
                             ("--port", args.port, 0)):
        if value < low:
            raise UsageError(f"{name} must be at least {low}")
    if args.timeout <= 0:
        raise UsageError("--timeout must be positive")
    import socket

    from mtaudit.cli.serve import ServeOptions, serve

    _config(args)  # a bad configuration is a usage error now, not in each worker
    try:  # a busy port is a one-line usage error, before seconds of loading
        with socket.create_server((args.host, args.port)):
            pass
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port} "
                         f"({exc.strerror or exc})") from None
    overrides = {k: getattr(args, k) for k in ("select", "ignore", "translator", "model")
                 if getattr(args, k) is not None}
    options = ServeOptions(max_chars=args.max_chars, timeout=args.timeout,
                           cors=tuple(args.cors or ()), config_file=args.config,
                           overrides=overrides)
    print(f"mtaudit: loading the auditor, then serving on http://{args.host}:{args.port} "
          "(LanguageTool API: /v2/check; Ctrl-C stops)", file=sys.stderr)
    serve(options, args.host, args.port, args.workers)
    return EXIT_OK


def cmd_models(args: argparse.Namespace) -> int:
    from mtaudit.backtranslate.commands import run_models_command

    return run_models_command(args)


def cmd_rules(args: argparse.Namespace) -> int:
    import json

    from mtaudit.core import ruleindex

    rules = ruleindex.load()
    if args.code:
        matches = [r for r in rules if r["code"] == args.code.upper() or r["name"] == args.code]
        if not matches:
            raise UsageError(f"no rule {args.code!r}; `mtaudit rules` lists them")
        r = matches[0]
        if args.format == "json":
            print(json.dumps({k: v for k, v in r.items() if k != "doc"}, ensure_ascii=False,
                             indent=2))
        else:
            print(r["doc"])
        return EXIT_OK
    if args.format == "json":
        keys = ("code", "name", "category", "severity", "fixable", "default_enabled", "summary")
        print(json.dumps([{k: r[k] for k in keys} for r in rules], ensure_ascii=False,
                         indent=2))
        return EXIT_OK
    # Plain aligned text: importing rich.console would cost more than the whole listing.
    rows = [(r["code"], r["name"], r["category"], r["severity"],
             ("fix" if r["fixable"] else "") + ("" if r["default_enabled"] else " opt-in"))
            for r in rules]
    header = ("code", "name", "category", "severity", "")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(5)]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return EXIT_OK


if __name__ == "__main__":
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    raise SystemExit(main())
