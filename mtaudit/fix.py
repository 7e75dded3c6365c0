"""Apply the safe automatic fixes of fixable rules; repeated until nothing changes."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import replace

from mtaudit.config import Config
from mtaudit.ingest import CODE, Source, mask, read_source
from mtaudit.model import MASK, Fix

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
    """The fixed text of ``source`` and the number of fixes applied (all passes)."""
    from mtaudit.audit import build_document, rules_for, run_rules

    rules = [r for r in rules_for(config, source.path) if r.fixable]
    total = 0
    current = source
    for _ in range(MAX_PASSES):
        doc = build_document(current, config)
        fixes = [f.fix for f in run_rules(doc, rules, config)
                 if f.fix is not None and not _touches_code(current.prose, f.fix)]
        if not fixes:
            break
        text, n = apply_fixes(current.text, fixes)
        if text == current.text:
            break
        total += n
        current = replace(current, text=text, prose=mask(text, current.format))
    return current.text, total


def _touches_code(prose: str, fx: Fix) -> bool:
    """Fixes never rewrite code: a span over masked markup or inline code is left alone."""
    covered = prose[fx.start:fx.end]
    return MASK in covered or CODE in covered


def unified_diff(path: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True),
                                        after.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))


__all__ = ["apply_fixes", "fix_source", "read_source", "unified_diff"]
