"""The spaCy worker route of a check: the tagging batch goes out before the other rules run,
the answers equal in-process spaCy's, a dead worker costs nothing but time, and a worker no
rule needs is stopped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mtaudit.audit import build_document, run_rules
from mtaudit.core.config import Config
from mtaudit.ingest.read import source_from_text
from mtaudit.rules import all_rules
from mtaudit.rules.base import Context
from mtaudit.text import nlp
from tests.helpers import needs_spacy

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_dbb060e02b12dbea.txt"

pytestmark = needs_spacy


def _rules() -> list[Any]:
    return list(all_rules().values())


def _findings(text: str) -> list[Any]:
    config = Config(translator="none")
    doc = build_document(source_from_text(text), config)
    return run_rules(doc, _rules(), config, Context(doc, config))


def _unloaded_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    from functools import lru_cache

    monkeypatch.setattr(nlp, "pipeline", lru_cache(maxsize=1)(nlp.pipeline.__wrapped__))


@pytest.fixture
def worker(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A worker process installed as the one checks use, closed afterwards.  Checks use it
    only while spaCy is not loaded in this process: an earlier test may have loaded it, so
    ``pipeline`` gets an empty cache of its own for the test."""
    _unloaded_pipeline(monkeypatch)
    w = nlp._Worker()
    monkeypatch.setattr(nlp, "_worker", w)
    monkeypatch.setattr(nlp, "_use_worker", True)
    yield w
    w.close()


def test_early_batch_is_sent_before_the_other_rules_and_answers_as_in_process(
        seed_text: str, worker: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_submit = nlp._Worker.submit

    def submit(self: Any, texts: list[str], disable: Any) -> Any:
        events.append(f"submit {len(texts)}")
        return real_submit(self, texts, disable)

    def no_tag_here(texts: list[str], disable: Any = ()) -> list[Any]:
        events.append("tag")  # a second round trip: the early batch missed a segment
        raise AssertionError("tagged outside the early batch")

    monkeypatch.setattr(nlp._Worker, "submit", submit)
    monkeypatch.setattr(nlp, "tag", no_tag_here)
    class FirstRuleWithoutSpacy:  # runs where the rules without spaCy run, finds nothing
        code, tags = "X000", False

        def check(self, ctx: Any) -> Any:
            events.append("first rule without spaCy")
            return iter(())

    rules = [FirstRuleWithoutSpacy(), *_rules()]
    config = Config(translator="none")
    doc = build_document(source_from_text(seed_text), config)
    through_worker = run_rules(doc, rules, config, Context(doc, config))
    monkeypatch.undo()  # in-process spaCy, the reference
    in_process = _findings(seed_text)
    assert events[0].startswith("submit ") and int(events[0].split()[1]) >= 2
    assert events[1] == "first rule without spaCy"
    assert "tag" not in events
    assert {f.rule for f in through_worker if f.rule.startswith(("G", "L"))}  # spaCy rules fired
    assert through_worker == in_process


def test_worker_dead_before_answering_the_early_batch(seed_text: str, worker: Any) -> None:
    worker.proc.kill()
    worker.proc.wait()
    config = Config(translator="none")
    doc = build_document(source_from_text(seed_text), config)
    ctx = Context(doc, config)
    got = run_rules(doc, _rules(), config, ctx)
    assert nlp._worker is None  # given up: the rules' segments were tagged in process
    assert "spacy_pending" not in ctx.extras
    assert got == _findings(seed_text)


@pytest.mark.parametrize("files", [1, 2, 0], ids=["no spaCy rule selected", "a pool",
                                                  "a directory"])
def test_a_worker_the_run_does_not_use_is_stopped(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path, files: int) -> None:
    """The command line starts the worker before it knows the rules; one input whose rules
    need no spaCy stops it at once.  Several inputs, or a directory, go to a pool, whose
    processes load spaCy for themselves: no worker is started for them."""
    from mtaudit.cli.main import main

    started: list[Any] = []
    real_init = nlp._Worker.__init__

    def init(self: Any) -> None:
        real_init(self)
        started.append(self)

    monkeypatch.setattr(nlp._Worker, "__init__", init)
    monkeypatch.setattr(nlp, "_use_worker", True)
    monkeypatch.setenv("MTAUDIT_NLP_WORKER", "1")
    monkeypatch.setattr(nlp, "_worker", None)
    monkeypatch.setattr(nlp, "_users", 0)  # no Auditor of an earlier test holds a worker
    _unloaded_pipeline(monkeypatch)
    paths = []
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for i in range(max(files, 2)):
        path = inputs / f"{i}.txt"
        path.write_text("Il a dit « non, » puis il est parti.\n", "utf-8")
        paths.append(str(path))
    code = main(["check", *(paths[:files] if files else [str(inputs)]), "--select", "Q",
                 "--translator", "none", "--jobs", "2", "--format", "json", "--output",
                 str(tmp_path / "r.json")])
    assert code in (0, 1)
    reports = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert len(reports if isinstance(reports, list) else [reports]) == (files or 2)
    if files == 1:
        assert len(started) == 1  # started before the rules were known …
        assert started[0].proc.poll() is not None  # … and stopped, not left loading spaCy
    else:
        assert started == []
    assert nlp._worker is None


def _cli_json(env_update: dict[str, str], drop: str) -> dict[str, Any]:
    env = {**os.environ, **env_update}
    env.pop(drop, None)
    done = subprocess.run([sys.executable, "-m", "mtaudit", "check", str(SEED), "--translator",
                           "none", "--format", "json"], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 1, done.stderr  # the seed fails the gate
    report = json.loads(done.stdout)
    return report


def test_command_line_through_the_worker_equals_in_process() -> None:
    """The default route of ``mtaudit check`` on a multi-core machine against spaCy in
    process: the same report, byte for byte apart from timings."""
    worker = _cli_json({"MTAUDIT_NLP_WORKER": "1"}, "MTAUDIT_NLP_IN_PROCESS")
    local = _cli_json({"MTAUDIT_NLP_IN_PROCESS": "1"}, "MTAUDIT_NLP_WORKER")
    assert worker["findings"] and worker == local
