"""Is a short span French?  lingua (``lingua-language-detector``, Stahl 2023) ranks the few
languages machine translation leaves behind; here in this process, or in one process shared
by a pool.

Loading lingua's models for five languages costs a process 1.2-1.8 s of CPU the first time a
span is asked about, more than checking forty articles.  A pool (``mtaudit check --jobs N``)
would pay it in each of its N processes; instead the driver starts one *span server*
(``Server.start``, ``python -m mtaudit.text.spanlang``), which loads lingua at once, on
the core the pool's fork server leaves free while it loads spaCy, and each pool worker asks
it over a local socket (``use_server``).  The answers are the
server's ``reads_as_french_here``, the same function a process without a server runs; a
server that cannot be reached, or that dies, is replaced by lingua in the asking process.

The server listens on a Unix socket in a private temporary directory, with an
authentication key it reads from its standard input, and exits when that input closes: when
the driver stops it, or dies.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from functools import lru_cache
from typing import Any

#: How long a worker waits for the server to listen (it starts with the pool) before it loads
#: lingua itself.
CONNECT_TIMEOUT = 20.0


@lru_cache(maxsize=1)
def detector() -> Any:
    """A lingua detector for the few languages MT leaves behind, built once; None if absent."""
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        return None
    return LanguageDetectorBuilder.from_languages(
        Language.FRENCH, Language.ENGLISH, Language.GERMAN, Language.SPANISH,
        Language.ITALIAN).build()


def available() -> bool:
    import importlib.util

    return importlib.util.find_spec("lingua") is not None


def reads_as_french_here(text: str) -> bool:
    """lingua, in this process, ranks French first for ``text``, ahead of every other
    language (False without lingua).  A tie is not French: lingua lists tied languages (all
    at 0 for a text without letters) in an order that changes from one process to the
    next."""
    found = detector()
    if found is None:
        return False
    values = found.compute_language_confidence_values(text)
    return bool(values) and values[0].language.name == "FRENCH" and (
        len(values) == 1 or values[0].value > values[1].value)


# --- the client side (a pool worker) ----------------------------------------------------------

_server: tuple[str, bytes] | None = None
_connection: Any = None
_client_lock = threading.Lock()


def use_server(address: str | None, authkey: bytes | None) -> None:
    """Ask the server at ``address`` from now on (``None``: ask lingua in this process)."""
    global _server, _connection
    with _client_lock:
        _server = (address, authkey) if address and authkey else None
        if _connection is not None:
            _connection.close()
        _connection = None


def _connect(address: str, authkey: bytes) -> Any:
    from multiprocessing.connection import Client

    deadline = time.monotonic() + CONNECT_TIMEOUT
    while True:
        try:
            return Client(address, family="AF_UNIX", authkey=authkey)
        except (FileNotFoundError, ConnectionRefusedError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)  # the server is still starting


def reads_as_french(text: str) -> bool:
    """Whether lingua ranks French first for ``text``: asked of the server when this process
    has one (``use_server``), else here."""
    global _server, _connection
    with _client_lock:
        if _server is not None:
            try:
                if _connection is None:
                    _connection = _connect(*_server)
                _connection.send(text)
                answer = _connection.recv()
                if isinstance(answer, bool):
                    return answer
            except Exception:  # gone, refused or garbled: lingua here from now on
                pass
            if _connection is not None:
                _connection.close()
            _server, _connection = None, None
    return reads_as_french_here(text)


# --- the server -------------------------------------------------------------------------------


class Server:
    """A span server started by the driver of a pool, stopped by ``close``."""

    def __init__(self, proc: Any, directory: str, address: str, authkey: bytes) -> None:
        self.proc = proc
        self.directory = directory
        self.address = address
        self.authkey = authkey

    @classmethod
    def start(cls) -> Server | None:
        """Start the server process (it loads lingua when first asked); None without lingua
        or where Unix sockets are not available."""
        import subprocess
        import tempfile

        if not available() or not hasattr(os, "fork") or sys.platform == "win32":
            return None
        directory = tempfile.mkdtemp(prefix="mtaudit-spans-")
        address = os.path.join(directory, "socket")
        authkey = os.urandom(32)
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "mtaudit.text.spanlang", address], stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            assert proc.stdin is not None
            proc.stdin.write(authkey.hex().encode() + b"\n")
            proc.stdin.flush()
        except OSError:
            os.rmdir(directory)
            return None
        return cls(proc, directory, address, authkey)

    def close(self) -> None:
        import shutil

        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()  # the server's signal to exit
                self.proc.wait(timeout=5)
            except Exception:  # a pipe already broken, or a server that hangs
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


def _answer(connection: Any) -> None:
    with connection:
        while True:
            try:
                text = connection.recv()
            except (EOFError, OSError):
                return
            connection.send(isinstance(text, str) and reads_as_french_here(text))


def serve(address: str, authkey: bytes) -> None:
    """Answer every connection in a thread of its own, until standard input closes."""
    from multiprocessing.connection import Listener

    listener = Listener(address, family="AF_UNIX", authkey=authkey)

    def accept() -> None:
        while True:
            try:
                connection = listener.accept()
            except Exception:  # a client that failed authentication
                time.sleep(0.01)
                continue
            threading.Thread(target=_answer, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    # load lingua now: the pool's workers are loading spaCy meanwhile (in their fork server)
    threading.Thread(target=reads_as_french_here, args=("warm up",), daemon=True).start()
    sys.stdin.buffer.read()  # returns when the driver closes the pipe, or dies
    # lingua's models are large: tearing them down takes time nobody waits for
    os._exit(0)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m mtaudit.text.spanlang SOCKET (key on stdin)", file=sys.stderr)
        return 2
    key = sys.stdin.buffer.readline().strip()
    serve(argv[0], bytes.fromhex(key.decode()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
