"""The rule index: every rule's metadata and documentation as package data.

``mtaudit rules`` reads this file instead of importing the ~50 rule modules (their regexes,
lexicons and dataclasses), so listing and documenting rules starts about as fast as Python
itself.  The index is generated from the registry — ``python -m mtaudit.cli.ruleindex`` — and
``tests/test_rules.py`` fails when it is out of date, the way ruff regenerates its rule
documentation from its rule metadata.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

INDEX = Path(__file__).resolve().parent.parent / "data" / "rules.json"


def load() -> list[dict[str, Any]]:
    """The shipped index (one object per rule, sorted by code)."""
    data: list[dict[str, Any]] = json.loads(INDEX.read_text("utf-8"))
    return data


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


if __name__ == "__main__":
    print(f"wrote {write()}")
