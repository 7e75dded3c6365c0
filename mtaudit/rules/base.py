"""Rule metadata, the registry, and the context rules read.

A rule is one function plus its metadata; ``@rule(...)`` registers it.  Every rule documents
what it flags and why, and carries ``bad`` examples (the flagged span between ``⟦`` and ``⟧``
and, for fixable rules, the expected replacement) and ``good`` examples that must not fire.
One parametrized test runs every example of every rule.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from mtaudit.core.document import FAMILIES, MASK, PROSE_KINDS, Category, Document, Segment, Severity

# Rule modules import these from here (re-exported; they live in ``text`` for the kb).
from mtaudit.text.patterns import LazyPattern as LazyPattern
from mtaudit.text.patterns import Pattern
from mtaudit.text.patterns import lazy_re as lazy_re

if TYPE_CHECKING:
    from mtaudit.core.config import Config

MARK_OPEN, MARK_CLOSE = "⟦", "⟧"


_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


class ProseView:
    """The prose with masked characters left out, and the way back to document offsets.

    ``Context.finditer`` matches on this view, so that markup inside a phrase (an ``<em>``,
    ``**``, ``&nbsp;``) does not hide it.  Rules that scan or slice the prose themselves do the
    same: they work on ``text`` between ``bounds(segment)`` and turn their spans back into
    document offsets with ``doc_span``.  Without masked characters the view is the prose itself
    and every mapping is the identity.
    """

    def __init__(self, text: str, positions: list[int] | None, source: str) -> None:
        self.text = text
        self._positions = positions  # document offset of each view character, then len(prose)
        self._source = source

    @property
    def is_identity(self) -> bool:
        return self._positions is None

    @cached_property
    def lower(self) -> str:
        """``text`` lower-cased character by character, so that offsets stay the same."""
        lowered = self.text.lower()
        if len(lowered) != len(self.text):  # a few letters lower-case to two characters
            lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in self.text)
        return lowered

    def offset(self, doc_offset: int) -> int:
        """The view offset of the first kept character at or after ``doc_offset``."""
        if self._positions is None:
            return doc_offset
        return bisect.bisect_left(self._positions, doc_offset)

    def bounds(self, seg: Segment) -> tuple[int, int]:
        """The view span of a segment's kept characters."""
        return self.offset(seg.start), self.offset(seg.end)

    def doc_start(self, start: int) -> int:
        return start if self._positions is None else self._positions[start]

    def doc_end(self, start: int, end: int) -> int:
        """The document end of the view span ``[start, end)``."""
        if self._positions is None:
            return end
        if end == start:
            return self._positions[start]
        last = self._positions[end - 1]
        # An HTML entity's character stands at its `&`: the span ends after the whole entity.
        entity = _ENTITY.match(self._source, last) if self._source[last] == "&" else None
        return entity.end() if entity else last + 1

    def doc_span(self, start: int, end: int) -> tuple[int, int]:
        """The document span of the view span ``[start, end)``, markup inside included."""
        return self.doc_start(start), self.doc_end(start, end)


class _MappedMatch:
    """A match on the unmasked view whose offsets are document offsets (``Context.finditer``)."""

    __slots__ = ("_m", "_view")

    def __init__(self, m: re.Match[str], view: ProseView) -> None:
        self._m = m
        self._view = view

    def start(self, group: int | str = 0) -> int:
        s = self._m.start(group)
        return s if s < 0 else self._view.doc_start(s)

    def end(self, group: int | str = 0) -> int:
        s, e = self._m.span(group)
        return e if e < 0 else self._view.doc_end(s, e)

    def span(self, group: int | str = 0) -> tuple[int, int]:
        return self.start(group), self.end(group)

    def group(self, *groups: int | str) -> Any:
        return self._m.group(*groups)

    def groupdict(self) -> dict[str, Any]:
        return self._m.groupdict()


_CODE = re.compile(r"^[A-Z]\d{3}$")


@dataclass(frozen=True)
class Example:
    """A French example. In ``bad`` examples the expected span is marked ``⟦…⟧``."""

    text: str
    fix: str | None = None  # expected replacement of the marked span (fixable rules)

    def unmarked(self) -> tuple[str, int, int]:
        """The text without markers, and the ``[start, end)`` of the marked span."""
        start = self.text.find(MARK_OPEN)
        end = self.text.find(MARK_CLOSE)
        if start < 0 or end < start:
            return self.text, -1, -1
        plain = self.text.replace(MARK_OPEN, "", 1).replace(MARK_CLOSE, "", 1)
        return plain, start, end - 1


@dataclass(frozen=True)
class Hit:
    """What a rule function yields: a span, a message and, optionally, a fix or suggestion."""

    start: int
    end: int
    message: str
    replacement: str | None = None  # a safe automatic fix for ``text[start:end]``
    suggestion: str | None = None  # shown to the user when no automatic fix is safe
    severity: Severity | None = None  # overrides the rule's default for this hit
    source_span: tuple[int, int] | None = None
    #: For a house-style note standing for several occurrences (``rules.housestyle``): every
    #: occurrence, each with its own message and fix, reported one by one when the document
    #: reads as machine-translated.
    occurrences: tuple[Hit, ...] = ()


CheckFn = Callable[["Context"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: Category
    severity: Severity
    summary: str
    explanation: str
    bad: tuple[Example, ...]
    good: tuple[str, ...]
    check: CheckFn
    fixable: bool = False
    requires: frozenset[str] = frozenset()  # e.g. {"nlp"}: needs spaCy
    authority: str = ""
    default_enabled: bool = True  # opt-in rules run only when selected explicitly
    uses_nlp: bool = False  # tags with spaCy when it is there, runs without it otherwise

    @property
    def tags(self) -> bool:
        """Whether the rule may ask spaCy for analyses (required or optional)."""
        return self.uses_nlp or "nlp" in self.requires

    @property
    def family(self) -> str:
        return self.code[0]

    def doc(self) -> str:
        """The rule page, as ``mtaudit rules CODE`` prints it."""
        lines = [f"{self.code} {self.name}", "",
                 f"Category: {self.category.value} · default severity: {self.severity.value}"
                 + (" · fixable" if self.fixable else "")
                 + ("" if self.default_enabled else " · opt-in (run it with --select)"), "",
                 "## What it flags", self.summary, "", "## Why it matters", self.explanation]
        if self.authority:
            lines += ["", f"Authority: {self.authority}"]
        lines += ["", "## Bad"]
        for ex in self.bad:
            lines.append(f"  {ex.text}" + (f"   →   {ex.fix}" if ex.fix is not None else ""))
        lines += ["", "## Good"]
        lines += [f"  {g}" for g in self.good]
        return "\n".join(lines)


REGISTRY: dict[str, Rule] = {}


def rule(
    *,
    code: str,
    name: str,
    category: Category,
    severity: Severity,
    summary: str,
    explanation: str,
    bad: Iterable[Example],
    good: Iterable[str],
    fixable: bool = False,
    requires: Iterable[str] = (),
    authority: str = "",
    default_enabled: bool = True,
    uses_nlp: bool = False,
) -> Callable[[CheckFn], CheckFn]:
    """Register a rule function under a stable code."""

    def register(fn: CheckFn) -> CheckFn:
        if not _CODE.match(code):
            raise ValueError(f"rule code {code!r} is not a family letter plus three digits")
        if code in REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        if FAMILIES.get(code[0]) is not category:
            raise ValueError(f"rule {code}: family {code[0]} is not category {category.value}")
        REGISTRY[code] = Rule(code, name, category, severity, summary.strip(),
                              " ".join(explanation.split()), tuple(bad), tuple(good), fn,
                              fixable, frozenset(requires), authority, default_enabled,
                              uses_nlp)
        return fn

    return register


# --- what rules read ---------------------------------------------------------------------


@dataclass
class Context:
    """Everything a rule may read about one document, computed once and shared."""

    doc: Document
    config: Config | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def prose(self) -> str:
        return self.doc.prose

    @cached_property
    def prose_segments(self) -> list[Segment]:
        """Segments that are French prose (not images; not flagged as another language)."""
        return [s for s in self.doc.segments if s.kind in PROSE_KINDS]

    @cached_property
    def french_segments(self) -> list[Segment]:
        """Prose segments not identified as another language."""
        return [s for s in self.prose_segments
                if s.language in (None, "fr") or (s.language_confidence or 0) < 0.9]

    def finditer(self, pattern: Pattern,
                 segments: Iterable[Segment] | None = None) -> Iterator[re.Match[str]]:
        """Matches of ``pattern`` in the prose of the given segments (default: French prose).

        The pattern runs once over the whole prose and only matches lying inside one of the
        segments are kept, so ``m.start()`` and ``m.end()`` are document offsets and
        lookbehind sees the real context.
        """
        segs = self.french_segments if segments is None else list(segments)
        if not segs:
            return
        starts = [s.start for s in segs]
        ends = [s.end for s in segs]
        view = self.view
        if view.is_identity:
            for m in pattern.finditer(self.prose, starts[0], ends[-1]):
                i = bisect.bisect_right(starts, m.start()) - 1
                if i >= 0 and m.end() <= ends[i] and (m.start() < ends[i]
                                                      or m.start() == m.end()):
                    yield m
            return
        # Markup inside the prose (HTML entities and tags, Markdown syntax): match on the text
        # with the masked characters left out, so `non,&nbsp;&raquo;` reads `non, »`, and map
        # every offset back to the document.
        for cm in pattern.finditer(view.text, view.offset(starts[0]), view.offset(ends[-1])):
            mm = _MappedMatch(cm, view)
            i = bisect.bisect_right(starts, mm.start()) - 1
            if i >= 0 and mm.end() <= ends[i] and (mm.start() < ends[i]
                                                   or mm.start() == mm.end()):
                # Rules read a match's start/end/span/group only, which _MappedMatch provides.
                yield mm  # type: ignore[misc]

    @cached_property
    def view(self) -> ProseView:
        """The prose without masked characters (see ``ProseView``)."""
        prose = self.prose
        if MASK not in prose:
            return ProseView(prose, None, self.text)
        positions = [i for i, ch in enumerate(prose) if ch != MASK]
        positions.append(len(prose))
        return ProseView("".join(prose[i] for i in positions[:-1]), positions, self.text)

    @cached_property
    def words(self) -> frozenset[str]:
        """The project word list (names that are not errors), lower-cased."""
        return frozenset(w.lower() for w in (self.config.words if self.config else ()))

    def has_mask(self, start: int, end: int) -> bool:
        return MASK in self.prose[start:end]
