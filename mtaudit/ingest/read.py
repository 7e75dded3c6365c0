"""Read inputs (.txt, .md, .html, stdin) into text plus a same-length prose view.

The decoded text is never rewritten: Markdown syntax and HTML markup are only *masked* in a
copy (``prose``) so that every offset a rule reports points into the original text.
"""

from __future__ import annotations

import bisect
import errno
import html
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from mtaudit.core.document import MASK, Fix
from mtaudit.core.errors import UsageError
from mtaudit.core.fsio import display

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


def discover(paths: list[str], *, follow_symlinks: bool = False,
             problems: list[str] | None = None, notes: list[str] | None = None) -> list[str]:
    """Expand directories recursively into the text files they hold (sorted, no hidden files).

    A symbolic link inside a directory is followed only when its target stays inside that
    directory, unless ``follow_symlinks``; a link that leaves the tree is skipped with a note.
    An unreadable directory, a broken or looping link is a problem, never a silent skip: each
    goes to ``problems`` as a one-line message (or raises ``UsageError`` when ``problems`` is
    ``None``); links not followed go to ``notes``.  Paths named explicitly are used as given.
    """
    out: list[str] = []
    errors: list[str] = [] if problems is None else problems
    for p in paths:
        if p == "-":
            out.append(p)
            continue
        if os.path.isdir(p):
            found, skipped = _walk(p, follow_symlinks, errors, notes)
            if not found and not errors:
                if skipped:
                    raise UsageError(f"{display(p)}: no .txt, .md or .html files found in this "
                                     "directory (symbolic links leaving it are not followed; "
                                     "--follow-symlinks)")
                raise UsageError(f"{display(p)}: no .txt, .md or .html files found in this "
                                 "directory")
            out.extend(found)
        else:
            out.append(p)
    if problems is None and errors:
        raise UsageError(errors[0])
    return out


def _link_problem(path: str) -> str | None:
    """Why a symbolic link cannot be read (looping, broken), or ``None``."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{display(path)}: symbolic link loop (the link points back to itself)"
        if exc.errno == errno.ENOENT:
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            return f"{display(path)}: broken symbolic link (points to {display(target)})"
        return f"{display(path)}: cannot read ({exc.strerror or exc})"
    return None


def _walk(root: str, follow: bool, errors: list[str],
          notes: list[str] | None) -> tuple[list[str], int]:
    """Text files under ``root`` and the number of links skipped because they leave it."""
    real_root = os.path.realpath(root)
    found: list[str] = []
    skipped = 0
    seen_dirs = {real_root}
    stack = [root]
    while stack:
        d = stack.pop()
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            errors.append(f"{display(d)}: cannot read directory ({exc.strerror or exc})")
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            try:
                is_link = e.is_symlink()
                if is_link:
                    problem = _link_problem(e.path)
                    if problem:
                        if e.name.rsplit(".", 1)[-1].lower() in _TEXT_EXT or \
                                not os.path.splitext(e.name)[1]:
                            errors.append(problem)
                        continue
                    real = os.path.realpath(e.path)
                    inside = real == real_root or real.startswith(real_root + os.sep)
                    if not follow and not inside:
                        skipped += 1
                        if notes is not None:
                            notes.append(f"{display(e.path)}: symbolic link to "
                                         f"{display(real)} outside the tree, not followed "
                                         "(--follow-symlinks to follow it)")
                        continue
                is_dir = e.is_dir()  # follows links: only those allowed above
                if is_dir:
                    if is_link and not follow:
                        continue  # a link to a directory inside the tree: reached directly
                    real = os.path.realpath(e.path)
                    if real in seen_dirs:
                        continue
                    seen_dirs.add(real)
                    stack.append(e.path)
                elif os.path.splitext(e.name)[1].lower() in TEXT_SUFFIXES and e.is_file():
                    found.append(e.path)
            except OSError as exc:
                errors.append(f"{display(e.path)}: cannot read ({exc.strerror or exc})")
    found.sort()
    return found, skipped


_TEXT_EXT = {s.lstrip(".") for s in TEXT_SUFFIXES}


def read_source(path: str, *, fmt: str | None = None) -> Source:
    """Read and decode one input; raise ``UsageError`` with a one-line reason on bad input."""
    return source_from_bytes(read_bytes(path), path, fmt=fmt)


def read_bytes(path: str) -> bytes:
    """The raw bytes of a file (``-``: stdin), or a ``UsageError`` saying why not."""
    if path == "-":
        return sys.stdin.buffer.read()
    name = display(path)
    if os.path.islink(path) and (problem := _link_problem(path)):
        raise UsageError(problem)
    if not os.path.exists(path):
        raise UsageError(f"{name}: no such file or directory")
    if os.path.isdir(path):
        raise UsageError(f"{name}: is a directory")
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise UsageError(f"{name}: cannot read ({exc.strerror or exc})") from None


def source_from_bytes(data: bytes, path: str, *, fmt: str | None = None) -> Source:
    """Decode and mask the bytes read from ``path``."""
    name = "<stdin>" if path == "-" else display(path)
    text, encoding, notes = decode(data, name)
    if not text.strip():
        raise UsageError(f"{name}: file is empty")
    if fmt is None:
        fmt = TEXT_SUFFIXES.get(Path(path).suffix.lower(), "txt") if path != "-" else "txt"
        if fmt == "txt" and looks_like_html(text):
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


def looks_like_html(text: str) -> bool:
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


_LONE_CR = re.compile(r"\r(?!\n)")


def mask(text: str, fmt: str) -> str:
    """The same-length prose view of ``text`` for its format (txt, md or html).

    A carriage return that is not followed by a line feed (old Mac line endings) ends a line:
    it becomes a line feed in the prose view, so that paragraphs split there too.
    """
    masker = {"md": mask_markdown, "html": mask_html}.get(fmt, mask_plain)
    if "\r" in text:
        text = _LONE_CR.sub("\n", text)
    return masker(text)


def mask_plain(text: str) -> str:
    """Plain text: only URLs and e-mail addresses are masked (they are not French prose)."""
    spans = sorted([*(m.span() for m in _URL.finditer(text)),
                    *(m.span() for m in _EMAIL.finditer(text))])
    if not spans:
        return text  # no copy: a big file costs its text once, not a list of characters
    out: list[str] = []
    pos = 0
    for start, end in spans:
        start = max(start, pos)
        if end <= start:
            continue
        out.append(text[pos:start])
        out.append(_NOT_NEWLINE.sub(MASK, text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


_NOT_NEWLINE = re.compile(r"[^\n]")


_MD_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_MD_FENCE_CLOSE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t\r]*")
_MD_INDENTED = re.compile(r"(?: {4}| {0,3}\t)")
_MD_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_MD_HTML_CODE = re.compile(r"<(pre|code|kbd|samp|script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_INLINE_CODE = frozenset({"code", "kbd", "samp"})
_MD_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"(\[)((?:[^\]\\\n]|\\.)*)(\]\([^)\n]*\)|\]\[[^\]\n]*\])")
_MD_REFDEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*\S.*$", re.M)
_MD_CODE = re.compile(r"(`+)[^`\n]*?\1(?!`)")
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
    spans: list[tuple[int, int]] = markdown_code_blocks(text)
    inline: list[tuple[int, int]] = []
    for m in _MD_HTML_CODE.finditer(text):
        (inline if m.group(1).lower() in _INLINE_CODE else spans).append(m.span())
    n_blocks = len(spans)
    for rx in (_MD_IMAGE, _MD_REFDEF, _MD_AUTOLINK, _MD_TAG, _MD_RULE,
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
    blocks = sorted(spans[:n_blocks])
    block_starts = [b[0] for b in blocks]
    for start, end in inline:
        i = bisect.bisect_right(block_starts, start) - 1
        if i < 0 or start >= blocks[i][1]:  # not inside a code block
            _mask_code(chars, start, end)
    for m in _MD_CODE.finditer(text):
        if chars[m.start()] != MASK:
            _mask_code(chars, m.start(), m.end())
    return "".join(chars)


#: Stands for a piece of inline code in the prose view (``ls -la``, <code>…</code>): unlike
#: ``MASK``, which rules read through as if absent, it is a token, so the prose around it reads
#: ``Tapez \ue000 puis validez`` and no rule sees "Tapez puis".  A private-use character: no
#: rule pattern matches it, and ``fix`` never applies a fix whose span covers it.
CODE = "\ue000"


def touches_code(prose: str, fx: Fix) -> bool:
    """Fixes never rewrite code: a span over masked markup or inline code is left alone."""
    covered = prose[fx.start:fx.end]
    return MASK in covered or CODE in covered


def _mask_code(chars: list[str], start: int, end: int) -> None:
    """Mask inline code, leaving one ``CODE`` stand-in where it starts."""
    _mask_spans(chars, [(start, end)])
    chars[start] = CODE


def markdown_code_blocks(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks (an unclosed fence runs to the end of the document, as in
    CommonMark) and indented code blocks (four spaces or a tab after a blank line, outside a
    list item)."""
    spans: list[tuple[int, int]] = []
    fence: tuple[str, int, int] | None = None  # character, length, start offset
    prev_blank = True
    in_code = in_list = False
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line = text[pos:end]
        if fence is not None:
            m = _MD_FENCE_CLOSE.fullmatch(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= fence[1]:
                spans.append((fence[2], end))
                fence = None
                prev_blank = True
        else:
            m = _MD_FENCE_OPEN.fullmatch(line)
            blank = not line.strip()
            if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
                fence = (m.group(1)[0], len(m.group(1)), pos)
                in_code = False
            elif not blank and _MD_INDENTED.match(line) and (prev_blank or in_code) \
                    and not in_list:
                spans.append((pos, end))
                in_code = True
            elif not blank:
                in_code = False
                if not _MD_INDENTED.match(line):
                    in_list = bool(_MD_LIST_ITEM.match(line))
            prev_blank = blank
        pos = end + 1
    if fence is not None:
        spans.append((fence[2], n))
    return spans


_HTML_HIDDEN = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template|svg|head|pre|code|kbd|samp)\b.*?</\1\s*>"
    r"|<!\[CDATA\[.*?\]\]>"
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
        tag = (m.group(1) or "").lower()
        if tag in _INLINE_CODE:
            _mask_code(chars, *m.span())
        else:
            _mask_spans(chars, [m.span()])
        if tag == "pre":  # a block: what surrounds it is not one line
            chars[m.start()] = chars[m.end() - 1] = "\n"
    if title:  # the page title is visible (in the tab) and usually the headline
        for i in range(title.start(1), title.end(1)):
            chars[i] = text[i]
        chars[title.start(1) - 1] = "\n"
        chars[title.end(1)] = "\n"
    for m in _HTML_TAG.finditer(text):
        if chars[m.start()] in (MASK, CODE):
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
