"""Adequacy against the source: what the translation lost, added or changed (family A).

These rules read the alignment that ``mtaudit.align`` puts in ``Context.extras["alignment"]``
and yield nothing without it (a check run without ``--source``).  Every hit carries
``source_span``, the offsets of the evidence in the source file.  Their examples need an
English source: ``EXAMPLE_SOURCES`` maps each example (bad examples without their markers) to
it, and ``tests/align/test_align_rules.py`` runs them; the generic example test skips rules that
require ``"source"``.  The categories follow MQM's accuracy branch (omission, addition,
mistranslation), Lommel et al., *Multidimensional Quality Metrics* (2014).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from mtaudit.core.document import Category, Segment, Severity
from mtaudit.rules.base import Context, Example, Hit, rule

if TYPE_CHECKING:
    from mtaudit.align.stage import AlignedPair, Link

REQUIRES_SOURCE = frozenset({"source"})
#: Back-translations scoring below this chrF against their source diverge strongly.
DIVERGENCE_CHRF = 25.0
#: Two spellings of a name this similar are the same name (Capitol/Capitole, Florida/Floride).
NAME_SIMILARITY = 0.75
#: French words at least this frequent (wordfreq Zipf scale) are common words, not names.
COMMON_FRENCH_ZIPF = 4.0

#: English source of every example, keyed by the example's French text (markers removed).
EXAMPLE_SOURCES: dict[str, str] = {}


def _source(french: str, english: str) -> str:
    plain = Example(french).unmarked()[0]
    EXAMPLE_SOURCES[plain] = english
    return french


def _pair(ctx: Context) -> AlignedPair | None:
    return ctx.extras.get("alignment")


def _span(segs: Sequence[Segment]) -> tuple[int, int]:
    return segs[0].start, segs[-1].end


def _clip(text: str, room: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= room else text[: room - 1] + "…"


_OMISSION_SOURCE = (
    "It has been raining in Paris for three days. The Seine rose by 2 metres "
    "overnight and the Louvre closed its lower galleries. Schools in the city "
    "remain open on Tuesday."
)


@rule(
    code="A001",
    name="omission",
    category=Category.ADEQUACY,
    severity=Severity.MAJOR,
    summary="A source sentence has no counterpart in the French (the translation dropped it).",
    explanation="""The aligner found no French segment for this source segment. Dropped
    sentences are the costliest silent error of machine translation and of cut-and-paste
    republication: the reader never learns what is missing. The finding sits, with no width,
    where the sentence should be; `source_span` points at the dropped source text.""",
    bad=(
        Example(
            _source(
                "Il pleut à Paris depuis trois jours. ⟦⟧Les écoles de la ville restent "
                "ouvertes mardi.",
                _OMISSION_SOURCE,
            )
        ),
    ),
    good=(
        _source(
            "Il pleut à Paris depuis trois jours. La Seine est montée de 2 mètres pendant "
            "la nuit et le Louvre a fermé ses salles du sous-sol. Les écoles de la ville "
            "restent ouvertes mardi.",
            _OMISSION_SOURCE,
        ),
    ),
    requires=REQUIRES_SOURCE,
)
def omission(ctx: Context) -> Iterator[Hit]:
    pair = _pair(ctx)
    if pair is None:
        return
    links = pair.links
    k = 0
    while k < len(links):
        if links[k].french or not links[k].source:
            k += 1
            continue
        gap_end = k
        while gap_end < len(links) and not links[gap_end].french:
            gap_end += 1
        dropped = [s for link in links[k:gap_end] for s in link.source]
        after = next((link.french[0].start for link in links[gap_end:] if link.french), None)
        before = next((link.french[-1].end for link in reversed(links[:k]) if link.french), 0)
        anchor = after if after is not None else before
        text = " ".join(s.text for s in dropped)
        yield Hit(
            anchor,
            anchor,
            f"Source text missing from the translation: “{_clip(text)}”.",
            source_span=_span(dropped),
        )
        k = gap_end


@rule(
    code="A002",
    name="addition",
    category=Category.ADEQUACY,
    severity=Severity.MAJOR,
    summary="A French segment has no counterpart in the source (added text).",
    explanation="""The aligner found no source segment for this French segment: text the
    original does not contain — a leaked prompt or placeholder, a photo caption or credit
    picked up from the page, an editorial addition. Short additions (fewer than six words,
    such as a credit line) are minor. `source_span` is the empty span where it would sit.""",
    bad=(
        Example(
            _source(
                "Il pleut à Paris.\n⟦Make this article seo compatible, be in french, "
                "create at least 700 words⟧\nLes écoles restent ouvertes.",
                "It is raining in Paris. Schools remain open.",
            )
        ),
    ),
    good=(
        _source(
            "Il pleut à Paris. Les écoles restent ouvertes.",
            "It is raining in Paris. Schools remain open.",
        ),
    ),
    requires=REQUIRES_SOURCE,
)
def addition(ctx: Context) -> Iterator[Hit]:
    pair = _pair(ctx)
    if pair is None:
        return
    for k, link in enumerate(pair.links):
        if link.source or not link.french:
            continue
        after = next((x.source[0].start for x in pair.links[k:] if x.source), None)
        before = next((x.source[-1].end for x in reversed(pair.links[:k]) if x.source), 0)
        where = after if after is not None else before
        for seg in link.french:
            short = len(seg.text.split()) < 6
            yield Hit(
                seg.start,
                seg.end,
                "This segment has no counterpart in the source.",
                severity=Severity.MINOR if short else None,
                source_span=(where, where),
            )


def _matched_links(pair: AlignedPair) -> Iterator[Link]:
    return (link for link in pair.links if link.french and link.source)


def _slices(text: str, segs: Sequence[Segment]) -> Iterator[tuple[str, int]]:
    for s in segs:
        yield text[s.start : s.end], s.start


@rule(
    code="A003",
    name="number-mismatch",
    category=Category.ADEQUACY,
    severity=Severity.MAJOR,
    summary="A number differs between the French and its source, or is missing from either.",
    explanation="""Numbers, amounts and dates must survive translation exactly. Numbers are
    compared by value, whatever the convention (`1,600`, `1 600` and `1.600`; `$31.4 trillion`
    and `31 400 milliards`; `2 p.m.` and `14 h`); numbers written in words (`onze`, `eleven`)
    confirm a number but are never flagged themselves.""",
    bad=(
        Example(
            _source(
                "La dette atteint ⟦41 400⟧ milliards de dollars.",
                "The debt stands at $31.4 trillion.",
            )
        ),
    ),
    good=(
        _source(
            "La dette atteint 31 400 milliards de dollars.", "The debt stands at $31.4 trillion."
        ),
        _source(
            "Onze nouveaux élus sont attendus le 5 novembre.",
            "Eleven newcomers are expected on Nov. 5.",
        ),
    ),
    requires=REQUIRES_SOURCE,
)
def number_mismatch(ctx: Context) -> Iterator[Hit]:
    from mtaudit.text.anchors import NumberAnchor, find_numbers

    pair = _pair(ctx)
    if pair is None:
        return
    for link in _matched_links(pair):
        fr = [n for t, o in _slices(ctx.prose, link.french) for n in find_numbers(t, "fr", o)]
        src = [
            n for t, o in _slices(pair.source.prose, link.source) for n in find_numbers(t, "en", o)
        ]
        used: set[int] = set()

        def take(n: NumberAnchor, pool: list[NumberAnchor], used: set[int]) -> bool:
            for k, other in enumerate(pool):
                if k not in used and n.values & other.values:
                    used.add(k)
                    return True
            return False

        lost_fr = [n for n in fr if not n.word and not take(n, src, used)]
        fr_used: set[int] = set()
        lost_src = [
            n
            for k, n in enumerate(src)
            if k not in used and not n.word and not take(n, [x for x in fr if x.word], fr_used)
        ]
        for k, n in enumerate(lost_fr):
            if k < len(lost_src):
                s = lost_src[k]
                yield Hit(
                    n.start,
                    n.end,
                    f"Number “{n.raw}” does not match the source, which has “{s.raw}”.",
                    source_span=(s.start, s.end),
                )
            else:
                yield Hit(
                    n.start,
                    n.end,
                    f"Number “{n.raw}” is not in the source.",
                    source_span=_span(link.source),
                )
        for s in lost_src[len(lost_fr) :]:
            start, end = _span(link.french)
            yield Hit(
                start,
                end,
                f"The source number “{s.raw}” is missing from this translation.",
                source_span=(s.start, s.end),
            )


def _similar(a: str, b: str) -> bool:
    from mtaudit.text.anchors import fold

    return difflib.SequenceMatcher(None, fold(a), fold(b)).ratio() >= NAME_SIMILARITY


def _common_french(word: str) -> bool:
    from mtaudit.text.frequency import zipf as zipf_frequency

    return zipf_frequency(word.lower(), "fr") >= COMMON_FRENCH_ZIPF


@rule(
    code="A004",
    name="name-mismatch",
    category=Category.ADEQUACY,
    severity=Severity.MAJOR,
    summary="A proper name of the source is replaced by a different name in the French.",
    explanation="""A name in the source is absent from the aligned French, and in its place
    the French has a capitalised word the source does not contain: a person, place or
    organisation swapped or mangled. Names that keep their first letters or differ by a
    letter (Florida/Floride, Capitol/Capitole) count as the same name, and common French words
    (Maison Blanche, Chambre) are never taken for names, so translated institutions are not
    flagged. A name merely dropped is left to the omission check.""",
    bad=(
        Example(
            _source(
                "Le président de la Chambre, Kevin ⟦McCormick⟧, a refusé.",
                "House Speaker Kevin McCarthy refused.",
            )
        ),
    ),
    good=(
        _source(
            "Le président de la Chambre, Kevin McCarthy, a refusé.",
            "House Speaker Kevin McCarthy refused.",
        ),
        _source("Anna Paulina Luna (Floride) a refusé.", "Anna Paulina Luna of Florida refused."),
    ),
    requires=REQUIRES_SOURCE,
)
def name_mismatch(ctx: Context) -> Iterator[Hit]:
    from mtaudit.text.anchors import find_names, name_key

    pair = _pair(ctx)
    if pair is None:
        return
    # A name found anywhere in the source was moved or regrouped, not substituted.
    anywhere_in_source = {name_key(w) for w in _words(pair.source.prose) if len(w) >= 3}
    for link in _matched_links(pair):
        fr_text = " ".join(t for t, _ in _slices(ctx.prose, link.french))
        src_text = " ".join(t for t, _ in _slices(pair.source.prose, link.source))
        fr_words = {w for w in _words(fr_text) if len(w) >= 3}
        src_words = {w for w in _words(src_text) if len(w) >= 3}
        fr_keys = {name_key(w) for w in fr_words}
        src_keys = {name_key(w) for w in src_words}
        src_names = [
            n for t, o in _slices(pair.source.prose, link.source) for n in find_names(t, o)
        ]
        missing = [
            n
            for n in src_names
            if n.key not in fr_keys and not any(_similar(n.word, w) for w in fr_words)
        ]
        if not missing:
            continue
        strange = [
            n
            for t, o in _slices(ctx.prose, link.french)
            for n in find_names(t, o)
            if n.key not in src_keys
            and n.key not in anywhere_in_source
            and not any(_similar(n.word, w) for w in src_words)
            and not _common_french(n.word)
        ]
        for n in strange:
            best = max(missing, key=lambda s: _likeness(s.word, n.word))
            yield Hit(
                n.start,
                n.end,
                f"Name “{n.word}” is not in the source, which has “{best.word}” here.",
                suggestion=best.word,
                source_span=(best.start, best.end),
            )


def _likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def _words(text: str) -> list[str]:
    from mtaudit.text.anchors import WORD

    return WORD.findall(text)


@rule(
    code="A005",
    name="quotation-mismatch",
    category=Category.ADEQUACY,
    severity=Severity.MAJOR,
    summary="The source quotes someone and the French does not, or the other way round.",
    explanation="""Quotation marks say that these are someone's exact words. A translation
    that drops them turns a quotation into the writer's own claim; one that adds them puts
    words in someone's mouth. Both change what the text asserts.""",
    bad=(
        Example(
            _source(
                "⟦Le ministre a dit qu'il ne démissionnerait pas.⟧",
                "“I will not resign,” the minister said.",
            )
        ),
    ),
    good=(
        _source(
            "« Je ne démissionnerai pas », a dit le ministre.",
            "“I will not resign,” the minister said.",
        ),
    ),
    requires=REQUIRES_SOURCE,
)
def quotation_mismatch(ctx: Context) -> Iterator[Hit]:
    from mtaudit.text.anchors import has_quotation

    pair = _pair(ctx)
    if pair is None:
        return
    for link in _matched_links(pair):
        fr_quotes = any(has_quotation(ctx.prose[s.start : s.end]) for s in link.french)
        src_quotes = any(has_quotation(pair.source.prose[s.start : s.end]) for s in link.source)
        if fr_quotes == src_quotes:
            continue
        start, end = _span(link.french)
        message = (
            "The source quotes someone here; the translation has no quotation marks."
            if src_quotes
            else "The translation has quotation marks that the source does not have."
        )
        yield Hit(start, end, message, source_span=_span(link.source))


@rule(
    code="A006",
    name="negation-flip",
    category=Category.ADEQUACY,
    severity=Severity.MAJOR,
    summary="The source is negative and the French is not, or the other way round.",
    explanation="""A lost or added negation reverses the meaning of a sentence while reading
    perfectly fluently. Only clear cases are flagged: one side has a negation (not, never,
    no, without… / ne… pas, jamais, aucun, sans…) and the other has none at all, nor a word
    that is negative in itself (missing, refuse, only… / manquer, refuser, seulement…).""",
    bad=(
        Example(
            _source(
                "⟦Le ministre a confirmé sa démission.⟧",
                "The minister did not confirm his resignation.",
            )
        ),
    ),
    good=(
        _source(
            "Le ministre n'a pas confirmé sa démission.",
            "The minister did not confirm his resignation.",
        ),
        _source("Il n'y a que deux candidats.", "There are only two candidates."),
    ),
    requires=REQUIRES_SOURCE,
)
def negation_flip(ctx: Context) -> Iterator[Hit]:
    from mtaudit.text.anchors import find_negations, has_lexical_negative

    pair = _pair(ctx)
    if pair is None:
        return
    for link in _matched_links(pair):
        fr = [n for t, o in _slices(ctx.prose, link.french) for n in find_negations(t, "fr", o)]
        src = [
            n
            for t, o in _slices(pair.source.prose, link.source)
            for n in find_negations(t, "en", o)
        ]
        fr_text = " ".join(t for t, _ in _slices(ctx.prose, link.french))
        src_text = " ".join(t for t, _ in _slices(pair.source.prose, link.source))
        if src and not fr and not has_lexical_negative(fr_text, "fr"):
            start, end = _span(link.french)
            yield Hit(
                start,
                end,
                "The source is negative here; the translation is not.",
                source_span=src[0],
            )
        elif fr and not src and not has_lexical_negative(src_text, "en"):
            yield Hit(
                fr[0][0],
                fr[0][1],
                "This negation is not in the source.",
                source_span=_span(link.source),
            )


@rule(
    code="A007",
    name="backtranslation-divergence",
    category=Category.ADEQUACY,
    severity=Severity.MINOR,
    summary="The back-translation of a segment shares little with its source (low chrF).",
    explanation=f"""With back-translation available, each aligned French segment is
    translated back into English and compared with its source by chrF (Popović, 2015, "chrF:
    character n-gram F-score for automatic MT evaluation", WMT). Below {DIVERGENCE_CHRF:g}
    the two say different things: a mistranslation, a garbled sentence or a misalignment
    worth reading. Indirect evidence, hence minor.""",
    bad=(
        Example(
            _source("⟦Le chat dort sur le canapé.⟧", "Parliament rejected the budget on Tuesday.")
        ),
    ),
    good=(
        _source(
            "Le Parlement a rejeté le budget mardi.", "Parliament rejected the budget on Tuesday."
        ),
    ),
    requires=REQUIRES_SOURCE | {"backtranslation"},
)
def backtranslation_divergence(ctx: Context) -> Iterator[Hit]:
    from mtaudit.text.chrf import chrf

    pair = _pair(ctx)
    if pair is None or not pair.backtranslations:
        return
    for link in _matched_links(pair):
        texts = [pair.backtranslations.get(s.id) for s in link.french]
        if any(t is None for t in texts):
            continue
        back = " ".join(t for t in texts if t)
        score = chrf(back, pair.source_text(link.source))
        if score < DIVERGENCE_CHRF:
            start, end = _span(link.french)
            yield Hit(
                start,
                end,
                f"Back-translation diverges from the source (chrF {score:.0f}): “{_clip(back)}”.",
                source_span=_span(link.source),
            )
