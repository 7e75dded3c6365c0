"""Many inputs: a process pool (``--jobs``), streamed JSON Lines, crawl records, Dask.

Work is a stream of ``Item`` objects (a file, an in-memory text, or a malformed crawl record
that only becomes an error line), checked by one long-lived auditor per process and turned
into ``Outcome`` objects.  ``run_check`` drives ``mtaudit check``:

* ``--jobs 1`` checks in this process, one input after another;
* ``--jobs N`` sends inputs to ``N`` worker processes, each holding one auditor for the whole
  run, with at most a few inputs per worker in flight, so memory does not grow with the
  number of inputs;
* ``--dask ADDRESS`` sends tasks of a few inputs each to a Dask distributed cluster, where
  each worker process keeps one auditor; a task lost with a dead worker is run again by the
  scheduler elsewhere, and the client reports each input once, whatever happens.

With ``--format jsonl`` every report (or error line) is written and flushed as soon as its
input finishes, in completion order, with ``file`` on every line; the other formats collect
the reports and write them, in input order, at the end.  Results do not depend on the route:
every route runs the same ``_check_item`` on the same auditor.

A ``.jsonl`` input (or stdin with ``--input-format jsonl``) holds crawl records
``{"id", "text"[, "url", "lang"]}``, one per line, checked one by one; each report's ``file``
is ``PATH#id``.  A malformed record becomes an error line; the others still run.
"""

from __future__ import annotations

import itertools
import json
import os
import pickle
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from mtaudit.cli.sink import LineSink, Progress
from mtaudit.core.errors import UsageError

if TYPE_CHECKING:
    import argparse

    from mtaudit.auditor import Auditor
    from mtaudit.core.config import Config
    from mtaudit.core.results import Report
    from mtaudit.ingest.read import Source

#: Inputs per Dask task: enough to amortise a round trip to the scheduler, few enough that a
#: task lost with its worker costs little to run again.
DASK_TASK_SIZE = 4
#: Inputs in flight per pool worker (and tasks per Dask thread): keeps every worker busy while
#: bounding what waits in memory.
IN_FLIGHT_PER_WORKER = 4

# --- the auditor ------------------------------------------------------------------------------


def _make_auditor(config: Config | None) -> Auditor:
    """The one place this module builds an auditor: one per process, reused for every input."""
    from mtaudit.auditor import Auditor

    # No warm-up check: it would open the translation cache before the first real input and
    # swallow what that input's report must say (a cache rebuilt, a model unavailable).
    return Auditor(config, warm_up=False)


# --- work items and their outcomes ----------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One input: a file to read, bytes or text already read, or a malformed record."""

    index: int
    key: str  # the report's ``file``
    path: str | None = None  # a file the checking process reads itself
    data: bytes | None = None  # a file's bytes (read by the client: Dask workers may be remote)
    text: str | None = None  # a crawl record's text
    error: str | None = None  # a malformed record: reported, never checked
    extra: dict[str, Any] = field(default_factory=dict)  # record fields kept in the report


@dataclass
class Outcome:
    index: int
    key: str
    status: str  # "passed", "failed" (gate), "input" (input error), "internal" (a bug)
    report: Report | None = None  # kept for the collected formats only
    line: str | None = None  # the JSON line (jsonl)
    message: str | None = None  # the error, for "input" and "internal"
    notes: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.status in ("input", "internal")


def error_line(key: str, message: str, kind: str) -> str:
    """The JSON line reporting an input that could not be checked."""
    return json.dumps({"file": key, "error": message, "error_kind": kind},
                      ensure_ascii=False) + "\n"


def _source_of(item: Item) -> Source:
    from mtaudit.ingest.read import decode, mask, read_source, source_from_text

    if item.path is not None:
        source = read_source(item.path)
        return source if source.path == item.key else _renamed(source, item.key)
    if item.data is not None:
        text, encoding, notes = decode(item.data, item.key)
        if not text.strip():
            raise UsageError(f"{item.key}: file is empty")
        fmt = _format_of(item.key, text)
        from mtaudit.ingest.read import Source

        return Source(item.key, text, mask(text, fmt), fmt, encoding, tuple(notes))
    text = item.text or ""
    if not text.strip():
        raise UsageError(f"{item.key}: record has no text")
    return source_from_text(text, path=item.key, fmt=_format_of("", text))


def _renamed(source: Source, path: str) -> Source:
    from dataclasses import replace

    return replace(source, path=path)


def _format_of(name: str, text: str) -> str:
    """The format ``read_source`` would give (by suffix; plain text that is an HTML page)."""
    from pathlib import Path

    from mtaudit.ingest.read import TEXT_SUFFIXES
    from mtaudit.ingest.read import looks_like_html as _looks_like_html

    fmt = TEXT_SUFFIXES.get(Path(name).suffix.lower(), "txt") if name else "txt"
    if fmt == "txt" and _looks_like_html(text):
        fmt = "html"
    return fmt


def _check_item(auditor: Any, item: Item, lines: bool) -> Outcome:
    """Check one input; never raises (an error becomes an ``Outcome``)."""
    if item.error is not None:
        return Outcome(item.index, item.key, "input", line=error_line(item.key, item.error,
                                                                      "input"),
                       message=item.error)
    try:
        source = _source_of(item)
        report = auditor.check(source, path=item.key)
    except UsageError as exc:
        return Outcome(item.index, item.key, "input", message=str(exc),
                       line=error_line(item.key, str(exc), "input"))
    except Exception as exc:  # a bug: report it, keep the other inputs' results
        if os.environ.get("MTAUDIT_DEBUG"):  # --debug sets it (workers inherit it)
            import traceback

            traceback.print_exception(exc, file=sys.stderr)
        message = (f"{item.key}: internal error ({type(exc).__name__}: {exc}); this is a bug "
                   "in mtaudit — rerun with --debug for a traceback and report it")
        return Outcome(item.index, item.key, "internal", message=message,
                       line=error_line(item.key, message, "internal"))
    status = "passed" if report.gate.passed else "failed"
    if lines:
        payload = report.to_dict()
        payload.update(item.extra)
        return Outcome(item.index, item.key, status, notes=source.notes,
                       line=json.dumps(payload, ensure_ascii=False) + "\n")
    return Outcome(item.index, item.key, status, report=report, notes=source.notes)


# --- inputs ---------------------------------------------------------------------------------


def iter_items(paths: Iterable[str], input_format: str = "auto", *,
               read_bytes: bool = False, errors: list[str] | None = None,
               follow_symlinks: bool = False,
               notes: list[str] | None = None) -> Iterator[Item]:
    """The inputs of ``paths`` (files, directories, ``-``, ``.jsonl`` crawls), lazily.

    ``read_bytes`` reads every file here (for workers that may not share this file system).
    A path that cannot be expanded, an unreadable directory or a broken link inside one is
    appended to ``errors`` (or raised without it); links left unfollowed go to ``notes``.
    """
    from mtaudit.core.fsio import display
    from mtaudit.ingest.read import discover

    counter = itertools.count()
    for p in paths:
        if input_format == "jsonl" or (input_format == "auto" and p != "-"
                                        and p.lower().endswith(".jsonl")):
            yield from _records(p, counter)
            continue
        problems: list[str] = []
        try:
            found = discover([p], follow_symlinks=follow_symlinks, problems=problems,
                             notes=notes)
        except UsageError as exc:
            problems.append(str(exc))
            found = []
        if problems and errors is None:
            raise UsageError(problems[0])
        if errors is not None:
            errors.extend(problems)
        for f in found:
            if f == "-":
                yield Item(next(counter), "<stdin>", data=sys.stdin.buffer.read())
            elif read_bytes:
                yield _file_bytes(next(counter), f)
            else:
                yield Item(next(counter), display(f), path=f)


def _file_bytes(index: int, path: str) -> Item:
    from pathlib import Path

    from mtaudit.core.fsio import display

    p, key = Path(path), display(path)
    if not p.exists():
        return Item(index, key, error=f"{key}: no such file or directory")
    try:
        return Item(index, key, data=p.read_bytes())
    except OSError as exc:
        return Item(index, key, error=f"{key}: cannot read ({exc.strerror or exc})")


def _records(path: str, counter: Iterator[int]) -> Iterator[Item]:
    name = "<stdin>" if path == "-" else path
    if path == "-":
        fh: IO[str] = sys.stdin
        yield from _parse_records(name, fh, counter)
        return
    try:
        with open(path, encoding="utf-8", errors="strict") as fh:
            yield from _parse_records(name, fh, counter)
    except FileNotFoundError:
        yield Item(next(counter), path, error=f"{path}: no such file or directory")
    except IsADirectoryError:
        yield Item(next(counter), path, error=f"{path}: is a directory, not a .jsonl file")
    except UnicodeDecodeError:
        yield Item(next(counter), path, error=f"{path}: not UTF-8 (JSON Lines must be UTF-8)")
    except OSError as exc:
        yield Item(next(counter), path, error=f"{path}: cannot read ({exc.strerror or exc})")


def _parse_records(name: str, lines: Iterable[str], counter: Iterator[int]) -> Iterator[Item]:
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name}#line{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Item(next(counter), where, error=f"{name}:{lineno}: not JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            yield Item(next(counter), where,
                       error=f"{name}:{lineno}: a record must be a JSON object")
            continue
        rid, text = record.get("id"), record.get("text")
        if not isinstance(rid, str | int) or isinstance(rid, bool) or rid == "":
            yield Item(next(counter), where,
                       error=f"{name}:{lineno}: the record has no \"id\" (string or integer)")
            continue
        key = f"{name}#{rid}"
        if not isinstance(text, str):
            yield Item(next(counter), key,
                       error=f"{key}: the record has no \"text\" string (line {lineno})")
            continue
        lang = record.get("lang")
        if isinstance(lang, str) and lang and lang.lower().split("-")[0] != "fr":
            yield Item(next(counter), key, error=f"{key}: the record is marked as {lang!r}, "
                       "not French")
            continue
        extra = {"id": rid, **{k: record[k] for k in ("url", "lang") if k in record}}
        yield Item(next(counter), key, text=text, extra=extra)


# --- routes ---------------------------------------------------------------------------------


def check_sequential(items: Iterable[Item], config: Config, *, lines: bool) -> Iterator[Outcome]:
    """Every item, in order, in this process, on one auditor."""
    with _make_auditor(config) as auditor:
        for item in items:
            yield _check_item(auditor, item, lines)


_process_auditor: Any = None
_process_lines = False


def _pool_init(config: Config, lines: bool) -> None:
    global _process_auditor, _process_lines
    from mtaudit.text import nlp

    nlp.in_process()  # this process checks many documents: spaCy loads here, once
    # compiled patterns from the cache file, for the life of this worker
    nlp.regex_bundle(save=False).__enter__()
    _process_auditor = _make_auditor(config)
    _process_lines = lines


def _pool_check(item: Item) -> Outcome:
    return _check_item(_process_auditor, item, _process_lines)


def check_pool(items: Iterable[Item], config: Config, jobs: int, *, lines: bool,
               _check: Callable[[Item], Outcome] | None = None) -> Iterator[Outcome]:
    """Every item, in completion order, on ``jobs`` processes with one auditor each.

    A worker process that dies (killed, out of memory, a crash in a native library) breaks the
    pool: a new pool is started, and the inputs that were in flight are checked again one at
    a time, so the input that kills its worker is found and reported as an internal error
    while every other input still gets its report.
    """
    import collections
    import concurrent.futures as cf
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    check = _check or _pool_check
    # spawn: workers start clean (no copy of a parent's threads or of a half-loaded spaCy).
    ctx = multiprocessing.get_context("spawn")
    window = jobs * IN_FLIGHT_PER_WORKER
    source = iter(items)
    suspects: collections.deque[Item] = collections.deque()  # in flight when a worker died
    exhausted = False
    while True:
        pool = cf.ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_pool_init,
                                      initargs=(config, lines))
        pending: dict[cf.Future[Outcome], Item] = {}
        broken = False
        try:
            while not broken:
                # after a crash, suspects run alone: the one that breaks the pool is the culprit
                while suspects and not pending:
                    suspect = suspects.popleft()
                    pending[pool.submit(check, suspect)] = suspect
                while not suspects and not exhausted and len(pending) < window:
                    nxt = next(source, None)
                    if nxt is None:
                        exhausted = True
                        break
                    pending[pool.submit(check, nxt)] = nxt
                if not pending:
                    return
                done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for fut in done:
                    try:
                        outcome = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    pending.pop(fut)
                    yield outcome
            # the pool is broken: every input still pending must be checked again
            alone = len(pending) == 1
            for item in pending.values():
                if alone:
                    message = (f"{item.key}: the worker process checking it died; this is a "
                               "bug in mtaudit or one of its libraries")
                    yield Outcome(item.index, item.key, "internal", message=message,
                                  line=error_line(item.key, message, "internal"))
                else:
                    suspects.append(item)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


# --- Dask -----------------------------------------------------------------------------------

_dask_auditors: dict[bytes, Any] = {}
_dask_lock = threading.Lock()


def _dask_task(items: list[Item], config: Config, lines: bool) -> list[Outcome]:
    """Run on a Dask worker: one auditor per worker process (built by its first task)."""
    key = pickle.dumps(config)
    with _dask_lock:  # one check at a time per process: the auditor's spaCy pipe is not shared
        auditor = _dask_auditors.get(key)
        if auditor is None:
            from mtaudit.text import nlp

            nlp.in_process()
            auditor = _dask_auditors[key] = _make_auditor(config)
        return [_check_item(auditor, item, lines) for item in items]


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def check_dask(items: Iterable[Item], config: Config, address: str, *, lines: bool,
               task_size: int = DASK_TASK_SIZE) -> Iterator[Outcome]:
    """Every item, in completion order, on a Dask distributed cluster, each exactly once."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--dask needs Dask distributed: pip install 'mtaudit[dist]'") from None
    try:
        client = Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"--dask {address}: cannot reach the scheduler ({exc})") from None
    try:
        threads = max(sum(client.nthreads().values()), 1)
        window = threads * 2
        chunks = _chunks(items, task_size)
        reported: set[int] = set()
        by_future: dict[Any, list[Item]] = {}

        def submit() -> Any:
            chunk = next(chunks, None)
            if chunk is None:
                return None
            fut = client.submit(_dask_task, chunk, config, lines, pure=False)
            by_future[fut] = chunk
            return fut

        first = [f for f in (submit() for _ in range(window)) if f is not None]
        if not first:
            return
        queue = as_completed(first, loop=client.loop)
        for fut in queue:
            chunk = by_future.pop(fut)
            try:
                outcomes = fut.result()
            except Exception as exc:  # e.g. KilledWorker: the task killed every worker it met
                outcomes = [Outcome(i.index, i.key, "internal",
                                    message=(m := f"{i.key}: the Dask task failed "
                                             f"({type(exc).__name__}: {exc})"),
                                    line=error_line(i.key, m, "internal")) for i in chunk]
            fut.release()
            for outcome in outcomes:
                if outcome.index not in reported:  # exactly once, even if a task ran twice
                    reported.add(outcome.index)
                    yield outcome
            nxt = submit()
            if nxt is not None:
                queue.add(nxt)
    finally:
        client.close()


# --- the command ----------------------------------------------------------------------------


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def outcomes_for(items: Iterable[Item], config: Config, *, jobs: int, lines: bool,
                 dask: str | None = None, total: int | None = None) -> Iterator[Outcome]:
    """Pick the route: Dask, a pool, or this process (one input, or ``jobs == 1``)."""
    if dask:
        return check_dask(items, config, dask, lines=lines)
    if jobs <= 1 or (total is not None and total <= 1):
        return check_sequential(items, config, lines=lines)
    return check_pool(items, config, min(jobs, total) if total else jobs, lines=lines)


def run_check(args: argparse.Namespace, config: Config, *,
              emit: Callable[[list, str, str | None], None], error: Callable[[str], None],
              warn: Callable[[str], None]) -> int:
    """``mtaudit check`` on many inputs; returns the exit code.  The command line passes its
    writers (``emit`` the reports, print an ``error`` or a ``warn``ing)."""
    from mtaudit.core.errors import EXIT_BUG, EXIT_ERROR, EXIT_GATE, EXIT_OK

    _emit, _error, _warn = emit, error, warn

    # --jobs, else the configuration's ``jobs``, else one per CPU
    jobs = args.jobs if args.jobs is not None else (config.jobs or default_jobs())
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    lines = args.format == "jsonl"
    input_format = getattr(args, "input_format", "auto") or "auto"
    errors: list[str] = []
    notes: list[str] = []
    follow = bool(getattr(args, "follow_symlinks", False))
    materialised: list[Item] | None = None
    items: Iterable[Item]
    if input_format == "auto" and not any(p.lower().endswith(".jsonl") or p == "-"
                                          for p in args.paths):
        # Plain files and directories: expand them now (a list of names), to size the pool.
        materialised = list(iter_items(args.paths, input_format, read_bytes=bool(args.dask),
                                       errors=errors, follow_symlinks=follow, notes=notes))
        items = materialised
    else:
        items = iter_items(args.paths, input_format, read_bytes=bool(args.dask), errors=errors,
                           follow_symlinks=follow, notes=notes)
    for note in notes:
        _warn(note)
    for message in errors:
        _error(message)
    reported = len(errors)  # inputs expanded lazily (crawls, stdin) may add errors later
    total = len(materialised) if materialised is not None else None
    from mtaudit.text import nlp

    if not args.dask and (jobs == 1 or total == 1):
        if jobs == 1:
            nlp.stop()
            nlp.in_process()  # --jobs 1: one busy core, so no spaCy worker process either
        else:
            # One input, with cores to spare: spaCy loads (and tags) in a worker process,
            # started before reading any input and before importing the rules (the command
            # line starts it even sooner), since loading spaCy is the longest step of a cold
            # check.  Stopped at once if no selected rule needs it.
            nlp.prestart()
            if not _needs_nlp(config):
                nlp.stop()
    else:
        nlp.stop()  # a pool or a cluster: each of its processes loads spaCy for itself
    sink = LineSink(args.output if lines else None)  # checked now, opened at the first line
    single = total == 1
    if single and sys.stderr.isatty():
        from mtaudit.backtranslate.progress import show_progress_on

        show_progress_on(sys.stderr)  # one input: the translation's own bar, not a file count
    counts = {"passed": 0, "failed": 0, "input": len(errors), "internal": 0}
    collected: list[Outcome] = []
    try:
        with Progress(None if single else total, enabled=not single) as advance:
            for outcome in outcomes_for(items, config, jobs=jobs, lines=lines, dask=args.dask,
                                        total=total):
                counts[outcome.status] += 1
                for note in outcome.notes:
                    _warn(f"{outcome.key}: {note}")
                if outcome.is_error and outcome.message:
                    _error(outcome.message)
                if lines and outcome.line is not None:
                    sink.write(outcome.line)
                elif outcome.report is not None:
                    collected.append(outcome)
                advance()
    finally:
        sink.close()
    for message in errors[reported:]:
        _error(message)
    counts["input"] += len(errors) - reported
    if not lines and collected:
        collected.sort(key=lambda o: o.index)
        _emit([o.report for o in collected], args.format, args.output)
    if counts["internal"]:
        return EXIT_BUG
    if counts["input"] or not (counts["passed"] + counts["failed"]):
        return EXIT_ERROR
    return EXIT_GATE if counts["failed"] else EXIT_OK


def _needs_nlp(config: Config) -> bool:
    from mtaudit.audit import rules_for

    return any("nlp" in r.requires for r in rules_for(config, ""))
