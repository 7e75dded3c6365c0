"""The HTML report without a browser: highlighting, escaping, self-containment, file layout."""

from __future__ import annotations

import json
import random
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mtaudit.audit import audit
from mtaudit.cli.main import main
from mtaudit.core.config import Config
from mtaudit.core.document import Category, Finding, Severity
from mtaudit.core.errors import UsageError
from mtaudit.core.results import Backtranslation, Report
from mtaudit.ingest.read import read_source
from mtaudit.report.html import Piece, highlight, render_html, render_index, write_html

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_dbb060e02b12dbea.txt"
CORE_RULES = Config(translator="none", select=("C", "E", "P", "Q", "T"))


VOID_TAGS = frozenset({"meta", "br", "img", "input", "link", "hr", "wbr", "source"})


class Page(HTMLParser):
    """What a browser would build: elements with attributes, the text inside each mark."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.open_marks: list[int] = []
        self.mark_text: dict[int, str] = {}
        self.stack: list[str] = []
        self.open_attrs: list[dict[str, str | None]] = []
        self.cells: dict[tuple[str, str], str] = {}  # (row id, column class) -> text
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "mark":
            index = int(dict(attrs)["data-finding"] or -1)
            self.open_marks.append(index)
            self.mark_text.setdefault(index, "")
        if tag not in VOID_TAGS:
            self.stack.append(tag)
            self.open_attrs.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()
        self.open_attrs.pop()
        if tag == "mark":
            self.open_marks.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script":
            self.scripts.append(data)
            return
        self.text.append(data)
        classes = [a.get("class") for a in self.open_attrs]
        rows = [a.get("id") for a in self.open_attrs if (a.get("class") or "").startswith("row")]
        column = next((c for c in reversed(classes) if c in ("fr", "bt", "src")), None)
        if rows and column:
            key = (str(rows[-1]), column)
            self.cells[key] = self.cells.get(key, "") + data
        for index in set(self.open_marks):
            self.mark_text[index] += data

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]


def reassemble(pieces: list[Piece]) -> tuple[str, dict[int, str], bool]:
    """Text, text under each finding, and whether marks nest properly."""
    text, under, stack, nested = [], {}, [], True
    for p in pieces:
        if p.kind == "open":
            stack.append(p.finding)
            under.setdefault(p.finding, "")
        elif p.kind == "close":
            nested &= bool(stack) and stack[-1] == p.finding
            stack.pop()
        else:
            text.append(p.text)
            for i in set(stack):
                under[i] += p.text
    return "".join(text), under, nested and not stack


def test_highlight_splits_overlapping_spans_into_nested_fragments() -> None:
    text = "abcdefghij"
    # 0: [1,5) and 1: [3,8) cross; 2: [3,4) nests in both; 3: empty at 6; 4: same span as 0.
    spans = [(1, 5, 0), (3, 8, 1), (3, 4, 2), (6, 6, 3), (1, 5, 4)]
    pieces = highlight(text, 0, len(text), spans)
    rendered = "".join(p.text if p.kind == "text" else f"<{p.finding}>" if p.kind == "open"
                       else f"</{p.finding}>" for p in pieces)
    assert rendered == "a<0><4>bc<1><2>d</2>e</1></4></0><1>f<3></3>gh</1>ij"


def test_highlight_keeps_every_span_exact_for_random_overlaps() -> None:
    rng = random.Random(7)
    text = "Le président « américain » n’est pas traître, a-t-il dit."
    for _ in range(300):
        spans = []
        for i in range(rng.randint(1, 8)):
            start = rng.randint(0, len(text))
            spans.append((start, min(len(text), start + rng.randint(0, 12)), i))
        cut = rng.randint(0, len(text))  # two stretches, as rows of the document
        pieces = highlight(text, 0, cut, spans) + highlight(text, cut, len(text), spans,
                                                             closed_end=True)
        whole, under, nested = reassemble(pieces)
        assert whole == text and nested
        for s, e, i in spans:
            assert under[i] == text[s:e], (spans, i)
        for s, e, i in spans:
            if s == e:  # an insertion point is marked exactly once, in one of the stretches
                assert sum(p.kind == "open" and p.finding == i for p in pieces) == 1


def _seed_report() -> Report:
    return audit(read_source(str(SEED)), CORE_RULES)


def test_every_finding_is_a_mark_with_its_exact_text() -> None:
    report = _seed_report()
    page = Page(render_html(report))
    data = report.to_dict()
    assert data["findings"]
    marks = page.tags("mark")
    for i, f in enumerate(data["findings"]):
        fragments = [m for m in marks if m["data-finding"] == str(i)]
        assert fragments, f"finding {i} not rendered"
        assert all(m["data-rule"] == f["rule"] and m["data-severity"] == f["severity"]
                   for m in fragments)
        assert page.mark_text[i] == report.document.text[f["start"]:f["end"]]
    rows = json.loads(page.scripts[0])
    assert [r[:4] for r in rows] == [[f["rule"], f["severity"], f["line"], f["column"]]
                                     for f in data["findings"]]
    rules = json.loads(page.scripts[1])  # the filters read a mark's category from here
    assert all(rules[f["rule"]] == [f["name"], f["category"]] for f in data["findings"])
    # The whole document is there, in order, once.
    shown = "".join(page.text)
    for seg in data["segments"]:
        assert seg["text"] in shown


def test_summary_figures_and_signature_are_shown() -> None:
    report = _seed_report()
    data = report.to_dict()
    page = Page(render_html(report))
    text = " ".join(" ".join(page.text).split())
    assert "Machine-translated" in text
    assert f"MT score {data['verdict']['score']:.2f}" in text
    assert f"{data['quality']['mqm_penalty_per_1000_words']:.1f} penalty points" in text
    for evidence in data["verdict"]["evidence"]:
        assert evidence in text
    assert "0.1.0" in text and data["signature"]["rules"] in text
    assert len(page.tags("svg")) == 2
    bars = {attrs["class"]: attrs for attrs in page.tags("rect")}
    counts = data["summary"]["findings"]
    biggest = max(counts, key=counts.__getitem__)
    assert float(bars[f"bar sev-{biggest}"]["width"] or 0) == 160.0
    boxes = {(a["data-filter"], a["value"]) for a in page.tags("input")}
    assert {("severity", s) for s in ("critical", "major", "minor")} <= boxes
    assert {("category", c) for c in data["summary"]["categories"]} <= boxes


HOSTILE = ("Il a dit <script>alert(1)</script> puis <img src=x onerror=\"alert(2)\"> "
           "et {{ 7 * 7 }} {% if true %}oui{% endif %} &amp; </script>.\n")


def _hostile_report(tmp_path: Path) -> Report:
    path = tmp_path / "hostile <b>name<b>.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    report = audit(read_source(str(path)), CORE_RULES)
    start = report.document.text.index("<script>")
    planted = Finding(rule="X999", name="x", category=Category.GRAMMAR,
                      severity=Severity.MAJOR, start=start, end=start + 8, line=1, column=1,
                      segment=None, message="</script><img src=x onerror=alert(3)>",
                      suggestion="{{ 6 * 7 }}</script>")
    bt = Backtranslation(status="ok", model="tiny",
                         translations=("<script>alert(4)</script>",) * len(
                             report.document.segments))
    return replace(report, findings=(*report.findings, planted), backtranslation=bt)


def test_input_text_is_escaped_everywhere(tmp_path: Path) -> None:
    html = render_html(_hostile_report(tmp_path))
    page = Page(html)
    assert [a for a in page.tags("script") if a.get("type") != "application/json"] == [{}]
    assert page.tags("img") == []
    assert "&lt;/script&gt;" in html and "&lt;img src=x onerror=" in html
    assert "{{ 7 * 7 }}" in html and "{% if true %}" in html
    shown = "".join(page.text)
    assert "<script>alert(1)</script>" in shown and "<script>alert(4)</script>" in shown
    assert "hostile <b>name<b>.txt" in shown
    # In the JSON data, markup-significant characters are \u-escaped: nothing closes the script.
    data = page.scripts[0]
    assert "<" not in data and ">" not in data
    assert json.loads(data)[-1][4:6] == ["</script><img src=x onerror=alert(3)>",
                                         "{{ 6 * 7 }}</script>"]


def test_page_is_self_contained() -> None:
    html = render_html(_seed_report())
    page = Page(html)
    csp = [a for a in page.tags("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")
    for tag, attrs in page.elements:
        for name in ("src", "href", "srcset", "action", "data", "poster"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value), (tag, name, value)
    assert page.tags("link") == [] and page.tags("img") == [] and page.tags("iframe") == []
    assert "@import" not in html and "url(" not in html
    # The seed's image URL is in the text, as text.
    assert "https://news-24.fr/" in "".join(page.text)


def test_source_and_backtranslation_sit_beside_their_segment() -> None:
    report = _seed_report()
    segs = report.document.segments
    bt = Backtranslation(status="ok", model="tiny",
                         translations=tuple(f"back {s.id}" for s in segs))
    source = {"file": "original.en.txt", "segments": [
        {"id": 1, "start": 0, "end": 9, "text": "Source one"},
        {"id": 2, "start": 10, "end": 19, "text": "Source two"}]}
    ids = tuple((1, 2) if s.id == 4 else None for s in segs)
    page_html = render_html(replace(report, backtranslation=bt, source=source, source_ids=ids))
    page = Page(page_html)
    cells = page.cells
    columns = [a.get("class") for a in page.tags("div")]
    assert columns.count("fr") == columns.count("bt") == columns.count("src") > len(segs) - 2
    assert cells[("s-4", "fr")].endswith(segs[3].text)
    assert cells[("s-4", "bt")] == "back 4"
    assert cells[("s-4", "src")] == "1Source one2Source two"  # id labels, then text
    assert cells[("s-5", "bt")] == "back 5" and ("s-5", "src") not in cells  # empty cell
    assert "original.en.txt" in page_html


def test_finding_across_segments_and_at_the_end_is_still_rendered() -> None:
    report = _seed_report()
    text = report.document.text
    first, second = report.document.segments[3:5]
    across = Finding(rule="X001", name="x", category=Category.FLUENCY, severity=Severity.MINOR,
                     start=first.end - 3, end=second.start + 4, line=1, column=1,
                     segment=first.id, message="across")
    at_end = replace(across, rule="X002", start=len(text), end=len(text))
    report = replace(report, findings=(*report.findings, across, at_end))
    page = Page(render_html(report))
    n = len(report.findings)
    assert page.mark_text[n - 2] == text[across.start:across.end]
    assert page.mark_text[n - 1] == ""
    assert len([m for m in page.tags("mark") if m["data-finding"] == str(n - 2)]) >= 2


def test_several_files_make_an_index_and_one_page_each(tmp_path: Path) -> None:
    a = tmp_path / "a" / "article.txt"
    b = tmp_path / "b" / "article.txt"
    for path, body in ((a, SEED.read_text(encoding="utf-8")),
                       (b, "Le gouvernement a présenté son budget mercredi.\n")):
        path.parent.mkdir()
        path.write_text(body, encoding="utf-8")
    reports = [audit(read_source(str(p)), CORE_RULES) for p in (a, b)]
    index = Path(write_html(reports, str(tmp_path / "out" / "index.html")))
    assert index == tmp_path / "out" / "index.html"
    page = Page(index.read_text(encoding="utf-8"))
    links = [attrs["href"] for attrs in page.tags("a")]
    assert links == ["index/article.html", "index/article-2.html"]
    for link, report in zip(links, reports, strict=True):
        child = index.parent / str(link)
        body = child.read_text(encoding="utf-8")
        assert report.document.path in body and 'href="../index.html"' in body
    scores = [attrs["data-sort"] for attrs in page.tags("td")][2::9]
    assert scores == [str(r.to_dict()["verdict"]["score"]) for r in reports]
    assert len(page.tags("th")) == 9 and "machine-translated" in "".join(page.text)
    assert render_index([]).count("<tr>") == 1  # headings only


def test_default_output_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deux.txt").write_text("Le budget est présenté mercredi.\n", encoding="utf-8")
    args = ["check", "--translator", "none", "--select", "Q", "--format", "html"]
    assert main([*args, str(SEED)]) in (0, 1)
    assert (tmp_path / "reports" / "000_dbb060e02b12dbea.html").is_file()
    assert main([*args, str(SEED), "deux.txt"]) in (0, 1)
    assert (tmp_path / "reports" / "index.html").is_file()
    assert sorted(p.name for p in (tmp_path / "reports" / "index").iterdir()) == \
        ["000_dbb060e02b12dbea.html", "deux.html"]


def test_unwritable_output_is_a_usage_error(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    report = _seed_report()
    with pytest.raises(UsageError, match="cannot write"):
        write_html([report], str(blocker / "report.html"))
    with pytest.raises(UsageError, match="not -"):
        write_html([report], "-")
    code = main(["check", "--translator", "none", "--select", "Q", "--format", "html",
                 "-o", str(blocker / "report.html"), str(SEED)])
    assert code == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err
