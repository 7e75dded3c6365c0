"""Alignment cost: time and peak memory for 200, 2,000 and 20,000 synthetic sentence pairs.

Synthetic pairs: English sentences of random length with numbers and names; the "French"
side is each sentence lengthened by ~20 % (noise on the ratio), with 2 % of sentences dropped
and 2 % split in two, so the aligner works through 1-0 and 2-1 links as on real copy.  Prints
seconds and tracemalloc peak per size and the ratios between sizes (linear growth: ×10 per
×10).  With the development corpus present, also prints accuracy against the hand-made gold
alignments in ``corpora/alignment/`` and the share of French body segments aligned.

    .venv/bin/python bench/bench_align.py [--sizes 200 2000 20000]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import time
import tracemalloc
from pathlib import Path

from mtaudit.align import Unit, align_units
from mtaudit.model import Segment, SegmentKind

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "dev"
WORDS = [
    "the",
    "a",
    "of",
    "minister",
    "said",
    "budget",
    "city",
    "council",
    "police",
    "report",
    "vote",
    "law",
    "market",
]
NAMES = ["Lyon", "Paris", "Biden", "Macron", "Berlin", "Reuters", "Kiev", "Dakar", "Lima", "Oslo"]


def synthetic(n: int, seed: int = 1) -> tuple[list[Unit], list[Unit]]:
    rng = random.Random(seed)
    en, fr = [], []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(5, 35))]
        if rng.random() < 0.5:
            words.insert(rng.randrange(len(words)), str(rng.randint(2, 9999)))
        if rng.random() < 0.5:
            words.insert(rng.randrange(len(words)), rng.choice(NAMES))
        sentence = " ".join(words).capitalize() + "."
        en.append(sentence)
        roll = rng.random()
        if roll < 0.02:
            continue
        padded = (
            sentence[:-1]
            + " "
            + " ".join(
                rng.choice(WORDS)
                for _ in range(max(1, round(len(words) * rng.uniform(0.05, 0.35))))
            )
            + "."
        )
        if roll < 0.04:
            cut = padded.find(" ", len(padded) // 2)
            fr.extend([padded[:cut] + ".", padded[cut + 1 :].capitalize()])
        else:
            fr.append(padded)
    return _units(fr, "fr"), _units(en, "en")


def _units(texts: list[str], lang: str) -> list[Unit]:
    units, pos = [], 0
    for k, t in enumerate(texts):
        units.append(Unit(Segment(k + 1, pos, pos + len(t), SegmentKind.SENTENCE, k + 1, t), lang))
        pos += len(t) + 1
    return units


def measure(n: int) -> tuple[float, float, int]:
    fr, en = synthetic(n)
    start = time.perf_counter()
    links = align_units(fr, en)
    seconds = time.perf_counter() - start
    fr, en = synthetic(n)  # fresh units: their anchors are computed inside the measured run
    tracemalloc.start()
    align_units(fr, en)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak / 1e6, sum(1 for link in links if not link.fr)


def corpus_accuracy() -> None:
    from mtaudit.align import align_document
    from mtaudit.audit import build_document
    from mtaudit.ingest import read_source

    gold_files = sorted((ROOT / "corpora" / "alignment").glob("*.json"))
    if not (CORPUS / "pairs").is_dir():
        print(f"corpus absent ({CORPUS / 'pairs'}): accuracy not measured")
        return
    correct = total = body = aligned = 0
    ratios: list[float] = []
    for path in gold_files:
        gold = json.loads(path.read_text("utf-8"))
        doc = build_document(read_source(str(CORPUS / gold["french"])))
        al = align_document(doc, read_source(str(CORPUS / gold["source"])), None)
        got = dict(zip([s.id for s in doc.segments], al.source_ids, strict=True))
        good = 0
        for link in gold["links"]:
            expected = tuple(s["id"] for s in link["source"]) or None
            good += sum(got[f["id"]] == expected for f in link["french"])
            total += len(link["french"])
            if len(link["french"]) == 1 and len(link["source"]) == 1:
                f, s = link["french"][0], link["source"][0]
                if s["end"] - s["start"] >= 20:
                    ratios.append((f["end"] - f["start"]) / (s["end"] - s["start"]))
        correct += good
        n = sum(len(link["french"]) for link in gold["links"])
        print(f"  {gold['pair']:<40} {good}/{n} French segments as in the gold")
        for seg in doc.segments:
            if seg.kind.value in ("sentence", "list_item"):
                body += 1
                aligned += got[seg.id] is not None
    ratios.sort()
    print(
        f"gold accuracy {correct}/{total} = {correct / total:.1%}; French body segments "
        f"with source ids {aligned}/{body} = {aligned / body:.1%}; median FR/EN length "
        f"ratio of gold 1-1 links {ratios[len(ratios) // 2]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 20000])
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        seconds, peak_mb, dropped = measure(n)
        rows.append((n, seconds, peak_mb))
        print(
            f"{n:>6} source sentences: {seconds:7.2f} s  peak {peak_mb:7.1f} MB  "
            f"({dropped} omissions found)",
            flush=True,
        )
    for (n0, t0, m0), (n1, t1, m1) in itertools.pairwise(rows):
        print(f"×{n1 / n0:g} sentences → time ×{t1 / t0:.1f}, memory ×{m1 / m0:.1f}")
    corpus_accuracy()


if __name__ == "__main__":
    main()
