"""The data that flows through the pipeline: documents, segments, findings (all immutable)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property


class Severity(str, Enum):
    """MQM severities; they compare by weight (critical > major > minor)."""

    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @property
    def sarif_level(self) -> str:
        return {"critical": "error", "major": "warning", "minor": "note"}[self.value]


_SEVERITY_RANK = {Severity.MINOR: 1, Severity.MAJOR: 2, Severity.CRITICAL: 3}


class Category(str, Enum):
    PUNCTUATION = "punctuation"
    QUOTES = "quotes"
    TYPOGRAPHY = "typography"
    CAPITALIZATION = "capitalization"
    GRAMMAR = "grammar"
    PHRASING = "phrasing"
    LEXICAL = "lexical"
    UNTRANSLATED = "untranslated"
    ENCODING = "encoding"
    ADEQUACY = "adequacy"
    FLUENCY = "fluency"


#: The family letter of a rule code → its category (the one table; ``rule()`` checks it).
FAMILIES: dict[str, Category] = {
    "Q": Category.QUOTES, "P": Category.PUNCTUATION, "T": Category.TYPOGRAPHY,
    "C": Category.CAPITALIZATION, "E": Category.ENCODING, "G": Category.GRAMMAR,
    "W": Category.PHRASING, "L": Category.LEXICAL, "U": Category.UNTRANSLATED,
    "A": Category.ADEQUACY,
}


class SegmentKind(str, Enum):
    TITLE = "title"
    HEADING = "heading"
    SENTENCE = "sentence"
    LIST_ITEM = "list_item"
    IMAGE = "image"
    BOILERPLATE = "boilerplate"


#: Segment kinds whose words are prose that rules should read.
PROSE_KINDS = frozenset(
    {SegmentKind.TITLE, SegmentKind.HEADING, SegmentKind.SENTENCE, SegmentKind.LIST_ITEM,
     SegmentKind.BOILERPLATE}
)


@dataclass(frozen=True, slots=True)
class Segment:
    """A span ``[start, end)`` of the document text: a sentence, a title, a list item…"""

    id: int
    start: int
    end: int
    kind: SegmentKind
    paragraph: int
    text: str
    language: str | None = None
    language_confidence: float | None = None


@dataclass(frozen=True)
class Document:
    """A decoded input and its segmentation.

    ``text`` is the decoded file exactly as read; every offset points into it.  ``prose`` has
    the same length, with markup (Markdown syntax, HTML tags) replaced by ``MASK`` so that
    rules never read markup as French while offsets stay valid.
    """

    path: str
    text: str
    prose: str
    format: str  # "txt" | "md" | "html"
    encoding: str
    segments: tuple[Segment, ...] = ()
    language: str | None = None
    language_confidence: float | None = None
    notes: tuple[str, ...] = field(default=())

    @cached_property
    def _line_starts(self) -> list[int]:
        # A line ends at LF, CRLF or a lone CR (old Mac files).
        starts = [0]
        starts.extend(m.end() for m in re.finditer(r"\r\n?|\n", self.text))
        return starts

    @cached_property
    def _segment_starts(self) -> list[int]:
        return [s.start for s in self.segments]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def segment_at(self, offset: int) -> Segment | None:
        """The segment containing ``offset``, or ``None`` between segments."""
        i = bisect.bisect_right(self._segment_starts, offset) - 1
        if i < 0:
            return None
        seg = self.segments[i]
        return seg if offset < seg.end else None

    def words(self) -> int:
        return sum(len(s.text.split()) for s in self.segments if s.kind in PROSE_KINDS)


MASK = "\ufffc"  # OBJECT REPLACEMENT CHARACTER: stands in for markup in ``Document.prose``


@dataclass(frozen=True, slots=True)
class Fix:
    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at ``text[start:end]``, produced by a rule."""

    rule: str
    name: str
    category: Category
    severity: Severity
    start: int
    end: int
    line: int
    column: int
    segment: int | None
    message: str
    suggestion: str | None = None
    fix: Fix | None = None
    source_span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule,
            "name": self.name,
            "category": self.category.value,
            "severity": self.severity.value,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "segment": self.segment,
            "message": self.message,
            "suggestion": self.suggestion,
            "fix": None if self.fix is None else {
                "start": self.fix.start, "end": self.fix.end,
                "replacement": self.fix.replacement},
        }
        if self.source_span is not None:
            out["source_span"] = {"start": self.source_span[0], "end": self.source_span[1]}
        return out
