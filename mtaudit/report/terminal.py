"""The rich terminal report: a summary panel, then findings grouped by segment, in context."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mtaudit.core.document import Category, Finding, Segment
from mtaudit.core.results import Report
from mtaudit.core.textsafe import printable as _p

SEVERITY_STYLE = {"critical": "bold white on red", "major": "bold red", "minor": "yellow"}
VERDICT_TEXT = {"machine_translated": ("MACHINE-TRANSLATED", "bold red"),
                "uncertain": ("UNCERTAIN (MT or native)", "bold yellow"),
                "native": ("not machine-translated", "bold green")}
SPAN_STYLE = {"critical": "bold reverse red", "major": "bold reverse red",
              "minor": "reverse yellow"}


def summary_panel(rep: Report) -> Panel:
    v = rep.verdict
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    label = Text(*VERDICT_TEXT[v.label])
    band = f"; uncertain {v.uncertain_band[0]:.2f}–{v.uncertain_band[1]:.2f}" \
        if v.uncertain_band else ""
    label.append(f"  score {v.score:.2f} (threshold {v.threshold:.2f}{band})", style="")
    table.add_row("Verdict", label)
    if v.evidence:
        table.add_row("Evidence", Text(_p("; ".join(v.evidence))))
    lang = rep.document.language or "?"
    conf = rep.document.language_confidence or 0.0
    table.add_row("Language", Text(f"{lang} ({conf:.2f})"))
    foreign = [(sg.id, sg.language) for sg in rep.document.segments
               if sg.language not in (None, "fr") and (sg.language_confidence or 0) >= 0.9]
    if foreign:
        listed = ", ".join(f"{sid} ({code})" for sid, code in foreign[:8])
        more = f" and {len(foreign) - 8} more" if len(foreign) > 8 else ""
        table.add_row("Not French",
                      Text(f"segment{'s' if len(foreign) > 1 else ''} {listed}{more}"))
    q = rep.quality
    table.add_row("Quality", f"MQM penalty {q.mqm_penalty_per_1000_words:.1f} per 1,000 words "
                  f"({q.words} words; typography {q.typography_penalty_per_1000_words:.1f})")
    counts = rep.severity_counts
    sev = Text()
    for i, (name, n) in enumerate(counts.items()):
        if i:
            sev.append(" · ")
        sev.append(f"{n} {name}", style=SEVERITY_STYLE[name] if n else "dim")
    table.add_row("Findings", sev)
    if rep.category_counts:
        table.add_row("By category", " · ".join(f"{c} {n}" for c, n in rep.category_counts.items()))
    bt = rep.backtranslation
    bt_line = bt.status + (f" ({bt.model})" if bt.model and bt.status == "ok" else "")
    if bt.reason:
        bt_line += f": {bt.reason}"
    table.add_row("Back-translation", Text(_p(bt_line)))
    for note in rep.document.notes:
        table.add_row("Note", Text(_p(note)))
    g = rep.gate
    gate = Text("PASSED", style="bold green") if g.passed else \
        Text("FAILED", style="bold red").append(": " + "; ".join(g.reasons), style="")
    table.add_row("Gate", gate)
    return Panel(table, title=Text(_p(rep.document.path), style="bold"), title_align="left")


def _context_line(text: str, start: int, end: int, seg_start: int, seg_end: int,
                  width: int, style: str) -> tuple[Text, Text]:
    """The flagged span in its segment, clipped to ``width``, and a caret line under it."""
    span = _p(text[start:end].replace("\n", " "))
    room = max(width - len(span), 10)
    left_room = room // 2
    lo = max(seg_start, start - left_room)
    hi = min(seg_end, end + (room - (start - lo)))
    lo = max(seg_start, min(lo, start - max(0, room - (hi - end))))
    left = _p(text[lo:start].replace("\n", " "))
    right = _p(text[end:hi].replace("\n", " "))
    prefix = "…" if lo > seg_start else ""
    suffix = "…" if hi < seg_end else ""
    line = Text(prefix + left, style="dim")
    line.append(span or "∅", style=style)
    line.append(right + suffix, style="dim")
    caret = Text(" " * (len(prefix) + len(left)) + "^" * max(1, len(span)), style=style.split()[-1])
    return line, caret


_SPACE_NAMES = {"\u00a0": "no-break space", "\u202f": "narrow no-break space"}


def visible_spaces(text: str) -> tuple[str, str]:
    """Make the spaces of a suggestion visible: ⍽ for no-break spaces, ␣ for a plain space at
    either end (it would be invisible there), with a legend saying which is which."""
    legend = []
    names = [name for ch, name in _SPACE_NAMES.items() if ch in text]
    shown = text
    for ch in _SPACE_NAMES:
        shown = shown.replace(ch, "⍽")
    if names:
        legend.append("⍽ = " + " / ".join(names))
    core = shown.strip(" ")
    if core != shown:
        lead = len(shown) - len(shown.lstrip(" "))
        trail = len(shown) - len(shown.rstrip(" "))
        shown = "␣" * lead + core + "␣" * trail
        legend.append("␣ = space")
    return shown, "; ".join(legend)


def side_by_side(rep: Report, seg: Segment, findings: Sequence[Finding]) -> Table | None:
    """French, source and back-translation of a segment with adequacy findings, in columns.

    The source column holds the source segments aligned with ``seg`` and those the findings
    point at (an omitted sentence has no French of its own), each with its id; a source
    segment that no French segment is aligned with is marked so.
    """
    adequacy = [f for f in findings if f.category is Category.ADEQUACY]
    if rep.source is None or not adequacy:
        return None
    sources = rep.source.get("segments") or []
    ids = rep.source_ids or ()
    linked = set(ids[seg.id - 1] or ()) if seg.id <= len(ids) else set()
    aligned = {i for group in ids if group for i in group}
    shown = set(linked)
    for f in adequacy:
        if f.source_span is not None:
            start, end = f.source_span
            shown |= {s["id"] for s in sources if s["start"] < max(end, start + 1)
                      and start < s["end"]}
    source_text = Text()
    for s in sources:
        if s["id"] in shown:
            if source_text:
                source_text.append("\n")
            note = "" if s["id"] in aligned else ", no French"
            source_text.append(f"[{s['id']}{note}] ", style="dim")
            source_text.append(_p(" ".join(s["text"].split())))
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, padding=(0, 1))
    table.add_column("French", ratio=1, overflow="fold")
    table.add_column("Source", ratio=1, overflow="fold")
    row: list[RenderableType] = [Text(_p(" ".join(seg.text.split()))),
                                 source_text or Text("—")]
    bt = rep.backtranslation.translations
    if bt and seg.id <= len(bt) and (back := bt[seg.id - 1]):
        table.add_column("Back-translation", ratio=1, overflow="fold", style="italic")
        row.append(Text(_p(" ".join(back.split()))))
    table.add_row(*row)
    return table


def findings_block(rep: Report, width: int) -> list[RenderableType]:
    doc = rep.document
    segs = {s.id: s for s in doc.segments}
    bt = rep.backtranslation
    out: list[RenderableType] = []

    def seg_key(f: Finding) -> int:
        return f.segment or 0

    for sid, group in groupby(sorted(rep.findings, key=lambda f: (seg_key(f), f.start)), seg_key):
        items = list(group)
        seg = segs.get(sid)
        head = Text(f"Segment {sid}", style="bold cyan")
        if seg:
            line, _ = doc.line_col(seg.start)
            head.append(f" · line {line} · {seg.kind.value}", style="cyan")
            if rep.segment_mt_scores and (s := rep.segment_mt_scores[sid - 1]) is not None:
                head.append(f" · MT {s:.2f}", style="cyan")
        out.append(head)
        for f in items:
            s_start, s_end = (seg.start, seg.end) if seg else (f.start, f.end)
            title = Text(f"  {f.line}:{f.column} ", style="dim")
            title.append(f"{f.severity.value}", style=SEVERITY_STYLE[f.severity.value])
            title.append(f" {f.rule} ", style="bold")
            title.append(f.name, style="dim")
            out.append(title)
            ctx_line, caret = _context_line(doc.text, f.start, f.end, s_start, s_end,
                                            width - 6, SPAN_STYLE[f.severity.value])
            out.append(Text("    ").append(ctx_line))
            out.append(Text("    ").append(caret))
            out.append(Padding(Text(_p(f.message)), (0, 0, 0, 4), expand=False))
            if f.suggestion is not None:
                kind = "fix" if f.fix is not None else "suggestion"
                shown, legend = visible_spaces(_p(f.suggestion))
                fix_line = Text(f"{kind}: ", style="green").append(shown, style="bold green")
                if legend:
                    fix_line.append(f"  ({legend})", style="dim")
                out.append(Padding(fix_line, (0, 0, 0, 4), expand=False))
        columns = side_by_side(rep, seg, items) if seg else None
        if columns is not None:
            out.append(Padding(columns, (0, 0, 0, 2)))
        elif seg and bt.translations and (tr := bt.translations[sid - 1]):
            out.append(Padding(Text("back-translation: ", style="magenta")
                               .append(_p(tr), style="italic"), (0, 0, 0, 2), expand=False))
        out.append(Text(""))
    return out


def render_terminal(reports: Sequence[Report], console: Console) -> None:
    width = console.width
    for rep in reports:
        console.print(summary_panel(rep))
        if rep.findings:
            console.print(Group(*findings_block(rep, width)))
        else:
            console.print(Text("No findings.", style="green"))
    if len(reports) > 1:
        total = Table(title="Summary", show_lines=False)
        for col in ("file", "verdict", "MT score", "critical", "major", "minor", "gate"):
            total.add_column(col, overflow="fold")
        for rep in reports:
            c = rep.severity_counts
            total.add_row(Text(_p(rep.document.path)), rep.verdict.label.replace("_", " "),
                          f"{rep.verdict.score:.2f}", str(c["critical"]),
                          str(c["major"]), str(c["minor"]),
                          "pass" if rep.gate.passed else "FAIL")
        console.print(total)
