"""Text statistics of the MT detector that need no rule: lexical richness and part of speech.

Split from ``mtaudit.detect.features`` (which turns these counts into features): lexical richness —
MATTR, Yule's K, MTLD — whose loss in machine translation is measured by Vanmassenhove,
Shterionov and Way 2019 ("Lost in translation: loss and decay of linguistic richness in
machine translation", MT Summit XVII), the spread of sentence lengths, and the additive
part-of-speech counts of one spaCy ``Doc`` (shares of universal tags, contrastive POS
n-grams, passive, relative pronouns, title appositions, « de » chains).  Plain Python: spaCy
itself is only called by ``features.pos_analyses``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

#: Universal parts of speech whose shares are features (Volansky et al. 2015, "POS
#: unigrams"); punctuation and spaces are left out of the denominator.
POS_TAGS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "NOUN", "PRON", "PROPN", "SCONJ",
            "VERB")
#: A compact a-priori set of POS n-grams that the grammars of English and French order
#: differently: an adjective before its noun (English premodification), two nouns in a row
#: (English noun compounds carried over), and the French « N de N » that renders them
#: natively.  Chosen from contrastive grammar, not from the corpus.
POS_NGRAMS = (("ADJ", "NOUN"), ("NOUN", "ADJ"), ("NOUN", "NOUN"), ("NOUN", "ADP", "NOUN"))

#: Width of the moving window for the type/token ratio (MATTR; Covington and McFall 2010,
#: "Cutting the Gordian knot: the moving-average type-token ratio", J. Quant. Linguistics).
TTR_WINDOW = 100


#: Subject clitics: a sentence opening on one of them is the English "He said…" order that
#: French news copy tends to vary (fronted adverbials, inversion after quotes).
_SUBJECT_PRONOUNS = frozenset(["il", "elle", "ils", "elles", "on", "je", "j", "nous", "vous"])
#: The POS features need tags and morphology only; skipping the dependency parser and the
#: lemmatizer makes the tagging pass about four times faster than a full parse.
TAGGING_DISABLED = ("lemmatizer",)


def pos_counts(parsed: Any) -> Counter[str]:
    """The additive part-of-speech counts of one segment's spaCy ``Doc`` (tags and morphology
    only, so a tagged-only ``Doc`` and a fully parsed one count the same)."""
    c: Counter[str] = Counter()
    words = [t for t in parsed if not t.is_space and t.pos_ != "PUNCT"]
    tags = [t.pos_ for t in words]
    c["pos_tokens"] = len(tags)
    c.update(f"pos:{t}" for t in tags)
    for n in {len(g) for g in POS_NGRAMS}:
        grams = Counter(tuple(tags[i:i + n]) for i in range(len(tags) - n + 1))
        for g in POS_NGRAMS:
            if len(g) == n:
                c[f"pos:{ngram_name(g)}"] += grams[g]
    for t in words:
        if t.pos_ == "VERB" and "Pass" in t.morph.get("Voice"):
            c["pos:passive"] += 1
        if t.pos_ == "PRON" and "Rel" in t.morph.get("PronType"):
            c["pos:relative"] += 1
    c["pos:nouns"] = c["pos:NOUN"] + c["pos:PROPN"]
    c["pos:adj_noun_pairs"] = c["pos:ADJ_NOUN"] + c["pos:NOUN_ADJ"]
    for i, t in enumerate(tags):
        # « le président (américain) Donald Trump »: DET NOUN (ADJ) PROPN, at the name's start
        if t == "PROPN" and i >= 2 and tags[i - 1] != "PROPN":
            j = i - 1 if tags[i - 1] == "NOUN" else i - 2 if tags[i - 1] == "ADJ" else -1
            if j >= 1 and tags[j] == "NOUN" and tags[j - 1] == "DET":
                c["pos:apposition"] += 1
    lowers = [t.lower_ for t in words]
    c["pos:de_chain"] = de_chains(tags, lowers)
    if words:
        c["pos_sentences"] = 1
        first = words[0]
        if first.pos_ == "PRON" and first.lower_.rstrip("’'") in _SUBJECT_PRONOUNS:
            c["pos:initial_subject_pronoun"] = 1
    return c


_DE = frozenset(["de", "d'", "d’", "du", "des"])


def de_chains(tags: Sequence[str], lowers: Sequence[str]) -> int:
    """Noun phrases « N de (DET) N de (DET) N »: three nouns linked by two « de »."""
    def next_noun(i: int) -> int:
        # i is a noun; return the index of the noun « de (DET) » links it to, or -1
        k = i + 1
        if k >= len(tags) or lowers[k] not in _DE:
            return -1
        k += 1
        if k < len(tags) and tags[k] == "DET":
            k += 1
        return k if k < len(tags) and tags[k] == "NOUN" else -1

    chains = 0
    for i, t in enumerate(tags):
        if t == "NOUN" and (j := next_noun(i)) > 0 and next_noun(j) > 0:
            chains += 1
    return chains


def mattr(tokens: Sequence[str]) -> float:
    if len(tokens) <= TTR_WINDOW:
        return len(set(tokens)) / max(len(tokens), 1)
    window = Counter(tokens[:TTR_WINDOW])
    total = len(window)
    for i in range(TTR_WINDOW, len(tokens)):
        window[tokens[i]] += 1
        window[tokens[i - TTR_WINDOW]] -= 1
        if window[tokens[i - TTR_WINDOW]] == 0:
            del window[tokens[i - TTR_WINDOW]]
        total += len(window)
    return total / (len(tokens) - TTR_WINDOW + 1) / TTR_WINDOW


def yule_k(tokens: Sequence[str]) -> float:
    """Yule's characteristic K (×10⁴): the chance that two words drawn at random are the same
    word; higher means a more repetitive vocabulary, and it depends little on text length
    (Tweedie and Baayen 1998, "How variable may a constant be?", Computers and the
    Humanities 32)."""
    n = len(tokens)
    if n < 2:
        return 0.0
    spectrum = Counter(Counter(tokens).values())
    return 1e4 * (sum(m * m * v for m, v in spectrum.items()) - n) / (n * n)


#: MTLD's type/token threshold (McCarthy and Jarvis 2010, "MTLD, vocd-D, and HD-D",
#: Behavior Research Methods 42(2)).
MTLD_THRESHOLD = 0.72


def _mtld_pass(tokens: Sequence[str]) -> float:
    factors = 0.0
    types: set[str] = set()
    n = 0
    for w in tokens:
        types.add(w)
        n += 1
        if len(types) / n <= MTLD_THRESHOLD:
            factors += 1
            types, n = set(), 0
    if n:
        factors += (1 - len(types) / n) / (1 - MTLD_THRESHOLD)
    return len(tokens) / factors if factors else float(len(tokens))


def mtld(tokens: Sequence[str]) -> float:
    """MTLD, the mean length of word runs keeping a type/token ratio above 0.72 (forward and
    backward passes averaged); unlike the raw TTR it does not fall with text length."""
    if not tokens:
        return 0.0
    return (_mtld_pass(tokens) + _mtld_pass(tokens[::-1])) / 2


def cv(values: Sequence[float]) -> float:
    if len(values) < 2:
        return 0.0
    mean = sum(values) / len(values)
    var = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
    return math.sqrt(var) / mean if mean else 0.0



def ngram_name(ngram: tuple[str, ...]) -> str:
    """The feature-name part of a POS n-gram (``ADJ_NOUN``)."""
    return "_".join(ngram)
