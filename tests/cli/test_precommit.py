"""``.pre-commit-hooks.yaml``: ``pre-commit try-repo`` on a throwaway repository of articles."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

pytest.importorskip("pre_commit", reason="pip install 'mtaudit[dev]'")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

CLEAN = ("Le conseil municipal a voté mardi soir le budget de l’année prochaine. Les élus de "
         "l’opposition ont dénoncé une hausse des impôts locaux, que le maire juge modeste.\n")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def _articles(tmp_path: Path) -> Path:
    repo = tmp_path / "articles"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "desk@example.org")
    _git(repo, "config", "user.name", "Desk")
    (repo / "propre.md").write_text(CLEAN, encoding="utf-8")
    (repo / "notes.py").write_text("print('not an article')\n", encoding="utf-8")
    shutil.copy(SEED, repo / "depeche.txt")
    (repo / "mtaudit.toml").write_text('translator = "none"\n', encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "articles")
    return repo


def _try_repo(repo: Path, tmp_path: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           # the hook runs the mtaudit of this environment (language: system)
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "mtaudit-system",
         "--verbose", "--files", *files],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_hook_fails_on_machine_translated_copy_and_passes_clean_copy(tmp_path: Path) -> None:
    repo = _articles(tmp_path)
    bad = _try_repo(repo, tmp_path, "depeche.txt", "propre.md", "notes.py")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "depeche.txt" in bad.stdout and "Q00" in bad.stdout
    assert "notes.py" not in bad.stdout  # only articles are handed to mtaudit
    good = _try_repo(repo, tmp_path, "propre.md", "notes.py")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def test_manifest_is_valid_and_both_hooks_agree() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = {h["id"]: h for h in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"mtaudit", "mtaudit-system"}
    assert hooks["mtaudit"]["language"] == "python"
    assert hooks["mtaudit-system"]["language"] in ("system", "unsupported")  # 4.4+ renamed it
    for key in ("entry", "files", "require_serial"):
        assert hooks["mtaudit"][key] == hooks["mtaudit-system"][key]
