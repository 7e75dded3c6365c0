"""Warm latency of ``mtaudit serve`` against Grammalecte's warm engine, same text, same run.

    .venv/bin/python bench/serve.py [--text FILE] [--requests N] [--concurrency C]

Starts ``mtaudit serve --translator none`` on a free port, warms it, then times ``POST
/v2/check`` (LanguageTool's API, form-encoded, one HTTP keep-alive session) sequentially —
p50/p95 latency and requests per second — and with C concurrent clients (requests per second).
Grammalecte (Debian ``python3-grammalecte``; ``import grammalecte``) runs in the system
Python, loaded once and warmed, checking the same text paragraph by paragraph as
``grammalecte-cli`` does; without it the comparison is skipped with a message.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_dbb060e02b12dbea.txt"
SYSTEM_PYTHON = "/usr/bin/python3"

GRAMMALECTE = r"""
import json, sys, time
import grammalecte
checker = grammalecte.GrammarChecker("fr")
text = open(sys.argv[1], encoding="utf-8").read()
n = int(sys.argv[2])
paragraphs = [p for p in text.split("\n") if p.strip()]
def once():
    for p in paragraphs:
        checker.getParagraphErrors(p)
for _ in range(5):
    once()
times = []
for _ in range(n):
    t = time.perf_counter()
    once()
    times.append(time.perf_counter() - t)
print(json.dumps(times))
"""


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    k = (len(s) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "mtaudit", "serve", "--port", str(port),
                             "--translator", "none"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("mtaudit serve exited (pip install -e '.[serve]')")
        try:
            if requests.get(f"http://127.0.0.1:{port}/health", timeout=2).json()["status"] \
                    == "ok":
                return proc
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("mtaudit serve did not start in 300 s")


def time_mtaudit(url: str, text: str, n: int, concurrency: int) -> dict[str, float]:
    session = requests.Session()

    def one(s: requests.Session) -> float:
        t = time.perf_counter()
        r = s.post(f"{url}/v2/check", data={"text": text, "language": "fr"}, timeout=120)
        r.raise_for_status()
        return time.perf_counter() - t

    for _ in range(5):
        one(session)
    started = time.perf_counter()
    times = [one(session) for _ in range(n)]
    sequential = time.perf_counter() - started
    sessions = [requests.Session() for _ in range(concurrency)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(lambda i: one(sessions[i % concurrency]), range(n)))
    concurrent = time.perf_counter() - started
    return {"p50": statistics.median(times), "p95": percentile(times, 0.95),
            "rps": n / sequential, "rps_concurrent": n / concurrent,
            "matches": len(session.post(f"{url}/v2/check", data={"text": text, "language": "fr"},
                                        timeout=120).json()["matches"])}


def time_grammalecte(path: Path, n: int) -> dict[str, float] | str:
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import grammalecte"], capture_output=True)
    if probe.returncode != 0:
        return ("Grammalecte not installed (apt-get install python3-grammalecte): "
                "comparison skipped")
    out = subprocess.run([SYSTEM_PYTHON, "-c", GRAMMALECTE, str(path), str(n)],
                         capture_output=True, text=True, check=True).stdout
    times = json.loads(out)
    return {"p50": statistics.median(times), "p95": percentile(times, 0.95),
            "rps": len(times) / sum(times)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text", type=Path, default=SEED)
    ap.add_argument("--requests", type=int, default=60)
    ap.add_argument("--concurrency", type=int, default=4)
    args = ap.parse_args()
    text = args.text.read_text("utf-8")
    port = free_port()
    proc = start_server(port)
    try:
        mt = time_mtaudit(f"http://127.0.0.1:{port}", text, args.requests, args.concurrency)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    gr = time_grammalecte(args.text, args.requests)
    print(f"text: {args.text.name} ({len(text):,} characters); {args.requests} requests, warm")
    print(f"{'':34}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}")
    print(f"{'mtaudit serve POST /v2/check':34}{mt['p50'] * 1000:9.1f}{mt['p95'] * 1000:9.1f}"
          f"{mt['rps']:9.2f}   ({int(mt['matches'])} matches)")
    print(f"{f'  … {args.concurrency} concurrent clients':34}{'':18}{mt['rps_concurrent']:9.2f}")
    if isinstance(gr, str):
        print(gr)
    else:
        print(f"{'Grammalecte, in process':34}{gr['p50'] * 1000:9.1f}{gr['p95'] * 1000:9.1f}"
              f"{gr['rps']:9.2f}")
        print(f"mtaudit p50 / Grammalecte p50 = {mt['p50'] / gr['p50']:.2f}x "
              "(target: at most 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
