"""The finished audit of one document: what every reporter reads (JSON is its canonical form)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from mtaudit.core.document import Document, Finding, Severity
from mtaudit.core.version import __version__

SCHEMA = "mtaudit.report/1"


@dataclass(frozen=True)
class Verdict:
    machine_translated: bool
    score: float
    threshold: float
    evidence: tuple[str, ...] = ()
    model: str = "heuristic"
    #: Calibrated scores in [lo, hi) are ``uncertain``; None: no band (two labels only).
    uncertain_band: tuple[float, float] | None = None

    @property
    def label(self) -> str:
        """``machine_translated``, ``uncertain`` (score inside the band) or ``native``."""
        band = self.uncertain_band
        if band is not None and band[0] <= self.score < band[1]:
            return "uncertain"
        return "machine_translated" if self.machine_translated else "native"


@dataclass(frozen=True)
class Quality:
    mqm_penalty_per_1000_words: float
    words: int
    typography_penalty_per_1000_words: float = 0.0
    max_penalty_per_1000_words: float | None = None  # the pass/fail threshold applied
    passed: bool | None = None  # mqm_penalty_per_1000_words <= max_penalty_per_1000_words
    typography_passed: bool | None = None  # typography judged on its own threshold


@dataclass(frozen=True)
class Backtranslation:
    """What the back-translation stage did for this document."""

    status: str  # "ok" | "unavailable" | "disabled"
    model: str | None = None
    reason: str | None = None
    translations: tuple[str | None, ...] | None = None  # one per segment, by position
    roundtrip_chrf: tuple[float | None, ...] | None = None
    roundtrip_model: str | None = None
    cached: int = 0
    translated: int = 0


@dataclass(frozen=True)
class Gate:
    passed: bool
    reasons: tuple[str, ...]
    fail_on: str


@dataclass(frozen=True)
class Report:
    document: Document
    findings: tuple[Finding, ...]
    verdict: Verdict
    quality: Quality
    backtranslation: Backtranslation
    gate: Gate
    segment_mt_scores: tuple[float | None, ...] = ()
    source_ids: tuple[tuple[int, ...] | None, ...] | None = None
    source: dict[str, Any] | None = None  # source file, its segments (alignment stage)
    signature: dict[str, Any] = field(default_factory=dict)
    skipped_rules: tuple[str, ...] = ()  # selected, but their extra (spaCy) is not installed

    @property
    def severity_counts(self) -> dict[str, int]:
        counts = Counter(f.severity.value for f in self.findings)
        return {s.value: counts.get(s.value, 0) for s in reversed(list(Severity))}

    @property
    def category_counts(self) -> dict[str, int]:
        return dict(Counter(f.category.value for f in self.findings).most_common())

    def to_dict(self) -> dict[str, Any]:
        doc = self.document
        bt = self.backtranslation
        segments = []
        for i, seg in enumerate(doc.segments):
            segments.append({
                "id": seg.id,
                "start": seg.start,
                "end": seg.end,
                "kind": seg.kind.value,
                "text": seg.text,
                "language": seg.language,
                "backtranslation": bt.translations[i] if bt.translations else None,
                "roundtrip_chrf": bt.roundtrip_chrf[i] if bt.roundtrip_chrf else None,
                "mt_score": self.segment_mt_scores[i] if self.segment_mt_scores else None,
                "source_ids": list(ids) if self.source_ids and (ids := self.source_ids[i])
                is not None else None,
            })
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "file": doc.path,
            "format": doc.format,
            "encoding": doc.encoding,
            "language": {"code": doc.language, "confidence": doc.language_confidence},
            "verdict": {
                "machine_translated": self.verdict.machine_translated,
                "score": round(self.verdict.score, 4),
                "threshold": self.verdict.threshold,
                "label": self.verdict.label,
                "uncertain_band": list(self.verdict.uncertain_band)
                if self.verdict.uncertain_band else None,
                "evidence": list(self.verdict.evidence),
            },
            "quality": {
                "mqm_penalty_per_1000_words": round(self.quality.mqm_penalty_per_1000_words, 2),
                "typography_penalty_per_1000_words":
                    round(self.quality.typography_penalty_per_1000_words, 2),
                "words": self.quality.words,
                "max_penalty_per_1000_words": self.quality.max_penalty_per_1000_words,
                "passed": self.quality.passed,
                "typography_passed": self.quality.typography_passed,
            },
            "backtranslation": {"status": bt.status, "model": bt.model, "reason": bt.reason,
                                "roundtrip_model": bt.roundtrip_model},
            "segments": segments,
            "findings": [f.to_dict() for f in self.findings],
            "summary": {
                "segments": len(doc.segments),
                "findings": self.severity_counts,
                "categories": self.category_counts,
            },
            "gate": {"passed": self.gate.passed, "reasons": list(self.gate.reasons),
                     "fail_on": self.gate.fail_on},
            "notes": list(doc.notes) + ([
                f"{len(self.skipped_rules)} rules skipped ({', '.join(self.skipped_rules)}): "
                "they need spaCy; pip install 'mtaudit[nlp]'"] if self.skipped_rules else []),
            "signature": self.signature,
        }
        if self.source is not None:
            out["source"] = self.source
            out["source_segments"] = self.source.get("segments")
        return out


def signature(config: Any, rule_codes: list[str], bt: Backtranslation,
              verdict: Verdict) -> dict[str, Any]:
    """Every setting that changes the result, so two reports can be compared honestly."""
    return {
        "mtaudit": __version__,
        "rules": f"{len(rule_codes)} rules",
        "rule_codes": rule_codes,
        "translator": config.translator,
        "model": bt.model if bt.status == "ok" else None,
        "detector": verdict.model,
        "threshold": verdict.threshold,
        "fail_on": config.fail_on,
        "max_mt_score": config.max_mt_score,
        "uncertain": config.uncertain,
        "mqm_weights": ("minor 1, major 5, critical 10; minor punctuation/quotes/typography 0.1; "
                        "untranslated x2, <=25 per segment; typography scored separately "
                        "(Freitag et al. 2021, TACL 9)"),
    }
