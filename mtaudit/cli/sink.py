"""Where ``mtaudit check`` writes as it goes: streamed JSON Lines, and a progress bar on stderr.

Used by ``mtaudit.cli.batch.run_check``, the driver of every check route.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import IO, Any

from mtaudit.core.errors import UsageError


class LineSink:
    """Where streamed JSONL goes: standard output (``None`` or ``-``) or a file.

    The file's path is checked before any work (a directory, a read-only file: exit 2) but the
    file is created only when the first line arrives, so a run that checks nothing leaves no
    empty report behind; each line is flushed as it is written, so a crawl that stops midway
    keeps every report it finished.
    """

    def __init__(self, output: str | None) -> None:
        from pathlib import Path

        from mtaudit.core.fsio import check_writable, display

        self.output = None if output in (None, "-") else output
        self.file: IO[str] | None = None
        if self.output is not None:
            if self.output.endswith(("/", os.sep)):
                raise UsageError(f"-o {display(self.output)}: names a directory; give a file path")
            check_writable(Path(self.output))

    def write(self, line: str) -> None:
        if self.output is None:
            sys.stdout.write(line)
            sys.stdout.flush()
            return
        if self.file is None:
            from pathlib import Path

            from mtaudit.core.fsio import display

            try:
                Path(self.output).parent.mkdir(parents=True, exist_ok=True)
                self.file = open(self.output, "w", encoding="utf-8")  # noqa: SIM115
            except OSError as exc:
                raise UsageError(f"{display(self.output)}: cannot write "
                                 f"({exc.strerror or exc})") from None
        self.file.write(line)
        self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            with contextlib.suppress(OSError):
                os.fsync(self.file.fileno())
            self.file.close()


class Progress:
    """A rich progress bar on stderr while it is a terminal; otherwise nothing."""

    def __init__(self, total: int | None, *, enabled: bool = True) -> None:
        self.total = total
        self.enabled = enabled
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Any:
        if not self.enabled or not sys.stderr.isatty():
            return lambda: None
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bar = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=Console(file=sys.stderr),
                            transient=True)
        self.bar.start()
        self.task = self.bar.add_task("check", total=self.total)
        return lambda: self.bar.advance(self.task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
