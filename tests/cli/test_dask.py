"""``--dask``: a real cluster (``dask scheduler`` + 2 ``dask worker`` processes on 127.0.0.1),
one worker killed mid-run: every input reported exactly once, findings identical to a local
run.  Needs the ``dist`` extra (``pip install 'mtaudit[dist]'``)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mtaudit.cli import batch
from mtaudit.cli import cluster as dask_route
from mtaudit.core.config import Config
from tests.batch_texts import TEXTS

pytest.importorskip("distributed", reason="the dist extra (Dask distributed) is not installed")

DASK = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
#: The rule families without spaCy: each worker would otherwise spend seconds loading it, and
#: the test is about the distribution (spaCy's rules are compared between routes elsewhere).
CONFIG = Config(translator="none", select=("Q", "P", "T", "C", "E", "U"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory,
            ) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """One cluster for the module (the kill test leaves it one worker, enough for the rest)."""
    assert DASK, "the dask command is not installed beside this Python"
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = open(tmp_path_factory.mktemp("dask") / "cluster.log", "wb")  # noqa: SIM115
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=log, stderr=log, env=env)]
    workers = [subprocess.Popen([DASK, "worker", address, "--nthreads", "1", "--no-nanny",
                                 "--no-dashboard", "--name", f"w{i}"],
                                stdout=log, stderr=log, env=env, start_new_session=True)
               for i in range(2)]
    procs += workers
    try:
        from distributed import Client

        deadline = time.monotonic() + 40
        with Client(address, timeout="40s") as client:
            while len(client.nthreads()) < 2:
                assert time.monotonic() < deadline, "the two Dask workers did not start"
                time.sleep(0.2)
        yield address, workers
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()


def _items(n: int) -> list[batch.Item]:
    items = [batch.Item(i, f"doc{i:03d}.txt", text=TEXTS[i % len(TEXTS)] + f" (dépêche {i})")
             for i in range(n)]
    items.append(batch.Item(n, "broken.jsonl#line1", error="broken.jsonl:1: not JSON"))
    return items


def test_a_worker_killed_mid_run_loses_nothing(cluster: tuple[str, list[Any]]) -> None:
    address, workers = cluster
    items = _items(40)
    local = {o.key: json.loads(o.line or "") for o in
             batch.check_sequential(items, CONFIG, lines=True)}
    got: list[batch.Outcome] = []
    lost: tuple[Any, ...] = ()
    from distributed import Client

    with Client(address, timeout="20s", set_as_default=False) as observer:
        (w0,) = [a for a, w in observer.scheduler_info()["workers"].items()
                 if w["name"] == "w0"]
        for outcome in dask_route.check_dask(items, CONFIG, address, lines=True, task_size=2):
            got.append(outcome)
            if not lost:
                # kill w0 only while the scheduler has tasks on it: they must run again on w1
                in_flight = tuple(observer.processing(workers=[w0]).get(w0, ()))
                if in_flight:
                    os.killpg(workers[0].pid, signal.SIGKILL)
                    lost = in_flight
    assert lost, "w0 never held a task when an outcome arrived: nothing was killed mid-run"
    assert workers[0].wait(timeout=10) == -signal.SIGKILL
    keys = [o.key for o in got]
    assert sorted(keys) == sorted(i.key for i in items)  # every input, exactly once
    remote = {o.key: json.loads(o.line or "") for o in got}
    assert remote == local
    assert remote["broken.jsonl#line1"]["error"] == "broken.jsonl:1: not JSON"
    assert sum(len(r.get("findings", ())) for r in remote.values()) >= 10


def test_cli_dask_streams_jsonl(cluster: tuple[str, list[Any]], tmp_path: Path) -> None:
    address, _ = cluster
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                             for i, t in enumerate(TEXTS)), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mtaudit", "check", str(crawl), "--dask",
                           address, "--translator", "none", "--select", "Q,P,T,C,E,U",
                           "--format", "jsonl"], capture_output=True, text=True, timeout=120)
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    assert sorted(d["file"] for d in lines) == sorted(f"{crawl}#{i}" for i in range(len(TEXTS)))
    assert proc.returncode == 1, proc.stderr  # some texts fail the default gate


def test_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(TEXTS[0], encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mtaudit", "check", str(f), "--dask",
                           f"tcp://127.0.0.1:{_free_port()}", "--translator", "none"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.startswith("mtaudit: error: --dask") and "Traceback" not in proc.stderr
