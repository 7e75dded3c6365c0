"""Golden segmentation tests in French: offsets exact, quotes and abbreviations respected."""

from __future__ import annotations

import pytest

from mtaudit.core.document import SegmentKind
from mtaudit.ingest.read import mask_markdown
from mtaudit.ingest.segment import segment


def sentences(text: str) -> list[str]:
    return [s.text for s in segment(text) if s.kind is SegmentKind.SENTENCE]


@pytest.mark.parametrize(("text", "expected"), [
    ("« Nous ne céderons pas. Jamais. » a-t-il dit. Puis il est parti.",
     ["« Nous ne céderons pas. Jamais. » a-t-il dit.", "Puis il est parti."]),
    ("« La paix est proche. Elle viendra », a déclaré le ministre. La salle a applaudi.",
     ["« La paix est proche. Elle viendra », a déclaré le ministre.", "La salle a applaudi."]),
    ("M. Macron a reçu Mme Dupont. Ils ont parlé.",
     ["M. Macron a reçu Mme Dupont.", "Ils ont parlé."]),
    ("Il cite des pays, p. ex. la France. Fin de l’exemple.",
     ["Il cite des pays, p. ex. la France.", "Fin de l’exemple."]),
    ("Né en 63 av. J.-C. à Rome, il régna longtemps. Il mourut à Nole.",
     ["Né en 63 av. J.-C. à Rome, il régna longtemps.", "Il mourut à Nole."]),
    ("Donald J. Trump a parlé. Vladimir V. Poutine a répondu.",
     ["Donald J. Trump a parlé.", "Vladimir V. Poutine a répondu."]),
    ("Est-ce possible ? Oui ! Il l’affirme.", ["Est-ce possible ?", "Oui !", "Il l’affirme."]),
    ("Le projet est « irréaliste. » Il a également reconnu les faits.",
     ["Le projet est « irréaliste. »", "Il a également reconnu les faits."]),
    ("Il attendait… Rien ne vint.", ["Il attendait…", "Rien ne vint."]),
    ("Le taux atteint 3.5 pour cent. Les marchés ont réagi.",
     ["Le taux atteint 3.5 pour cent.", "Les marchés ont réagi."]),
])
def test_sentence_split(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_offsets_point_into_the_text_exactly() -> None:
    text = "Titre de l’article\n\n  Première phrase. Deuxième phrase !\nEN SAVOIR PLUS:\n"
    segs = segment(text)
    for s in segs:
        assert text[s.start:s.end] == s.text
    assert [s.kind for s in segs] == [SegmentKind.TITLE, SegmentKind.SENTENCE,
                                      SegmentKind.SENTENCE, SegmentKind.BOILERPLATE]
    assert [s.id for s in segs] == [1, 2, 3, 4]


def test_seed_kinds(seed_text: str) -> None:
    segs = segment(seed_text)
    assert segs[0].kind is SegmentKind.TITLE
    assert segs[1].kind is SegmentKind.IMAGE
    boiler = [s.text for s in segs if s.kind is SegmentKind.BOILERPLATE]
    assert boiler == ["EN SAVOIR PLUS:"]
    quote = next(s for s in segs if s.text.startswith("«Il n’y a pas"))
    assert quote.text.endswith("Le chef du Pentagone a déclaré.")


def test_markdown_image_and_heading_lines() -> None:
    text = ("# Un titre\n\n![photo](https://ex.org/a.jpg)\n\n- premier point\n\n"
            "Une phrase [lien](https://ex.org). Une autre.\n")
    segs = segment(text, mask_markdown(text), "md")
    kinds = [s.kind for s in segs]
    assert kinds == [SegmentKind.TITLE, SegmentKind.IMAGE, SegmentKind.LIST_ITEM,
                     SegmentKind.SENTENCE, SegmentKind.SENTENCE]
    assert segs[3].text == "Une phrase lien."
    assert text[segs[3].start:segs[3].end] == "Une phrase [lien](https://ex.org)."


def test_hard_wrapped_text_keeps_paragraphs_together() -> None:
    para = ("Il était une fois un prince qui vivait dans un château très ancien et\n"
            "très sombre, au bord d’une forêt où personne ne se rendait jamais plus\n"
            "depuis la guerre. Le prince attendait des nouvelles de son frère parti\n"
            "pour la ville.\n")
    text = (para + "\n") * 3
    sents = sentences(text)
    assert sents[0].startswith("Il était une fois") and sents[0].endswith("depuis la guerre.")
    assert len(sents) == 6
