"""Cutting long segments into pieces a translation model can take, and batching by length.

Marian models are trained on sentences and have a fixed number of positions; a segment longer
than that must be cut, and cut where a translator would cut: after a sentence end, then after
``;``/``:``, then after a comma, then between words, and only as a last resort inside a word.
Nothing is lost: the pieces, concatenated, are the segment.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

#: Cut points from the most to the least natural; each keeps its delimiter on the left piece.
_CUTS = (
    re.compile(r"(?<=[.!?…])\s+"),
    re.compile(r"(?<=[;:])\s+"),
    re.compile(r"(?<=,)\s+"),
    re.compile(r"\s+"),
)


def split_long(text: str, count: Callable[[str], int], limit: int) -> list[str]:
    """Pieces of ``text`` of at most ``limit`` units by ``count``; ``"".join`` gives ``text``."""
    if limit < 1:
        raise ValueError("limit must be positive")
    return _split(text, count, limit, 0)


def _split(text: str, count: Callable[[str], int], limit: int, level: int) -> list[str]:
    if count(text) <= limit:
        return [text]
    if level == len(_CUTS):
        return _split_chars(text, count, limit)
    parts = _cut(text, _CUTS[level])
    if len(parts) == 1:
        return _split(text, count, limit, level + 1)
    pieces: list[str] = []
    current = ""
    for part in parts:
        if current and count(current + part) > limit:
            pieces.append(current)
            current = ""
        if count(part) > limit:
            pieces.extend(_split(part, count, limit, level + 1))
        else:
            current += part
    if current:
        pieces.append(current)
    return pieces


def _cut(text: str, pattern: re.Pattern[str]) -> list[str]:
    """``text`` cut after each match of ``pattern`` (the whitespace stays on the left piece)."""
    parts, start = [], 0
    for m in pattern.finditer(text):
        if m.end() < len(text):
            parts.append(text[start:m.end()])
            start = m.end()
    parts.append(text[start:])
    return [p for p in parts if p]


def _split_chars(text: str, count: Callable[[str], int], limit: int) -> list[str]:
    """Last resort for a run without spaces: the longest prefixes that fit."""
    pieces = []
    while text:
        lo, hi = 1, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if count(text[:mid]) <= limit:
                lo = mid
            else:
                hi = mid - 1
        pieces.append(text[:lo])
        text = text[lo:]
    return pieces


def length_batches(lengths: Sequence[int], batch_size: int) -> Iterator[list[int]]:
    """Indices grouped into batches of similar length, so padding to the longest wastes little."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i], reverse=True)
    for k in range(0, len(order), batch_size):
        yield order[k:k + batch_size]
