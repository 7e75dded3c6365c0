"""MQM-style quality of a checked document.

MQM quality: the weights of the MQM practice used in the WMT human evaluations (Freitag et
al., 2021, "Experts, Errors, and Context: A Large-Scale Study of Human Evaluation for Machine
Translation", TACL 9, §3.3 and Table 2): minor 1, major 5, minor punctuation (fluency) 0.1
since it does not change meaning, and non-translation 25.  Critical is weighted 10 here (the
MQM-DQF convention; Freitag et al. fold it into major).  Untranslated findings weigh twice
their severity, and at most 25 per segment — the weight Freitag et al. give a segment left
untranslated.  Typography is scored on its own (``typography_penalty_per_1000_words``) and
is not part of ``mqm_penalty_per_1000_words``, so that web layout conventions cannot dominate
the meaning-quality figure.
"""

from __future__ import annotations

from collections.abc import Sequence

from mtaudit.core.document import Category, Document, Finding, Severity
from mtaudit.core.results import Quality
from mtaudit.detect import features

WEIGHTS = {Severity.MINOR: 1.0, Severity.MAJOR: 5.0, Severity.CRITICAL: 10.0}
#: Minor punctuation and quotation marks: Freitag et al.'s "Fluency/Punctuation" weight.
MINOR_FORM_WEIGHT = 0.1
FORM_CATEGORIES = features.FORM_CATEGORIES
UNTRANSLATED_FACTOR = 2.0
#: Freitag et al.'s weight for a non-translated segment: the ceiling for one segment.
UNTRANSLATED_SEGMENT_CAP = 25.0
#: Default pass/fail thresholds, per 1,000 words (see README, "MT detector and MQM score").
DEFAULT_MAX_MQM_PENALTY = 30.0
DEFAULT_MAX_TYPOGRAPHY_PENALTY = 5.0


def finding_weight(f: Finding) -> float:
    """MQM penalty points of one finding."""
    if f.severity is Severity.MINOR and f.category in FORM_CATEGORIES:
        return MINOR_FORM_WEIGHT
    if f.category is Category.UNTRANSLATED:
        return WEIGHTS[f.severity] * UNTRANSLATED_FACTOR
    return WEIGHTS[f.severity]


def quality(doc: Document, findings: Sequence[Finding],
            max_penalty: float | None = None) -> Quality:
    """MQM penalty per 1,000 words (meaning and fluency) and, apart, typography."""
    words = max(doc.words(), 1)
    meaning = 0.0
    typography = 0.0
    untranslated: dict[int | None, float] = {}
    for f in findings:
        w = finding_weight(f)
        if f.category is Category.TYPOGRAPHY:
            typography += w
        elif f.category is Category.UNTRANSLATED:
            untranslated[f.segment] = untranslated.get(f.segment, 0.0) + w
        else:
            meaning += w
    meaning += sum(min(w, UNTRANSLATED_SEGMENT_CAP) if seg is not None else w
                   for seg, w in untranslated.items())
    penalty = meaning * 1000 / words
    typo = typography * 1000 / words
    threshold = DEFAULT_MAX_MQM_PENALTY if max_penalty is None else max_penalty
    return Quality(
        mqm_penalty_per_1000_words=round(penalty, 2),
        words=doc.words(),
        typography_penalty_per_1000_words=round(typo, 2),
        max_penalty_per_1000_words=threshold,
        passed=penalty <= threshold,
        typography_passed=typo <= DEFAULT_MAX_TYPOGRAPHY_PENALTY,
    )
