"""Acceptance on the seed article: every visible MT artifact of issue #2 is flagged."""

from __future__ import annotations

import pytest

from tests.conftest import findings_for

CORE = ("Q", "P", "T", "C", "E")


@pytest.mark.parametrize(("needle", "expected_rule", "fix"), [
    ("»,»", "Q003", "»,"),
    ("« immédiatement, »", "Q001", " »,"),
    ("« irréaliste. »", "Q002", " »."),
    ("« très bien, » Et que", "Q001", " »,"),
    ("« très bien, » Et que", "C001", "et"),
    ("« traître » L’Ukraine", "C001", "l’"),
    ("EN SAVOIR PLUS:", "P001", "\u00a0:"),
    ("livrer?", "P001", "\u202f?"),
])
def test_seed_span_is_flagged(seed_text: str, needle: str, expected_rule: str,
                              fix: str) -> None:
    from mtaudit.rules import all_rules

    codes = [c for c, r in all_rules().items() if c.startswith(CORE) and r.default_enabled]
    start = seed_text.index(needle)
    end = start + len(needle)
    found = [f for f in findings_for(seed_text, codes)
             if f.rule == expected_rule and start <= f.start and f.end <= end]
    assert found, f"{expected_rule} does not flag {needle!r}"
    assert found[0].fix is not None and found[0].fix.replacement == fix
    assert found[0].message


def test_seed_offsets_and_lines(seed_text: str) -> None:
    for f in findings_for(seed_text):
        assert 0 <= f.start <= f.end <= len(seed_text)
        line_start = seed_text.rfind("\n", 0, f.start) + 1
        assert f.line == seed_text.count("\n", 0, f.start) + 1
        assert f.column == f.start - line_start + 1
