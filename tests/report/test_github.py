"""``--format github``: GitHub Actions workflow commands, one per finding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mtaudit.cli.main import main
from mtaudit.report.github import escape_data, escape_property

#: ``::level key=value,…::message``, as the Actions runner parses it.
COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")
TEXT = ("Le ministre a répondu « jamais, » avant de partir.\n"
        "Il a dit: « non ». La ville compte 50% d’habitants en plus.\n")


def _commands(out: str) -> list[tuple[str, dict[str, str], str]]:
    parsed = []
    for line in out.splitlines():
        m = COMMAND.match(line)
        assert m, line
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        parsed.append((m.group(1), props, m.group(3)))
    return parsed


def test_one_annotation_per_finding_with_exact_positions(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    assert main(["check", str(article), "--translator", "none", "--format", "json"]) == 1
    import json

    findings = json.loads(capsys.readouterr().out)["findings"]
    assert main(["check", str(article), "--translator", "none", "--format", "github"]) == 1
    cmds = _commands(capsys.readouterr().out)
    assert len(cmds) == len(findings) >= 3
    lines = TEXT.splitlines()
    for (level, props, message), f in zip(cmds, findings, strict=True):
        assert props["file"] == article.as_posix()
        line, col = int(props["line"]), int(props["col"])
        end_line, end_col = int(props["endLine"]), int(props["endColumn"])
        assert (line, col) == (f["line"], f["column"])
        assert line == end_line
        # the annotated columns cover exactly the flagged characters
        assert lines[line - 1][col - 1:end_col - 1] == TEXT[f["start"]:f["end"]]
        assert props["title"] == f"mtaudit {f['rule']} ({f['name']})"
        assert message.startswith(f"{f['rule']} [{f['severity']}] ")
        assert level == ("error" if f["severity"] in ("major", "critical") else "notice")


def test_levels_follow_the_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    assert main(["check", str(article), "--translator", "none", "--format", "github",
                 "--fail-on", "minor"]) == 1
    assert {c[0] for c in _commands(capsys.readouterr().out)} == {"error"}
    assert main(["check", str(article), "--translator", "none", "--format", "github",
                 "--fail-on", "never", "--max-mt-score", "0"]) == 1
    cmds = _commands(capsys.readouterr().out)
    assert "error" not in {c[0] for c in cmds[:-1]}
    level, props, message = cmds[-1]
    assert level == "error" and props["title"] == "mtaudit gate" and "MT score" in message


def test_escaping() -> None:
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
