"""Untranslated words (U001, U002): frequency evidence, exclusions and a negative corpus."""

from __future__ import annotations

import pytest

from mtaudit.core.document import Severity
from mtaudit.rules.untranslated import english_evidence
from tests.conftest import ROOT, findings_for

CODES = ["U001", "U002", "U003", "U004", "U005"]


def negative_lines() -> list[str]:
    path = ROOT / "corpora" / "negative" / "untranslated.txt"
    return [x for x in path.read_text("utf-8").splitlines() if x.strip() and not x.startswith("#")]


@pytest.mark.parametrize("sentence", negative_lines())
def test_silent_on_native_french(sentence: str) -> None:
    found = findings_for(sentence, CODES)
    assert not found, [(f.rule, sentence[f.start:f.end]) for f in found]


@pytest.mark.parametrize("word", ["tariffs", "additionally", "reportedly", "vote-a-rama",
                                  "witnessant"])
def test_english_words_have_evidence(word: str) -> None:
    assert english_evidence(word)


@pytest.mark.parametrize("word", ["week-end", "podcast", "promises", "a-t-il", "maison",
                                  "peut-on", "respective"])
def test_french_words_and_loanwords_have_none(word: str) -> None:
    assert english_evidence(word) is None


def test_adjacent_english_words_form_one_phrase() -> None:
    text = "La frappe, officials say, a fait trois morts."
    found = findings_for(text, ["U001"])
    assert [text[f.start:f.end] for f in found] == ["officials say"]


def test_quoted_english_term_is_minor() -> None:
    text = "Le Sénat a entamé un « vote-a-rama » dans la nuit."
    found = findings_for(text, ["U001"])
    assert [text[f.start:f.end] for f in found] == ["vote-a-rama"]
    assert found[0].severity is Severity.MINOR


def test_repeated_borrowed_term_is_not_flagged() -> None:
    text = ("Les junior doctors sont en grève. Le gouvernement refuse de recevoir les junior "
            "doctors.")
    assert not findings_for(text, ["U001"])


def test_project_word_list_is_respected() -> None:
    from mtaudit.audit import build_document, run_rules
    from mtaudit.core.config import Config
    from mtaudit.ingest.read import source_from_text
    from mtaudit.rules import all_rules
    from mtaudit.rules.base import Context

    text = "Le logiciel tariffs est installé."
    config = Config(words=("tariffs",))
    doc = build_document(source_from_text(text, fmt="txt"), config)
    assert not run_rules(doc, [all_rules()["U001"]], config, Context(doc, config))
    assert findings_for(text, ["U001"])


def test_capitalised_first_word_joins_an_english_phrase() -> None:
    text = "Subscribe to our newsletter pour recevoir les alertes."
    found = findings_for(text, ["U001"])
    assert [text[f.start:f.end] for f in found] == ["Subscribe to our"]  # newsletter: loanword


def test_capitalised_name_before_glue_is_not_english() -> None:
    assert not findings_for("Trump and Biden ont débattu mardi soir.", ["U001"])


def test_foreign_word_beside_another_foreign_word_is_a_name() -> None:
    assert not findings_for("Ils vantent la bière locale, sarajevsko pivo, aux touristes.",
                            ["U001"])


def test_newsroom_spellings_are_minor_english_exonyms_major() -> None:
    text = "Les frappes sur Kyiv ont repris, puis la délégation est partie pour Moscow."
    found = {text[f.start:f.end]: f.severity for f in findings_for(text, ["U006"])}
    assert found == {"Kyiv": Severity.MINOR, "Moscow": Severity.MAJOR}
