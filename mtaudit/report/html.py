"""The self-contained HTML report: one page per document, an index page for several.

Every page is a single file (inline CSS and JS, no fonts, images or network) that works from
``file://``.  Templates live in ``mtaudit/templates``; jinja2 autoescaping is always on, so every
piece of input text (document, messages, suggestions, file names) reaches the page as text.
A Content-Security-Policy ``default-src 'none'`` backs this up: even a slip would load nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from mtaudit.core.errors import UsageError
from mtaudit.core.results import Report

SEVERITIES = ("critical", "major", "minor")  # most severe first: display and colour order
DEFAULT_DIR = Path("reports")


@dataclass
class Piece:
    """One token of the highlighted document: text, or the opening/closing of a finding mark."""

    kind: str  # "text" | "open" | "close"
    text: str = ""
    finding: int = -1  # index into the report's findings (open/close)


@dataclass
class Block:
    """A stretch of the document shown as one row: a segment, or text between segments."""

    segment: dict[str, Any] | None
    pieces: list[Piece]
    paragraph_break: bool = False
    sources: list[dict[str, Any]] = field(default_factory=list)


def highlight(text: str, start: int, end: int, spans: Sequence[tuple[int, int, int]], *,
              closed_end: bool = False) -> list[Piece]:
    """Tokens for ``text[start:end]`` with every span ``(start, end, index)`` marked in place.

    Spans may overlap or nest in any way: the text is cut at every span boundary and marks are
    kept properly nested by closing and reopening the inner ones where an outer span ends first,
    so one finding may become several ``<mark>`` fragments that share its index.  Empty spans
    (an insertion point) become an empty mark; one at ``end`` belongs to the next stretch unless
    ``closed_end`` (the end of the text).
    """
    clipped = [(max(s, start), min(e, end), i) for s, e, i in spans
               if (start < end and s < end and e > start)
               or (s == e and (start <= s < end or (closed_end and s == end)))]
    points = sorted({start, end, *(s for s, _, _ in clipped), *(e for _, e, _ in clipped)})
    starts: dict[int, list[tuple[int, int, int]]] = {}
    for span in clipped:
        starts.setdefault(span[0], []).append(span)
    ends = {i: e for _, e, i in clipped}
    pieces: list[Piece] = []
    stack: list[int] = []

    def open_mark(i: int) -> None:
        pieces.append(Piece("open", finding=i))
        stack.append(i)

    for pos, nxt in zip(points, [*points[1:], end], strict=True):
        ending = {i for i in stack if ends[i] <= pos}
        if ending:
            # Close down to the deepest ending mark, then reopen the survivors in order.
            depth = min(stack.index(i) for i in ending)
            reopen = [i for i in stack[depth:] if i not in ending]
            for i in reversed(stack[depth:]):
                pieces.append(Piece("close", finding=i))
            del stack[depth:]
            for i in reopen:
                open_mark(i)
        # Longer spans open first so that they enclose the shorter ones starting here.
        for s, e, i in sorted(starts.get(pos, ()), key=lambda sp: (-sp[1], sp[2])):
            if s == e:
                pieces.append(Piece("open", finding=i))
                pieces.append(Piece("close", finding=i))
            else:
                open_mark(i)
        if nxt > pos:
            pieces.append(Piece("text", text=text[pos:nxt]))
    for i in reversed(stack):
        pieces.append(Piece("close", finding=i))
    return pieces


def _source_segments(data: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """Source segments by id, from wherever the alignment stage put them."""
    source = data.get("source") or {}
    for candidate in (source.get("segments"), source.get("source_segments"),
                      data.get("source_segments")):
        if isinstance(candidate, list):
            return {int(s["id"]): s for s in candidate if isinstance(s, dict) and "id" in s}
    return {}


def _source_excerpt(finding: dict[str, Any], sources: dict[int, dict[str, Any]]) -> str | None:
    """The source text under an adequacy finding's ``source_span``, when one segment holds it."""
    span = finding.get("source_span")
    if not span:
        return None
    for seg in sources.values():
        if seg.get("start", 0) <= span["start"] and span["end"] <= seg.get("end", -1):
            offset = seg["start"]
            return str(seg.get("text", ""))[span["start"] - offset:span["end"] - offset]
    return None


class _SpanSweep:
    """Finding spans overlapping successive stretches of the text, in one pass.

    Stretches must come in increasing order; each query costs the number of spans it returns
    plus those it retires, so a whole document is cut in O(n log n) however many findings.
    """

    def __init__(self, spans: Sequence[tuple[int, int, int]]) -> None:
        self._pending = sorted(spans, reverse=True)  # pop() yields the next span by start
        self._active: list[tuple[int, int, int]] = []

    def within(self, start: int, end: int, closed_end: bool = False) -> list[tuple[int, int, int]]:
        while self._pending and (self._pending[-1][0] < end
                                 or (closed_end and self._pending[-1][0] == end)):
            self._active.append(self._pending.pop())
        self._active = [sp for sp in self._active if sp[1] > start or sp[0] == sp[1] >= start]
        return [sp for sp in self._active
                if (start < end and sp[0] < end and sp[1] > start)
                or (sp[0] == sp[1] and (start <= sp[0] < end or (closed_end and sp[0] == end)))]


def _blocks(report: Report, data: dict[str, Any]) -> list[Block]:
    """The document cut into rows: each segment, and any text between segments worth showing
    (non-blank or flagged), so that every finding lands in some row."""
    text = report.document.text
    sweep = _SpanSweep([(f["start"], f["end"], i) for i, f in enumerate(data["findings"])])
    sources = _source_segments(data)
    blocks: list[Block] = []
    cursor = 0
    for seg in data["segments"]:
        start = max(cursor, seg["start"])
        gap = text[cursor:start]
        spans = sweep.within(cursor, start)
        if gap.strip() or spans:
            blocks.append(Block(None, highlight(text, cursor, start, spans),
                                paragraph_break="\n" in gap))
            gap = ""
        ids = seg.get("source_ids") or []
        blocks.append(Block(seg, highlight(text, start, seg["end"],
                                           sweep.within(start, seg["end"])),
                            paragraph_break="\n" in gap,
                            sources=[sources.get(i, {"id": i, "text": None}) for i in ids]))
        cursor = max(cursor, seg["end"])
    spans = sweep.within(cursor, len(text), closed_end=True)
    if text[cursor:].strip() or spans:
        blocks.append(Block(None, highlight(text, cursor, len(text), spans,
                                            closed_end=True),
                            paragraph_break="\n" in text[cursor:]))
    return blocks


def _chart(counts: dict[str, int]) -> list[dict[str, Any]]:
    top = max(counts.values(), default=0) or 1
    return [{"label": k, "count": n, "width": round(100 * n / top, 1)} for k, n in counts.items()]


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("mtaudit", "templates"), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True)


@cache
def _asset(name: str) -> Markup:
    """An inline stylesheet or script, trusted because it ships with the package."""
    return Markup(resources.files("mtaudit").joinpath("templates", name).read_text("utf-8"))


def _common() -> dict[str, Any]:
    return {"css": _asset("report.css"), "js": _asset("report.js"), "severities": SEVERITIES}


def render_html(report: Report, *, index_href: str | None = None) -> str:
    """The report page of one document (a function of the finished report)."""
    data = report.to_dict()
    findings = data["findings"]
    sources = _source_segments(data)
    finding_rows = [[f["rule"], f["severity"], f["line"], f["column"], f["message"],
                     f["suggestion"], f["segment"], _source_excerpt(f, sources)]
                    for f in findings]
    rule_table = {f["rule"]: [f["name"], f["category"]] for f in findings}
    has_bt = any(s.get("backtranslation") for s in data["segments"])
    severity_counts = {s: data["summary"]["findings"].get(s, 0) for s in SEVERITIES}
    has_source = bool(sources) or any(s.get("source_ids") for s in data["segments"])
    return _environment().get_template("report.html.j2").render(
        r=data, findings=findings, blocks=_blocks(report, data), finding_rows=finding_rows,
        rule_table=rule_table, has_bt=has_bt, has_source=has_source,
        severity_counts=severity_counts, severity_chart=_chart(severity_counts),
        category_chart=_chart(data["summary"]["categories"]), index_href=index_href,
        **_common())


def render_index(entries: Sequence[tuple[Report, str]]) -> str:
    """The index page: one row per document, linking its report page (``href``)."""
    rows = []
    for report, href in entries:
        data = report.to_dict()
        rows.append({"file": data["file"], "href": href, "verdict": data["verdict"],
                     "quality": data["quality"], "counts": data["summary"]["findings"],
                     "gate": data["gate"]})
    signature = entries[0][0].signature if entries else {}
    return _environment().get_template("index.html.j2").render(
        rows=rows, signature=signature, **_common())


def _stem(path: str) -> str:
    name = "stdin" if path in ("-", "<stdin>") else Path(path).stem
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "report"


def default_output(reports: Sequence[Report]) -> Path:
    """``reports/<stem>.html`` for one document, ``reports/index.html`` for several."""
    if len(reports) == 1:
        return DEFAULT_DIR / f"{_stem(reports[0].document.path)}.html"
    return DEFAULT_DIR / "index.html"


def _write(path: Path, content: str) -> None:
    from mtaudit.core.fsio import atomic_write_text

    atomic_write_text(path, content, make_parents=True)


def write_html(reports: Sequence[Report], output_path: str | None = None) -> str:
    """Write the HTML report(s); return the path of the page to open.

    One document: one page at ``output_path``.  Several: an index page at ``output_path`` and
    one page per document in a folder beside it named after the index (``index/…html``).
    """
    if output_path == "-":
        raise UsageError("--format html writes files: give -o a file path, not -")
    out = Path(output_path) if output_path else default_output(reports)
    if len(reports) == 1:
        _write(out, render_html(reports[0]))
        return str(out)
    folder = out.with_suffix("")
    used: set[str] = set()
    entries = []
    for report in reports:
        stem = base = _stem(report.document.path)
        n = 1
        while stem.lower() in used:
            n += 1
            stem = f"{base}-{n}"
        used.add(stem.lower())
        href = f"{folder.name}/{stem}.html"
        _write(folder / f"{stem}.html", render_html(report, index_href=f"../{out.name}"))
        entries.append((report, href))
    _write(out, render_index(entries))
    return str(out)
