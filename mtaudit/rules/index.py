"""Building the rule index (``mtaudit.core.ruleindex`` reads it): every rule's metadata and
documentation as package data.

``mtaudit rules`` reads this file instead of importing the ~50 rule modules (their regexes,
lexicons and dataclasses), so listing and documenting rules starts about as fast as Python
itself.  The index is generated from the registry — ``python scripts/regen.py rules`` — and
``tests/rules/test_rules.py`` fails when it is out of date, the way ruff regenerates its rule
documentation from its rule metadata.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mtaudit.core.ruleindex import INDEX, load


def build() -> list[dict[str, Any]]:
    """The index as the registry describes it now."""
    from mtaudit.rules import all_rules

    return [{
        "code": r.code, "name": r.name, "category": r.category.value,
        "severity": r.severity.value, "fixable": r.fixable,
        "default_enabled": r.default_enabled, "requires": sorted(r.requires),
        "summary": r.summary, "explanation": r.explanation,
        "bad": [e.text for e in r.bad], "good": list(r.good), "doc": r.doc(),
    } for r in all_rules().values()]


def write() -> Path:
    from mtaudit.core.fsio import atomic_write_text

    atomic_write_text(INDEX, json.dumps(build(), ensure_ascii=False, indent=1) + "\n")
    return INDEX


__all__ = ["INDEX", "build", "load", "write"]
