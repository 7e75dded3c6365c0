"""Scores: MQM-style quality (penalty per 1,000 words) and the MT-likelihood verdict.

MQM weights follow the practice of the WMT human evaluations (Freitag et al., 2021,
"Experts, Errors, and Context", TACL 9): minor 1, major 5, critical 10, and minor
punctuation 0.1 because it does not change meaning.  Typography is reported separately so
that it cannot dominate the meaning-quality figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from mtaudit.model import Category, Document, Finding, Severity
from mtaudit.report import Backtranslation, Quality, Verdict

WEIGHTS = {Severity.MINOR: 1.0, Severity.MAJOR: 5.0, Severity.CRITICAL: 10.0}
FORM_CATEGORIES = frozenset({Category.PUNCTUATION, Category.TYPOGRAPHY, Category.QUOTES})
MINOR_FORM_WEIGHT = 0.1


def finding_weight(f: Finding) -> float:
    if f.severity is Severity.MINOR and f.category in FORM_CATEGORIES:
        return MINOR_FORM_WEIGHT
    return WEIGHTS[f.severity]


def quality(doc: Document, findings: Sequence[Finding]) -> Quality:
    words = max(doc.words(), 1)
    meaning = sum(finding_weight(f) for f in findings if f.category not in FORM_CATEGORIES)
    form = sum(finding_weight(f) for f in findings if f.category in FORM_CATEGORIES)
    return Quality(
        mqm_penalty_per_1000_words=round((meaning + form) * 1000 / words, 2),
        words=doc.words(),
        typography_penalty_per_1000_words=round(form * 1000 / words, 2),
    )


THRESHOLD = 0.5


def verdict(doc: Document, findings: Sequence[Finding],
            bt: Backtranslation | None = None) -> tuple[Verdict, list[float | None]]:
    """A transparent interim detector: density of major+ findings per 100 words."""
    words = max(doc.words(), 1)
    weighted = sum(1.0 if f.severity is not Severity.MINOR else 0.0 for f in findings)
    score = 1 - math.exp(-weighted * 100 / words / 0.6)
    by_segment: dict[int, int] = {}
    for f in findings:
        if f.segment is not None and f.severity is not Severity.MINOR:
            by_segment[f.segment] = by_segment.get(f.segment, 0) + 1
    seg_scores: list[float | None] = [
        round(1 - math.exp(-by_segment.get(s.id, 0)), 3) for s in doc.segments
    ]
    evidence = _evidence(findings)
    return Verdict(score >= THRESHOLD, round(score, 4), THRESHOLD, tuple(evidence)), seg_scores


def _evidence(findings: Sequence[Finding]) -> list[str]:
    counts: dict[str, int] = {}
    for f in findings:
        if f.severity is not Severity.MINOR:
            counts[f.name] = counts.get(f.name, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])[:4]
    return [f"{n} × {name}" for name, n in ranked]
