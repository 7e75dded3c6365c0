"""`mtaudit fix`: safe fixes only, exact, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.cli.main import main
from mtaudit.core.document import Fix
from mtaudit.fix import apply_fixes
from tests.conftest import SEED


def test_apply_fixes_right_offsets_and_overlaps() -> None:
    text = "abc def ghi"
    out, n = apply_fixes(text, [Fix(8, 11, "GHI"), Fix(0, 3, "ABC"), Fix(1, 2, "x")])
    assert out == "ABC def GHI" and n == 2


def test_fix_write_is_idempotent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "seed.txt"
    f.write_text(SEED.read_text("utf-8"), encoding="utf-8")
    assert main(["fix", str(f), "--write"]) == 0
    once = f.read_text("utf-8")
    assert "« immédiatement »," in once
    assert "« irréaliste »." in once
    assert "»,»" not in once
    assert "« très bien », et que" in once
    assert main(["fix", str(f), "--write"]) == 0
    assert f.read_text("utf-8") == once
    capsys.readouterr()
    assert main(["fix", str(f), "--diff"]) == 0
    assert capsys.readouterr().out == ""


def test_fix_diff_leaves_file_untouched(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.txt"
    original = "Il a dit « immédiatement, » puis il est parti vers la capitale du pays.\n"
    f.write_text(original, encoding="utf-8")
    code = main(["fix", str(f), "--diff"])
    out = capsys.readouterr().out
    assert code == 1
    assert "-Il a dit « immédiatement, » puis" in out
    assert "+Il a dit « immédiatement », puis" in out
    assert f.read_text("utf-8") == original


def test_fix_keeps_bom(tmp_path: Path) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + "Il a dit « immédiatement, » puis il est parti vers la "
                  "capitale.\n".encode())
    assert main(["fix", str(f), "--write"]) == 0
    data = f.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "« immédiatement »," in data[3:].decode("utf-8")


def test_fix_markdown_leaves_markup_alone(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text("# Titre\n\nVoir [le lien](https://ex.org/a?b=1) et « ceci, » pour plus de "
                 "détails sur la question.\n", encoding="utf-8")
    assert main(["fix", str(f), "--write"]) == 0
    assert f.read_text("utf-8") == ("# Titre\n\nVoir [le lien](https://ex.org/a?b=1) et « ceci »,"
                                    " pour plus de détails sur la question.\n")
