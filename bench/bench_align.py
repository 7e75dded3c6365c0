"""Alignment cost: time and peak memory for 200, 2,000 and 20,000 synthetic sentence pairs.

Synthetic pairs: English sentences of random length with numbers and names; the "French"
side is each sentence lengthened by ~20 % (noise on the ratio), with 2 % of sentences dropped
and 2 % split in two, so the aligner works through 0-1 (omission) and 2-1 links as on real
copy.  Prints CPU seconds, split between building the features (once per segment and per
adjacent pair) and the programme, whose cost per band cell is printed; the tracemalloc peak;
and the ratios between sizes (linear growth: ×10 per ×10).  With the development corpus
present, also prints accuracy against the hand-made gold alignments in
``corpora/alignment/`` and the share of French body segments aligned.

    .venv/bin/python bench/bench_align.py [--sizes 200 2000 20000] [--backtranslation]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from mtaudit.align.aligner import LinkCoster, Unit, align_units, run_programme
from mtaudit.core.document import Segment, SegmentKind

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


@dataclass
class Measure:
    sentences: int
    features_s: float  # CPU seconds building every unit's and pair's features
    programme_s: float  # CPU seconds in the banded programme
    wall_s: float  # wall-clock seconds for both
    peak_mb: float  # tracemalloc peak of a whole alignment
    cells: int
    passes: int
    omissions: int

    @property
    def seconds(self) -> float:
        return self.features_s + self.programme_s


def with_backtranslations(units: list[Unit]) -> list[Unit]:
    """The synthetic French is English padded: as a back-translation it is a faithful one."""
    for u in units:
        u.backtranslation = u.text
    return units


def measure(n: int, backtranslation: bool = False) -> Measure:
    """Time one alignment of ``n`` synthetic pairs, then measure the memory of another.

    Times are CPU seconds of this process (``time.process_time``): on a shared machine they
    vary much less than wall-clock time, which is printed alongside.
    """
    fr, en = synthetic(n)
    if backtranslation:
        with_backtranslations(fr)
    wall, start = time.perf_counter(), time.process_time()
    coster = LinkCoster(fr, en)
    built = time.process_time()
    result = run_programme(coster)
    done = time.process_time()
    wall = time.perf_counter() - wall
    fr, en = synthetic(n)  # fresh units: their features are computed inside the measured run
    if backtranslation:
        with_backtranslations(fr)
    tracemalloc.start()
    align_units(fr, en)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    omissions = sum(1 for link in result.links if not link.fr)
    return Measure(
        n, built - start, done - built, wall, peak / 1e6, result.cells, result.passes, omissions
    )


def corpus_accuracy() -> None:
    from mtaudit.align.stage import align_document
    from mtaudit.audit import build_document
    from mtaudit.ingest.read import read_source

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
    parser.add_argument(
        "--backtranslation",
        action="store_true",
        help="give every French unit a back-translation, so chrF joins the link cost",
    )
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        r = measure(n, args.backtranslation)
        rows.append(r)
        print(
            f"{n:>6} source sentences: {r.seconds:6.2f} s CPU ({r.features_s:.2f} features + "
            f"{r.programme_s:.2f} programme; {r.wall_s:.2f} s wall)  peak {r.peak_mb:6.1f} MB  "
            f"{r.cells} cells in {r.passes} pass(es), "
            f"{r.programme_s / max(r.cells, 1) * 1e6:.1f} µs/cell  ({r.omissions} omissions)",
            flush=True,
        )
    for a, b in itertools.pairwise(rows):
        print(
            f"×{b.sentences / a.sentences:g} sentences → time ×{b.seconds / a.seconds:.1f}, "
            f"memory ×{b.peak_mb / a.peak_mb:.1f}, cells ×{b.cells / a.cells:.1f}"
        )
    corpus_accuracy()


if __name__ == "__main__":
    main()
