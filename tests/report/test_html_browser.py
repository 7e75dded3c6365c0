"""The HTML report in a real browser: headless Chromium driven over the DevTools protocol.

Chromium is the Debian package (``/usr/bin/chromium``; ``.ci/run`` installs it when missing).
It is driven through ``--remote-debugging-pipe`` (JSON messages separated by NUL bytes on file
descriptors 3 and 4), so the tests need nothing beyond the standard library.  Without Chromium the
tests skip, except under ``CI=true``, where a missing browser is a failure.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from mtaudit.audit import audit
from mtaudit.core.config import Config
from mtaudit.core.document import Category, Finding, Severity
from mtaudit.core.results import Report
from mtaudit.ingest.read import read_source
from mtaudit.report.html import write_html

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_dbb060e02b12dbea.txt"
CHROMIUM = os.environ.get("MTAUDIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--remote-debugging-pipe")
TIMEOUT = 30.0
#: The rule families of the core; enough for pages with overlapping findings, and they load fast.
CORE_RULES = Config(translator="none", select=("C", "E", "P", "Q", "T"))


class DevTools:
    """A minimal Chrome DevTools Protocol client over the debugging pipe."""

    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="mtaudit-chromium-")
        to_browser, self._to_browser = os.pipe()
        self._from_browser, from_browser = os.pipe()

        def wire_pipe() -> None:  # runs in the child: the protocol wants exactly fds 3 and 4
            read_end, write_end = os.dup(to_browser), os.dup(from_browser)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=wire_pipe)
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            event = self._read()
            if event.get("method") == method:
                return event
            self.events.append(event)

    def _read(self) -> dict[str, Any]:
        import select

        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], TIMEOUT)
            if not ready:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise EOFError("Chromium closed the debugging pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(raw))

    def close(self) -> None:
        try:
            self.call("Browser.close")
            self.process.wait(timeout=10)
        except (OSError, RuntimeError, EOFError, TimeoutError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=10)
        os.close(self._to_browser)
        os.close(self._from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """One tab: loads a file, records every network request, evaluates JavaScript."""

    def __init__(self, browser: DevTools, width: int = 1280, height: int = 900) -> None:
        self.browser = browser
        target = browser.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = browser.call("Target.attachToTarget", targetId=target,
                                    flatten=True)["sessionId"]
        for domain in ("Page", "Network", "Runtime"):
            browser.call(f"{domain}.enable", self.session)
        self.resize(width, height)

    def resize(self, width: int, height: int) -> None:
        self.browser.call("Emulation.setDeviceMetricsOverride", self.session, width=width,
                          height=height, deviceScaleFactor=1, mobile=width < 600)

    def load(self, path: Path) -> list[str]:
        """Open ``path`` from file:// and return the URL of every request the load made."""
        self.browser.events.clear()
        self.browser.call("Page.navigate", self.session, url=path.resolve().as_uri())
        self.browser.wait_for("Page.loadEventFired")
        self.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
        return [e["params"]["request"]["url"] for e in self.browser.events
                if e.get("method") == "Network.requestWillBeSent"]

    def evaluate(self, expression: str) -> Any:
        result = self.browser.call("Runtime.evaluate", self.session, expression=expression,
                                   returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"JavaScript error: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> tuple[int, int]:
        data = base64.b64decode(self.browser.call("Page.captureScreenshot", self.session,
                                                  format="png")["data"])
        path.write_bytes(data)
        width, height = struct.unpack(">II", data[16:24])  # the PNG IHDR chunk
        return width, height


@pytest.fixture(scope="module")
def browser() -> Iterator[DevTools]:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        message = f"headless Chromium not found at {CHROMIUM} (Debian package `chromium`)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must install it")
        pytest.skip(message)
    devtools = DevTools(CHROMIUM)
    try:
        yield devtools
    finally:
        devtools.close()


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    report = audit(read_source(str(SEED)), Config(translator="none"))
    out = tmp_path_factory.mktemp("html") / "seed.html"
    write_html([report], str(out))
    return out, report.to_dict()


def _all_findings_js() -> str:
    return """Array.from(document.querySelectorAll('mark[data-rule]')).map(m => ({
        finding: Number(m.dataset.finding), rule: m.dataset.rule,
        severity: m.dataset.severity, text: m.textContent,
        shown: getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)'}))"""


def test_seed_report_loads_offline_and_shows_every_finding(browser: DevTools, seed_report) -> None:
    path, data = seed_report
    page = Page(browser)
    requests = page.load(path)
    assert requests == [path.resolve().as_uri()], f"unexpected requests: {requests}"
    marks = page.evaluate(_all_findings_js())
    assert data["findings"], "the seed should have findings"
    text = SEED.read_text(encoding="utf-8")
    for i, finding in enumerate(data["findings"]):
        fragments = [m for m in marks if m["finding"] == i]
        assert fragments, f"finding {i} ({finding['rule']}) not rendered"
        assert {m["rule"] for m in fragments} == {finding["rule"]}
        assert {m["severity"] for m in fragments} == {finding["severity"]}
        assert "".join(m["text"] for m in fragments) == text[finding["start"]:finding["end"]]
        assert all(m["shown"] for m in fragments), f"finding {i} is not highlighted"
    listed = page.evaluate("Array.from(document.querySelectorAll('li[data-finding]'))"
                           ".map(li => [li.dataset.rule, li.dataset.severity])")
    assert listed == [[f["rule"], f["severity"]] for f in data["findings"]]
    # The image URL of the seed's Markdown image line is shown as text, never fetched.
    assert page.evaluate("document.images.length") == 0
    assert "news-24.fr/wp-content" in page.evaluate("document.body.innerText")


def test_filter_hides_what_it_should(browser: DevTools, seed_report) -> None:
    path, data = seed_report
    page = Page(browser)
    page.load(path)
    minor = [i for i, f in enumerate(data["findings"]) if f["severity"] == "minor"]
    assert minor and len(minor) < len(data["findings"])
    page.evaluate("""(() => { const box = document.querySelector(
        'input[data-filter="severity"][value="minor"]'); box.click(); })()""")
    marks = page.evaluate(_all_findings_js())
    hidden_marks = {m["finding"] for m in marks if not m["shown"]}
    shown_marks = {m["finding"] for m in marks if m["shown"]}
    assert hidden_marks == set(minor)
    assert shown_marks == set(range(len(data["findings"]))) - set(minor)
    visible_items = page.evaluate("Array.from(document.querySelectorAll('li[data-finding]'))"
                                  ".filter(li => li.offsetParent !== null)"
                                  ".map(li => Number(li.dataset.finding))")
    assert set(visible_items) == set(range(len(data["findings"]))) - set(minor)
    assert page.evaluate("document.getElementById('shown-count').textContent") == \
        str(len(data["findings"]) - len(minor))

    # A category filter combines with the severity filter; the URL hash preselects both.
    quotes = {i for i, f in enumerate(data["findings"]) if f["category"] == "quotes"}
    page.evaluate("location.hash = 'severity=major,critical&category=quotes'")
    page.evaluate("new Promise(r => setTimeout(r, 50))")
    visible_items = page.evaluate("Array.from(document.querySelectorAll('li[data-finding]'))"
                                  ".filter(li => li.offsetParent !== null)"
                                  ".map(li => Number(li.dataset.finding))")
    assert set(visible_items) == quotes - set(minor)
    assert {m["finding"] for m in page.evaluate(_all_findings_js()) if m["shown"]} == \
        quotes - set(minor)


def hostile_report(folder: Path) -> Report:
    """A report whose document, messages and suggestions all carry markup and template syntax."""
    hostile = folder / "hostile.txt"
    hostile.write_text(
        "Le titre « dangereux »\n\nIl a dit <script>window.pwned = 1</script> puis "
        "<img src=x onerror=\"window.pwned = 2\"> et {{ 7 * 7 }} ainsi que {% raw %}.\n",
        encoding="utf-8")
    report = audit(read_source(str(hostile)), CORE_RULES)
    text = report.document.text
    start = text.index("<script>")
    line, column = report.document.line_col(start)
    planted = Finding(
        rule="X999", name="<b>planted</b>", category=Category.GRAMMAR, severity=Severity.MAJOR,
        start=start, end=start + len("<script>window.pwned = 1</script>"), line=line,
        column=column, segment=None, message="<img src=x onerror=\"window.pwned = 3\"> {{ 6 * 7 }}",
        suggestion="</script><script>window.pwned = 4</script>")
    return replace(report, findings=(*report.findings, planted))


def test_hostile_input_stays_text_in_the_browser(browser: DevTools, tmp_path: Path) -> None:
    out = tmp_path / "hostile.html"
    write_html([hostile_report(tmp_path)], str(out))
    page = Page(browser)
    requests = page.load(out)
    assert requests == [out.resolve().as_uri()]
    page.evaluate("document.querySelector('mark[data-rule=\"X999\"]')"
                  ".dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.evaluate("document.images.length") == 0
    # The report's own scripts only: the findings data, the rule table and the code.
    assert page.evaluate("document.scripts.length") == 3
    body = page.evaluate("document.querySelector('.layout').innerText")
    for literal in ("<script>window.pwned = 1</script>", "{{ 7 * 7 }}", "{% raw %}",
                    "<img src=x onerror=\"window.pwned = 2\">", "<b>planted</b>",
                    "<img src=x onerror=\"window.pwned = 3\"> {{ 6 * 7 }}",
                    "</script><script>window.pwned = 4</script>"):
        assert literal in body
    title = page.evaluate("document.querySelector('mark[data-rule=\"X999\"]').title")
    assert title.startswith("X999 · major · <img src=x")


def test_index_page_sorts_and_links(browser: DevTools, tmp_path: Path) -> None:
    clean = tmp_path / "propre.txt"
    clean.write_text("Le gouvernement a présenté mercredi son projet de loi de finances.\n",
                     encoding="utf-8")
    reports = [audit(read_source(str(p)), CORE_RULES) for p in (SEED, clean)]
    index = Path(write_html(reports, str(tmp_path / "index.html")))
    page = Page(browser)
    requests = page.load(index)
    assert requests == [index.resolve().as_uri()]
    column = "Array.from(document.querySelectorAll('#files tbody tr')).map(r => r.cells[{}]" \
             ".dataset.sort)"
    page.evaluate("document.querySelectorAll('#files th button')[2].click()")  # MT score
    ascending = [float(x) for x in page.evaluate(column.format(2))]
    assert ascending == sorted(ascending) and len(ascending) == 2
    page.evaluate("document.querySelectorAll('#files th button')[2].click()")
    assert [float(x) for x in page.evaluate(column.format(2))] == sorted(ascending, reverse=True)
    links = page.evaluate("Array.from(document.querySelectorAll('#files a')).map(a => a.href)")
    for link in links:
        target = Path(link.removeprefix("file://"))
        assert target.is_file(), link
        assert page.load(target) == [link]
        assert page.evaluate("document.querySelector('.back') !== null")


@pytest.mark.parametrize("width", [1280, 400])
def test_screenshot_reads_at_width(browser: DevTools, seed_report, width: int,
                                   tmp_path: Path) -> None:
    """Screenshots to look at (kept in MTAUDIT_SCREENSHOTS when set); nothing overflows."""
    path, _ = seed_report
    page = Page(browser, width=width, height=900)
    page.load(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    folder = Path(os.environ.get("MTAUDIT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    size = page.screenshot(folder / f"seed-{width}.png")
    assert size == (width, 900)
    page.evaluate("document.querySelector('main.document').scrollIntoView()")
    assert page.screenshot(folder / f"seed-{width}-document.png") == (width, 900)
    # At 1280 px the findings list sits beside the text; at 400 px everything stacks.
    side_by_side = page.evaluate("""(() => {
        const doc = document.querySelector('main.document').getBoundingClientRect();
        const side = document.querySelector('aside.side').getBoundingClientRect();
        return side.left >= doc.right; })()""")
    assert side_by_side is (width == 1280)
