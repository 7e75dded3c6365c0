"""Throughput of a monolingual check against Grammalecte on the same ≥500 KB of French.

Usage: python bench/throughput.py [--corpus ../shared/corpora/dev] [--kb 500 --kb 2000] [--runs 1]

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
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--kb", type=int, action="append",
                    help="input size in KB (repeatable; default 500 and 2000)")
    ap.add_argument("--runs", type=int, default=1, help="best of N runs for each command")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not (corpus / "human").is_dir():
        print(f"corpus not found: {corpus}", file=sys.stderr)
        return 2
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
