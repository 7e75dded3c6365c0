"""Cold start on one article: mtaudit against Grammalecte, same file, same run, with a breakdown.

Usage: python bench/latency.py [FILE] [--runs 5]

Times, alternately and in fresh processes, ``grammalecte-cli -f FILE`` and
``mtaudit check FILE --translator none --format json`` twice: as typed, spaCy loading in its
worker process (``MTAUDIT_NLP_WORKER=1``: the CLI's choice on more than one core), and with
``--jobs 1``, spaCy loaded in process (the choice on one core, or when told to use one).
Reports the median and best wall time, the CPU time (user + system, of the command and its
children) and the peak RSS of each, and the ratios to Grammalecte (target: mtaudit ≤ 4×
Grammalecte).  The machine is shared, so the CPU ratio is printed beside the wall ratio: it
moves less with the load.

Then a breakdown of one cold check, phase by phase, in a fresh process with spaCy loaded in
process (each phase timed as the pipeline meets it): imports, reading and segmenting,
language identification (langdetect's profiles), rule modules, word frequencies (wordfreq's
lists, mapped from the cache: ``mtaudit.text.frequency``), spaCy (import + model, its
lemmatizer tables mapped from the cache: ``mtaudit.text.lemma_tables``), the rules (compiled
patterns read from the cache, as the CLI does), scoring.

The first mtaudit run after installation also compiles spaCy's French tokenizer pattern and
packs the word-frequency and lemmatizer tables, storing them in ``MTAUDIT_CACHE_DIR``;
``--first-run`` times that run too, with an empty cache directory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "seeds" / "000_dbb060e02b12dbea.txt"


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (self + children), peak RSS MiB (largest process), exit code."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    # wait4 reports the child; its own children (the spaCy worker) are in its RUSAGE_CHILDREN,
    # which the child's rusage includes once it has waited for them (it does, at exit).
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, proc.returncode


BREAKDOWN = r"""
import sys, time
t = time.perf_counter(); c = time.process_time()
rows = []
def lap(name):
    global t, c
    now, cpu = time.perf_counter(), time.process_time()
    rows.append((name, now - t, cpu - c)); t, c = now, cpu
from mtaudit import audit as A
from mtaudit.text import nlp
from mtaudit.ingest import langid
nlp.process_regex_bundle()  # as `mtaudit check` does: compiled patterns from the cache
from mtaudit.core.config import Config
from mtaudit.ingest.read import read_source
from mtaudit.ingest.segment import segment
from mtaudit.rules.base import Context
lap("imports (mtaudit, rich-free core)")
config = Config(translator="none")
nlp.in_process()
rules = A.rules_for(config, sys.argv[1])
lap("rule modules (import + selection)")
source = read_source(sys.argv[1])
segs = segment(source.text, source.prose, source.format)
lap("read + segment")
langid._factory()
lap("langdetect profiles (lazy table)")
doc = A.build_document(source, config)
lap("language identification (document + segments)")
from mtaudit.text import frequency
frequency.table("fr"); frequency.table("en")
lap("word frequencies (fr, en; wordfreq's lists, mapped)")
nlp.pipeline()
lap("spaCy (import + French model; lemma tables mapped)")
from mtaudit.backtranslate import backtranslate_document
bt = backtranslate_document(doc, config)
ctx = Context(doc, config, extras={"backtranslation": bt})
findings = A.run_rules(doc, rules, config, ctx)
lap(f"rules ({len(rules)}; compiled patterns cached; 1 tagging batch)")
from mtaudit.detect import detector as score
from mtaudit.score import mqm
q = mqm.quality(doc, findings, config.max_mqm_penalty)
score.verdict(doc, findings, bt, ctx)
lap("scoring (MQM, detector)")
for name, wall, cpu in rows:
    print(f"{name:58} {wall:7.3f} {cpu:7.3f}")
print(f"{'total':58} {sum(r[1] for r in rows):7.3f} {sum(r[2] for r in rows):7.3f}")
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=str(SEED))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--first-run", action="store_true",
                    help="also time a run with an empty cache directory")
    args = ap.parse_args()
    grammalecte = shutil.which("grammalecte-cli")
    if grammalecte is None:
        print("grammalecte-cli not found: it is the reference this bench compares with; "
              "install it with `apt-get install grammalecte-cli python3-grammalecte`. "
              "Timing mtaudit alone.", file=sys.stderr)
    mtaudit = [sys.executable, "-m", "mtaudit", "check", args.file, "--translator", "none",
               "--format", "json"]
    with_worker = {k: v for k, v in os.environ.items() if k != "MTAUDIT_NLP_IN_PROCESS"}
    with_worker["MTAUDIT_NLP_WORKER"] = "1"
    in_process = {**os.environ, "MTAUDIT_NLP_IN_PROCESS": "1"}
    commands: dict[str, tuple[list[str], dict[str, str] | None]] = {}
    if grammalecte:
        commands["grammalecte-cli -f FILE"] = ([grammalecte, "-f", args.file], None)
    commands["mtaudit check (spaCy worker)"] = (mtaudit, with_worker)
    commands["mtaudit check --jobs 1 (in process)"] = ([*mtaudit, "--jobs", "1"], in_process)
    run(mtaudit)  # warm the OS file cache and the compiled-pattern cache
    results: dict[str, list[tuple[float, float, float, int]]] = {k: [] for k in commands}
    for _ in range(args.runs):
        for name, (cmd, env) in commands.items():
            results[name].append(run(cmd, env))
    print(f"{Path(args.file).name}: {len(Path(args.file).read_text('utf-8').split())} words; "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; {args.runs} runs, "
          "alternating")
    print(f"{'command':36} {'median s':>9} {'best s':>7} {'CPU s':>6} {'peak MiB':>9} "
          f"{'×G wall':>8} {'×G CPU':>7}")
    ref = results.get("grammalecte-cli -f FILE")
    for name, rs in results.items():
        wall = statistics.median(r[0] for r in rs)
        cpu = statistics.median(r[1] for r in rs)
        line = (f"{name:36} {wall:9.2f} {min(r[0] for r in rs):7.2f} {cpu:6.2f} "
                f"{max(r[2] for r in rs):9.0f}")
        if ref:
            gw = statistics.median(r[0] for r in ref)
            gc = statistics.median(r[1] for r in ref)
            line += f" {wall / gw:8.2f} {cpu / gc:7.2f}"
        print(line)
    if args.first_run:
        with tempfile.TemporaryDirectory() as d:
            first = run(mtaudit, {**os.environ, "MTAUDIT_CACHE_DIR": d})
        print(f"{'mtaudit, first run (empty cache)':36} {first[0]:9.2f} {'':7} {first[1]:6.2f} "
              f"{first[2]:9.0f}")
    print("\nbreakdown of one cold check (spaCy in process)     wall s   CPU s")
    proc = subprocess.run([sys.executable, "-c", BREAKDOWN, args.file], capture_output=True,
                          text=True, check=False)
    print(proc.stdout.rstrip() or proc.stderr[-2000:])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
