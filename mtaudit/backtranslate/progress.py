"""A progress bar on the terminal (stderr) while translating takes more than a moment.

Off unless the command line turns it on (``show_progress_on``), so library use and tests stay
silent; when on, the bar appears only once a translation has run for ``DELAY_SECONDS`` and
vanishes when it ends, so a cached or quick check prints nothing extra.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any, TextIO

DELAY_SECONDS = 1.0

_stream: TextIO | None = None


def show_progress_on(stream: TextIO | None) -> None:
    """Draw progress bars on ``stream`` (a terminal); ``None`` turns them off."""
    global _stream
    _stream = stream


@contextlib.contextmanager
def track(total: int, description: str) -> Iterator[Callable[[int], None]]:
    """Yield ``advance(n)``; a bar is drawn once ``DELAY_SECONDS`` have passed."""
    stream = _stream
    started = time.monotonic()
    progress: Any = None
    task: Any = None
    completed = 0

    def advance(n: int) -> None:
        nonlocal progress, task, completed
        completed += n
        if stream is None:
            return
        if progress is None and time.monotonic() - started >= DELAY_SECONDS:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                MofNCompleteColumn(), TimeRemainingColumn(),
                                console=Console(file=stream, force_terminal=True),
                                transient=True)
            progress.start()
            task = progress.add_task(description, total=total, completed=completed)
        elif progress is not None:
            progress.update(task, completed=completed)

    try:
        advance(0)
        yield advance
    finally:
        if progress is not None:
            progress.stop()
