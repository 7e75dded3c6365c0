"""Generated artefacts are up to date: ``scripts/regen.py`` rebuilds them, these tests fail
(naming it) when one is stale.  The rule index is checked in ``tests/rules/test_rules.py``;
the dev corpus manifest in ``tests/test_behaviour.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import ROOT, load_regen

regen = load_regen()


def test_the_seed_sample_report_is_up_to_date(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from mtaudit.cli.main import main

    monkeypatch.chdir(ROOT)
    out = tmp_path / "report.html"
    main(["check", str(regen.SEED.relative_to(ROOT)), "--translator", "none", "--format", "html",
          "-o", str(out)])
    assert out.read_text("utf-8") == regen.SAMPLE_REPORT.read_text("utf-8"), (
        f"{regen.SAMPLE_REPORT.relative_to(ROOT)} is stale: run `{regen.COMMAND} report` "
        "and commit it")

