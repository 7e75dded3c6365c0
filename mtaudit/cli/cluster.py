"""``mtaudit check --dask ADDRESS``: tasks of a few inputs each on a Dask distributed cluster
(``mtaudit.cli.batch`` drives it like the other routes).

Each worker process keeps one auditor, built by its first task.  A task lost with a dead
worker is run again by the scheduler elsewhere, and the client reports each input once,
whatever happens.
"""

from __future__ import annotations

import itertools
import pickle
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from mtaudit.cli.work import Item, Outcome, check_item, error_line, make_auditor
from mtaudit.core.errors import UsageError

if TYPE_CHECKING:
    from mtaudit.core.config import Config

#: Inputs per Dask task: enough to amortise a round trip to the scheduler, few enough that a
#: task lost with its worker costs little to run again.
DASK_TASK_SIZE = 4

_dask_auditors: dict[bytes, Any] = {}
_dask_lock = threading.Lock()


def _dask_task(items: list[Item], config: Config, lines: bool) -> list[Outcome]:
    """Run on a Dask worker: one auditor per worker process (built by its first task)."""
    key = pickle.dumps(config)
    with _dask_lock:  # one check at a time per process: the auditor's spaCy pipe is not shared
        from mtaudit.text import nlp

        auditor = _dask_auditors.get(key)
        first = auditor is None
        if auditor is None:
            nlp.in_process()
            nlp.process_regex_bundle()
            auditor = _dask_auditors[key] = make_auditor(config)
        outcomes = [check_item(auditor, item, lines) for item in items]
        bundle = nlp.process_regex_bundle()
        if first and bundle is not None:
            bundle.save()  # the patterns this worker compiled, for its next auditor or run
        return outcomes


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
