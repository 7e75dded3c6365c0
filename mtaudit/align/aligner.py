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
import itertools
import math
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from mtaudit.core.document import Segment, SegmentKind
from mtaudit.text.anchors import (
    STRONG_PUNCT,
    WORD,
    NumberAnchor,
    date_keys,
    find_names,
    find_numbers,
    has_quotation,
    name_key,
)
from mtaudit.text.chrf import CharProfile

if TYPE_CHECKING:
    pass

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
        words = WORD.findall(text)
        marks = (int(has_quotation(text)), *(text.count(c) for c in STRONG_PUNCT))
        return cls(
            length=len(text),
            numbers=numbers,
            digits=sum(1 for n in numbers if not n.word),
            number_values=frozenset(v for n in numbers for v in n.values),
            dates=frozenset(date_keys(words, unit.lang)),
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


