"""chrF (Popović 2015) between a back-translation and its source: sacrebleu's sentence chrF and
``CharProfile``, a precomputed character n-gram profile that reproduces it quickly."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from typing import Any


@functools.cache
def _chrf_metric() -> Any:
    from sacrebleu.metrics import CHRF

    return CHRF()


def chrf(hypothesis: str, reference: str) -> float:
    """Sentence chrF (0–100) of ``hypothesis`` against ``reference`` (sacrebleu, default β=2)."""
    return float(_chrf_metric().sentence_score(hypothesis, [reference]).score)


#: sacrebleu's chrF defaults (``CHRF.CHAR_ORDER``, ``CHRF.BETA``; no word n-grams, whitespace
#: removed, effective-order averaging), which ``CharProfile.chrf`` reproduces.
CHRF_CHAR_ORDER, CHRF_BETA = 6, 2


@dataclass(frozen=True, slots=True)
class CharProfile:
    """The character n-grams of a text as sacrebleu's chrF extracts them, built once.

    Each order is a set holding every n-gram once per occurrence (the k-th occurrence of ``g``
    is ``g + "\0k"``), so that the matched count sacrebleu computes, the sum over n-grams of
    the smaller count, is the size of a set intersection, done in C.  The aligner compares a
    back-translation with many candidate sources; sacrebleu would extract both sides' n-grams
    again for every comparison.
    """

    grams: tuple[frozenset[str], ...]
    sizes: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> CharProfile:
        line = "".join(text.split())
        grams, sizes = [], []
        for n in range(1, CHRF_CHAR_ORDER + 1):
            order = [line[k : k + n] for k in range(len(line) - n + 1)]
            distinct = frozenset(order)
            if len(distinct) < len(order):  # repeated n-grams: number their occurrences
                counts = Counter(order)
                distinct = distinct.union(
                    f"{gram}\0{k}" for gram, c in counts.items() if c > 1 for k in range(2, c + 1)
                )
            grams.append(distinct)
            sizes.append(len(order))
        return cls(tuple(grams), tuple(sizes))

    def chrf(self, reference: CharProfile) -> float:
        """``chrf(self's text, reference's text)``, from the profiles."""
        factor = CHRF_BETA**2
        precision = recall = 0.0
        orders = 0
        for hyp, ref, n_hyp, n_ref in zip(
            self.grams, reference.grams, self.sizes, reference.sizes, strict=True
        ):
            if n_hyp and n_ref:
                matched = len(hyp & ref)
                precision += matched / n_hyp
                recall += matched / n_ref
                orders += 1
        if not orders:
            return 0.0
        precision, recall = precision / orders, recall / orders
        if not precision + recall:
            return 0.0
        # In sacrebleu's order of operations, so that the floats are the same.
        return 100 * ((1 + factor) * precision * recall / ((factor * precision) + recall))
