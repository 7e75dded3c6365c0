"""Quotation-mark rules on straight and single quotes (Q004, Q008): what fires, what must not."""

from __future__ import annotations

import pytest

from tests.conftest import findings_for


def spans(text: str, code: str) -> list[str]:
    return [text[f.start:f.end] for f in findings_for(text, [code])]


def test_unclosed_straight_quote_is_reported_at_the_opening_mark() -> None:
    text = ('Il a répondu : "Nous ne viendrons pas, et personne ne viendra.\n\n'
            "Le ministre a ensuite quitté la salle.\n")
    found = findings_for(text, ["Q004"])
    assert [(f.start, text[f.start:f.end]) for f in found] == [(text.index('"'), '"')]


def test_unopened_straight_quote_is_reported_at_the_closing_mark() -> None:
    text = 'Le texte "restera en vigueur", a-t-il dit, et il sera appliqué" dès lundi.\n'
    found = findings_for(text, ["Q004"])
    assert [f.start for f in found] == [text.rindex('"')]


@pytest.mark.parametrize("text", [
    'Il a parlé de "progrès" et d\'"avancées" hier.\n',
    '"Première phrase de la citation.\n\n"Suite de la citation, qui se referme ici."\n',
    'Il a acheté un écran de 27" pour la rédaction.\n',
    'Le pilote a bouclé le tour en 1\'32" malgré la pluie.\n',
])
def test_balanced_continued_or_inch_straight_quotes_are_silent(text: str) -> None:
    assert spans(text, "Q004") == []


def test_straight_quote_opened_and_closed_by_a_guillemet_is_reported_once() -> None:
    # `"…»`: the stray guillemet is the finding; the straight quote is not reported again.
    text = '"Ils n’ont pas donné de signes de vie», note l’article.\n'
    assert spans(text, "Q004") == ["»"]


def test_single_quotes_as_quotation_marks_are_found_with_inner_apostrophes() -> None:
    text = "Le syndicat affirme n'avoir 'd'autre choix' que la grève, 'hélas'.\n"
    found = findings_for(text, ["Q008"])
    assert [text[f.start:f.end] for f in found] == ["'d'autre choix'", "'hélas'"]
    assert found[0].fix is not None and found[0].fix.replacement == "« d'autre choix »"


@pytest.mark.parametrize("text", [
    "Aujourd'hui, l'équipe d'Yves s'est qualifiée pour la finale de l'épreuve.\n",
    "Le 'Round Midnight de Monk a ouvert le concert.\n",
    "Le pilote a bouclé le tour en 1'32 sous la pluie, puis en 1'29.\n",
    "Il cite l' ouvrage de 1998 puis l' article suivant.\n",
])
def test_apostrophes_are_not_single_quotes(text: str) -> None:
    assert spans(text, "Q008") == []
