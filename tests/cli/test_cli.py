"""The command line as users run it: exit codes, errors, several files, formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mtaudit.cli.main import main
from tests.conftest import SEED

FRENCH_OK = ("Le gouvernement a présenté mercredi son projet de budget pour l’année prochaine. "
             "Le ministre de l’Économie a défendu des mesures d’économie « indispensables », "
             "a-t-il déclaré devant les députés.\n")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_seed_fails_the_default_gate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(SEED), "--translator", "none", "--format", "json"], capsys)
    report = json.loads(out)
    assert code == 1
    assert report["gate"]["passed"] is False
    assert report["backtranslation"]["status"] == "disabled"
    assert report["summary"]["findings"]["major"] >= 5


def test_fail_on_never_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(["check", str(SEED), "--translator", "none", "--fail-on", "never",
                      "--format", "json"], capsys)
    assert code == 0


def test_max_mt_score_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(SEED), "--translator", "none", "--fail-on", "never",
                        "--max-mt-score", "0.1", "--format", "json"], capsys)
    assert code == 1
    assert any("MT score" in r for r in json.loads(out)["gate"]["reasons"])


def test_clean_native_text_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "natif.txt"
    f.write_text(FRENCH_OK, encoding="utf-8")
    code, out, _ = run(["check", str(f), "--translator", "none", "--format", "json"], capsys)
    assert code == 0, out
    assert json.loads(out)["findings"] == []


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x00\x01\x02binary\x00data" * 20, "binary"),
])
def test_bad_input_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      content: bytes, message: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    code, out, err = run(["check", str(f), "--translator", "none"], capsys)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in err


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", "nope/absent.txt"], capsys)
    assert code == 2
    assert err.strip() == "mtaudit: error: nope/absent.txt: no such file or directory"


def test_directory_of_binaries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.bin").write_bytes(b"\x00\xff" * 100)
    (tmp_path / "b.jpg").write_bytes(b"\xff\xd8\xff\xe0" * 100)
    code, _, err = run(["check", str(tmp_path)], capsys)
    assert code == 2
    assert "no .txt, .md or .html files" in err


def test_non_french_is_refused_unless_forced(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "english.txt"
    f.write_text("The president said on Wednesday that the negotiations to end the conflict "
                 "would begin immediately, adding that he would probably meet his counterpart "
                 "in Saudi Arabia for further talks.\n", encoding="utf-8")
    code, _, err = run(["check", str(f), "--translator", "none"], capsys)
    assert code == 2 and "not French" in err and "'en'" in err
    code, out, _ = run(["check", str(f), "--translator", "none", "--lang", "fr",
                        "--format", "json"], capsys)
    assert code in (0, 1)
    assert json.loads(out)["language"]["code"] == "en"


def test_non_utf8_is_decoded_and_reported(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "latin1.txt"
    f.write_bytes(FRENCH_OK.encode("cp1252"))
    code, out, err = run(["check", str(f), "--translator", "none", "--format", "json"], capsys)
    report = json.loads(out)
    assert code == 0
    assert report["encoding"].lower().replace("_", "-") in ("cp1252", "windows-1252",
                                                            "iso-8859-1", "latin-1")
    assert "not UTF-8" in err
    assert "l’Économie" in report["segments"][0]["text"] or "Économie" in FRENCH_OK


def test_bom_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + "Il a dit « immédiatement, » puis il est parti.\n"
                  .encode())
    code, out, _ = run(["check", str(f), "--translator", "none", "--format", "json"], capsys)
    report = json.loads(out)
    assert code == 1 and report["encoding"] == "utf-8-sig"
    text = f.read_bytes()[3:].decode("utf-8")
    q = next(x for x in report["findings"] if x["rule"] == "Q001")
    assert text[q["start"]:q["end"]] == ", »"


def test_several_files_keep_results_for_the_good_ones(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(FRENCH_OK, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, out, err = run(["check", str(good), str(empty), str(SEED), "--translator", "none",
                          "--format", "json"], capsys)
    reports = json.loads(out)
    assert code == 2
    assert [Path(r["file"]).name for r in reports] == ["good.txt", SEED.name]
    assert "empty.txt: file is empty" in err


def test_jsonl_one_object_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["check", str(SEED), str(SEED), "--translator", "none",
                     "--format", "jsonl"], capsys)
    lines = out.strip().splitlines()
    assert len(lines) == 2 and all(json.loads(x)["schema"] == "mtaudit.report/1" for x in lines)


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    data = "Il a dit « immédiatement, » puis il est parti vers la capitale du pays.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    code, out, _ = run(["check", "-", "--translator", "none", "--format", "json"], capsys)
    report = json.loads(out)
    assert report["file"] == "<stdin>"
    assert [f["rule"] for f in report["findings"]] == ["Q001"]
    assert code == 1


def test_select_and_ignore_by_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["check", str(SEED), "--translator", "none", "--select", "Q",
                     "--format", "json"], capsys)
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert rules and all(r.startswith("Q") for r in rules)
    _, out, _ = run(["check", str(SEED), "--translator", "none", "--ignore", "Q,P",
                     "--format", "json"], capsys)
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert rules and not any(r[0] in "QP" for r in rules)


def test_config_file_severity_override_and_gate(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "mtaudit.toml"
    cfg.write_text('fail-on = "critical"\nignore = ["C"]\n[severity]\nQ001 = "critical"\n',
                   encoding="utf-8")
    code, out, _ = run(["check", str(SEED), "--translator", "none", "--config", str(cfg),
                        "--format", "json"], capsys)
    report = json.loads(out)
    assert code == 1
    q001 = [f for f in report["findings"] if f["rule"] == "Q001"]
    assert q001 and all(f["severity"] == "critical" for f in q001)
    assert not any(f["rule"].startswith("C") for f in report["findings"])
    assert report["gate"]["reasons"] == ["2 critical findings"]


def test_bad_config_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "mtaudit.toml"
    cfg.write_text("fail-on = 'sometimes'\n", encoding="utf-8")
    code, _, err = run(["check", str(SEED), "--config", str(cfg)], capsys)
    assert code == 2 and "mtaudit.toml: fail-on: expected one of" in err
    cfg.write_text("colour = 3\n", encoding="utf-8")
    code, _, err = run(["check", str(SEED), "--config", str(cfg)], capsys)
    assert code == 2 and "unknown configuration key" in err


def test_usage_errors_are_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check"], capsys)
    assert code == 2 and err.startswith("mtaudit: error:")
    code, _, err = run(["check", str(SEED), "--fail-on", "often"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, err = run(["check", str(SEED), "--max-mt-score", "7"], capsys)
    assert code == 2


def test_rules_listing_and_page(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules"], capsys)
    assert code == 0 and "Q001" in out and "C001" in out
    code, out, _ = run(["rules", "q001"], capsys)
    assert code == 0
    assert out.startswith("Q001 comma-inside-closing-guillemet")
    assert "## Bad" in out and "immédiatement" in out
    code, _, err = run(["rules", "Z999"], capsys)
    assert code == 2 and "no rule" in err


def test_rules_does_not_import_heavy_modules() -> None:
    code = ("import sys; from mtaudit.cli.main import main; main(['rules']); "
            "heavy = [m for m in ('torch', 'transformers', 'spacy', 'ctranslate2', 'sklearn', "
            "'mtaudit.rules', 'dataclasses') if m in sys.modules]; assert not heavy, heavy")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr


def test_sarif_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(SEED), "--translator", "none", "--format", "sarif"],
                       capsys)
    sarif = json.loads(out)
    run0 = sarif["runs"][0]
    assert sarif["version"] == "2.1.0" and code == 1
    ids = {r["id"] for r in run0["tool"]["driver"]["rules"]}
    text = SEED.read_text("utf-8")
    assert run0["results"]
    for res in run0["results"]:
        assert res["ruleId"] in ids
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["snippet"]["text"] == text[region["charOffset"]:
                                                 region["charOffset"] + region["charLength"]]
        assert res["level"] in ("error", "warning", "note")


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "r" / "seed.json"
    code, out, _ = run(["check", str(SEED), "--translator", "none", "--format", "json",
                        "-o", str(out_file)], capsys)
    assert out == "" and code == 1
    assert json.loads(out_file.read_text("utf-8"))["file"] == str(SEED)


def test_opt_in_rule_runs_only_when_selected(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["check", str(SEED), "--translator", "none", "--format", "json"], capsys)
    assert not any(f["rule"] == "T006" for f in json.loads(out)["findings"])
    _, out, _ = run(["check", str(SEED), "--translator", "none", "--select", "T006",
                     "--format", "json"], capsys)
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"T006"}


def test_internal_error_keeps_other_files(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from mtaudit.auditor import Auditor

    real = Auditor.check

    def flaky(self, source, **kw):  # type: ignore[no-untyped-def]
        path = kw.get("path", "") if isinstance(source, str) else source.path
        if path.endswith("boom.txt"):
            raise RuntimeError("kaboom")
        return real(self, source, **kw)

    monkeypatch.setattr(Auditor, "check", flaky)
    boom = tmp_path / "boom.txt"
    boom.write_text(FRENCH_OK, encoding="utf-8")
    code, out, err = run(["check", str(boom), str(SEED), "--translator", "none",
                          "--format", "jsonl", "--jobs", "1"], capsys)  # the patch is in-process
    assert code == 3
    assert "internal error (RuntimeError: kaboom)" in err and "Traceback" not in err
    lines = [json.loads(x) for x in out.strip().splitlines()]
    assert [("error" in d, d["file"]) for d in lines] == [(True, str(boom)), (False, str(SEED))]
    assert lines[0]["error_kind"] == "internal" and "kaboom" in lines[0]["error"]
