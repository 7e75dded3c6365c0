"""Adequacy rules (family A): their examples, run against their English sources.

The generic example test skips rules that require ``"source"``; this one runs them: each bad
example must give exactly one hit at its marked span, with a ``source_span`` inside the
source; each good example none.  A007 needs back-translations: the test supplies, per French
segment, a faithful English rendering for good examples and an unrelated one for bad ones.
"""

from __future__ import annotations

import pytest

from mtaudit import stages
from mtaudit.audit import build_document
from mtaudit.core.config import Config
from mtaudit.core.results import Backtranslation
from mtaudit.ingest.read import Source, mask_plain
from mtaudit.rules import all_rules
from mtaudit.rules.adequacy import EXAMPLE_SOURCES
from mtaudit.rules.base import Rule

ADEQUACY = [r for r in all_rules().values() if r.family == "A"]


def _source(text: str, path: str) -> Source:
    return Source(path, text, mask_plain(text), "txt", "utf-8")


def _run(r: Rule, french: str, faithful: bool):
    doc = build_document(_source(french, "fr.txt"))
    english = EXAMPLE_SOURCES[french]
    bt = None
    if "backtranslation" in r.requires:
        # A faithful back-translation says what the source says; a diverging one does not.
        text = english if faithful else "The cat is asleep on the sofa."
        bt = Backtranslation("ok", model="test", translations=tuple(text for _ in doc.segments))
    al = stages.align(doc, _source(english, "en.txt"), bt, Config(select=(r.code,)))
    return al.findings, english


def test_every_adequacy_rule_needs_a_source_and_has_examples() -> None:
    assert [r.code for r in ADEQUACY] == [f"A00{k}" for k in range(1, 8)]
    for r in ADEQUACY:
        assert "source" in r.requires
        assert r.bad and r.good
        for text in [ex.unmarked()[0] for ex in r.bad] + list(r.good):
            assert text in EXAMPLE_SOURCES, (r.code, text)


@pytest.mark.parametrize(
    ("r", "k"), [(r, k) for r in ADEQUACY for k in range(len(r.bad))],
    ids=[f"{r.code}-bad{k}" for r in ADEQUACY for k in range(len(r.bad))])
def test_bad_example_flags_exactly_the_marked_span(r: Rule, k: int) -> None:
    french, start, end = r.bad[k].unmarked()
    findings, english = _run(r, french, faithful=False)
    assert [(f.rule, f.start, f.end) for f in findings] == [(r.code, start, end)]
    s_start, s_end = findings[0].source_span or (-1, -1)
    assert 0 <= s_start <= s_end <= len(english)


@pytest.mark.parametrize(
    ("r", "k"), [(r, k) for r in ADEQUACY for k in range(len(r.good))],
    ids=[f"{r.code}-good{k}" for r in ADEQUACY for k in range(len(r.good))])
def test_good_example_is_clean(r: Rule, k: int) -> None:
    findings, _ = _run(r, r.good[k], faithful=True)
    assert findings == []


def test_source_spans_point_at_the_evidence() -> None:
    rules = all_rules()
    number_fr = rules["A003"].bad[0].unmarked()[0]
    (f,), english = _run(rules["A003"], number_fr, faithful=False)
    assert f.source_span is not None
    assert english[f.source_span[0]:f.source_span[1]] == "31.4"
    name_fr = rules["A004"].bad[0].unmarked()[0]
    (f,), english = _run(rules["A004"], name_fr, faithful=False)
    assert f.source_span is not None
    assert english[f.source_span[0]:f.source_span[1]] == "McCarthy"
    assert f.suggestion == "McCarthy"
    omission_fr = rules["A001"].bad[0].unmarked()[0]
    (f,), english = _run(rules["A001"], omission_fr, faithful=False)
    assert f.source_span is not None
    assert english[f.source_span[0]:f.source_span[1]].startswith("The Seine rose by 2 metres")
