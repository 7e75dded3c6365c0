"""``mtaudit serve`` speaks LanguageTool's HTTP API: tested with the real client,
``language_tool_python``, against a server started here on a free port."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED

pytest.importorskip("starlette", reason="pip install 'mtaudit[serve]'")
pytest.importorskip("uvicorn", reason="pip install 'mtaudit[serve]'")
language_tool_python = pytest.importorskip("language_tool_python",
                                           reason="pip install 'mtaudit[dev]'")
requests = pytest.importorskip("requests")

MAX_CHARS = 20_000
SEED_LINES = SEED.read_text("utf-8").splitlines()
#: The seed's first paragraph: its lede and the two sentences after it.
PARAGRAPH = "\n".join(SEED_LINES[2:5])
EMOJI = "Bravo 🎉🎉 ! " + PARAGRAPH
ENGLISH = ("The defence secretary said on Thursday that the president was not betraying "
           "Ukraine, and that the talks with Moscow would go on in Brussels next week with "
           "the allies of the alliance.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mtaudit", "serve", "--port", str(port), "--translator", "none",
         "--max-chars", str(MAX_CHARS)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 300
        while True:
            if proc.poll() is not None:
                pytest.fail(f"mtaudit serve exited: {proc.stderr.read() if proc.stderr else ''}")
            try:
                if requests.get(f"{url}/health", timeout=2).json()["status"] == "ok":
                    break
            except (requests.RequestException, ValueError):
                pass
            if time.monotonic() > deadline:
                pytest.fail("mtaudit serve did not start within 300 s")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """``mtaudit check``'s findings on each text (one command-line run, JSON Lines)."""
    d = tmp_path_factory.mktemp("texts")
    texts = {"paragraph": PARAGRAPH, "emoji": EMOJI, "seed": SEED.read_text("utf-8")}
    for name, text in texts.items():
        (d / f"{name}.txt").write_text(text, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "mtaudit", "check", *sorted(map(str, d.iterdir())),
                          "--translator", "none", "--format", "jsonl"],
                         capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    reports = [json.loads(line) for line in out.stdout.splitlines()]
    return {Path(r["file"]).stem: r["findings"] for r in reports}


def _shapes(findings: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
    return [(f["rule"], f["start"], f["end"] - f["start"]) for f in findings]


def _post(url: str, **data: str) -> requests.Response:
    return requests.post(f"{url}/v2/check", data=data, timeout=120)


@pytest.mark.parametrize("name", ["paragraph", "emoji"])
def test_language_tool_python_sees_mtaudit_check_findings(
        server: str, expected: dict[str, list[dict[str, Any]]], name: str) -> None:
    text = {"paragraph": PARAGRAPH, "emoji": EMOJI}[name]
    tool = language_tool_python.LanguageTool("fr", remote_server=server)
    matches = tool.check(text)
    got = [(m.rule_id, m.offset, m.error_length) for m in matches]
    assert got == _shapes(expected[name])
    assert len(got) >= 3
    for m in matches:  # the client lands on the very characters mtaudit flagged
        f = next(f for f in expected[name] if f["start"] == m.offset and f["rule"] == m.rule_id)
        assert text[m.offset:m.offset + m.error_length] == text[f["start"]:f["end"]]


def test_offsets_count_utf16_code_units(server: str,
                                        expected: dict[str, list[dict[str, Any]]]) -> None:
    raw = _post(server, text=EMOJI, language="fr").json()["matches"]
    emoji_end = EMOJI.index("!")
    assert [m["offset"] for m in raw] == \
        [f["start"] + (2 if f["start"] > emoji_end else 0) for f in expected["emoji"]]
    assert all(m["offset"] > emoji_end for m in raw)  # every finding lies after the emoji
    # the context is indexed the same way
    for m in raw:
        ctx = m["context"]
        assert ctx["text"].encode("utf-16-le")[2 * ctx["offset"]:2 * (ctx["offset"]
                                                                      + ctx["length"])] \
            .decode("utf-16-le") == \
            EMOJI.encode("utf-16-le")[2 * m["offset"]:2 * (m["offset"] + m["length"])] \
            .decode("utf-16-le").replace("\n", " ")


def test_response_shape_is_languagetool_s(server: str) -> None:
    body = _post(server, text=PARAGRAPH, language="fr-FR").json()
    assert body["language"]["code"] == "fr-FR"
    assert body["language"]["detectedLanguage"]["code"] == "fr"
    assert {"name", "version", "apiVersion"} <= set(body["software"])
    m = body["matches"][0]
    assert {"message", "shortMessage", "offset", "length", "replacements", "context", "sentence",
            "rule"} <= set(m)
    assert {"id", "description", "issueType", "category", "urls"} <= set(m["rule"])
    assert {"id", "name"} <= set(m["rule"]["category"])
    assert all(set(r) == {"value"} for r in m["replacements"])
    assert body["mtaudit"]["verdict"]["machine_translated"] in (True, False)
    assert "mqm_penalty_per_1000_words" in body["mtaudit"]["quality"]
    regional = _post(server, text=PARAGRAPH, language="fr-CA").json()
    assert regional["language"]["code"] == "fr-CA" and regional["matches"] == body["matches"]


def test_sixteen_concurrent_requests_get_their_own_answers(server: str) -> None:
    texts = [SEED.read_text("utf-8"), EMOJI] * 8
    alone = {t: _post(server, text=t, language="fr").json() for t in set(texts)}
    with ThreadPoolExecutor(max_workers=16) as pool:
        together = list(pool.map(lambda t: _post(server, text=t, language="fr").json(), texts))
    for text, answer in zip(texts, together, strict=True):
        assert answer == alone[text]
    assert alone[texts[0]]["matches"] != alone[texts[1]]["matches"]


def test_missing_text_is_400_and_too_long_is_413(server: str) -> None:
    r = requests.post(f"{server}/v2/check", data={"language": "fr"}, timeout=30)
    assert r.status_code == 400 and "text" in r.json()["error"]["message"]
    r = _post(server, text="a" * (MAX_CHARS + 1), language="fr")
    assert r.status_code == 413 and "--max-chars" in r.json()["error"]["message"]
    r = _post(server, text=PARAGRAPH, language="de-DE")
    assert r.status_code == 400
    r = requests.post(f"{server}/v2/check", data={"data": "{not json", "language": "fr"},
                      timeout=30)
    assert r.status_code == 400


def test_non_french_text_gets_no_french_matches(server: str) -> None:
    for language in ("fr", "auto"):
        body = _post(server, text=ENGLISH + " " + ENGLISH, language=language).json()
        assert body["matches"] == []
        assert body["language"]["detectedLanguage"]["code"] == "en"
    assert body["language"]["code"] == "en"  # auto: the detected language, as LanguageTool
    assert _post(server, text=PARAGRAPH, language="auto").json()["language"]["code"] == "fr"


def test_annotated_text_keeps_markup_out_and_offsets_into_the_whole(
        server: str, expected: dict[str, list[dict[str, Any]]]) -> None:
    cut = PARAGRAPH.index("Washington")
    items = [{"markup": "<p>", "interpretAs": "\n\n"}, {"text": PARAGRAPH[:cut]},
             {"markup": "<b>"}, {"text": "Washington"}, {"markup": "</b>"},
             {"text": PARAGRAPH[cut + len("Washington"):]}, {"markup": "</p>"}]
    body = _post(server, data=json.dumps({"annotation": items}), language="fr").json()

    def shift(pos: int) -> int:
        return pos + 3 + (3 if pos >= cut else 0) + (4 if pos >= cut + len("Washington") else 0)

    want = [(f["rule"], shift(f["start"]), f["end"] - f["start"])
            for f in expected["paragraph"]]
    assert [(m["rule"]["id"], m["offset"], m["length"]) for m in body["matches"]] == want


def test_rule_and_category_filters(server: str,
                                   expected: dict[str, list[dict[str, Any]]]) -> None:
    rules = [f["rule"] for f in expected["paragraph"]]
    first = rules[0]
    body = _post(server, text=PARAGRAPH, language="fr", disabledRules=first).json()
    assert [m["rule"]["id"] for m in body["matches"]] == [r for r in rules if r != first]
    body = _post(server, text=PARAGRAPH, language="fr", enabledRules=first,
                 enabledOnly="true").json()
    assert [m["rule"]["id"] for m in body["matches"]] == [r for r in rules if r == first]
    cat = _post(server, text=PARAGRAPH, language="fr").json()["matches"][0]["rule"]["category"]
    body = _post(server, text=PARAGRAPH, language="fr", disabledCategories=cat["id"]).json()
    assert cat["id"] not in {m["rule"]["category"]["id"] for m in body["matches"]}


def test_languages_health_and_v1_audit(server: str,
                                       expected: dict[str, list[dict[str, Any]]]) -> None:
    langs = requests.get(f"{server}/v2/languages", timeout=30).json()
    assert {"name": "French", "code": "fr", "longCode": "fr-FR"} in langs
    assert requests.get(f"{server}/health", timeout=30).json()["status"] == "ok"
    report = requests.post(f"{server}/v1/audit", json={"text": PARAGRAPH}, timeout=120).json()
    assert report["schema"] == "mtaudit.report/1"
    assert _shapes(report["findings"]) == _shapes(expected["paragraph"])
    r = requests.post(f"{server}/v1/audit", json={"nothing": 1}, timeout=30)
    assert r.status_code == 400


# --- in process: timeout and CORS (no spaCy: quote rules only) ------------------------------


def _client(**options: Any) -> Any:
    from starlette.testclient import TestClient

    from mtaudit import Auditor, Config
    from mtaudit.cli.serve import ServeOptions, create_app

    class Slow(Auditor):
        def check(self, *args: Any, **kw: Any) -> Any:
            time.sleep(1.0)
            return super().check(*args, **kw)

    auditor = Slow(Config(translator="none", select=("Q",)), warm_up=False)
    return TestClient(create_app(ServeOptions(**options), auditor=auditor))


def test_slow_check_times_out_with_503() -> None:
    text = "Le ministre a répondu « jamais, » avant de quitter la salle."
    with _client(timeout=0.2) as client:
        r = client.post("/v2/check", data={"text": text, "language": "fr"})
    assert r.status_code == 503 and "--timeout" in r.json()["error"]["message"], r.text
    with _client(timeout=30) as client:
        r = client.post("/v2/check", data={"text": text, "language": "fr"})
    assert r.status_code == 200 and r.json()["matches"][0]["rule"]["id"] == "Q001"


def test_cors_only_when_asked() -> None:
    headers = {"Origin": "https://cms.example", "Access-Control-Request-Method": "POST"}
    with _client() as client:
        r = client.options("/v2/check", headers=headers)
    assert "access-control-allow-origin" not in r.headers
    with _client(cors=("https://cms.example",)) as client:
        r = client.options("/v2/check", headers=headers)
    assert r.headers["access-control-allow-origin"] == "https://cms.example"


def test_worker_processes_serve_the_same_answers() -> None:
    """``--workers 2``: two uvicorn processes, each with its own Auditor (quote rules only, so
    that no spaCy loads), answer concurrent clients identically."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "mtaudit", "serve", "--port", str(port),
                             "--workers", "2", "--select", "Q", "--translator", "none"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if requests.get(f"{url}/health", timeout=2).json()["status"] == "ok":
                    break
            except (requests.RequestException, ValueError):
                time.sleep(0.3)
        text = "Le ministre a répondu « jamais, » avant de quitter la salle."
        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(lambda _: _post(url, text=text, language="fr").json(),
                                    range(16)))
        assert [m["rule"]["id"] for m in answers[0]["matches"]] == ["Q001"]
        assert all(a == answers[0] for a in answers)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_busy_port_is_a_one_line_usage_error() -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        out = subprocess.run([sys.executable, "-m", "mtaudit", "serve", "--port", str(port)],
                             capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert out.stderr.startswith(f"mtaudit: error: cannot listen on 127.0.0.1:{port}")
    assert len(out.stderr.strip().splitlines()) == 1
