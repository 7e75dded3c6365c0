"""The MT-likelihood verdict: a shipped logistic regression over ``features``.

MT likelihood: ``mtaudit/data/detector.json`` holds a sign-constrained logistic regression
trained at development time by ``bench/train_detector.py`` (feature list, standardisation,
coefficients with Platt calibration folded in, intercept, threshold 0.5, ``uncertain_band``,
out-of-fold evaluation).  The score is a calibrated probability; inside the band the verdict's
``label`` is ``uncertain``.  The runtime evaluates it with plain arithmetic, so no training
library is imported here.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from mtaudit.core.document import Document, Finding
from mtaudit.core.results import Backtranslation, Verdict
from mtaudit.detect import features

if TYPE_CHECKING:
    from mtaudit.rules.base import Context


# --- the MT-likelihood detector --------------------------------------------------------------


@dataclass(frozen=True)
class Detector:
    """A logistic regression over standardised features, as shipped in detector.json."""

    version: str
    names: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    coefs: tuple[float, ...]
    intercept: float
    threshold: float
    human_means: tuple[float, ...]
    specs: tuple[features.FeatureSpec, ...]
    uncertain_band: tuple[float, float] | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Detector:
        feats = data["features"]
        names = tuple(f["name"] for f in feats)
        families = [n.split(":", 1)[1] for n in names if n.startswith("family:")]
        by_name = {s.name: s for s in features.all_specs(families)}
        unknown = [n for n in names if n not in by_name]
        if unknown:
            raise ValueError(f"detector uses unknown features: {', '.join(unknown)}")
        return cls(
            version=str(data["version"]), names=names,
            means=tuple(float(f["mean"]) for f in feats),
            scales=tuple(float(f["scale"]) for f in feats),
            coefs=tuple(float(f["coef"]) for f in feats),
            intercept=float(data["intercept"]), threshold=float(data["threshold"]),
            human_means=tuple(float(f.get("human_mean", f["mean"])) for f in feats),
            specs=tuple(by_name[n] for n in names),
            uncertain_band=(float(data["uncertain_band"][0]), float(data["uncertain_band"][1]))
            if data.get("uncertain_band") else None,
        )

    def contributions(self, values: dict[str, float]) -> list[float]:
        """Each feature's term in the logit; a missing feature sits at the mean (0)."""
        return [c * (values[n] - m) / s if n in values else 0.0
                for n, m, s, c in zip(self.names, self.means, self.scales, self.coefs,
                                      strict=True)]

    def logit(self, values: dict[str, float]) -> float:
        return self.intercept + sum(self.contributions(values))

    def probability(self, values: dict[str, float]) -> float:
        return _sigmoid(self.logit(values))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


#: Weight of the document's logit in a segment's, and the most it may add or take: a mild
#: prior (at most 0.88 or 0.12 on its own), so that the segment's own evidence moves it — with
#: the document's full logit as the prior every sentence of a clear MT document scored 1.00.
SEGMENT_DOCUMENT_WEIGHT = 0.5
SEGMENT_PRIOR_CAP = 2.0


def segment_logit(doc_logit: float, counts: features.DocumentCounts,
                  specs: Sequence[features.FeatureSpec], position: int,
                  coefs: Sequence[float], scales: Sequence[float],
                  natives: Sequence[float]) -> float | None:
    """A segment's MT logit: ``SEGMENT_DOCUMENT_WEIGHT`` × the document's logit (capped at
    ± ``SEGMENT_PRIOR_CAP``) plus the segment's own evidence — each feature's coefficient
    times how far the segment's counts exceed native text of its length
    (``features.segment_excess``).  It ranks the sentences of a document by what they
    contribute to its verdict; None for non-prose segments."""
    z = max(-SEGMENT_PRIOR_CAP, min(SEGMENT_PRIOR_CAP, SEGMENT_DOCUMENT_WEIGHT * doc_logit))
    for spec, coef, scale, native in zip(specs, coefs, scales, natives, strict=True):
        excess = features.segment_excess(counts, spec, position, native)
        if excess is None:
            return None
        z += coef * excess / scale
    return z


@lru_cache(maxsize=1)
def detector() -> Detector:
    """The shipped detector (read once)."""
    text = resources.files("mtaudit").joinpath("data/detector.json").read_text("utf-8")
    return Detector.from_dict(json.loads(text))


#: At most this many evidence lines, each contributing at least MIN_EVIDENCE to the logit.
MAX_EVIDENCE = 4
MIN_EVIDENCE = 0.15


def verdict(doc: Document, findings: Sequence[Finding], bt: Backtranslation | None = None,
            ctx: Context | None = None) -> tuple[Verdict, list[float | None]]:
    """Document verdict with its evidence, and an MT score for every prose segment.

    With the rules' ``ctx`` the part-of-speech features are computed from spaCy
    (``features.pos_analyses``, reusing the grammar rules' parses); without it, or without
    spaCy, they sit at their training mean.
    """
    det = detector()
    parses = features.pos_analyses(ctx) if ctx is not None and _uses(det, "pos") else None
    counts = features.count(doc, findings, bt, parses, frequencies=_uses(det, "freq"))
    values = features.document_features(counts, det.specs)
    score = det.probability(values)
    doc_logit = det.logit(values)
    seg_scores: list[float | None] = []
    for i in range(len(doc.segments)):
        z = segment_logit(doc_logit, counts, det.specs, i, det.coefs, det.scales,
                          det.human_means)
        seg_scores.append(None if z is None else round(_sigmoid(z), 3))
    evidence = _evidence(det, values, findings, counts.document)
    return Verdict(machine_translated=score >= det.threshold, score=round(score, 4),
                   threshold=det.threshold, evidence=tuple(evidence),
                   model=f"logistic-regression {det.version}",
                   uncertain_band=det.uncertain_band), seg_scores


def _uses(det: Detector, group: str) -> bool:
    return any(features.group_of(n) == group for n in det.names)


def _evidence(det: Detector, values: dict[str, float], findings: Sequence[Finding],
              doc_counts: dict[str, float]) -> list[str]:
    """Plain-words lines for the features that pushed the score up the most."""
    ranked = sorted(zip(det.contributions(values), range(len(det.names)), strict=True),
                    reverse=True)
    lines: list[str] = []
    described: set[str] = set()
    for contribution, i in ranked:
        if contribution < MIN_EVIDENCE or len(lines) >= MAX_EVIDENCE:
            break
        name = det.names[i]
        kind, _, key = name.partition(":")
        if kind in ("findings", "category", "family"):
            group = [f for f in findings if features.counts_as_evidence(f)
                     and f.rule not in described and (
                         kind == "findings"
                         or (f.category.value if kind == "category" else f.rule[0]) == key)]
            if not group:
                continue
            by_rule = Counter((f.rule, f.name) for f in group).most_common(2)
            described.update(rule for (rule, _), _ in by_rule)
            lines.append("; ".join(f"{n} finding{'s' if n > 1 else ''} of {nm.replace('-', ' ')}"
                                   for (_, nm), n in by_rule))
        elif name == "lex:translationese_markers":
            n = int(doc_counts.get("translationese", 0))
            lines.append(f"{n} stock rendering{'s' if n != 1 else ''} of English "
                         "(« a déclaré », « tandis que », « plus tôt »…)")
        else:
            spec = det.specs[i]
            shown, typical = values[name], det.human_means[i]
            if spec.log:
                shown, typical = math.expm1(shown), math.expm1(typical)
            lines.append(f"{spec.label}: {shown:.2f} (native training texts: {typical:.2f})")
    return lines
