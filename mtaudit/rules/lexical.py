"""False friends and anglicisms in context: French words used with an English word's meaning.

The lexicon lives in ``mtaudit/data/false_friends.toml``: one entry per sense, with the English
word it renders, a pattern, and the context words that make it wrong or right (so that
``service des réclamations`` or a ``grève`` of workers stays clean).  Matching is by regular
expression over inflected forms, so these rules run without spaCy.  Authorities: Académie
française, « Dire, ne pas dire » (anglicismes); OQLF, Banque de dépannage linguistique.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from mtaudit.core.document import Category, Segment, Severity
from mtaudit.rules.base import Context, Example, Hit, LazyPattern, lazy_re, rule
from mtaudit.text import kb

_AUTHORITY = ("Académie française, « Dire, ne pas dire »; "
              "OQLF, Banque de dépannage linguistique")
FALSE_FRIEND, ANGLICISM = "L001", "L002"


@dataclass(frozen=True)
class LexiconEntry:
    """One French form, the English word it calques, and the contexts that make it wrong."""

    id: str
    rule: str
    english: str
    keyword: str
    pattern: LazyPattern
    requires: tuple[LazyPattern, ...]
    excludes: tuple[LazyPattern, ...]
    message: str
    suggestion: str
    severity: Severity | None
    fixes: dict[str, str]
    bad: tuple[Example, ...]
    good: tuple[str, ...]

    def span_group(self, m: re.Match[str]) -> str | int:
        """The flagged group: the first ``span…`` group that took part in the match."""
        for name, value in m.groupdict().items():
            if name.startswith("span") and value is not None:
                return name
        return 0

    def applies(self, segment_prose: str) -> bool:
        if self.requires and not any(p.search(segment_prose) for p in self.requires):
            return False
        return not any(p.search(segment_prose) for p in self.excludes)


def _compile(source: str) -> LazyPattern:
    return lazy_re(source, re.IGNORECASE)


def _entry(raw: dict[str, Any]) -> LexiconEntry:
    fixes = {k.lower(): v for k, v in raw.get("fixes", {}).items()}
    bad = []
    for text in raw["bad"]:
        plain, start, end = Example(text).unmarked()
        fix = fixes.get(plain[start:end].lower()) if start >= 0 else None
        bad.append(Example(text, fix=fix))
    return LexiconEntry(
        id=raw["id"], rule=raw["rule"], english=raw["english"], keyword=raw["keyword"],
        pattern=_compile(raw["pattern"]),
        requires=tuple(_compile(p) for p in raw.get("requires", ())),
        excludes=tuple(_compile(p) for p in raw.get("excludes", ())),
        message=raw["message"], suggestion=raw["suggestion"],
        severity=Severity(raw["severity"]) if "severity" in raw else None,
        fixes=fixes, bad=tuple(bad), good=tuple(raw.get("good", ())))


@lru_cache(maxsize=1)
def lexicon() -> tuple[LexiconEntry, ...]:
    """The false-friend lexicon shipped with the package (parsed once)."""
    text = resources.files("mtaudit.data").joinpath("false_friends.toml").read_text("utf-8")
    return tuple(_entry(raw) for raw in tomllib.loads(text)["entry"])


def _entries(code: str) -> tuple[LexiconEntry, ...]:
    return tuple(e for e in lexicon() if e.rule == code)


def _with_case(replacement: str, original: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def _segments_containing(ctx: Context, lowered: str, keyword: str) -> Iterator[Segment]:
    """French prose segments whose text contains ``keyword`` (a C-speed substring search).

    ``lowered`` is the lower-cased prose view (markup left out), so offsets are view offsets.
    """
    french = {s.id for s in ctx.french_segments}
    view = ctx.view
    seen: set[int] = set()
    pos = lowered.find(keyword)
    while pos >= 0:
        seg = ctx.doc.segment_at(view.doc_start(pos))
        if seg is not None and seg.id in french and seg.id not in seen:
            seen.add(seg.id)
            yield seg
        pos = lowered.find(keyword, view.offset(seg.end) if seg is not None else pos + 1)


def lexicon_hits(ctx: Context, code: str) -> Iterator[Hit]:
    """Hits of every lexicon entry of one rule.

    Each entry's pattern runs only on the segments that contain its keyword: a substring
    search over the whole prose costs far less than a case-insensitive regex scan.  Both run
    on the prose view, so markup inside a phrase does not hide it.
    """
    view = ctx.view
    for entry in _entries(code):
        for seg in _segments_containing(ctx, view.lower, entry.keyword):
            lo, hi = view.bounds(seg)
            if not entry.applies(view.text[lo:hi]):
                continue
            for m in entry.pattern.finditer(view.text, lo, hi):
                found = m.group(entry.span_group(m))
                start, end = view.doc_span(*m.span(entry.span_group(m)))
                fix = entry.fixes.get(found.lower())
                # A fix would rewrite the markup inside the span: suggest it instead.
                safe = fix is not None and not ctx.has_mask(start, end)
                yield Hit(start, end, entry.message,
                          replacement=_with_case(fix, found) if fix and safe else None,
                          suggestion=entry.suggestion, severity=entry.severity)


@rule(
    code=FALSE_FRIEND,
    name="false-friend-in-context",
    category=Category.LEXICAL,
    severity=Severity.MAJOR,
    summary="A French word used with the meaning of a similar English word, in a context "
            "where the French meaning does not fit: `a rejeté ces réclamations` (claims), "
            "`peut-il livrer ?` (deliver), `une grève aérienne` (air strike).",
    explanation="""Machine translation picks the French word that looks like the English one:
    claims become réclamations (complaints), to deliver a deal becomes livrer (to hand goods
    over), a lockdown becomes a verrouillage, an air strike a grève. The reader gets a
    different meaning, or none. Each entry of the lexicon lists the contexts that make the
    word wrong, so the native senses (service des réclamations, livrer des chars, une grève
    des cheminots) stay clean.""",
    bad=tuple(ex for e in _entries(FALSE_FRIEND) for ex in e.bad),
    good=tuple(g for e in _entries(FALSE_FRIEND) for g in e.good),
    authority=_AUTHORITY,
)
def false_friend_in_context(ctx: Context) -> Iterator[Hit]:
    yield from lexicon_hits(ctx, FALSE_FRIEND)


@rule(
    code=ANGLICISM,
    name="anglicism-in-context",
    category=Category.LEXICAL,
    severity=Severity.MINOR,
    summary="An anglicism of meaning: a French word borrowed with its English use "
            "(`le leader ukrainien`, `réaliser que`, `initier une enquête`, "
            "`faire du sens`).",
    explanation="""These words are French, but the use is English: the Académie française
    and the OQLF recommend dirigeant for a country's leader, se rendre compte for realize,
    lancer or ouvrir for initiate, occasion for opportunity, avoir du sens for make sense.
    Native writers sometimes use them too, so most are minor; the ones that betray a
    translation (leader for a head of state, faire du sens, supporter a country) are
    major.""",
    bad=tuple(ex for e in _entries(ANGLICISM) for ex in e.bad),
    good=tuple(g for e in _entries(ANGLICISM) for g in e.good),
    fixable=True,
    authority=_AUTHORITY,
)
def anglicism_in_context(ctx: Context) -> Iterator[Hit]:
    yield from lexicon_hits(ctx, ANGLICISM)


# --- L003, L004: the calque knowledge base (mtaudit/data/calques.toml) ---------------------

CALQUE_EN, CALQUE_OTHER = "L003", "L004"
_KB_AUTHORITY = ("OQLF, Banque de dépannage linguistique and Grand dictionnaire "
                 "terminologique; Académie française, « Dire, ne pas dire »; Termium Plus; "
                 "G. Colpron, Dictionnaire des anglicismes; V. Gak, Théorie et pratique de la "
                 "traduction (russe-français) — each entry cites its own")


def _kb_tokens(ctx: Context) -> list[tuple[Segment, list[kb.Token]]]:
    """Each French segment with its knowledge-base tokens, tokenized once per document for
    every rule that matches the knowledge base (L003, L004)."""
    cached: list[tuple[Segment, list[kb.Token]]] | None = ctx.extras.get(_KB_TOKENS)
    if cached is None:
        view = ctx.view
        cached = [(seg, kb.tokenize(view.text, *view.bounds(seg)))
                  for seg in ctx.french_segments]
        ctx.extras[_KB_TOKENS] = cached
    return cached


#: ``Context.extras`` keys of ``_kb_tokens`` and of the candidates ``kb_hits`` finds.
_KB_TOKENS = "kb_tokens"
_KB_CANDIDATES = "kb_candidates"


def kb_hits(ctx: Context, codes: tuple[str, ...], use_nlp: bool | None = None) -> Iterator[Hit]:
    """Matches of the knowledge-base entries of ``codes`` in the French prose.

    Tokens are matched on their surface forms (every inflection of a lemma is generated);
    when spaCy is installed (``use_nlp`` None: whenever it is available), segments holding a
    candidate whose pattern names a part of speech are tagged, and the tags must agree.
    """
    from mtaudit.text import nlp

    view = ctx.view
    # Per document and rule: the spaCy rules run twice (``nlp.prefetch``, then for real).
    found_by_codes: dict[tuple[str, ...], list[tuple[Segment, list[kb.Token],
                                                     list[kb.Candidate]]]]
    found_by_codes = ctx.extras.setdefault(_KB_CANDIDATES, {})
    found = found_by_codes.get(codes)
    if found is None:
        found = []
        for seg, tokens in _kb_tokens(ctx):
            lo, hi = view.bounds(seg)
            cands = kb.candidates(tokens, view.text[lo:hi], codes)
            if cands:
                found.append((seg, tokens, cands))
        found_by_codes[codes] = found
    if not found:
        return
    if use_nlp is None:
        use_nlp = nlp.available()
    tagged = [seg for seg, _, cands in found if kb.needs_tags(cands)] if use_nlp else []
    docs = nlp.analyses(ctx, tagged) if tagged else {}
    hits: list[tuple[kb.KbEntry, Hit]] = []
    for seg, tokens, cands in found:
        doc = docs.get(seg.id) if use_nlp else None

        def to_analysis(i: int, at: int = seg.start) -> int:
            return view.doc_start(i) - at  # spaCy tagged the segment from its start

        tags: list[tuple[str, str] | None] = (
            kb.align_tags(doc, tokens, to_analysis)
            if doc is not None
            else [None] * len(tokens))
        for entry, first, last in kb.find(tokens, tags, cands):
            start, end = view.doc_span(tokens[first].start, tokens[last].end)
            found_text = view.text[tokens[first].start:tokens[last].end]
            hits.append((entry, Hit(start, end, entry.message(found_text),
                                    suggestion=entry.french, severity=entry.severity)))
    counts = Counter(entry.id for entry, _ in hits)
    for entry, hit in hits:
        if counts[entry.id] >= entry.min_count:  # "overuse" entries need several matches
            yield hit


def _kb_examples(code: str) -> tuple[tuple[Example, ...], tuple[str, ...]]:
    chosen = [e for e in kb.entries() if e.rule == code]
    # Overuse entries fire on their second occurrence: tests/test_calques.py runs them.
    return (tuple(Example(b) for e in chosen if e.min_count == 1 for b in e.bad),
            tuple(g for e in chosen for g in e.good))


@rule(
    code=CALQUE_EN,
    name="calque-of-english",
    category=Category.LEXICAL,
    severity=Severity.MAJOR,
    summary="A documented anglicism or calque of English, matched on lemmas so that every "
            "inflected form counts: `adresser un problème` (address), `prendre une marche`, "
            "`appliquer pour un poste`, `être en ligne avec`, `dans le but de` … — each entry "
            "of mtaudit/data/calques.toml names its source and the French it should be.",
    explanation="""The knowledge base lists anglicisms of meaning and structure that the OQLF
    (Banque de dépannage linguistique, Grand dictionnaire terminologique), the Académie
    française (« Dire, ne pas dire »), Termium and Colpron's Dictionnaire des anglicismes
    document, each with the context that makes it the calque: the lemma of the verb and of
    its object, so that « adresser une lettre » stays clean while « adresser le problème »
    is flagged. Entries that are wrong French in context are major; usages that are only
    discouraged (and that native writers also use) are minor.""",
    bad=_kb_examples(CALQUE_EN)[0],
    good=_kb_examples(CALQUE_EN)[1],
    authority=_KB_AUTHORITY,
    uses_nlp=True,
)
def calque_of_english(ctx: Context) -> Iterator[Hit]:
    yield from kb_hits(ctx, (CALQUE_EN,))


@rule(
    code=CALQUE_OTHER,
    name="calque-of-russian-or-other-source",
    category=Category.LEXICAL,
    severity=Severity.MAJOR,
    summary="A calque typical of translation from Russian (or Ukrainian, Italian …): "
            "`dans 2023`, `selon les données de`, `militants` for боевики, `l’opération "
            "militaire spéciale` misordered, `la partie ukrainienne` for Kiev.",
    explanation="""Russian news prose translated by machine keeps Russian set phrases that
    French journalism words otherwise: по данным (« selon les données de » for « selon »),
    в 2023 году (« dans l’année 2023 »), боевики (« militants » for armed fighters), украинская
    сторона (« la partie ukrainienne » for Kiev, les Ukrainiens). Each entry of
    mtaudit/data/calques.toml names its source expression and the French it should be.""",
    bad=_kb_examples(CALQUE_OTHER)[0],
    good=_kb_examples(CALQUE_OTHER)[1],
    authority=_KB_AUTHORITY,
    uses_nlp=True,
)
def calque_of_other_source(ctx: Context) -> Iterator[Hit]:
    yield from kb_hits(ctx, (CALQUE_OTHER,))
