"""Command-line interface: ``mtaudit check|fix|rules …``.

Exit codes: 0 gate passed · 1 gate failed · 2 usage, input or configuration error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mtaudit import __version__
from mtaudit.errors import UsageError
from mtaudit.options import FAIL_ON_CHOICES, TRANSLATORS

if TYPE_CHECKING:
    from mtaudit.config import Config

EXIT_OK, EXIT_GATE, EXIT_ERROR, EXIT_BUG = 0, 1, 2, 3


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
    check.add_argument("--format", choices=("rich", "json", "jsonl", "sarif", "html"),
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
    check.add_argument("--jobs", "-j", type=int, metavar="N",
                       help="worker processes (default: one per CPU; 1 = in this process)")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_ERROR
        handler = {"check": cmd_check, "fix": cmd_fix, "rules": cmd_rules,
                   "align": cmd_align, "eval": cmd_eval, "models": cmd_models}[args.command]
        return handler(args)
    except UsageError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _error(message: str) -> None:
    print(f"mtaudit: error: {message}", file=sys.stderr)


def _warn(message: str) -> None:
    print(f"mtaudit: warning: {message}", file=sys.stderr)


def _config(args: argparse.Namespace) -> Config:
    from mtaudit.config import load_config, parse_fail_on

    config = load_config(args.config)
    overrides = {k: getattr(args, k, None) for k in (
        "select", "ignore", "translator", "model", "roundtrip", "roundtrip_model", "beam_size",
        "batch_size", "threads", "max_mt_score", "max_mqm_penalty", "lang", "source")}
    if getattr(args, "fail_on", None):
        overrides["fail_on"] = parse_fail_on(args.fail_on)
    if overrides.get("lang") not in (None, "fr"):
        raise UsageError(f"--lang {overrides['lang']}: only French (fr) is supported")
    return config.with_overrides(**overrides)


def cmd_check(args: argparse.Namespace) -> int:
    from mtaudit import nlp
    from mtaudit.audit import audit, rules_for
    from mtaudit.ingest import discover, read_source

    config = _config(args)
    if _batch(args):  # many inputs, a pool, streamed JSONL, crawl records, Dask (issue 16)
        from mtaudit.batch import run_check

        return run_check(args, config)
    if any("nlp" in r.requires for r in rules_for(config, "")):
        nlp.prestart()  # before reading any file: spaCy takes seconds to load
    if sys.stderr.isatty():
        from mtaudit.backtranslate.progress import show_progress_on

        show_progress_on(sys.stderr)
    failed_inputs = internal_errors = 0
    paths: list[str] = []
    for p in args.paths:
        try:
            paths.extend(discover([p]))
        except UsageError as exc:
            _error(str(exc))
            failed_inputs += 1
    reports = []
    for path in paths:
        try:
            source = read_source(path)
            for note in source.notes:
                _warn(f"{source.path}: {note}")
            reports.append(audit(source, config))
        except UsageError as exc:
            _error(str(exc))
            failed_inputs += 1
        except Exception as exc:  # a bug: report it, keep the other files' results
            if os.environ.get("MTAUDIT_DEBUG"):
                raise
            _error(f"{path}: internal error ({type(exc).__name__}: {exc}); this is a bug in "
                   "mtaudit — rerun with MTAUDIT_DEBUG=1 for a traceback and report it")
            internal_errors += 1
    if reports:
        _emit(reports, args.format, args.output)
    if internal_errors:
        return EXIT_BUG
    if failed_inputs or not reports:
        return EXIT_ERROR
    return EXIT_OK if all(r.gate.passed for r in reports) else EXIT_GATE


def _batch(args: argparse.Namespace) -> bool:
    """Whether ``check`` goes through ``mtaudit.batch`` (everything but ``--jobs 1``)."""
    return (args.jobs != 1 or args.dask is not None or args.format == "jsonl"
            or args.input_format != "auto" or any(p.endswith(".jsonl") for p in args.paths))


def _emit(reports: list, fmt: str, output: str | None) -> None:
    if fmt == "rich":
        from rich.console import Console

        if output:
            with open(output, "w", encoding="utf-8") as fh:
                _render_rich(reports, Console(file=fh, width=100, no_color=True))
        else:
            _render_rich(reports, Console(highlight=False, soft_wrap=False))
        return
    if fmt in ("json", "jsonl"):
        from mtaudit.reporters.json_report import render_json

        payload = render_json(reports, lines=fmt == "jsonl")
    elif fmt == "sarif":
        from mtaudit.reporters.sarif import render_sarif

        payload = render_sarif(reports)
    else:
        from mtaudit.reporters.html import write_html

        written = write_html(reports, output)  # None: reports/<stem>.html or reports/index.html
        print(f"mtaudit: HTML report written to {written}", file=sys.stderr)
        return
    if output:
        try:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            Path(output).write_text(payload, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{output}: cannot write ({exc.strerror or exc})") from None
    else:
        sys.stdout.write(payload)


def _render_rich(reports: list, console: object) -> None:
    from mtaudit.reporters.terminal import render_terminal

    render_terminal(reports, console)  # type: ignore[arg-type]


def cmd_fix(args: argparse.Namespace) -> int:
    from mtaudit.audit import build_document, check_language
    from mtaudit.fix import fix_source, unified_diff
    from mtaudit.ingest import read_source

    config = _config(args)
    if args.path == "-" and args.write:
        raise UsageError("--write needs a file, not stdin")
    source = read_source(args.path)
    check_language(build_document(source, config), config)
    fixed, n = fix_source(source, config)
    if args.write:
        if n:
            data = fixed.encode(source.encoding if source.encoding != "utf-8-sig" else "utf-8")
            if source.encoding == "utf-8-sig":
                data = b"\xef\xbb\xbf" + data
            Path(args.path).write_bytes(data)
        print(f"mtaudit: {args.path}: {n} fix{'es' if n != 1 else ''} applied", file=sys.stderr)
        return EXIT_OK
    diff = unified_diff(source.path, source.text, fixed)
    sys.stdout.write(diff)
    return EXIT_GATE if diff else EXIT_OK


def cmd_align(args: argparse.Namespace) -> int:
    from mtaudit.align import align_with_source, format_alignment
    from mtaudit.audit import build_document, check_language
    from mtaudit.backtranslate import backtranslate_document
    from mtaudit.ingest import read_source

    config = _config(args)
    doc = build_document(read_source(args.path), config)
    check_language(doc, config)
    alignment = align_with_source(doc, args.source_path, backtranslate_document(doc, config),
                                  config)
    if args.format == "json":
        import json

        print(json.dumps({"file": doc.path, "source": alignment.source,
                          "segments": [{"id": s.id, "source_ids": list(ids) if ids else None}
                                       for s, ids in zip(doc.segments, alignment.source_ids,
                                                         strict=True)],
                          "findings": [f.to_dict() for f in alignment.findings]},
                         ensure_ascii=False, indent=2))
    else:
        print(format_alignment(alignment))
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    import json
    import time

    from mtaudit import evaluate
    from mtaudit.score import detector

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


def cmd_models(args: argparse.Namespace) -> int:
    from mtaudit.backtranslate.commands import run_models_command

    return run_models_command(args)


def cmd_rules(args: argparse.Namespace) -> int:
    import json

    from mtaudit import ruleindex

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
