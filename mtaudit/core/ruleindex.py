"""The shipped rule index (``mtaudit/data/rules.json``): every rule's metadata and
documentation, read by ``mtaudit rules`` and by the configuration's code check without
importing a rule module.  ``mtaudit.rules.index`` builds it (``python scripts/regen.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

INDEX = Path(__file__).resolve().parent.parent / "data" / "rules.json"


def load() -> list[dict[str, Any]]:
    """The shipped index (one object per rule, sorted by code)."""
    data: list[dict[str, Any]] = json.loads(INDEX.read_text("utf-8"))
    return data


def codes() -> frozenset[str]:
    """Every rule code in the index."""
    return frozenset(r["code"] for r in load())
