"""The calque knowledge base (L003, L004): entries, the matcher in both modes, negatives."""

from __future__ import annotations

import pytest

from mtaudit.audit import build_document
from mtaudit.core.config import Config
from mtaudit.core.document import Severity
from mtaudit.ingest.read import source_from_text
from mtaudit.rules.base import Context, Example
from mtaudit.rules.lexical import kb_hits
from mtaudit.text import kb, nlp
from tests.conftest import ROOT, findings_for

CODES = ["L003", "L004"]
ENTRIES = kb.entries()
MODES = [False] + ([True] if nlp.available() else [])


def _hits(text: str, code: str, use_nlp: bool) -> list[tuple[int, int, str]]:
    """The rule's hits on a document (segmentation, prose view, spaCy worker and all)."""
    config = Config()
    doc = build_document(source_from_text(text), config)
    return [(h.start, h.end, h.message) for h in kb_hits(Context(doc, config), (code,), use_nlp)]


def _matches(text: str, code: str, use_nlp: bool) -> list[tuple[str, int, int]]:
    """The matcher alone on one sentence (fast: no document is built)."""
    analyse = nlp.pipeline() if use_nlp else None
    return [(e.id, s, t) for e, s, t in kb.find_in_text(text, (code,), analyse)]


def negative_lines() -> list[str]:
    path = ROOT / "corpora" / "negative" / "lexical.txt"
    return [x for x in path.read_text("utf-8").splitlines() if x.strip() and not x.startswith("#")]


def test_knowledge_base_has_300_complete_entries() -> None:
    assert len(ENTRIES) >= 300
    ids = [e.id for e in ENTRIES]
    assert len(ids) == len(set(ids))
    refs = kb.sources()
    for e in ENTRIES:
        assert e.source and e.french and e.cite and e.pattern, e.id
        assert all(c in refs for c in e.cite), e.id
        assert e.severity in (Severity.MAJOR, Severity.MINOR), e.id
        assert len(e.bad) >= 1 and len(e.good) >= 1, e.id
        assert e.rule == ("L003" if e.lang == "en" else "L004"), e.id


def test_russian_and_other_sources_are_covered() -> None:
    langs = {e.lang for e in ENTRIES}
    assert "ru" in langs and len(langs) >= 3


@pytest.mark.parametrize("use_nlp", MODES, ids=lambda m: "spacy" if m else "surface")
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_entry_flags_its_bad_example_and_not_its_good_one(entry: kb.KbEntry,
                                                          use_nlp: bool) -> None:
    """Every entry, with spaCy and without: the marked span and nothing else of this entry."""
    for bad in entry.bad:
        text, start, end = Example(bad).unmarked()
        assert start >= 0, f"{entry.id}: bad example without ⟦…⟧"
        mine = [(s, e) for i, s, e in _matches(text, entry.rule, use_nlp) if i == entry.id]
        assert (start, end) in mine and len(mine) <= entry.min_count, (
            entry.id, text[start:end], [text[s:e] for s, e in mine])
    for good in entry.good:
        found = _matches(good, entry.rule, use_nlp)
        assert not found, (entry.id, good, [(i, good[s:e]) for i, s, e in found])


def test_message_names_source_reference_and_french() -> None:
    text = "Le président a délivré un discours devant le Congrès."
    found = findings_for(text, CODES)
    assert [text[f.start:f.end] for f in found] == ["délivré"]
    assert "deliver a speech" in found[0].message and "BDL" in found[0].message
    assert found[0].suggestion and "prononcer" in found[0].suggestion
    assert found[0].severity is Severity.MAJOR


@pytest.mark.parametrize("sentence", negative_lines())
def test_silent_on_native_french(sentence: str) -> None:
    found = findings_for(sentence, CODES)
    assert not found, [(f.rule, sentence[f.start:f.end]) for f in found]


def test_inflected_forms_match_through_the_lemma() -> None:
    for text, span in [("Ils ont appliqué pour un visa.", "appliqué pour"),
                       ("Elle appliquera pour un visa.", "appliquera pour"),
                       ("Nous appliquions pour des visas.", "appliquions pour")]:
        found = [(s, e) for s, e, _ in _hits(text, "L003", use_nlp=False)]
        assert [text[s:e] for s, e in found] == [span], text


def test_verb_forms_cover_irregular_and_spelling_changes() -> None:
    assert {"prennent", "prit", "pris"} <= kb.verb_forms("prendre")
    assert {"comprennent"} <= kb.verb_forms("comprendre")
    assert {"complète", "complétons", "complétées"} <= kb.verb_forms("compléter")
    assert {"commençons", "commença"} <= kb.verb_forms("commencer")
    assert {"investissent", "investi"} <= kb.verb_forms("investir")
    assert {"répondu", "répondent"} <= kb.verb_forms("répondre")
    assert {"tiennent", "soutenu"} <= kb.verb_forms("soutenir") | kb.verb_forms("tenir")
    assert "adressa" in kb.verb_forms("adresser")
    assert {"installe", "installées"} <= kb.verb_forms("installer")  # not like « aller »
    assert {"élu", "élisent"} <= kb.verb_forms("élire")
    assert "adresse" not in kb.nominal_forms("problème")


def test_overuse_entries_need_several_matches() -> None:
    """An overuse entry (min_count 2) is silent on one occurrence, flags two."""
    overuse = [e for e in ENTRIES if e.min_count > 1]
    assert overuse
    for entry in overuse:
        text, _, _ = Example(entry.bad[0]).unmarked()
        first = text.split(". ")[0] + "."
        assert len(_hits(text, entry.rule, use_nlp=False)) >= entry.min_count, entry.id
        assert _hits(first, entry.rule, use_nlp=False) == [], entry.id
        assert [m for m in _matches(first, entry.rule, False) if m[0] == entry.id], entry.id


def test_pattern_errors_are_reported() -> None:
    with pytest.raises(ValueError, match="part of speech"):
        kb.parse_spec("adresser:VRB")


def test_no_overlap_with_the_older_lexicon_rules() -> None:
    """A knowledge-base bad example is not also flagged by L001/L002 (one finding per error)."""
    for entry in ENTRIES:
        for bad in entry.bad:
            text, start, end = Example(bad).unmarked()
            older = [(f.start, f.end) for f in findings_for(text, ["L001", "L002"])]
            assert not [s for s in older if s[0] < end and start < s[1]], (entry.id, older)


def test_a_segment_holding_only_the_anchor_is_not_a_candidate() -> None:
    """Entries anchored on a function word (``à``, ``dans``, ``le``) are tried only where every
    compulsory word of their pattern has a form in the segment: this is what keeps most
    segments untried, and untagged."""
    from mtaudit.text import kb

    anchored = [e for e in kb.entries()
                if any(f in ("à", "dans", "le", "de") for a in e.body[0].alts for f in a.forms)
                and not e.body[0].optional]
    assert len(anchored) >= 5
    plain = "Il est arrivé à Paris dans le train de nuit avec le ministre de la Défense."
    tokens = kb.tokenize(plain)
    words = {t.norm for t in tokens}
    tried = kb.candidates(tokens, plain, ("L003", "L004"))
    for c in tried:  # only entries whose every compulsory word has a form here
        for spec in c.entry.body:
            if spec.optional or spec.gap or any(a.kind == "class" for a in spec.alts):
                continue
            assert any(words & a.forms for a in spec.alts), (c.entry.id, spec)
    anchors = sum(1 for t in tokens for e in anchored if t.norm in e.body[0].alts[0].forms)
    assert anchors >= 5 and len(tried) <= 1  # "dans" + a class (YEAR) may stay a candidate
    for entry in anchored:
        for bad in entry.bad:  # the documented example keeps its candidate
            toks = kb.tokenize(bad)
            assert any(c.entry.id == entry.id for c in kb.candidates(toks, bad, (entry.rule,))), \
                (entry.id, bad)
