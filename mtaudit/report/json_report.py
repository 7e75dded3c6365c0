"""JSON and JSON Lines output (the canonical report shape of DESIGN.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from mtaudit.core.results import Report


def render_json(reports: Sequence[Report], *, lines: bool = False) -> str:
    dicts = [r.to_dict() for r in reports]
    if lines:
        return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dicts)
    payload = dicts[0] if len(dicts) == 1 else dicts
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
