"""Throughput of a monolingual check against Grammalecte on the same ≥500 KB of French.

Usage: python bench/throughput.py [--corpus ../shared/corpora/dev] [--kb 500 --kb 2000] [--runs 1]
       python bench/throughput.py --only articles [--files 288] [--runs 5] [--corpus DIR]
       python bench/throughput.py --only warm
       python bench/throughput.py --only memory [--memory-files 100 --memory-files 10000]

``--only articles`` (issue 16) checks ``--files`` files (default 288, as the issue asks): the
corpus's French articles (``human/`` and ``mt/``, cycled, copied to a temporary directory at
run time) with, in one run: Grammalecte (one
``grammalecte-cli -f`` on the articles concatenated: it has no multi-file mode, and one
process per file would only time its start-up), ``mtaudit check DIR --jobs 1``, ``--jobs 2``
and ``--dask`` on a local cluster of 2 workers (``dask scheduler`` + 2 ``dask worker
--nthreads 1``, started here, cold), each with ``--format jsonl --translator none``; prints
articles/s, words/s, peak RSS (the sum over the command's process tree, sampled every 50 ms),
the time to the first JSONL line as a share of the run, and whether the findings of every
route equal those of ``--jobs 1``.  With ``--runs N``, ``--jobs 1`` and ``--jobs 2`` run N
times in alternation: their rows are the median runs, and the ratio printed is the median of
the N paired rounds (this shared machine moves one round's ratio by a fifth either way).

``--only warm`` times a warm auditor (spaCy in process) on the same articles: CPU per
article, the basis of the README's million-article estimate.

``--only memory`` checks N small files (paragraphs of the corpus, one per file) with
``--format jsonl --jobs 2`` for each N and prints the peak RSS of the process tree: streaming
keeps it flat (target: 10,000 files within 1.2× of 100).

For each size, builds a French file of at least that many kilobytes by concatenating the
development corpus (read at run time, never copied into the project), then times, in one run
and in turn:
  * ``grammalecte-cli -f FILE -j``                       (the reference checker)
  * ``mtaudit check FILE --select Q,P,T,C,E``            (rules-only core check, issue #2)
  * ``mtaudit check FILE``                               (full monolingual check, issue #3)
each with ``--translator none --format json``, plus ``mtaudit rules`` against
``python -c "import rich"`` (start-up).  Prints wall times, peak memory and the ratios.
Targets: core ≥ 5x and full ≥ 2x faster than Grammalecte; ``mtaudit rules`` < 2x the start-up
of ``import rich``.  Several sizes separate mtaudit's fixed cost (loading spaCy's French model,
a few seconds) from its cost per kilobyte.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpora" / "dev"
MTAUDIT = [sys.executable, "-m", "mtaudit"]


def build_input(corpus: Path, kb: int) -> Path:
    texts = [p.read_text("utf-8") for sub in ("human", "mt")
             for p in sorted((corpus / sub).glob("*.txt"))]
    blob = "\n\n".join(texts)
    out = blob
    while len(out.encode("utf-8")) < kb * 1024:
        out += "\n\n" + blob
    path = Path(tempfile.mkdtemp(prefix="mtaudit-bench-")) / "french.txt"
    path.write_text(out, encoding="utf-8")
    return path


#: Runs a command and reports the peak RSS of its largest process (itself or a descendant it
#: waited for, such as mtaudit's spaCy worker): ``RUSAGE_CHILDREN`` of a fresh parent, so
#: commands run one after another do not see each other's peaks.
_PEAK_WRAPPER = ("import resource, subprocess, sys; "
                 "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
                 "sys.stderr.write(f'\\nPEAK_KB {resource.getrusage(resource.RUSAGE_CHILDREN)"
                 ".ru_maxrss}\\n'); sys.exit(rc)")


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MiB) of the command's largest process, exit code."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _PEAK_WRAPPER, *cmd],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - t0
    err = proc.stderr.decode(errors="replace")
    peak_kb = int(err.rsplit("PEAK_KB ", 1)[1].split()[0]) if "PEAK_KB " in err else 0
    if proc.returncode not in (0, 1):
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n"
                 f"{proc.stderr.decode()[-2000:]}")
    return wall, peak_kb / 1024, proc.returncode


def best_of(cmd: list[str], runs: int) -> tuple[float, float]:
    results = [timed(cmd) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def _tree_rss(root: int) -> int:
    """Resident memory of a process and its descendants, in bytes (0 when gone)."""
    import psutil

    try:
        proc = psutil.Process(root)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def run_streaming(cmd: list[str], extra_pids: tuple[int, ...] = ()) -> dict[str, Any]:
    """Run a command writing JSON Lines on stdout: wall time, first-line time, peak tree RSS."""
    import threading

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8")
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid) + sum(_tree_rss(p) for p in extra_pids))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    first = None
    lines = []
    assert proc.stdout is not None
    for line in proc.stdout:
        if first is None:
            first = time.perf_counter() - t0
        lines.append(line)
    err = proc.stderr.read() if proc.stderr else ""
    proc.wait()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1, 2):
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    return {"seconds": wall, "first_line": first, "peak_mib": peak / 2**20, "lines": lines}


def _findings(lines: list[str]) -> dict[str, Any]:
    out = {}
    for line in lines:
        d = json.loads(line)
        out[d["file"]] = d.get("error") or [(f["rule"], f["start"], f["end"])
                                            for f in d["findings"]]
    return out


def articles(corpus: Path, count: int, runs: int = 1) -> int:
    """Grammalecte, --jobs 1, --jobs 2 and Dask (2 local workers) on the same ``count`` files:
    the corpus's articles, cycled when it has fewer (issue 16 asks for 288 files)."""
    import socket

    articles = [p for sub in ("human", "mt") for p in sorted((corpus / sub).glob("*.txt"))]
    files = [articles[i % len(articles)] for i in range(max(count, 1))]
    tmp = Path(tempfile.mkdtemp(prefix="mtaudit-articles-"))
    words = 0
    for i, p in enumerate(files):
        text = p.read_text("utf-8")
        words += len(text.split())
        (tmp / f"{i:04d}_{p.parent.name}_{p.name}").write_text(text, encoding="utf-8")
    concatenated = tmp.parent / f"{tmp.name}.txt"
    concatenated.write_text("\n\n".join(p.read_text("utf-8") for p in files), encoding="utf-8")
    common = ["--translator", "none", "--format", "jsonl"]
    rows: dict[str, dict[str, Any]] = {}
    grammalecte = shutil.which("grammalecte-cli")
    if grammalecte is None:
        print("grammalecte-cli not found (apt-get install grammalecte-cli "
              "python3-grammalecte): its row is left out", file=sys.stderr)
    else:
        wall, peak, _ = timed([grammalecte, "-f", str(concatenated)])
        rows["grammalecte-cli -f (concatenated)"] = {"seconds": wall, "peak_mib": peak}
    # --jobs 1 and --jobs 2 in alternation, ``runs`` rounds: on a shared machine one round's
    # ratio can be off by a fifth either way; each route's row is its median run
    rounds: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    for _ in range(max(runs, 1)):
        for jobs in (1, 2):
            rounds[jobs].append(run_streaming(
                [*MTAUDIT, "check", str(tmp), "--jobs", str(jobs), *common]))
    reference = _findings(rounds[1][0]["lines"])
    for jobs, runs_of in rounds.items():
        same = all(_findings(r["lines"]) == reference for r in runs_of)
        middle = sorted(runs_of, key=lambda r: r["seconds"])[len(runs_of) // 2]
        rows[f"mtaudit --jobs {jobs}"] = {**middle, "all_same": same}
    paired = sorted(a["seconds"] / b["seconds"] for a, b in zip(rounds[1], rounds[2],
                                                                   strict=True))
    dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
    if dask is None:
        print("dask not found (pip install 'mtaudit[dist]'): the Dask row is left out",
              file=sys.stderr)
    else:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        address = f"tcp://127.0.0.1:{port}"
        cluster = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port",
                                     str(port), "--no-dashboard"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
        cluster += [subprocess.Popen([dask, "worker", address, "--nthreads", "1",
                                      "--no-dashboard"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL) for _ in range(2)]
        try:
            from distributed import Client

            with Client(address, timeout="60s") as client:
                client.wait_for_workers(2, timeout=120)
            rows["mtaudit --dask (2 local workers)"] = run_streaming(
                [*MTAUDIT, "check", str(tmp), "--dask", address, *common],
                extra_pids=tuple(p.pid for p in cluster))
        finally:
            for p in cluster:
                p.terminate()
            for p in cluster:
                p.wait(timeout=30)
    kb = sum(p.stat().st_size for p in files) / 1024
    print(f"{len(files)} files ({len(set(files))} distinct articles), {words:,} words, "
          f"{kb:.0f} KB; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'route':36} {'seconds':>8} {'articles/s':>11} {'words/s':>9} {'peak MiB':>9} "
          f"{'1st line':>9} {'same findings':>14}")
    for name, r in rows.items():
        first = r.get("first_line")
        share = "" if first is None else f"{100 * first / r['seconds']:.0f} %"
        same = "" if "lines" not in r else str(_findings(r["lines"]) == reference
                                                and r.get("all_same", True))
        print(f"{name:36} {r['seconds']:8.1f} {len(files) / r['seconds']:11.2f} "
              f"{words / r['seconds']:9.0f} {r['peak_mib']:9.0f} {share:>9} {same:>14}")
    print(f"--jobs 2 vs --jobs 1, {len(paired)} alternating round(s): median "
          f"{paired[len(paired) // 2]:.2f}x (rounds: "
          + ", ".join(f"{x:.2f}" for x in paired) + "); rows are each route's median run")
    return 0


def memory(corpus: Path, counts: list[int]) -> int:
    """Peak RSS of a streamed --jobs 2 run over N small files, for each N."""
    paragraphs = [para.strip() for sub in ("human", "mt")
                  for p in sorted((corpus / sub).glob("*.txt"))
                  for para in p.read_text("utf-8").split("\n\n") if len(para.split()) >= 25]
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; "
          f"{len(paragraphs)} distinct paragraphs, one per file, cycled")
    print(f"{'files':>7} {'seconds':>8} {'files/s':>8} {'peak MiB':>9} {'× first':>8}")
    first_peak = None
    for n in counts:
        d = Path(tempfile.mkdtemp(prefix=f"mtaudit-mem{n}-"))
        for i in range(n):
            (d / f"{i:06d}.txt").write_text(paragraphs[i % len(paragraphs)], encoding="utf-8")
        r = run_streaming([*MTAUDIT, "check", str(d), "--jobs", "2", "--translator", "none",
                           "--format", "jsonl"])
        assert len(r["lines"]) == n, (len(r["lines"]), n)
        first_peak = first_peak or r["peak_mib"]
        print(f"{n:7d} {r['seconds']:8.1f} {n / r['seconds']:8.1f} {r['peak_mib']:9.0f} "
              f"{r['peak_mib'] / first_peak:8.2f}")
        shutil.rmtree(d, ignore_errors=True)
    return 0


def warm(corpus: Path) -> int:
    """CPU per article of a warm auditor (spaCy in process), the basis of the README's
    million-article estimate: one pass over the articles to load everything, a second one
    timed."""
    from mtaudit import Auditor, Config
    from mtaudit.text import nlp

    nlp.in_process()
    texts = [p.read_text("utf-8") for sub in ("human", "mt")
             for p in sorted((corpus / sub).glob("*.txt"))]
    words = sum(len(t.split()) for t in texts)
    with Auditor(Config(translator="none")) as auditor:
        for text in texts:
            auditor.check(text)
        cpu, wall = time.process_time(), time.perf_counter()
        for text in texts:
            auditor.check(text)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{len(texts)} articles, {words:,} words; load average {os.getloadavg()[0]:.1f}")
    print(f"warm auditor: {1000 * cpu / len(texts):.0f} ms CPU per article "
          f"({words / cpu:,.0f} words per CPU-second; wall {1000 * wall / len(texts):.0f} ms)")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=("sizes", "articles", "memory", "warm"),
                    help="run one section (default: sizes, as before issue 16)")
    ap.add_argument("--memory-files", type=int, action="append",
                    help="file counts for --only memory (default 100 and 10000)")
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--files", type=int, default=288,
                    help="files for --only articles (the articles, cycled; default 288)")
    ap.add_argument("--kb", type=int, action="append",
                    help="input size in KB (repeatable; default 500 and 2000)")
    ap.add_argument("--runs", type=int, default=1, help="best of N runs for each command")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not (corpus / "human").is_dir():
        print(f"corpus not found: {corpus}", file=sys.stderr)
        return 2
    if args.only == "articles":
        return articles(corpus, args.files, args.runs)
    if args.only == "memory":
        return memory(corpus, args.memory_files or [100, 10_000])
    if args.only == "warm":
        return warm(corpus)
    grammalecte = shutil.which("grammalecte-cli")
    if grammalecte is None:
        print("grammalecte-cli not found: apt-get install grammalecte-cli", file=sys.stderr)
        return 2
    env_note = f"{os.cpu_count()} cores"
    common = ["--translator", "none", "--format", "json", "--fail-on", "never", "--lang", "fr"]
    sizes: dict[str, dict[str, dict[str, float]]] = {}
    for kb in args.kb or [500, 2000]:
        path = build_input(corpus, kb)
        rows = {
            "grammalecte-cli -f FILE -j": best_of([grammalecte, "-f", str(path), "-j"],
                                                  args.runs),
            "mtaudit check (core rules Q,P,T,C,E)":
                best_of([*MTAUDIT, "check", str(path), "--select", "Q,P,T,C,E", *common],
                        args.runs),
            "mtaudit check (full monolingual)": best_of([*MTAUDIT, "check", str(path), *common],
                                                        args.runs),
        }
        ref = rows["grammalecte-cli -f FILE -j"][0]
        sizes[f"{path.stat().st_size / 1024:.0f} KB"] = {
            k: {"seconds": round(w, 2), "peak_mib": round(m, 1),
                "speedup_vs_grammalecte": round(ref / w, 2)} for k, (w, m) in rows.items()}
    start_rich = best_of([sys.executable, "-c", "import rich"], max(args.runs, 3))
    start_rules = best_of([*MTAUDIT, "rules"], max(args.runs, 3))
    startup = {"python -c 'import rich'": round(start_rich[0], 3),
               "mtaudit rules": round(start_rules[0], 3),
               "ratio": round(start_rules[0] / start_rich[0], 2)}
    result = {"machine": env_note, "load_average": os.getloadavg(), "sizes": sizes,
              "startup": startup}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{env_note}; best of {args.runs}; load average {os.getloadavg()[0]:.1f}")
    for size, timings in sizes.items():
        print(f"\ninput: {size} of French")
        print(f"{'command':42} {'seconds':>8} {'peak MiB':>9} {'speed vs Grammalecte':>21}")
        for name, t in timings.items():
            print(f"{name:42} {t['seconds']:8.2f} {t['peak_mib']:9.1f} "
                  f"{t['speedup_vs_grammalecte']:20.2f}x")
    rich_s = startup["python -c 'import rich'"]
    print(f"\nstart-up: mtaudit rules {startup['mtaudit rules']:.3f}s vs import rich "
          f"{rich_s:.3f}s → ratio {startup['ratio']:.2f} (target < 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
