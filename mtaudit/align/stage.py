"""The align stage: segment the source, link its segments with the French ones, describe the
links.  It runs no rules: the pipeline (``mtaudit.stages.align``) runs the adequacy family over
the ``AlignedPair`` it builds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mtaudit.align.aligner import Unit, align_units
from mtaudit.core.document import Document, Finding, Segment, SegmentKind
from mtaudit.ingest.read import Source, read_source
from mtaudit.ingest.segment import segment

if TYPE_CHECKING:
    from mtaudit.core.config import Config
    from mtaudit.core.results import Backtranslation


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
    """Align ``doc`` with a decoded source (``findings`` stays empty: the pipeline runs the
    adequacy rules over ``pair``, see ``mtaudit.stages.align``)."""
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
    return Alignment(source_ids, info, [], pair)


def align_with_source(
    doc: Document, source_path: str, bt: Backtranslation | None, config: Config | None = None
) -> Alignment:
    """The align stage on a source file: read it, segment it, align."""
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
