"""Many inputs: ``--jobs``, streamed JSON Lines, crawl records (``mtaudit.cli.batch``)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from mtaudit.cli import batch
from mtaudit.cli.main import main
from tests.batch_texts import TEXTS


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _corpus(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    for i, text in enumerate(TEXTS):
        (d / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    (d / "99_binary.txt").write_bytes(b"\x00\x01\x02 not text \x00" * 20)
    return d


def _by_file(out: str) -> dict[str, dict[str, Any]]:
    lines = [json.loads(x) for x in out.splitlines()]
    by_file = {d["file"]: d for d in lines}
    assert len(by_file) == len(lines), "an input was reported twice"
    return by_file


def _essence(report: dict[str, Any]) -> Any:
    """What must not depend on the route: findings, verdict, gate (or the error)."""
    if "error" in report:
        return report["error"]
    return (report["findings"], report["verdict"], report["gate"], report["segments"])


def test_jobs_2_gives_the_findings_of_jobs_1(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    d = _corpus(tmp_path)
    common = ["check", str(d), "--translator", "none", "--format", "jsonl"]
    code1, out1, _ = run([*common, "--jobs", "1"], capsys)
    code2, out2, err2 = run([*common, "--jobs", "2"], capsys)
    one, two = _by_file(out1), _by_file(out2)
    assert set(one) == set(two) == {str(p) for p in d.iterdir()}
    assert {k: _essence(v) for k, v in one.items()} == {k: _essence(v) for k, v in two.items()}
    assert sum(len(v.get("findings", ())) for v in one.values()) >= 3  # not a vacuous match
    # the bad file is an error line; the others were all checked; exit 2 at the end
    bad = two[str(d / "99_binary.txt")]
    assert "binary" in bad["error"] and bad["error_kind"] == "input"
    assert all("schema" in v for k, v in two.items() if not k.endswith("99_binary.txt"))
    assert code1 == code2 == 2
    assert "99_binary.txt: binary file" in err2


def test_jobs_2_json_keeps_input_order(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    d = _corpus(tmp_path)
    (d / "99_binary.txt").unlink()
    code, out, _ = run(["check", str(d), "--translator", "none", "--format", "json",
                        "--jobs", "2"], capsys)
    files = [r["file"] for r in json.loads(out)]
    assert files == sorted(str(p) for p in d.iterdir())
    assert code in (0, 1)


def test_jsonl_lines_are_written_as_each_input_finishes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each line is written and flushed before the next input is even checked."""
    d = _corpus(tmp_path)
    (d / "99_binary.txt").unlink()
    out_path = tmp_path / "out.jsonl"
    lines_seen_at_check: list[int] = []
    real = batch.make_auditor

    class Spy:
        def __init__(self, config: Any) -> None:
            self.inner = real(config)

        def check(self, source: Any, *, path: str = "<text>") -> Any:
            # what a reader of the output file sees at this moment
            written = out_path.read_text("utf-8") if out_path.exists() else ""
            lines_seen_at_check.append(written.count("\n"))
            return self.inner.check(source, path=path)

        def __enter__(self) -> Spy:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

    monkeypatch.setattr(batch, "make_auditor", Spy)
    code = main(["check", str(d), "--translator", "none", "--format", "jsonl", "--jobs", "1",
                 "-o", str(out_path)])
    assert code in (0, 1)
    assert lines_seen_at_check == list(range(len(TEXTS)))
    assert all("file" in json.loads(x) for x in out_path.read_text("utf-8").splitlines())


def _crawl(tmp_path: Path) -> Path:
    records = [json.dumps({"id": f"a{i}", "text": t, "url": f"https://example.org/{i}"},
                          ensure_ascii=False) for i, t in enumerate(TEXTS[:4])]
    records += [
        "{not json at all",
        json.dumps({"id": "no-text"}),
        json.dumps({"text": TEXTS[4]}),
        json.dumps(["a", "list"]),
        json.dumps({"id": 7, "text": TEXTS[5], "lang": "fr"}),
        json.dumps({"id": "en1", "text": "The council approved the budget.", "lang": "en"}),
        "",
    ]
    path = tmp_path / "crawl.jsonl"
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    return path


def test_crawl_records_are_checked_one_by_one(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    crawl = _crawl(tmp_path)
    code, out, err = run(["check", str(crawl), "--translator", "none", "--format", "jsonl",
                          "--jobs", "2"], capsys)
    got = _by_file(out)
    ok = {f"{crawl}#a{i}" for i in range(4)} | {f"{crawl}#7"}
    errors = {k for k, v in got.items() if "error" in v}
    assert {k for k, v in got.items() if "schema" in v} == ok
    assert errors == {f"{crawl}#line5", f"{crawl}#no-text", f"{crawl}#line7",
                      f"{crawl}#line8", f"{crawl}#en1"}
    assert "not JSON" in got[f"{crawl}#line5"]["error"]
    assert got[f"{crawl}#a1"]["url"] == "https://example.org/1"
    assert code == 2 and err.count("mtaudit: error:") == 5
    # a record gets exactly the findings of the same text checked as a file
    f = tmp_path / "a2.txt"
    f.write_text(TEXTS[2], encoding="utf-8")
    _, single, _ = run(["check", str(f), "--translator", "none", "--format", "json",
                        "--jobs", "1"], capsys)
    record = got[f"{crawl}#a2"]
    assert [x["rule"] for x in record["findings"]] == \
        [x["rule"] for x in json.loads(single)["findings"]] != []
    assert record["findings"] == json.loads(single)["findings"]


def test_crawl_records_from_stdin(capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    data = "\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False)
                     for i, t in enumerate(TEXTS[:2])) + "\n{broken\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    code, out, _ = run(["check", "-", "--input-format", "jsonl", "--translator", "none",
                        "--format", "jsonl", "--jobs", "1"], capsys)
    got = _by_file(out)
    assert set(got) == {"<stdin>#0", "<stdin>#1", "<stdin>#line3"}
    assert "error" in got["<stdin>#line3"] and "schema" in got["<stdin>#1"]
    assert code == 2


def test_a_dying_worker_is_one_error_line_not_a_stopped_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool reports a crashed check as an internal error and goes on with the others."""
    from mtaudit.core.config import Config

    items = [batch.Item(0, "ok", text=TEXTS[0]), batch.Item(1, "boom", text="__crash__"),
             batch.Item(2, "ok2", text=TEXTS[3])]
    outcomes = list(batch.check_pool(items, Config(translator="none", select=("Q",)), 2,
                                     lines=True, _check=_crash_on_marker))
    by_key = {o.key: o for o in outcomes}
    assert set(by_key) == {"ok", "boom", "ok2"}
    assert by_key["boom"].status == "internal" and "died" in (by_key["boom"].message or "")
    assert by_key["ok"].status in ("passed", "failed")
    assert by_key["ok2"].status in ("passed", "failed")


def _crash_on_marker(item: batch.Item) -> batch.Outcome:
    import os

    if item.text == "__crash__":
        os._exit(9)  # the process dies as if killed
    return batch._pool_check(item)


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", "-", "--jobs", "0"], capsys)
    assert code == 2 and "--jobs must be at least 1" in err


@pytest.mark.parametrize(("setting", "flag", "route"), [
    ("jobs = 1", [], "sequential"),
    ("jobs = 2", [], "pool"),
    ("jobs = 2", ["--jobs", "1"], "sequential"),  # the command line wins
])
def test_the_configuration_jobs_key_picks_the_route(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        setting: str, flag: list[str], route: str) -> None:
    taken: list[str] = []

    def sequential(items: Any, config: Any, *, lines: bool) -> Any:
        taken.append("sequential")
        return iter(())

    def pool(items: Any, config: Any, jobs: int, *, lines: bool) -> Any:
        taken.append("pool")
        return iter(())

    monkeypatch.setattr(batch, "check_sequential", sequential)
    monkeypatch.setattr(batch, "check_pool", pool)
    (tmp_path / "mtaudit.toml").write_text(f"{setting}\n", encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Le ministre a parlé.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run(["check", "a.txt", "b.txt", "--select", "Q", "--format", "jsonl", *flag], capsys)
    assert taken == [route]
