"""Apply the safe automatic fixes of fixable rules; repeated until nothing changes."""

from __future__ import annotations

import difflib

from mtaudit.core.config import Config
from mtaudit.ingest.read import Source, read_source
from mtaudit.stages import apply_fixes

MAX_PASSES = 5


def fix_source(source: Source, config: Config) -> tuple[str, int]:
    """The fixed text of ``source`` and the number of fixes applied (``Auditor.fix``)."""
    from mtaudit.auditor import Auditor

    with Auditor.for_fixes(config, source.path) as auditor:
        return auditor.fix(source, max_passes=MAX_PASSES)


def unified_diff(path: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True),
                                        after.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))


__all__ = ["apply_fixes", "fix_source", "read_source", "unified_diff"]
