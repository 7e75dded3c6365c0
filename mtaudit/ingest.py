"""Read inputs (.txt, .md, .html, stdin) into text plus a same-length prose view.

The decoded text is never rewritten: Markdown syntax and HTML markup are only *masked* in a
copy (``prose``) so that every offset a rule reports points into the original text.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from mtaudit.errors import UsageError
from mtaudit.model import MASK

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
                 ".html": "html", ".htm": "html", ".xhtml": "html"}


@dataclass(frozen=True)
class Source:
    path: str
    text: str
    prose: str
    format: str
    encoding: str
    notes: tuple[str, ...] = ()


def discover(paths: list[str]) -> list[str]:
    """Expand directories recursively into the text files they hold (sorted, no hidden files)."""
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(
                str(f) for f in path.rglob("*")
                if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(path).parts)
            )
            if not found:
                raise UsageError(f"{p}: no .txt, .md or .html files found in this directory")
            out.extend(found)
        else:
            out.append(p)
    return out


def read_source(path: str, *, fmt: str | None = None) -> Source:
    """Read and decode one input; raise ``UsageError`` with a one-line reason on bad input."""
    if path == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        p = Path(path)
        if not p.exists():
            raise UsageError(f"{path}: no such file or directory")
        if p.is_dir():
            raise UsageError(f"{path}: is a directory")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise UsageError(f"{path}: cannot read ({exc.strerror or exc})") from None
        name = path
    text, encoding, notes = decode(data, name)
    if not text.strip():
        raise UsageError(f"{name}: file is empty")
    if fmt is None:
        fmt = TEXT_SUFFIXES.get(Path(path).suffix.lower(), "txt") if path != "-" else "txt"
        if fmt == "txt" and _looks_like_html(text):
            fmt = "html"
    return Source(name, text, mask(text, fmt), fmt, encoding, tuple(notes))


def decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Decode bytes: UTF-8 (BOM dropped) or a detected legacy encoding; refuse binary data."""
    notes: list[str] = []
    if not data:
        raise UsageError(f"{name}: file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16"
        try:
            return data.decode(enc), enc, ["decoded as UTF-16 (byte order mark)"]
        except UnicodeDecodeError:
            raise UsageError(f"{name}: invalid UTF-16 text") from None
    if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > 0.05:
        raise UsageError(f"{name}: binary file, not text (expected UTF-8 .txt, .md or .html)")
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8"), "utf-8-sig", notes
        return data.decode("utf-8"), "utf-8", notes
    except UnicodeDecodeError:
        pass
    # French legacy files are overwhelmingly Windows-1252/Latin-1; charset detectors guess
    # Baltic or Central European code pages on short French texts, so try it first.
    try:
        text = data.decode("cp1252")
        if all(c.isascii() or c in _FRENCH_NON_ASCII for c in text):
            notes.append("not UTF-8: decoded as cp1252 (detected); offsets are into that text")
            return text, "cp1252", notes
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UsageError(f"{name}: not UTF-8 and no text encoding could be detected")
    text = str(best)
    notes.append(f"not UTF-8: decoded as {best.encoding} (detected); offsets are into that text")
    return text, best.encoding, notes


_FRENCH_NON_ASCII = frozenset("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»’‘“”–—…€°\u00a0§²³·×")


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(sample)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


# --- masking -------------------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]«»\"]+[^\s<>()\[\]«»\".,;:!?’']")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def _mask_spans(chars: list[str], spans: list[tuple[int, int]]) -> None:
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = MASK


def mask(text: str, fmt: str) -> str:
    """The same-length prose view of ``text`` for its format (txt, md or html)."""
    masker = {"md": mask_markdown, "html": mask_html}.get(fmt, mask_plain)
    return masker(text)


def mask_plain(text: str) -> str:
    """Plain text: only URLs and e-mail addresses are masked (they are not French prose)."""
    chars = list(text)
    _mask_spans(chars, [m.span() for m in _URL.finditer(text)])
    _mask_spans(chars, [m.span() for m in _EMAIL.finditer(text)])
    return "".join(chars)


_MD_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
_MD_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"(\[)((?:[^\]\\\n]|\\.)*)(\]\([^)\n]*\)|\]\[[^\]\n]*\])")
_MD_REFDEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*\S.*$", re.M)
_MD_CODE = re.compile(r"`+[^`\n]*`+")
_MD_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>\n]*>")
_MD_TAG = re.compile(r"</?[a-zA-Z][^>\n]*>")
_MD_LINE_PREFIX = re.compile(
    r"^(?: {0,3}>\s?)*(?: {0,3}(?:#{1,6}\s+|[-*+]\s+|\d{1,3}[.)]\s+))?", re.M)
_MD_HEADING_TAIL = re.compile(r"\s+#+\s*$", re.M)
_MD_EMPHASIS = re.compile(r"(?<![\w*_])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*_])")
_MD_RULE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$", re.M)


def mask_markdown(text: str) -> str:
    """Markdown: mask syntax (headings, list markers, emphasis, links, images, code, HTML)."""
    chars = list(mask_plain(text))
    spans: list[tuple[int, int]] = []
    for rx in (_MD_FENCE, _MD_IMAGE, _MD_REFDEF, _MD_CODE, _MD_AUTOLINK, _MD_TAG, _MD_RULE,
               _MD_HEADING_TAIL):
        spans.extend(m.span() for m in rx.finditer(text))
    spans.extend(m.span() for m in _MD_LINE_PREFIX.finditer(text) if m.end() > m.start())
    for m in _MD_LINK.finditer(text):
        spans.append(m.span(1))
        spans.append(m.span(3))
    for m in _MD_EMPHASIS.finditer(text):
        spans.append((m.start(1), m.end(1)))
        spans.append((m.end(2), m.end()))
    _mask_spans(chars, spans)
    return "".join(chars)


_HTML_HIDDEN = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template|svg|head)\b.*?</\1\s*>|<!\[CDATA\[.*?\]\]>"
    r"|<![^>]*>|<\?.*?\?>",
    re.S | re.I,
)
_HTML_TAG = re.compile(r"</?([a-zA-Z][\w:-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_HTML_BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table td th tr ul title caption".split()
)
_HTML_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def mask_html(text: str) -> str:
    """HTML: keep visible text only; block tags become line breaks, entities decoded in place."""
    chars = list(mask_plain(text))
    title = re.search(r"<title[^>]*>(.*?)</title\s*>", text, re.S | re.I)
    for m in _HTML_HIDDEN.finditer(text):
        _mask_spans(chars, [m.span()])
    if title:  # the page title is visible (in the tab) and usually the headline
        for i in range(title.start(1), title.end(1)):
            chars[i] = text[i]
        chars[title.start(1) - 1] = "\n"
        chars[title.end(1)] = "\n"
    for m in _HTML_TAG.finditer(text):
        if chars[m.start()] == MASK:
            continue
        _mask_spans(chars, [m.span()])
        if m.group(1).lower() in _HTML_BLOCK:
            chars[m.start()] = "\n"
    for m in _HTML_ENTITY.finditer(text):
        if chars[m.start()] == MASK:
            continue
        decoded = html.unescape(m.group())
        if len(decoded) == 1:
            _mask_spans(chars, [m.span()])
            chars[m.start()] = decoded
    return "".join(chars)


def source_from_text(text: str, *, path: str = "<text>", fmt: str = "txt") -> Source:
    """A ``Source`` for text already in memory (tests, the API, rule examples)."""
    return Source(path, text, mask(text, fmt), fmt, "utf-8")
