"""Split a document into titles, headings, list items and sentences, as offsets.

French-aware: a quotation in guillemets that a sentence continues after (``« … » a-t-il
dit.``, ``« … », a déclaré X``) is never cut; abbreviations (M., Mme, p. ex., etc.) and
initials do not end sentences.  Segmentation reads ``prose`` and never rewrites the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtaudit.core.document import MASK, Segment, SegmentKind

_UPPER = "A-ZÀ-ÖØ-ÞŒ"
#: A run of sentence-final punctuation is matched from its first character only, and the
#: spaces after it possessively: both keep the scan linear on long runs of dots or spaces.
_BOUNDARY = re.compile(
    rf"(?<![.!?…])([.!?…]+)((?:[\s\u00a0\u202f]*[»”\"’)\]])*)([\s\u00a0\u202f]++)"
    rf"(?=[«“\"(\[—–-]?[\s\u00a0\u202f]*[{_UPPER}0-9])"
)
#: Abbreviations after which a period does not end a sentence (lower-cased, without the dot).
_ABBREVIATIONS = frozenset(
    """m mm mme mmes mlle mlles dr pr me mgr st ste sts ste vve cf p pp ex éd ed coll vol chap
    art al fig av apr env n no nº n° tél fax janv févr fév avr juil sept oct nov déc lun mar mer
    jeu ven sam dim jr sr inc corp ltd co gén col cdt cne lt sgt adj mr mrs ms prof min
    cie ets bd av réf resp hab km etc.-""".split()
)
_BOILERPLATE = re.compile(
    r"^\W*(?:en savoir plus|lire (?:aussi|également|la suite|plus)|à lire (?:aussi|également)"
    r"|voir aussi|sur le même sujet|publicité|partager(?: cet article| sur \w+)?|read more"
    r"|abonnez-vous|suivez-nous|crédits? photo|source ?:|related|also read|newsletter)\b.{0,80}$",
    re.I,
)
_LIST_MARKER = re.compile(r"^\s*(?:[-*+•▪◦]|\d{1,3}[.)])\s+\S")
_IMAGE_LINE = re.compile(r"^\s*(?:\[?!\[[^\]]*\]\([^)]*\)\]?(?:\([^)]*\))?\s*)+$")
_TERMINAL = re.compile(r"[.!?…:;][\s»”\"’)\]\u00a0\u202f]*$")
_WORD = re.compile(r"\w+")


def segment(text: str, prose: str | None = None, fmt: str = "txt") -> list[Segment]:
    """Segment a document; ``prose`` defaults to ``text`` (plain text has no markup)."""
    if prose is None:
        prose = text
    segments: list[Segment] = []
    paragraph = 0
    first_line = True
    for line_start, line_end in paragraphs(prose):
        start, end = _trim(prose, line_start, line_end)
        raw_line = text[line_start:line_end]
        if start >= end:
            if _IMAGE_LINE.match(raw_line) and raw_line.strip():
                s, e = _trim(text, line_start, line_end)
                segments.append(_make(text, prose, fmt, len(segments) + 1, s, e,
                                      SegmentKind.IMAGE, paragraph + 1))
                paragraph += 1
            continue
        paragraph += 1
        line = prose[start:end]
        kind: SegmentKind | None = None
        if _IMAGE_LINE.match(raw_line):
            kind = SegmentKind.IMAGE
        elif fmt == "md" and re.match(r"^ {0,3}#{1,6}\s", raw_line):
            kind = SegmentKind.TITLE if first_line else SegmentKind.HEADING
        elif _BOILERPLATE.match(line):
            kind = SegmentKind.BOILERPLATE
        elif _LIST_MARKER.match(raw_line):
            kind = SegmentKind.LIST_ITEM
        elif not _TERMINAL.search(line) and len(_WORD.findall(line)) <= 40:
            kind = SegmentKind.TITLE if first_line else SegmentKind.HEADING
        elif first_line and len(_WORD.findall(line)) <= 20 and not line.endswith("."):
            kind = SegmentKind.TITLE
        first_line = False
        if kind is SegmentKind.IMAGE:
            s, e = _trim(text, line_start, line_end)
            segments.append(_make(text, prose, fmt, len(segments) + 1, s, e, kind, paragraph))
            continue
        if kind is not None:
            segments.append(_make(text, prose, fmt, len(segments) + 1, start, end, kind,
                                  paragraph))
            continue
        for s, e in split_sentences(prose, start, end):
            segments.append(_make(text, prose, fmt, len(segments) + 1, s, e,
                                  SegmentKind.SENTENCE, paragraph))
    return segments


def split_sentences(prose: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans inside the paragraph ``prose[start:end]``."""
    para = prose[start:end]
    protected = _protected_positions(len(para), _embedded_quotes(para))
    cut = 0
    for m in _BOUNDARY.finditer(para):
        pos = m.start(1)
        if protected[pos]:
            continue
        if m.group(1) == "." and _is_abbreviation(para, pos):
            continue
        sent_end = m.end(2)
        s, e = _trim(prose, start + cut, start + sent_end)
        if s < e:
            yield s, e
        cut = m.end(3)
    s, e = _trim(prose, start + cut, end)
    if s < e:
        yield s, e


def _embedded_quotes(para: str) -> list[tuple[int, int]]:
    """Matched guillemet/quote pairs that the sentence continues after (no cut inside)."""
    pairs: list[tuple[int, int]] = []
    for opener, closer in (("«", "»"), ("“", "”")):
        stack: list[int] = []
        for i, ch in enumerate(para):
            if ch == opener:
                stack.append(i)
            elif ch == closer and stack:
                o = stack.pop()
                after = para[i + 1:i + 4].lstrip(" \u00a0\u202f" + MASK)
                if not after or not (after[0].isupper() or after[0] in "«“\"—–"):
                    pairs.append((o, i))
    return pairs


def _protected_positions(n: int, pairs: list[tuple[int, int]]) -> bytearray:
    """``out[i]`` is true when position ``i`` lies strictly inside one of the ``pairs``
    (a difference array: linear in the paragraph, whatever the number of quotations)."""
    depth = [0] * (n + 1)
    for o, c in pairs:
        if c > o + 1:
            depth[o + 1] += 1
            depth[c] -= 1
    out = bytearray(n + 1)
    running = 0
    for i in range(n + 1):
        running += depth[i]
        out[i] = running > 0
    return out


#: How far back from a full stop the abbreviation test looks.  Abbreviations, initials and
#: dotted acronyms are short; a bounded look-behind keeps segmentation linear in the length of
#: a paragraph (searching the whole paragraph before each full stop made it quadratic).
ABBREVIATION_LOOKBEHIND = 40
_WORD_BEFORE_DOT = re.compile(r"[\w.-]+\Z")


def _is_abbreviation(para: str, dot: int) -> bool:
    m = _WORD_BEFORE_DOT.search(para, max(0, dot - ABBREVIATION_LOOKBEHIND), dot)
    if not m:
        return False
    word = m.group()
    last = word.rsplit(".", 1)[-1] if "." in word else word
    if len(last) == 1 and last.isalpha() and last.isupper():
        return True  # an initial: "J. K. Rowling", "Donald J. Trump"
    if "." in word and re.fullmatch(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}", word):
        return True  # "p. ex.", "J.-C.", "U.S."
    return last.lower() in _ABBREVIATIONS and last.lower() != "etc"


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: lines, or blank-line separated blocks when the text is hard-wrapped."""
    lines = list(_lines(text))
    if _hard_wrapped(text, lines):
        blocks: list[tuple[int, int]] = []
        start: int | None = None
        end = 0
        for s, e in lines:
            if text[s:e].strip(_SPACE):
                if start is None:
                    start = s
                end = e
            elif start is not None:
                blocks.append((start, end))
                start = None
        if start is not None:
            blocks.append((start, end))
        return blocks
    return lines


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Text wrapped at a fixed width (e-books, mail): most lines run on into the next one."""
    full = [(s, e) for s, e in lines if text[s:e].strip(_SPACE)]
    if len(full) < 6 or len(full) == len(lines):
        return False
    run_on = sum(1 for s, e in full if 40 <= e - s <= 100 and not _TERMINAL.search(text[s:e]))
    return run_on >= 0.5 * len(full)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        yield pos, nl
        pos = nl + 1


_SPACE = " \t\r\u00a0\u202f\u2009\u200b\ufeff\ue000" + MASK  # U+E000: inline code


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start] in _SPACE):
        start += 1
    while end > start and (text[end - 1] in _SPACE):
        end -= 1
    return start, end


def _make(text: str, prose: str, fmt: str, sid: int, start: int, end: int, kind: SegmentKind,
          paragraph: int) -> Segment:
    seg_text = text[start:end] if fmt == "txt" or kind is SegmentKind.IMAGE else \
        re.sub(f"{MASK}+", "", prose[start:end])
    return Segment(id=sid, start=start, end=end, kind=kind, paragraph=paragraph, text=seg_text)
