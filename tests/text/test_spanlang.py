"""Per-span language identification, in process or from the span server a pool shares
(``mtaudit.text.spanlang``)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from mtaudit.text import spanlang

pytest.importorskip("lingua")

SPANS = ["officials say", "reportedly", "le gouvernement a annoncé", "die Regierung sagt",
         "il governo ha detto", "el gobierno dijo", "interest", "tariffs massifs", "Kiev",
         "make America great again", "", "week-end", "questo progetto"]


@pytest.fixture()
def server() -> Iterator[spanlang.Server]:
    started = spanlang.Server.start()
    assert started is not None
    try:
        yield started
    finally:
        spanlang.use_server(None, None)
        started.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_server_answers_as_lingua_here(server: spanlang.Server) -> None:
    here = [spanlang.reads_as_french_here(s) for s in SPANS]
    assert True in here and False in here  # the spans tell French from the rest
    spanlang.detector.cache_clear()
    spanlang.use_server(server.address, server.authkey)
    assert [spanlang.reads_as_french(s) for s in SPANS] == here
    assert spanlang._server is not None  # still the server's answers …
    assert spanlang.detector.cache_info().currsize == 0  # … lingua never loaded here


def test_a_dead_server_is_replaced_by_lingua_here(server: spanlang.Server) -> None:
    spanlang.use_server(server.address, server.authkey)
    assert spanlang.reads_as_french("le gouvernement a annoncé")
    server.proc.kill()
    server.proc.wait()
    assert not spanlang.reads_as_french("officials say")  # answered here
    assert spanlang._server is None
    assert [spanlang.reads_as_french(s) for s in SPANS] == \
        [spanlang.reads_as_french_here(s) for s in SPANS]


def test_a_tie_is_not_french(monkeypatch: pytest.MonkeyPatch) -> None:
    """lingua gives every language 0 for a span without letters, listed in an order that
    changes with the process: French listed first in a tie does not make it French."""
    from types import SimpleNamespace

    def values(*ranked: tuple[str, float]) -> list[SimpleNamespace]:
        return [SimpleNamespace(language=SimpleNamespace(name=n), value=v) for n, v in ranked]

    answers = {"tie": values(("FRENCH", 0.0), ("ENGLISH", 0.0), ("GERMAN", 0.0)),
               "top": values(("FRENCH", 0.6), ("ENGLISH", 0.4)),
               "tie at the top": values(("FRENCH", 0.5), ("ITALIAN", 0.5)),
               "second": values(("ENGLISH", 0.7), ("FRENCH", 0.3))}
    fake = SimpleNamespace(compute_language_confidence_values=answers.__getitem__)
    monkeypatch.setattr(spanlang, "detector", lambda: fake)
    assert [spanlang.reads_as_french_here(k) for k in answers] == [False, True, False, False]


def test_a_client_without_the_key_is_refused(server: spanlang.Server) -> None:
    from multiprocessing import AuthenticationError
    from multiprocessing.connection import Client

    deadline = time.monotonic() + 20
    while not os.path.exists(server.address) and time.monotonic() < deadline:
        time.sleep(0.02)
    with pytest.raises((AuthenticationError, EOFError, ConnectionResetError)), \
            Client(server.address, family="AF_UNIX", authkey=b"wrong key") as c:
        c.send("officials say")
        c.recv()
    spanlang.use_server(server.address, server.authkey)  # the server still serves others
    assert spanlang.reads_as_french("le gouvernement a annoncé")
    assert spanlang._server is not None


def test_close_stops_the_server_and_removes_its_socket(server: spanlang.Server) -> None:
    server.close()
    assert server.proc.poll() is not None
    assert not os.path.exists(server.directory)


def test_the_server_exits_when_its_driver_dies() -> None:
    """A driver killed mid-run leaves no server behind: its standard input closes."""
    code = ("import os, sys\n"
            "from mtaudit.text import spanlang\n"
            "s = spanlang.Server.start()\n"
            "print(s.proc.pid, flush=True)\n"
            "os._exit(0)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    pid = int(done.stdout.strip())
    deadline = time.monotonic() + 20
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)
