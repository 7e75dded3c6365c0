"""P006 words-run-together: glued pieces found, names and known words left alone."""

from __future__ import annotations

import pytest

from tests.conftest import findings_for


def test_glued_word_and_acronym_are_split_by_the_fix() -> None:
    text = "Dans la Maisonle débat continue, et RTpar la suite a démenti.\n"
    found = findings_for(text, ["P006"])
    assert [(text[f.start:f.end], f.fix.replacement if f.fix else None) for f in found] == [
        ("Maisonle", "Maison le"), ("RTpar", "RT par")]


@pytest.mark.parametrize("text", [
    "Le maire Jeanet a inauguré la salle.\n",        # surname: name + diminutive -et
    "Carla et Angela ont voté avec Tesla et Villa.\n",  # names a dictionary knows
    "La Maison-Blanche et le Havre ont répondu.\n",
])
def test_names_and_known_words_are_not_split(text: str) -> None:
    assert findings_for(text, ["P006"]) == []
