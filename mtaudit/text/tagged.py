"""Analysed documents that travel over a pipe: the tokens the spaCy worker sends back
(``mtaudit.text.nlp_worker``), with the attributes of spaCy's ``Doc`` the rules read."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any


class Morph:
    """The morphological features of a token (``Number=Plur|Gender=Masc``), as spaCy's."""

    __slots__ = ("_features",)

    def __init__(self, features: str) -> None:
        self._features: dict[str, list[str]] = {}
        for pair in filter(None, features.split("|")):
            key, _, values = pair.partition("=")
            self._features[key] = values.split(",")

    def get(self, key: str) -> list[str]:
        return self._features.get(key, [])


class TaggedToken:
    __slots__ = ("i", "idx", "is_space", "lemma_", "lower_", "morph", "pos_", "text")

    def __init__(self, i: int, idx: int, text: str, pos: str, lemma: str, morph: str) -> None:
        self.i, self.idx, self.text = i, idx, text
        self.pos_, self.lemma_, self.morph = pos, lemma, Morph(morph)
        self.lower_ = text.lower()
        self.is_space = text.isspace()


class TaggedDoc:
    """The tokens of one analysed text, with the attributes of spaCy's ``Doc`` the rules use."""

    __slots__ = ("text", "tokens")

    def __init__(self, text: str, tokens: Sequence[Sequence[Any]]) -> None:
        self.text = text
        self.tokens = [TaggedToken(i, *t) for i, t in enumerate(tokens)]

    def __iter__(self) -> Iterator[TaggedToken]:
        return iter(self.tokens)

    def __getitem__(self, i: int) -> TaggedToken:
        return self.tokens[i]

    def __len__(self) -> int:
        return len(self.tokens)


def serialise(doc: Any) -> list[list[Any]]:
    """A spaCy ``Doc`` as rows of ``[idx, text, pos, lemma, morph]``."""
    return [[t.idx, t.text, t.pos_, t.lemma_, str(t.morph)] for t in doc]
