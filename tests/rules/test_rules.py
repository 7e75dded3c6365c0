"""Every rule's examples are its tests; meta-tests keep the registry honest (STYLE.md)."""

from __future__ import annotations

import re

import pytest

from mtaudit.rules import all_rules
from mtaudit.rules.base import MARK_CLOSE, MARK_OPEN, Example, Rule
from mtaudit.text import nlp
from tests.conftest import findings_for

RULES = all_rules()


def _runnable(rule: Rule) -> bool:
    if "source" in rule.requires:
        return False  # adequacy rules need a source text: tested in tests/align/
    return not ("nlp" in rule.requires and not nlp.available())


BAD = [pytest.param(r, ex, id=f"{r.code}-bad{i}") for r in RULES.values() if _runnable(r)
       for i, ex in enumerate(r.bad)]
GOOD = [pytest.param(r, text, id=f"{r.code}-good{i}") for r in RULES.values() if _runnable(r)
        for i, text in enumerate(r.good)]


@pytest.mark.parametrize(("rule", "example"), BAD)
def test_bad_example_flags_marked_span(rule: Rule, example: Example) -> None:
    text, start, end = example.unmarked()
    found = [f for f in findings_for(text, [rule.code])]
    spans = [(f.start, f.end) for f in found]
    assert (start, end) in spans, (
        f"{rule.code} should flag {text[start:end]!r} in {text!r}; flagged "
        f"{[text[s:e] for s, e in spans]}")
    marks = example.text.count(MARK_OPEN)
    if marks == 1:
        assert len(found) == 1, f"{rule.code}: expected exactly one finding, got {spans}"
    hit = next(f for f in found if (f.start, f.end) == (start, end))
    if example.fix is not None:
        assert hit.fix is not None, f"{rule.code} example expects a fix"
        assert hit.fix.replacement == example.fix
    else:
        assert hit.fix is None, f"{rule.code} proposes an automatic fix the example does not state"


@pytest.mark.parametrize(("rule", "text"), GOOD)
def test_good_example_is_clean(rule: Rule, text: str) -> None:
    found = findings_for(text, [rule.code])
    assert not found, f"{rule.code} fired on a good example: {[text[f.start:f.end] for f in found]}"


def test_codes_are_unique_and_well_formed() -> None:
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names)), "rule names must be unique"
    for code, r in RULES.items():
        assert code == r.code
        assert re.fullmatch(r"[A-Z]\d{3}", code)
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", r.name), r.name


@pytest.mark.parametrize("rule", list(RULES.values()), ids=list(RULES))
def test_rule_is_documented_with_both_kinds_of_example(rule: Rule) -> None:
    assert rule.summary and rule.explanation, f"{rule.code} lacks documentation"
    assert rule.bad, f"{rule.code} has no bad example"
    assert rule.good, f"{rule.code} has no good example"
    for ex in rule.bad:
        assert ex.text.count(MARK_OPEN) >= 1 and ex.text.count(MARK_CLOSE) == \
            ex.text.count(MARK_OPEN), f"{rule.code}: bad example without a ⟦marked⟧ span"
    doc = rule.doc()
    assert rule.code in doc and "## Bad" in doc and "## Good" in doc


def test_family_letter_matches_category() -> None:
    expected = {"Q": {"quotes"}, "P": {"punctuation"}, "T": {"typography"},
                "C": {"capitalization"}, "E": {"encoding"}, "A": {"adequacy"},
                "G": {"grammar"}, "W": {"phrasing"}, "L": {"lexical"},
                "U": {"untranslated"}, "B": {"fluency"}}
    for code, r in RULES.items():
        if code[0] in expected:
            assert r.category.value in expected[code[0]], f"{code} is {r.category.value}"


def test_rule_index_is_up_to_date() -> None:
    """`mtaudit rules` reads mtaudit/data/rules.json; it must say what the registry says."""
    from mtaudit.rules import index as ruleindex

    assert ruleindex.load() == ruleindex.build(), (
        "the rule index is out of date: run `python scripts/regen.py rules` and commit "
        "mtaudit/data/rules.json")
