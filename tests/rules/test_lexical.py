"""False friends and anglicisms (L001, L002): the lexicon, the seed, and a negative corpus."""

from __future__ import annotations

import pytest

from mtaudit.rules.lexical import lexicon
from tests.conftest import ROOT, findings_for

CODES = ["L001", "L002"]


def negative_lines() -> list[str]:
    path = ROOT / "corpora" / "negative" / "lexical.txt"
    return [x for x in path.read_text("utf-8").splitlines() if x.strip() and not x.startswith("#")]


def test_lexicon_entries_are_complete_and_unique() -> None:
    entries = lexicon()
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    assert len(entries) >= 20
    for e in entries:
        assert e.rule in CODES, e.id
        assert e.bad and e.good, f"{e.id} needs bad and good examples"
        assert e.english and e.suggestion and e.message, e.id


@pytest.mark.parametrize("sentence", negative_lines())
def test_silent_on_native_french(sentence: str) -> None:
    found = findings_for(sentence, CODES)
    assert not found, [(f.rule, sentence[f.start:f.end]) for f in found]


@pytest.mark.parametrize(("text", "span", "english"), [
    ("Le ministre a rejeté ces réclamations jeudi.", "réclamations", "claims"),
    ("Il n’y a pas de trahison là-bas.", "là-bas", "there"),
    ("Il envisage un commerce du territoire avec la Russie.", "un commerce du territoire",
     "territory trade"),
    ("Il veut un accord, mais peut-il livrer?", "livrer", "deliver"),
    ("Un règlement pourrait être entretenu par des pourparlers de paix.", "entretenu par",
     "achieved"),
    ("Selon le leader ukrainien, la paix est proche.", "leader", "leader"),
])
def test_message_names_the_english_source(text: str, span: str, english: str) -> None:
    found = findings_for(text, CODES)
    assert [text[f.start:f.end] for f in found] == [span]
    assert english in found[0].message
    assert found[0].suggestion


def test_each_entry_fires_only_on_its_own_examples() -> None:
    for entry in lexicon():
        for example in entry.bad:
            text, start, end = example.unmarked()
            spans = [(f.start, f.end) for f in findings_for(text, [entry.rule])]
            assert spans == [(start, end)], (entry.id, text, spans)


def test_faire_du_sens_fix_keeps_capital_and_tense() -> None:
    text = "Fait du sens ou pas, la décision faisait du sens hier."
    fixes = [f.fix.replacement for f in findings_for(text, ["L002"]) if f.fix]
    assert fixes == ["A du sens", "avait du sens"]


def test_seed_spans_are_flagged(seed_text: str) -> None:
    flagged = [seed_text[f.start:f.end] for f in findings_for(seed_text, CODES)]
    for span in ("réclamations", "là-bas", "un commerce du territoire", "leader", "livrer",
                 "entretenu par"):
        assert span in flagged, span


def test_offsets_survive_letters_that_lower_case_to_two_characters() -> None:
    text = "İstanbul : le ministre a rejeté ces réclamations jeudi."
    found = findings_for(text, ["L001"])
    assert [text[f.start:f.end] for f in found] == ["réclamations"]
