"""How ``--jobs N`` workers start: forked from a fork server that has loaded spaCy, the tables
and the patterns once, with lingua in one span server for the pool (issue 16)."""

from __future__ import annotations

import json
import os
import pickle
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from mtaudit.cli import batch
from mtaudit.core.config import Config
from tests.batch_texts import TEXTS

ENGLISH_LEFT = ("Washington persiste dans sa politique de tariffs massifs, selon le ministre.",
                "Une décision reportedly prise en secret a été annulée hier par le conseil.")


def _probe(item: batch.Item) -> batch.Outcome:
    """What a worker holds before it checks anything, as a JSON message."""
    import resource

    from mtaudit.text import nlp, spanlang

    bundle = nlp._process_bundle
    usage = resource.getrusage(resource.RUSAGE_SELF)
    state = {
        "spacy_loaded": nlp.pipeline.cache_info().currsize,
        "bundle_active": bundle is not None and re.compile == bundle.compile,
        "span_server": spanlang._server is not None,
        "mark": os.environ.get("MTAUDIT_TEST_MARK"),
        "cpu": usage.ru_utime + usage.ru_stime,
    }
    if item.text and item.text.startswith("compile:"):
        re.compile(item.text[len("compile:"):])
        batch._pool_check(batch.Item(item.index, item.key, text=TEXTS[0]))
    return batch.Outcome(item.index, item.key, "passed", message=json.dumps(state))


def _states(items: list[batch.Item], config: Config | None = None) -> list[dict[str, Any]]:
    config = config or Config(translator="none")
    outcomes = list(batch.check_pool(items, config, 2, lines=True, _check=_probe))
    assert sorted(o.key for o in outcomes) == sorted(i.key for i in items)
    return [json.loads(o.message or "") for o in outcomes]


def test_workers_start_with_spacy_and_the_patterns_loaded() -> None:
    states = _states([batch.Item(i, f"t{i}", text="x") for i in range(4)])
    assert all(s["spacy_loaded"] == 1 for s in states)  # loaded once, by the fork server
    assert all(s["bundle_active"] for s in states)  # and kept active (it once was collected)
    assert all(s["span_server"] for s in states)


def test_no_span_server_when_no_rule_asks_for_one() -> None:
    states = _states([batch.Item(0, "a", text="x"), batch.Item(1, "b", text="x")],
                     Config(translator="none", select=("Q",)))
    assert not any(s["span_server"] for s in states)


def test_workers_take_the_environment_of_their_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fork server outlives a pool; each pool's workers get that run's environment."""
    for mark in ("first", "second"):
        monkeypatch.setenv("MTAUDIT_TEST_MARK", mark)
        states = _states([batch.Item(0, "a", text="x"), batch.Item(1, "b", text="x")])
        assert {s["mark"] for s in states} == {mark}


def test_patterns_a_worker_compiles_reach_the_cache_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(tmp_path))
    pattern = f"(?:mot|{uuid.uuid4().hex})+"
    _states([batch.Item(0, "a", text=f"compile:{pattern}"), batch.Item(1, "b", text="x")])
    (bundle,) = (tmp_path / "re").glob("bundle-*.pickle")
    assert (pattern, 0) in pickle.loads(bundle.read_bytes())


def test_pool_findings_with_the_span_server_are_those_of_one_process() -> None:
    config = Config(translator="none")
    items = [batch.Item(i, f"t{i}", text=t) for i, t in enumerate([*ENGLISH_LEFT, *TEXTS[:4]])]
    alone = {o.key: o.line for o in batch.check_sequential(items, config, lines=True)}
    pooled = {o.key: o.line for o in batch.check_pool(items, config, 2, lines=True)}
    assert pooled == alone
    found = [json.loads(alone[f"t{i}"] or "")["findings"] for i in range(len(ENGLISH_LEFT))]
    assert all(any(f["rule"] == "U001" for f in fs) for fs in found)  # lingua was asked
