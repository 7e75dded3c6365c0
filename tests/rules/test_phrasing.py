"""Phrasing rules (W): seed spans, negative corpus, rewrites."""

from __future__ import annotations

from mtaudit.rules import select_rules
from mtaudit.text import nlp
from tests.conftest import ROOT, findings_for
from tests.helpers import needs_spacy

#: The phrasing rules this installation can run (some need spaCy).
W_CODES = [r.code for r in select_rules(["W"]) if "nlp" not in r.requires or nlp.available()]
NEGATIVE = ROOT / "corpora" / "negative"

SEED_SPANS = (
    "Trump ne trahit pas Ukraine – Pentagone Chef",
    "est de «reconnaissance» que",
    "n’est pas « traître » L’Ukraine",
    "qu’il « probablement » Rencontrez Poutine",
    "» Le chef du Pentagone a déclaré.",
    ", le Kremlin a déclaré dans un communiqué",
    "le moment est venu pour la Russie et les États-Unis pour travailler",
)


@needs_spacy
def test_seed_phrasing_spans_are_flagged(seed_text: str) -> None:
    found = findings_for(seed_text, W_CODES)
    for span in SEED_SPANS:
        start = seed_text.index(span)
        end = start + len(span)
        assert any(f.start < end and f.end > start for f in found), span


def test_negative_corpus_is_clean_for_phrasing_rules() -> None:
    for name in ("grammar.txt", "phrasing.txt"):
        text = (NEGATIVE / name).read_text("utf-8")
        found = findings_for(text, W_CODES)
        assert not found, [(f.rule, text[f.start:f.end]) for f in found]


def test_attribution_rewrite_inverts_the_subject() -> None:
    text = "« Nous sommes prêts », La porte-parole du Kremlin a déclaré."
    found = findings_for(text, ["W002"])
    assert [(text[f.start:f.end], f.suggestion) for f in found] == [
        ("La porte-parole du Kremlin a déclaré", "a déclaré la porte-parole du Kremlin")]


def test_attribution_at_sentence_start_with_que_is_not_flagged() -> None:
    text = ("Les combats ont repris, le Kremlin a déclaré dans un communiqué que la trêve "
            "était rompue.")
    assert findings_for(text, ["W002"]) == []


def test_noun_order_suggestion_puts_the_role_first() -> None:
    text = "Le Kremlin porte-parole a démenti, tout comme un OTAN diplomate."
    found = findings_for(text, ["W001"])
    assert [f.suggestion for f in found] == ["le porte-parole du Kremlin", "le diplomate de l’OTAN"]


def test_double_attribution_flags_the_second_attribution_only() -> None:
    text = ("Selon l’agence, le procureur a déclaré lors d’une interview radiophonique : "
            "« Nous avons des informations sur 93 soldats », a-t-il déclaré. Il a ensuite "
            "quitté le studio.\n")
    found = findings_for(text, ["W009"])
    assert [text[f.start:f.end] for f in found] == ["a-t-il déclaré"]
    assert "a déclaré" in found[0].message


def test_double_attribution_needs_the_quote_right_after_the_colon() -> None:
    # Two quotations, each attributed once; and an incise inside a sentence that has a colon.
    for text in ("Il a déclaré : « Nous verrons. » « Rien n’est décidé », a-t-il ajouté.\n",
                 "Il a rappelé la règle : les « délais », a-t-il dit, sont impératifs.\n",
                 "« Nous verrons », a déclaré le ministre, qui a ajouté qu’il partirait.\n"):
        assert findings_for(text, ["W009"]) == [], text
