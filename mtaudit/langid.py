"""Language identification with langdetect, made deterministic (fixed seed).

Document language decides whether the French rules apply; per-segment language makes
English (or other) passages inside French copy visible.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from mtaudit.model import MASK, PROSE_KINDS, Segment

#: Segments with fewer letters than this are too short to identify reliably.
MIN_SEGMENT_LETTERS = 40
_NOT_LETTERS = re.compile(r"[\W\d_]+")


@lru_cache(maxsize=1)
def _factory() -> Any:
    from langdetect import DetectorFactory
    from langdetect.detector_factory import init_factory

    DetectorFactory.seed = 0
    init_factory()
    from langdetect import detector_factory

    return detector_factory._factory


def detect(text: str) -> tuple[str | None, float]:
    """Most probable language code and its probability; ``(None, 0.0)`` when undecidable."""
    text = text.replace(MASK, " ")
    if len(_NOT_LETTERS.sub("", text)) < 3:
        return None, 0.0
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(text)
    try:
        probs = detector.get_probabilities()
    except LangDetectException:
        return None, 0.0
    if not probs:
        return None, 0.0
    best = probs[0]
    return str(best.lang), round(float(best.prob), 4)


# Fast path: langdetect costs milliseconds a call, and almost every segment of French copy is
# unmistakably French.  A segment with at least two distinct French function words and no
# English ones is labelled French without the call.  On the dev corpus this agrees with every
# confident langdetect answer it replaces (tests/test_langid.py), and it is *more* reliable on
# short segments: langdetect reads « Trump ne trahit pas Ukraine – Pentagone Chef – RT World
# News » as English with p = 1.0.  Everything else goes to langdetect.
_FRENCH_FUNCTION = frozenset(
    "le la les des du de et est une un que qui dans pour pas sur au aux avec il elle ils "
    "ont sont été cette ces ne se sa son ses leur plus par mais comme nous vous lors "
    "après avant selon entre".split())
_ENGLISH_FUNCTION = frozenset(
    "the and of to is was were with that for on by from this these are has have been "
    "which will would their they he she it at as an or but not be".split())
_TOKEN = re.compile(r"[^\W\d_]+")
FAST_PATH_MIN_FRENCH = 2


def _function_words(text: str) -> tuple[int, int]:
    """Distinct French function words and English function-word tokens in ``text``."""
    words = [w.lower() for w in _TOKEN.findall(text)]
    french = {w for w in words if w in _FRENCH_FUNCTION}
    english = sum(1 for w in words if w in _ENGLISH_FUNCTION)
    return len(french), english


def obviously_french(text: str) -> bool:
    french, english = _function_words(text)
    return french >= FAST_PATH_MIN_FRENCH and english == 0


def label_segments(segments: list[Segment]) -> list[Segment]:
    """Attach a language to every prose segment long enough to be identified."""
    out = []
    for seg in segments:
        if seg.kind in PROSE_KINDS and len(_NOT_LETTERS.sub("", seg.text)) >= MIN_SEGMENT_LETTERS:
            if obviously_french(seg.text):
                seg = replace(seg, language="fr", language_confidence=None)
            else:
                lang, conf = detect(seg.text)
                seg = replace(seg, language=lang, language_confidence=conf)
        out.append(seg)
    return out
