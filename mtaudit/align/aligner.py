"""Align a French document with its English source, segment by segment, and say how.

The aligner is a dynamic programme over 1-1, 1-2, 2-1, 1-0 and 0-1 links.  A link's cost is
the length model of Gale & Church (1993), "A Program for Aligning Sentences in Bilingual
Corpora", *Computational Linguistics* 19(1):75–102 — the French length of a link is normally
distributed around ``c`` times the source length with variance ``s² · length`` (s² = 6.8), and
each link type has a prior (1-1 .89, 2-1/1-2 .089, 1-0/0-1 .0099 in their counts) — minus
evidence from anchors that survive translation: numbers in English or French format
(``1,600`` / ``1 600`` / ``1.600``, ``$31.4 trillion`` / ``31 400 milliards``), months and
weekdays, capitalised names, quotation marks and strong punctuation.  When a back-translation
is available, chrF (Popović 2015, via ``sacrebleu``) between the back-translation and the source
is a strong similarity.  The programme runs in a band around the diagonal and keeps only the
band (memory linear in the number of segments); the band follows the best path as it is found,
and widens only when that path runs along its edge.

``align_with_source`` is the pipeline stage; the adequacy rules (``mtaudit.rules.adequacy``)
read the ``AlignedPair`` it builds from ``Context.extras["alignment"]``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from mtaudit.core.document import Document, Finding, Segment, SegmentKind
from mtaudit.ingest.read import Source, read_source
from mtaudit.ingest.segment import segment

if TYPE_CHECKING:
    from mtaudit.core.config import Config
    from mtaudit.core.results import Backtranslation

#: Gale & Church (1993), table 5 and section 4: variance per character and link priors.
VARIANCE_PER_CHAR = 6.8
LINK_PRIORS = {(1, 1): 0.89, (2, 1): 0.0445, (1, 2): 0.0445, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2}
LINK_TYPES = tuple(LINK_PRIORS)
#: Characters of French per character of English (G&C's ``c``).  Fixed rather than measured
#: per document because additions (captions, leaked prompts) would inflate a per-document
#: estimate and pull the aligner towards 2-1 links; see ``bench/bench_align.py`` for the
#: ratio measured over the gold 1-1 links of the development pairs.
FRENCH_LENGTH_RATIO = 1.2
#: Anchor weights, in the same unit as the costs (negative log-probabilities).
NUMBER_MATCH, NUMBER_MISMATCH = 2.0, 1.5
NAME_MATCH, NAME_MISMATCH = 1.0, 0.5
#: Weight of the Dice coefficient over shared word beginnings (cognates: "administration",
#: "documents", "Medicare"), which rewards links whose two sides share vocabulary and, being
#: a ratio, penalises a link padded with an unrelated segment.
COGNATE_WEIGHT = 4.0
MARK_MATCH, MARK_MISMATCH = 0.4, 0.4
KIND_MATCH = 1.0
#: Cost of a 2-1 or 1-2 link whose two segments lie in different paragraphs (G&C align
#: paragraphs before sentences; this keeps their constraint as a soft one).
PARAGRAPH_CROSSING = 2.5
#: Extra cost of a 2-1 or 1-2 link that joins two complete sentences.  G&C's 2-1 prior counts
#: how human translators regroup sentences; MT translates sentence by sentence, so its 2-1
#: links come mostly from segmentation differences ("Rep." / "Jan. 6" cut after the dot),
#: and two whole sentences against one usually mean that one of them was dropped.
CLEAN_MERGE = 1.5
_SENTENCE_END = re.compile(r"[.!?…][\s\"'»”’)\]]*$")
_SENTENCE_START = re.compile(r"^[\s\"'«“‘(\[—–-]*[A-ZÀ-ÖØ-ÞŒ]")
#: Length model tails: this share of links follows a normal law ``BROAD_SCALE`` times wider.
BROAD_SHARE, BROAD_SCALE = 0.05, 5.0
#: chrF between back-translation and source: points of cost per chrF point above the pivot.
CHRF_PIVOT, CHRF_WEIGHT = 25.0, 0.15
#: Half-width of the band around the best path so far, before any widening.  The band follows
#: the path, so it need only hold a run of dropped or added sentences plus some slack; a
#: longer run makes the path run along the edge, and the programme is run again, wider.
DEFAULT_BAND = 8

# --- anchors ------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w])\d+(?:(?:[.,]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*")
_SCALES = {
    "en": {
        "thousand": 1e3,
        "million": 1e6,
        "millions": 1e6,
        "billion": 1e9,
        "billions": 1e9,
        "trillion": 1e12,
        "trillions": 1e12,
        "bn": 1e9,
        "m": 1e6,
        "k": 1e3,
    },
    "fr": {
        "mille": 1e3,
        "million": 1e6,
        "millions": 1e6,
        "milliard": 1e9,
        "milliards": 1e9,
        "md": 1e9,
        "mds": 1e9,
        "billion": 1e12,
        "billions": 1e12,
        "m": 1e6,
    },
}
_SCALE_AFTER = re.compile(r"[ \u00a0\u202f]*([A-Za-z]+)\b")
_PM_AFTER = re.compile(r"[ \u00a0\u202f]*p\.?\s?m\b", re.I)
#: Number words that may stand for a digit on the other side ("eleven" / "onze" / "11").
#: They only confirm a number, never count as a mismatch ("un", "one" are too ambiguous).
_NUMBER_WORDS = {
    "en": dict(
        zip(
            [
                "two",
                "three",
                "four",
                "five",
                "six",
                "seven",
                "eight",
                "nine",
                "ten",
                "eleven",
                "twelve",
                "thirteen",
                "fourteen",
                "fifteen",
                "sixteen",
                "seventeen",
                "eighteen",
                "nineteen",
                "twenty",
            ],
            range(2, 21),
            strict=True,
        )
    )
    | {
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "hundred": 100,
        "dozen": 12,
        "half": 0.5,
    },
    "fr": dict(
        zip(
            [
                "deux",
                "trois",
                "quatre",
                "cinq",
                "six",
                "sept",
                "huit",
                "neuf",
                "dix",
                "onze",
                "douze",
                "treize",
                "quatorze",
                "quinze",
                "seize",
                "dix-sept",
                "dix-huit",
                "dix-neuf",
                "vingt",
            ],
            range(2, 21),
            strict=True,
        )
    )
    | {
        "trente": 30,
        "quarante": 40,
        "cinquante": 50,
        "soixante": 60,
        "soixante-dix": 70,
        "quatre-vingts": 80,
        "quatre-vingt-dix": 90,
        "cent": 100,
        "douzaine": 12,
        "moitié": 0.5,
    },
}
#: Month and weekday words by folded form → a key shared by both languages.
_DATE_WORDS = {
    "en": {
        **{
            m: f"month{i}"
            for i, names in enumerate(
                [
                    "jan january",
                    "feb february",
                    "mar march",
                    "apr april",
                    "may",
                    "jun june",
                    "jul july",
                    "aug august",
                    "sep sept september",
                    "oct october",
                    "nov november",
                    "dec december",
                ]
            )
            for m in names.split()
        },
        **{
            d: f"day{i}"
            for i, d in enumerate(
                ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
            )
        },
    },
    "fr": {
        **{
            m: f"month{i}"
            for i, names in enumerate(
                [
                    "janv janvier",
                    "fevr fevrier",
                    "mars",
                    "avr avril",
                    "mai",
                    "juin",
                    "juil juillet",
                    "aout",
                    "sept septembre",
                    "oct octobre",
                    "nov novembre",
                    "dec decembre",
                ]
            )
            for m in names.split()
        },
        **{
            d: f"day{i}"
            for i, d in enumerate(
                ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
            )
        },
    },
}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_OPENING = " \t\n\u00a0\u202f«“\"'‘"
_SENTENCE_OPENERS = '.!?:;«“"(—–…'
_QUOTE_MARKS = re.compile(r"[«»“”\"]|(?<!\w)['‘][^'’‘\n]{1,120}['’](?!\w)")
_STRONG_PUNCT = "?!("
_NEGATION = {
    "en": re.compile(
        r"\b(?:not|never|no|none|nobody|nothing|neither|nor|without|cannot)\b"
        r"(?!\.?\s*\d)|n't\b|n’t\b|\bno longer\b",
        re.I,
    ),
    "fr": re.compile(
        r"\b(?:pas|jamais|rien|aucun|aucune|aucuns|aucunes|nullement|guère|sans|"
        r"non|ni)\b|\bn(?:e\b|['’])\s*(?:\S+\s+){0,3}?(?:plus|personne)\b",
        re.I,
    ),
}
#: Words that carry a negative meaning without a grammatical negation ("were missing" /
#: "ne figuraient pas"): when one side has them, a negation on the other is not a flip.
_LEXICAL_NEGATIVE = {
    "en": re.compile(
        r"\b(?:miss\w*|fail\w*|refus\w*|den(?:y|ies|ied|ial)\w*|lack\w*|absen\w*|"
        r"unable|barely|hardly|rarely|seldom|avoid\w*|prevent\w*|reject\w*|"
        r"declin\w*|stop\w*|ceas\w*|instead|rather|only)\b",
        re.I,
    ),
    "fr": re.compile(
        r"\b(?:manqu\w*|échou\w*|refus\w*|ni(?:er|é|ent|ait)\w*|démenti\w*|"
        r"absen\w*|incapable\w*|impossib\w*|à peine|rarement|évit\w*|empêch\w*|"
        r"rejet\w*|déclin\w*|cess\w*|arrêt\w*|plutôt|au lieu|seulement)\b",
        re.I,
    ),
}


def fold(text: str) -> str:
    """Lower case without accents: ``Élysée`` → ``elysee``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@functools.lru_cache(maxsize=1 << 16)
def name_key(word: str) -> str:
    """What a name keeps across languages: its first five folded letters (Florida/Floride)."""
    return fold(word)[:5]


def _canonical(value: float) -> str:
    return format(value, ".10g")


def number_candidates(raw: str) -> set[float]:
    """The values a written number may mean, in English or French conventions.

    ``1,600`` and ``1.600`` may be 1600 or 1.6; ``1 600`` is 1600; ``31,4`` and ``31.4`` are 31.4.
    """
    parts = re.split(r"[.,\u00a0\u202f ]", raw)
    seps = re.findall(r"[.,\u00a0\u202f ]", raw)
    values: set[float] = set()
    if all(len(p) == 3 for p in parts[1:]):
        values.add(float("".join(parts)))
    if seps and seps[-1] in ".," and all(len(p) == 3 for p in parts[1:-1]):
        values.add(float("".join(parts[:-1]) + "." + parts[-1]))
    if not values:
        values.add(float("".join(parts)))
    return values


@dataclass(frozen=True)
class NumberAnchor:
    """A number written in digits (or, with ``word=True``, in letters) at ``text[start:end]``."""

    start: int
    end: int
    raw: str
    values: frozenset[str]
    word: bool = False


#: The number words as whole ``_WORD`` tokens (no letter, nor letter and hyphen, on either
#: side), so that only candidates are looked up instead of every word of the text.
_NUMBER_WORD = {
    lang: re.compile(
        r"(?<![^\W\d_])(?<![^\W\d_]-)(?:"
        + "|".join(sorted(map(re.escape, table), key=len, reverse=True))
        + r")(?![^\W\d_])(?!-[^\W\d_])",
        re.I,
    )
    for lang, table in _NUMBER_WORDS.items()
}


def find_numbers(text: str, lang: str, offset: int = 0) -> list[NumberAnchor]:
    """Numbers in ``text`` (offsets shifted by ``offset``), with every value they may mean."""
    out: list[NumberAnchor] = []
    scales = _SCALES[lang]
    for m in _NUMBER.finditer(text):
        values = number_candidates(m.group())
        after = text[m.end() : m.end() + 20]
        sm = _SCALE_AFTER.match(after)
        if sm and (scale := scales.get(sm.group(1).lower())):
            values |= {v * scale for v in values}
        if _PM_AFTER.match(after):
            values |= {v + 12 for v in values if v < 12}
        out.append(
            NumberAnchor(
                offset + m.start(),
                offset + m.end(),
                m.group(),
                frozenset(_canonical(v) for v in values),
            )
        )
    words = _NUMBER_WORDS[lang]
    for m in _NUMBER_WORD[lang].finditer(text):
        value = words.get(m.group().lower())
        if value is not None:
            out.append(
                NumberAnchor(
                    offset + m.start(),
                    offset + m.end(),
                    m.group(),
                    frozenset({_canonical(value)}),
                    word=True,
                )
            )
    return out


def _date_keys(words: Sequence[str], lang: str) -> list[str]:
    table = _DATE_WORDS[lang]
    # English month and day names count only capitalised ("may" and "march" are verbs).
    return [
        key
        for w in words
        if (lang == "fr" or w[0].isupper()) and (key := table.get(_folded(w))) is not None
    ]


#: Words recur across a document: fold each spelling once (bounded, so memory stays flat).
_folded = functools.lru_cache(maxsize=1 << 16)(fold)


@dataclass(frozen=True)
class NameAnchor:
    start: int
    end: int
    word: str

    @property
    def key(self) -> str:
        return name_key(self.word)


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether only spaces and opening quotes separate ``pos`` from a sentence opener."""
    k = pos - 1
    while k >= 0 and text[k] in _OPENING:
        if text[k] in '«“"':
            return True
        k -= 1
    return k < 0 or text[k] in _SENTENCE_OPENERS


def find_names(text: str, offset: int = 0) -> list[NameAnchor]:
    """Capitalised words that do not start a sentence or a quotation: likely proper names."""
    out = []
    for m in _WORD.finditer(text):
        w = m.group()
        if len(w) < 3 or not w[0].isupper() or _starts_sentence(text, m.start()):
            continue
        out.append(NameAnchor(offset + m.start(), offset + m.end(), w))
    return out


def has_quotation(text: str) -> bool:
    return bool(_QUOTE_MARKS.search(text))


def find_negations(text: str, lang: str, offset: int = 0) -> list[tuple[int, int]]:
    return [(offset + m.start(), offset + m.end()) for m in _NEGATION[lang].finditer(text)]


def has_lexical_negative(text: str, lang: str) -> bool:
    return bool(_LEXICAL_NEGATIVE[lang].search(text))


# --- units and costs -----------------------------------------------------------------------


@dataclass
class Unit:
    """One segment as the aligner sees it; its features (``side``) are computed once."""

    segment: Segment
    lang: str
    backtranslation: str | None = None

    @property
    def text(self) -> str:
        return self.segment.text

    @property
    def length(self) -> int:
        return len(self.segment.text)

    @cached_property
    def side(self) -> Side:
        return Side.of((self,))


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a link (one or two units), its anchors pooled once, in the plain sets and
    counts that ``_link_cost`` compares without allocating or matching text."""

    length: int
    numbers: tuple[NumberAnchor, ...]
    digits: int  # numbers written in digits (a word number never counts as a mismatch)
    number_values: frozenset[str]
    dates: frozenset[str]
    names: frozenset[str]
    words: frozenset[str]
    cognates: frozenset[str]
    marks: tuple[int, ...]
    mark_total: int
    kind: SegmentKind | None  # a single unit's kind, when it is not a plain sentence
    merge_cost: float  # paragraph crossing and clean sentence boundary (two units)

    @classmethod
    def of(cls, units: Sequence[Unit]) -> Side:
        if len(units) == 1:
            return cls._single(units[0])
        first, second = units[0].side, units[1].side
        merge = 0.0
        if units[0].segment.paragraph != units[1].segment.paragraph:
            merge += PARAGRAPH_CROSSING
        if _clean_boundary(units[0].text, units[1].text):
            merge += CLEAN_MERGE
        marks = tuple(a + b for a, b in zip(first.marks, second.marks, strict=True))
        return cls(
            length=first.length + second.length,
            numbers=first.numbers + second.numbers,
            digits=first.digits + second.digits,
            number_values=first.number_values | second.number_values,
            dates=first.dates | second.dates,
            names=first.names | second.names,
            words=first.words | second.words,
            cognates=first.cognates | second.cognates,
            marks=marks,
            mark_total=sum(marks),
            kind=None,
            merge_cost=merge,
        )

    @classmethod
    def _single(cls, unit: Unit) -> Side:
        text, kind = unit.text, unit.segment.kind
        numbers = tuple(find_numbers(text, unit.lang))
        words = _WORD.findall(text)
        marks = (int(has_quotation(text)), *(text.count(c) for c in _STRONG_PUNCT))
        return cls(
            length=len(text),
            numbers=numbers,
            digits=sum(1 for n in numbers if not n.word),
            number_values=frozenset(v for n in numbers for v in n.values),
            dates=frozenset(_date_keys(words, unit.lang)),
            names=frozenset(n.key for n in find_names(text)),
            words=frozenset(name_key(w) for w in words if len(w) >= 3),
            cognates=frozenset(name_key(w) for w in words if len(w) >= 5),
            marks=marks,
            mark_total=sum(marks),
            kind=None if kind is SegmentKind.SENTENCE else kind,
            merge_cost=0.0,
        )


_NO_SIDE = Side(
    0, (), 0, frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), (), 0, None, 0.0
)
_ERFC_SCALE = math.sqrt(2 * VARIANCE_PER_CHAR)  # erfc(|z|/√2) with z's variance folded in
_LOG_FLOOR = 1e-300


def _link_cost(fr: Side, src: Side, ratio: float) -> float:
    """The cost of linking ``fr`` with ``src``, prior aside: length, merges, minus anchors.

    The length cost is G&C's, with a broad second component so that one truncated or padded
    segment (a cut wire, a caption glued to a sentence) costs a bounded amount instead of
    forcing the rest of the alignment out of place.  Anchors are the evidence that both sides
    say the same thing.  This runs three times for every cell of the band, so it only compares
    precomputed sets and counts, skips what one side has nothing for, and calls no helper.
    """
    fr_len, src_len = fr.length, src.length
    mean = (src_len + fr_len / ratio) / 2
    z = abs(fr_len - src_len * ratio) / (math.sqrt(mean if mean > 1.0 else 1.0) * _ERFC_SCALE)
    p = (1 - BROAD_SHARE) * math.erfc(z) + BROAD_SHARE * math.erfc(z / BROAD_SCALE)
    cost = -math.log(p if p > _LOG_FLOOR else _LOG_FLOOR) + fr.merge_cost + src.merge_cost
    fr_values, src_values = fr.number_values, src.number_values
    if fr_values and src_values:
        matched = unmatched = 0
        for n in fr.numbers:
            if not n.values.isdisjoint(src_values):
                matched += 1
            elif not n.word:
                unmatched += 1
        for n in src.numbers:
            if not n.values.isdisjoint(fr_values):
                matched += 1
            elif not n.word:
                unmatched += 1
        cost -= NUMBER_MATCH * matched - NUMBER_MISMATCH * unmatched
    else:
        cost += NUMBER_MISMATCH * (fr.digits + src.digits)
    if fr.dates and src.dates:
        cost -= NUMBER_MATCH * len(fr.dates & src.dates)
    named = len(fr.names) + len(src.names)
    if named:
        found = len(src.names & fr.words) + len(fr.names & src.words)
        cost -= NAME_MATCH * found - NAME_MISMATCH * (named - found)
    if fr.cognates and src.cognates:
        cost -= (
            COGNATE_WEIGHT
            * 2
            * len(fr.cognates & src.cognates)
            / (len(fr.cognates) + len(src.cognates))
        )
    if fr.marks == src.marks:
        cost -= MARK_MATCH * fr.mark_total
    else:
        for a, b in zip(fr.marks, src.marks, strict=True):
            cost -= MARK_MATCH * min(a, b) - MARK_MISMATCH * abs(a - b)
    if fr.kind is not None and fr.kind is src.kind:
        cost -= KIND_MATCH
    return cost


def _clean_boundary(first: str, second: str) -> bool:
    """Whether ``first`` is a whole sentence of three words or more and ``second`` starts one."""
    return bool(
        _SENTENCE_END.search(first) and len(first.split()) >= 3 and _SENTENCE_START.match(second)
    )


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


#: Negative log priors by link type, in ``LINK_TYPES`` order.
_PRIOR_COST = {link: -math.log(p) for link, p in LINK_PRIORS.items()}


class LinkCoster:
    """Link costs over two unit sequences, with every side a link can have built once.

    ``fr1[i]`` is French unit ``i-1`` alone and ``fr2[i]`` units ``i-2`` and ``i-1`` pooled
    (the French side of a link ending at ``i``); likewise ``src1``/``src2``.  That is at most
    two sides per unit, so memory stays linear.
    """

    def __init__(self, fr: Sequence[Unit], src: Sequence[Unit]) -> None:
        self.fr, self.src = fr, src
        self.ratio = FRENCH_LENGTH_RATIO
        self.use_backtranslation = bool(fr) and all(u.backtranslation is not None for u in fr)
        self.fr1, self.fr2 = self._sides(fr)
        self.src1, self.src2 = self._sides(src)
        # n-gram profiles for chrF, by (end, count), built when the band reaches a side and
        # dropped once it has passed (``forget_before``): a profile is large, a band is narrow.
        self._bt_profiles: dict[tuple[int, int], CharProfile] = {}
        self._src_profiles: dict[tuple[int, int], CharProfile] = {}

    @staticmethod
    def _sides(units: Sequence[Unit]) -> tuple[list[Side], list[Side]]:
        # Index 0 (and 1 for pairs) ends no link; it holds a placeholder the programme skips.
        one = [_NO_SIDE, *(u.side for u in units)]
        two = [_NO_SIDE, _NO_SIDE, *(Side.of(units[k - 2 : k]) for k in range(2, len(units) + 1))]
        return one, two

    def chrf_bonus(self, i: int, j: int, di: int, dj: int) -> float:
        """The (signed) cost change from chrF between back-translation and source; 0 without."""
        if not self.use_backtranslation:
            return 0.0
        hyp = self._bt_profiles.get((i, di))
        if hyp is None:
            bt = " ".join(u.backtranslation or "" for u in self.fr[i - di : i])
            hyp = self._bt_profiles[(i, di)] = CharProfile.of(bt)
        ref = self._src_profiles.get((j, dj))
        if ref is None:
            text = " ".join(u.text for u in self.src[j - dj : j])
            ref = self._src_profiles[(j, dj)] = CharProfile.of(text)
        return -CHRF_WEIGHT * (hyp.chrf(ref) - CHRF_PIVOT)

    def forget_before(self, i: int, j: int) -> None:
        """Drop the profiles of French sides ending before ``i`` and source sides before ``j``
        (built again if a later row needs them after all)."""
        for profiles, end in ((self._bt_profiles, i), (self._src_profiles, j)):
            for key in [key for key in profiles if key[0] < end]:
                del profiles[key]


# --- the dynamic programme -----------------------------------------------------------------


@dataclass(frozen=True)
class IndexLink:
    """A link by unit positions: French ``fr`` (0-based indices) with source ``src``."""

    fr: tuple[int, ...]
    src: tuple[int, ...]
    cost: float


@dataclass(frozen=True)
class Programme:
    """The outcome of the dynamic programme, with what it cost (for ``bench/``)."""

    links: list[IndexLink]
    touched: bool  # the best path came near an edge of the band
    cells: int  # band cells filled, over all passes
    passes: int = 1


def align_units(
    fr: Sequence[Unit], src: Sequence[Unit], band: int = DEFAULT_BAND
) -> list[IndexLink]:
    """The cheapest sequence of links covering both sides, in order."""
    return run_programme(LinkCoster(fr, src), band).links


def run_programme(coster: LinkCoster, band: int = DEFAULT_BAND) -> Programme:
    """Run the banded programme over ``coster``'s units.

    One pass suffices unless the best path runs along an edge of the band (a run of more
    than ``band`` dropped or added sentences); only then is the programme run again, wider.
    """
    n, m = len(coster.fr), len(coster.src)
    width, cells, passes = band, 0, 0
    while True:
        result = _banded_dp(coster, n, m, width)
        cells, passes = cells + result.cells, passes + 1
        if not result.touched or width >= max(n, m):
            return Programme(result.links, result.touched, cells, passes)
        width *= 2


def _length_steps(coster: LinkCoster, n: int, m: int) -> list[int]:
    """For each French position ``i``, how many source positions the length diagonal advances
    between ``i-1`` and ``i``: the source position at the same share of the text length.

    Following cumulative length rather than ``m/n`` per row keeps the band's growth in step
    with the text where French segments are long or short.
    """
    fr_cum = list(itertools.accumulate((u.length + 1 for u in coster.fr), initial=0))
    src_cum = list(itertools.accumulate((u.length + 1 for u in coster.src), initial=0))
    scale = src_cum[-1] / fr_cum[-1] if fr_cum[-1] else 0.0
    centres = [min(m, bisect.bisect_left(src_cum, f * scale)) for f in fr_cum]
    centres[-1] = m
    return [0, *(b - a for a, b in itertools.pairwise(centres))]


def _banded_dp(coster: LinkCoster, n: int, m: int, width: int) -> Programme:
    """Run the programme in a band that follows the best path as it is found.

    Row ``i`` covers source positions from ``width`` before the cheapest cell of row ``i-1``
    to ``width`` after it plus the length diagonal's step: a fixed diagonal drifts from the
    path by the square root of the document's length (every segment's length ratio is noisy),
    which would force a band, and a cost, growing faster than the document; a band that
    follows the path stays ``2·width`` wide.  Only the band is stored (costs and moves for
    ``j`` in ``[lo[i], hi[i]]``).
    """
    inf = math.inf
    fr1, fr2, src1, src2 = coster.fr1, coster.fr2, coster.src1, coster.src2
    ratio, bt = coster.ratio, coster.use_backtranslation
    p11, p21, p12, p10, p01 = (_PRIOR_COST[t] for t in LINK_TYPES)
    k11, k21, k12, k10, k01 = range(len(LINK_TYPES))
    steps = _length_steps(coster, n, m)
    hi0 = m if n == 0 else min(m, width)
    lo, hi, edge = [0], [hi0], [hi0]
    costs = [array("d", (p01 * j for j in range(hi0 + 1)))]
    moves = [bytearray([k01] * (hi0 + 1))]
    best_j = 0
    for i in range(1, n + 1):
        lo_i = max(0, best_j - width)
        hi_i = edge_i = min(m, best_j + steps[i] + width)
        if i == n:
            hi_i = m  # the path ends at (n, m), reached through omissions if need be
        if bt:
            coster.forget_before(i, lo_i)
        prev, plo, phi = costs[i - 1], lo[i - 1], hi[i - 1]
        prev2, p2lo, p2hi = (costs[i - 2], lo[i - 2], hi[i - 2]) if i >= 2 else (prev, 0, -1)
        f1, f2 = fr1[i], fr2[i]
        row: list[float] = []
        move = bytearray(hi_i - lo_i + 1)
        best_j, best_here = lo_i, inf
        for j in range(lo_i, hi_i + 1):
            best, mv = inf, k01
            if plo < j <= phi + 1 and (c := prev[j - 1 - plo]) < inf:
                c += p11 + _link_cost(f1, src1[j], ratio)
                if bt:
                    c += coster.chrf_bonus(i, j, 1, 1)
                best, mv = c, k11
            if i >= 2 and p2lo < j <= p2hi + 1 and (c := prev2[j - 1 - p2lo]) < inf:
                c += p21 + _link_cost(f2, src1[j], ratio)
                if bt:
                    c += coster.chrf_bonus(i, j, 2, 1)
                if c < best:
                    best, mv = c, k21
            if plo + 1 < j <= phi + 2 and (c := prev[j - 2 - plo]) < inf:
                c += p12 + _link_cost(f1, src2[j], ratio)
                if bt:
                    c += coster.chrf_bonus(i, j, 1, 2)
                if c < best:
                    best, mv = c, k12
            if plo <= j <= phi and (c := prev[j - plo] + p10) < best:
                best, mv = c, k10
            if j > lo_i and (c := row[-1] + p01) < best:
                best, mv = c, k01
            row.append(best)
            move[j - lo_i] = mv
            if best < best_here:
                best_j, best_here = j, best
        lo.append(lo_i)
        hi.append(hi_i)
        edge.append(edge_i)
        costs.append(array("d", row))
        moves.append(move)
    cells = sum(len(row) for row in costs)
    links: list[IndexLink] = []
    touched = False
    # A row reaches at most ``width`` past the previous row's best cell, so a run of omissions
    # (0-1 links, all in one row) half as long as that may have been cut short by the band.
    omissions = 0
    i, j = n, m
    while i > 0 or j > 0:
        if (j - lo[i] <= 1 and lo[i] > 0) or (edge[i] - j <= 1 and edge[i] < m):
            touched = True
        move_kind = moves[i][j - lo[i]]
        omissions = omissions + 1 if move_kind == k01 else 0
        if omissions > width // 2:
            touched = True
        di, dj = LINK_TYPES[move_kind]
        here = costs[i][j - lo[i]]
        pi, pj = i - di, j - dj
        if not lo[pi] <= pj <= hi[pi] or here == inf:
            # The end, forced into the last row, is out of the band's reach.
            return Programme(links, True, cells)
        before = costs[pi][pj - lo[pi]]
        links.append(IndexLink(tuple(range(pi, i)), tuple(range(pj, j)), here - before))
        i, j = pi, pj
    links.reverse()
    return Programme(links, touched, cells)


# --- the pipeline stage --------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """French segments aligned with source segments (either side may be empty)."""

    french: tuple[Segment, ...]
    source: tuple[Segment, ...]
    cost: float

    @property
    def kind(self) -> str:
        return f"{len(self.french)}-{len(self.source)}"


@dataclass(frozen=True)
class AlignedPair:
    """What the adequacy rules read: both documents, the links, the back-translations."""

    document: Document
    source: Source
    source_segments: tuple[Segment, ...]
    links: tuple[Link, ...]
    backtranslations: dict[int, str] = field(default_factory=dict)  # French segment id → text

    def source_text(self, segs: Sequence[Segment]) -> str:
        return " ".join(s.text for s in segs)


@dataclass(frozen=True)
class Alignment:
    """The result of the align stage, as ``mtaudit.auditor`` consumes it."""

    source_ids: tuple[tuple[int, ...] | None, ...]
    source: dict[str, Any]
    findings: list[Finding]
    pair: AlignedPair


#: Segment kinds that take part in the alignment (images have no text to translate).
ALIGNED_KINDS = frozenset(k for k in SegmentKind if k is not SegmentKind.IMAGE)


def link_segments(
    doc: Document,
    source_segments: Sequence[Segment],
    translations: Sequence[str | None] | None = None,
) -> list[Link]:
    """Align the French segments of ``doc`` with ``source_segments``."""
    positions = {s.id: k for k, s in enumerate(doc.segments)}
    fr_units = [
        Unit(s, "fr", translations[positions[s.id]] if translations else None)
        for s in doc.segments
        if s.kind in ALIGNED_KINDS
    ]
    src_units = [Unit(s, "en") for s in source_segments if s.kind in ALIGNED_KINDS]
    return [
        Link(
            tuple(fr_units[i].segment for i in link.fr),
            tuple(src_units[j].segment for j in link.src),
            link.cost,
        )
        for link in align_units(fr_units, src_units)
    ]


def align_document(
    doc: Document, source: Source, bt: Backtranslation | None = None, config: Config | None = None
) -> Alignment:
    """Align ``doc`` with a decoded source and run the adequacy rules over the result."""
    from mtaudit.rules import select_rules
    from mtaudit.rules.base import Context
    from mtaudit.stages import run_rules

    source_segments = tuple(segment(source.text, source.prose, source.format))
    translations = bt.translations if bt is not None and bt.status == "ok" else None
    links = link_segments(doc, source_segments, translations)
    backtranslations = {
        s.id: t for s, t in zip(doc.segments, translations or (), strict=False) if t
    }
    pair = AlignedPair(doc, source, source_segments, tuple(links), backtranslations)
    ids: dict[int, tuple[int, ...]] = {}
    for link in links:
        if link.source:
            for s in link.french:
                ids[s.id] = tuple(x.id for x in link.source)
    source_ids = tuple(ids.get(s.id) for s in doc.segments)
    select = list(config.select) if config else []
    ignore = list(config.ignores_for(doc.path)) if config else []
    rules = [r for r in select_rules(select or None, ignore or None) if r.family == "A"]
    ctx = Context(doc, config, extras={"alignment": pair, "backtranslation": bt})
    findings = run_rules(doc, rules, config, ctx)
    info: dict[str, Any] = {
        "file": source.path,
        "format": source.format,
        "encoding": source.encoding,
        "segments": [
            {"id": s.id, "start": s.start, "end": s.end, "kind": s.kind.value, "text": s.text}
            for s in source_segments
        ],
        "links": [
            {
                "french": [s.id for s in link.french],
                "source": [s.id for s in link.source],
                "type": link.kind,
                "cost": round(link.cost, 3),
            }
            for link in links
        ],
    }
    return Alignment(source_ids, info, findings, pair)


def align_with_source(
    doc: Document, source_path: str, bt: Backtranslation | None, config: Config | None = None
) -> Alignment:
    """The align stage: read and segment the source file, align, find adequacy problems."""
    return align_document(doc, read_source(source_path), bt, config)


def format_alignment(alignment: Alignment, width: int = 100) -> str:
    """A plain-text listing of the links, French first, as ``mtaudit align`` prints it."""
    room = max(width - 8, 20)

    def clip(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= room else text[: room - 1] + "…"

    lines = []
    for link in alignment.pair.links:
        fr = ",".join(str(s.id) for s in link.french) or "-"
        en = ",".join(str(s.id) for s in link.source) or "-"
        lines.append(f"[{link.kind}] fr {fr} ↔ src {en}   (cost {link.cost:.2f})")
        for s in link.french:
            lines.append(f"    fr:  {clip(s.text)}")
        for s in link.source:
            lines.append(f"    src: {clip(s.text)}")
    aligned = sum(1 for ids in alignment.source_ids if ids)
    lines.append("")
    lines.append(
        f"{aligned} of {len(alignment.source_ids)} French segments aligned; "
        f"{len(alignment.findings)} adequacy finding(s)"
    )
    for f in alignment.findings:
        lines.append(f"  {f.line}:{f.column} {f.severity.value} {f.rule} {f.name}: {f.message}")
    return "\n".join(lines)
