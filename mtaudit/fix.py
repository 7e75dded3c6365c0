"""Apply the safe automatic fixes of fixable rules; repeated until nothing changes."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from mtaudit.config import Config
from mtaudit.ingest import Source, read_source
from mtaudit.model import Fix

MAX_PASSES = 5


def apply_fixes(text: str, fixes: Sequence[Fix]) -> tuple[str, int]:
    """Apply non-overlapping fixes (first one wins on overlap); returns text and count applied."""
    chosen: list[Fix] = []
    last_end = -1
    for fx in sorted(fixes, key=lambda f: (f.start, f.end)):
        if fx.start < last_end or (fx.start == last_end and fx.start == fx.end):
            continue
        chosen.append(fx)
        last_end = fx.end
    out = []
    pos = 0
    for fx in chosen:
        out.append(text[pos:fx.start])
        out.append(fx.replacement)
        pos = fx.end
    out.append(text[pos:])
    return "".join(out), len(chosen)


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
