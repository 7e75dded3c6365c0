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
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from mtaudit.cli.sink import LineSink, Progress
from mtaudit.cli.work import Item, Outcome, check_item, error_line, make_auditor
from mtaudit.core.errors import UsageError

if TYPE_CHECKING:
    import argparse

    from mtaudit.core.config import Config

#: Inputs in flight per pool worker (and tasks per Dask thread): keeps every worker busy while
#: bounding what waits in memory.
IN_FLIGHT_PER_WORKER = 4

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
    with make_auditor(config) as auditor:
        for item in items:
            yield check_item(auditor, item, lines)


_process_auditor: Any = None
_process_lines = False
_process_checked = 0


def _pool_init(config: Config, lines: bool, spans: tuple[str, bytes] | None = None,
               environ: dict[str, str] | None = None) -> None:
    global _process_auditor, _process_lines, _process_checked
    if environ is not None:
        # the run's environment (MTAUDIT_CACHE_DIR…), not the one the fork server started
        # with, which may be an earlier run's in a long-lived process
        os.environ.clear()
        os.environ.update(environ)
    from mtaudit.text import nlp, spanlang

    _exit_with_parent()
    nlp.in_process()  # this process checks many documents: spaCy loads here, once
    if spans is not None:
        spanlang.use_server(*spans)  # lingua loads once, in the pool's span server
    # compiled patterns from the cache file, for the life of this worker
    nlp.process_regex_bundle()
    _process_auditor = make_auditor(config)
    _process_lines = lines
    _process_checked = 0


def _exit_with_parent() -> None:
    """End this worker when the process that started the pool dies (killed, not stopped):
    a pool worker waits for work on a pipe it holds both ends of, so it would wait forever,
    and keep the pool's fork server alive with it."""
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="mtaudit-parent-watch", daemon=True).start()


def _pool_check(item: Item) -> Outcome:
    global _process_checked
    outcome = check_item(_process_auditor, item, _process_lines)
    _process_checked += 1
    if _process_checked & (_process_checked - 1) == 0:
        # after the 1st, 2nd, 4th, 8th… input: the patterns this worker compiled go to the
        # cache file (a worker ends without running exit handlers), for the next run
        from mtaudit.text import nlp

        bundle = nlp.process_regex_bundle()
        if bundle is not None:
            bundle.save()
    return outcome


def check_pool(items: Iterable[Item], config: Config, jobs: int, *, lines: bool,
               _check: Callable[[Item], Outcome] | None = None) -> Iterator[Outcome]:
    """Every item, in completion order, on ``jobs`` processes with one auditor each.

    A worker process that dies (killed, out of memory, a crash in a native library) breaks the
    pool: a new pool is started, and the inputs that were in flight are checked again one at
    a time, so the input that kills its worker is found and reported as an internal error
    while every other input still gets its report.
    """
    from mtaudit.text import spanlang

    ctx = _pool_context()  # the fork server starts loading now, while this process goes on
    # lingua's models, 1.2-1.8 s to load, are loaded once for the pool, not in each worker
    spans = spanlang.Server.start() if jobs > 1 and _needs_spans(config) else None
    try:
        yield from _pool_rounds(items, ctx, config, jobs, lines, _check or _pool_check,
                                None if spans is None else (spans.address, spans.authkey))
    finally:
        if spans is not None:
            spans.close()


def _needs_spans(config: Config) -> bool:
    from mtaudit.audit import rules_for

    return any(r.code == "U001" for r in rules_for(config, ""))


#: The module the pool's fork server imports before it forks any worker.
POOL_PRELOAD = "mtaudit.cli.pool_preload"


def _pool_context() -> Any:
    """How pool workers start: forked from a fork server that has loaded spaCy, the tables
    and the patterns once (``mtaudit.cli.pool_preload``), where the platform has one; else
    spawned, each loading them itself.  Never forked from this process, whose threads (a
    progress bar, a spaCy worker's reader) a fork would copy half-way."""
    import multiprocessing

    try:
        ctx = multiprocessing.get_context("forkserver")
    except ValueError:  # no fork server here (Windows)
        return multiprocessing.get_context("spawn")
    ctx.set_forkserver_preload([POOL_PRELOAD])
    from multiprocessing import forkserver

    forkserver.ensure_running()  # returns at once: the server loads while the caller goes on
    return ctx


def _pool_rounds(items: Iterable[Item], ctx: Any, config: Config, jobs: int, lines: bool,
                 check: Callable[[Item], Outcome],
                 spans: tuple[str, bytes] | None) -> Iterator[Outcome]:
    """``check_pool``'s loop: a pool, then a new one each time a worker dies.

    A pool can break while a result is awaited or while an input is handed to it; either way
    the inputs that had finished are reported, those in flight are checked again (alone, to
    find the one that kills its worker), and the input being handed over waits for the next
    pool.  Pools that break with nothing in flight and nothing finished, twice running
    (workers that cannot even start), end the run: every input left is reported as an
    internal error.
    """
    import collections
    import concurrent.futures as cf

    window = jobs * IN_FLIGHT_PER_WORKER
    source = iter(items)
    suspects: collections.deque[Item] = collections.deque()  # in flight when a worker died
    waiting: collections.deque[Item] = collections.deque()  # taken, never handed over
    exhausted = False
    barren = 0  # pools in a row that broke before finishing an input
    while True:
        pool = cf.ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_pool_init,
                                      initargs=(config, lines, spans, dict(os.environ)))
        pending: dict[cf.Future[Outcome], Item] = {}
        finished = 0
        try:
            while True:
                # after a crash, suspects run alone: the one that breaks the pool is the culprit
                if suspects and not pending and not _hand_over(pool, check, suspects, pending):
                    break
                while not suspects and len(pending) < window:
                    if not waiting:
                        nxt = None if exhausted else next(source, None)
                        if nxt is None:
                            exhausted = True
                            break
                        waiting.append(nxt)
                    if not _hand_over(pool, check, waiting, pending):
                        break  # broken: what is in flight fails below
                if not pending:
                    if suspects or waiting:
                        break  # the pool broke as the next input was handed over
                    return
                done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                outcomes = {fut: _result(fut) for fut in done}
                if None in outcomes.values():
                    break  # a worker died: the pool is broken (successes are reported below)
                for fut, outcome in outcomes.items():
                    if outcome is not None:
                        pending.pop(fut)
                        finished += 1
                        yield outcome
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        # the pool is broken: report what finished, check again what was in flight
        lost = []
        for fut, item in pending.items():
            outcome = _result(fut)
            if outcome is None:
                lost.append(item)
            else:
                finished += 1
                yield outcome
        barren = 0 if finished or lost else barren + 1
        if barren >= 2:
            yield from _abandon([*suspects, *waiting, *(() if exhausted else source)])
            return
        if len(lost) == 1:
            item = lost[0]
            message = (f"{item.key}: the worker process checking it died; this is a bug in "
                       "mtaudit or one of its libraries")
            yield Outcome(item.index, item.key, "internal", message=message,
                          line=error_line(item.key, message, "internal"))
        else:
            suspects.extend(lost)


def _hand_over(pool: Any, check: Callable[[Item], Outcome], queue: Any,
               pending: dict[Any, Item]) -> bool:
    """Submit the first input of ``queue`` to ``pool``; False (the input stays first in the
    queue) if the pool is broken."""
    from concurrent.futures.process import BrokenProcessPool

    item = queue[0]
    try:
        fut = pool.submit(check, item)
    except (BrokenProcessPool, RuntimeError):  # broken, or shut down by its breaking
        return False
    queue.popleft()
    pending[fut] = item
    return True


def _result(fut: Any) -> Outcome | None:
    """A finished future's outcome; None if its worker died (or it never ran)."""
    if fut.cancelled():
        return None
    try:
        return fut.result()
    except Exception:  # BrokenProcessPool: _check_item itself never raises
        return None


def _abandon(items: Iterable[Item]) -> Iterator[Outcome]:
    for item in items:
        message = (f"{item.key}: not checked: the worker processes keep dying before they "
                   "finish anything (rerun with --jobs 1 to check in this process)")
        yield Outcome(item.index, item.key, "internal", message=message,
                      line=error_line(item.key, message, "internal"))


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
        from mtaudit.cli.cluster import check_dask

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
