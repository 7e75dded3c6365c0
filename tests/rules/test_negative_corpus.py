"""Precision: the core families stay silent on native French written to look risky."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, findings_for

CORE_FAMILIES = ("Q", "P", "T", "C", "E")


def lines(name: str) -> list[str]:
    path: Path = ROOT / "corpora" / "negative" / name
    return [x for x in path.read_text("utf-8").splitlines() if x.strip() and not x.startswith("#")]


@pytest.mark.parametrize("sentence", lines("core.txt"))
def test_core_rules_silent_on_native_french(sentence: str) -> None:
    from mtaudit.rules import all_rules

    codes = [c for c, r in all_rules().items() if c.startswith(CORE_FAMILIES)
             and r.default_enabled]
    found = findings_for(sentence, codes)
    assert not found, [(f.rule, sentence[f.start:f.end]) for f in found]


def test_whole_negative_document_is_clean() -> None:
    from mtaudit.rules import all_rules

    codes = [c for c, r in all_rules().items() if c.startswith(CORE_FAMILIES)
             and r.default_enabled]
    text = "\n".join(lines("core.txt")) + "\n"
    found = findings_for(text, codes)
    assert not found, [(f.rule, text[f.start:f.end]) for f in found]
