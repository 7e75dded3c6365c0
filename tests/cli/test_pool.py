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


# --- a pool that breaks ------------------------------------------------------------------------


def _light_check(item: batch.Item) -> batch.Outcome:
    """A quick stand-in for a check; the process dies on ``__crash__``, always on ``__all__``."""
    import time

    if item.text == "__crash__" or os.environ.get("MTAUDIT_TEST_ALWAYS_DIE"):
        os._exit(9)  # as if killed
    time.sleep(0.01)
    return batch.Outcome(item.index, item.key, "passed", line=item.key + "\n")


def _run_pool(items: list[batch.Item]) -> dict[str, batch.Outcome]:
    config = Config(translator="none", select=("Q",))
    outcomes = list(batch.check_pool(items, config, 2, lines=True, _check=_light_check))
    keys = [o.key for o in outcomes]
    assert sorted(keys) == sorted(i.key for i in items), "an input lost or reported twice"
    return {o.key: o for o in outcomes}


@pytest.mark.parametrize("where", [0, 5, 37])
def test_a_crash_among_many_inputs_loses_none_of_them(where: int) -> None:
    """The pool may find itself broken while handing over the next input, not only while
    awaiting a result: every input is still reported once, the culprit as internal."""
    items = [batch.Item(i, f"k{i}", text="__crash__" if i == where else "x")
             for i in range(40)]
    got = _run_pool(items)
    assert got[f"k{where}"].status == "internal"
    assert "died" in (got[f"k{where}"].message or "")
    assert all(o.status == "passed" for k, o in got.items() if k != f"k{where}")


def test_workers_that_always_die_end_the_run_with_every_input_reported(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTAUDIT_TEST_ALWAYS_DIE", "1")
    got = _run_pool([batch.Item(i, f"k{i}", text="x") for i in range(6)])
    assert all(o.status == "internal" for o in got.values())


class _BrokenAtOnce:
    """An executor whose every submission finds it broken (its workers never start)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def submit(self, *args: object) -> None:
        from concurrent.futures.process import BrokenProcessPool

        raise BrokenProcessPool("a child process terminated abruptly")

    def shutdown(self, **kwargs: object) -> None:
        pass


def test_pools_that_cannot_take_an_input_end_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _BrokenAtOnce)
    got = _run_pool([batch.Item(i, f"k{i}", text="x") for i in range(5)])
    assert all(o.status == "internal" and "not checked" in (o.message or "")
               for o in got.values())


def test_an_input_the_broken_pool_refused_stays_first_in_line() -> None:
    import collections

    queue = collections.deque([batch.Item(0, "a"), batch.Item(1, "b")])
    pending: dict[Any, batch.Item] = {}
    assert not batch._hand_over(_BrokenAtOnce(), _light_check, queue, pending)
    assert [i.key for i in queue] == ["a", "b"] and pending == {}


def test_a_killed_driver_leaves_no_process_behind(tmp_path: Path) -> None:
    """``kill -9`` of ``mtaudit check --jobs 2``: its workers, fork server and span server
    end too (workers watch the driver; the fork server ends with its last worker)."""
    import signal
    import subprocess
    import sys
    import time

    for i in range(40):
        (tmp_path / f"{i:02d}.txt").write_text(TEXTS[i % len(TEXTS)], encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "mtaudit", "check", str(tmp_path), "--jobs",
                             "2", "--format", "jsonl", "--translator", "none"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    assert proc.stdout is not None
    assert proc.stdout.readline()  # the pool is running
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)  # any process left in the run's session?
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("processes of the killed run are still alive")
