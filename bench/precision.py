"""Finding rates on native vs machine-translated French: major+critical per 1,000 words.

Usage: python bench/precision.py [--corpus ../shared/corpora/dev] [--select CODES]
                                  [--ignore CODES] [--show-human N]

Prints, for the human and the mt halves of a labelled corpus, the rate of major+critical
findings per 1,000 words, the same per rule, and (with --show-human) the human findings
themselves so that false positives can be read.  The acceptance target of issues #2 and #3
is a human rate at or below 0.5 per 1,000 words for each family.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from mtaudit.audit import build_document, rules_for, run_rules
from mtaudit.core.config import Config
from mtaudit.core.document import Severity
from mtaudit.ingest.read import read_source
from mtaudit.rules.base import Context

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpora" / "dev"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--select", default="")
    ap.add_argument("--ignore", default="")
    ap.add_argument("--show-human", type=int, default=0, metavar="N",
                    help="print up to N human major+critical findings in context")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    manifest = corpus / "manifest.jsonl"
    if not manifest.is_file():
        print(f"no manifest at {manifest}", file=sys.stderr)
        return 2
    config = Config(select=tuple(c for c in args.select.split(",") if c),
                    ignore=tuple(c for c in args.ignore.split(",") if c))
    words: Counter[str] = Counter()
    serious: Counter[str] = Counter()
    per_rule: dict[str, Counter[str]] = {"human": Counter(), "mt": Counter()}
    minor_rule: dict[str, Counter[str]] = {"human": Counter(), "mt": Counter()}
    shown = 0
    for line in manifest.read_text("utf-8").splitlines():
        entry = json.loads(line)
        label = entry["label"]
        if label not in ("human", "mt"):
            continue
        source = read_source(str(corpus / entry["file"]))
        doc = build_document(source, config)
        findings = run_rules(doc, rules_for(config, source.path), config, Context(doc, config))
        words[label] += doc.words()
        for f in findings:
            if f.severity is Severity.MINOR:
                minor_rule[label][f.rule] += 1
                continue
            serious[label] += 1
            per_rule[label][f.rule] += 1
            if label == "human" and shown < args.show_human:
                shown += 1
                ctx = doc.text[max(0, f.start - 50):f.end + 50].replace("\n", " ")
                print(f"{entry['file']}:{f.line}:{f.column} {f.rule} {doc.text[f.start:f.end]!r}"
                      f"\n    {ctx}\n    {f.message}")
    rates = {lab: 1000 * serious[lab] / max(words[lab], 1) for lab in ("human", "mt")}
    if args.json:
        print(json.dumps({"words": dict(words), "rates": rates,
                          "per_rule": {k: dict(v) for k, v in per_rule.items()}}, indent=2))
        return 0
    print(f"{'corpus':8} {'words':>7} {'major+critical':>15} {'per 1,000 words':>16}")
    for lab in ("human", "mt"):
        print(f"{lab:8} {words[lab]:7d} {serious[lab]:15d} {rates[lab]:16.2f}")
    print("\nper rule (major+critical per 1,000 words; minor counts in brackets)")
    codes = sorted(set(per_rule["human"]) | set(per_rule["mt"]) | set(minor_rule["human"])
                   | set(minor_rule["mt"]))
    print(f"{'rule':6} {'human':>8} {'mt':>8}   {'human minor':>11} {'mt minor':>9}")
    for code in sorted(codes, key=lambda c: (-per_rule["human"][c], c)):
        h = 1000 * per_rule["human"][code] / max(words["human"], 1)
        m = 1000 * per_rule["mt"][code] / max(words["mt"], 1)
        print(f"{code:6} {h:8.2f} {m:8.2f}   [{minor_rule['human'][code]:9d}] "
              f"[{minor_rule['mt'][code]:7d}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
