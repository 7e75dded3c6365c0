"""Recall of the rules on the dev corpus's quoted MT artifacts, and their noise on native French.

Usage: python bench/recall.py [--corpus ../shared/corpora/dev] [--select CODES] [--ignore CODES]
                              [--save FILE] [--compare FILE] [--show-missed N] [--json]

Every machine-translated passage of the corpus quotes the artifacts an annotator saw in it
(`evidence` in `manifest.jsonl`: a list of quotes, or a description with the quotes in double
quotes). An artifact counts as flagged when a finding overlaps its span — the measure of the
hidden held-out evaluation. Each artifact gets a coarse category from its own text (encoding
debris, quote marks, punctuation, untranslated words, otherwise linguistic), so the table shows
where recall comes from. Precision side: major+critical findings and minor notes per 1,000 words
on the native half, and the share of native documents free of major findings.

The quotes are a yardstick, not a training set: write rules from French, then measure here.
`--save before.json` then `--compare before.json` prints the change.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from mtaudit import Auditor
from mtaudit.core.config import Config
from mtaudit.core.document import Finding, Severity
from mtaudit.ingest.read import read_source

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpora" / "dev"

# Straight double quotes delimit the artifacts inside a free-text description; a quote of a
# quote is written with nested typographic marks, which stay part of the artifact.
_QUOTED = re.compile(r'"([^"]{3,}?)"(?=[\s,.;:)\]]|$)')
_GAP = re.compile(r"\s*(?:\.\.\.|…)\s*")
_SPACES = re.compile(r"\s+")
_APOS = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "\u00a0": " ", "\u202f": " "})

_ENCODING = re.compile(r"Ã.|â€|&#?\w+;|& ?#\d+|\ufffd|¿|Â")
_QUOTES = re.compile(r"[«»“”\"„]")
_PUNCT = re.compile(r"\s[,.;]|[?!:;][^\s\d»)]|,,|\?\.|\.\.|\s—\s\w|\w\s\.(?:\s|$)")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@dataclass
class Artifact:
    file: str
    quote: str
    spans: list[tuple[int, int]]
    category: str


def _norm_with_map(text: str) -> tuple[str, list[int]]:
    """Apostrophes and spaces folded; ``index[i]`` maps a normalised position to the original."""
    out: list[str] = []
    index: list[int] = []
    prev_space = False
    for i, ch in enumerate(text.translate(_APOS)):
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
        out.append(ch.lower())
        index.append(i)
    index.append(len(text))
    return "".join(out), index


def quotes_of(evidence: object) -> list[tuple[str, str]]:
    """(quote, annotator's note) pairs; the note is empty where the evidence has none."""
    if isinstance(evidence, list):
        out = []
        for item in evidence:
            if isinstance(item, dict):
                out.append((str(item.get("quote", "")), str(item.get("note", ""))))
            else:
                out.append((str(item), ""))
        return [(q.replace("\\n", " "), n) for q, n in out if q.strip()]
    if isinstance(evidence, str):
        return [(m.group(1).replace("\\n", " "), "") for m in _QUOTED.finditer(evidence)]
    return []


def locate(text: str, quote: str) -> list[tuple[int, int]]:
    """Spans of the quote's pieces (split at ``...``) in the text, or [] when not found."""
    norm, index = _norm_with_map(text)
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in _GAP.split(quote):
        piece = _SPACES.sub(" ", piece.translate(_APOS)).strip().lower()
        piece = piece.strip("«»\"“” ") or piece
        if len(piece) < 2:
            continue
        at = norm.find(piece, pos)
        if at < 0:
            at = norm.find(piece)
        if at < 0:
            return []
        spans.append((index[at], index[at + len(piece) - 1] + 1))
        pos = at + len(piece)
    return spans


def _english_words(quote: str) -> bool:
    from mtaudit.text.frequency import zipf as zipf_frequency

    for w in re.findall(r"[A-Za-z]{3,}", quote):
        lw = w.lower()
        if zipf_frequency(lw, "en") >= 3.0 and zipf_frequency(lw, "fr") < 1.5:
            return True
    return False


def category(quote: str, note: str = "") -> str:
    """A coarse category from the artifact's own text (and the annotator's note, if any)."""
    note = note.lower()
    if "transliterat" in note:
        return "transliteration"
    if "capital" in note:
        return "capitalization"
    quote = _GAP.sub(" ", quote)
    if _ENCODING.search(quote):
        return "encoding"
    if _CYRILLIC.search(quote) or _english_words(quote):
        return "untranslated"
    if _QUOTES.search(quote):
        return "quotes"
    if _PUNCT.search(quote):
        return "punctuation"
    return "linguistic"


def _overlaps(spans: list[tuple[int, int]], findings: list[Finding]) -> list[Finding]:
    return [f for f in findings for s, e in spans if f.start < e and s < f.end]


def measure(corpus: Path, config: Config, show_missed: int = 0) -> dict:
    manifest = [json.loads(x) for x in (corpus / "manifest.jsonl").read_text("utf-8").splitlines()
                if x.strip()]
    # The detector was trained on this corpus, so its labels here are in-sample: where a
    # house style is expanded (MT-labelled documents) the figures are slightly optimistic.
    with Auditor(config) as auditor:
        return _measure(corpus, manifest, auditor, show_missed)


def _measure(corpus: Path, manifest: list[dict], auditor: Auditor, show_missed: int) -> dict:
    words: Counter[str] = Counter()
    major: Counter[str] = Counter()
    minor: Counter[str] = Counter()
    docs_clean = docs_human = 0
    hit_any: Counter[str] = Counter()
    hit_major: Counter[str] = Counter()
    total: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    native_rule: Counter[str] = Counter()  # "CODE severity" -> findings on native text
    native_docs: Counter[str] = Counter()  # "CODE severity" -> native documents it fires on
    mt_rule: Counter[str] = Counter()
    unlocated = 0
    missed: list[Artifact] = []
    for entry in manifest:
        label = entry["label"]
        if label not in ("human", "mt"):
            continue
        source = read_source(str(corpus / entry["file"]))
        # What `mtaudit check` reports (house-style notes expanded where the verdict is MT).
        report = auditor.check(source)
        doc, findings = report.document, list(report.findings)
        words[label] += doc.words()
        n_major = sum(f.severity is not Severity.MINOR for f in findings)
        major[label] += n_major
        minor[label] += len(findings) - n_major
        keys = [f"{f.rule} {f.severity.value}" for f in findings]
        (native_rule if label == "human" else mt_rule).update(keys)
        if label == "human":
            native_docs.update(set(keys))
            docs_human += 1
            docs_clean += n_major == 0
            continue
        for quote, note in quotes_of(entry.get("evidence")):
            spans = locate(doc.text, quote)
            if not spans:
                unlocated += 1
                continue
            art = Artifact(entry["file"], quote, spans, category(quote, note))
            over = _overlaps(spans, findings)
            for cat in (art.category, "all"):
                total[cat] += 1
                hit_any[cat] += bool(over)
                hit_major[cat] += any(f.severity is not Severity.MINOR for f in over)
            for code in {f.rule for f in over}:
                by_rule[code] += 1
            if not over:
                missed.append(art)
    for art in missed[:show_missed]:
        print(f"missed [{art.category}] {art.file}: {art.quote}")
    hw = max(words["human"], 1)
    return {
        "recall": {c: {"n": total[c], "any": hit_any[c] / total[c],
                       "major": hit_major[c] / total[c]} for c in total},
        "unlocated_quotes": unlocated,
        "human": {"words": words["human"], "major_per_1000": 1000 * major["human"] / hw,
                  "minor_per_1000": 1000 * minor["human"] / hw,
                  "docs_free_of_major": docs_clean / max(docs_human, 1), "docs": docs_human},
        "mt": {"words": words["mt"], "major_per_1000": 1000 * major["mt"] / max(words["mt"], 1)},
        "artifacts_hit_by_rule": dict(by_rule.most_common()),
        "native_by_rule": {k: {"per_1000": 1000 * v / hw, "docs": native_docs[k],
                               "mt_per_1000": 1000 * mt_rule[k] / max(words["mt"], 1)}
                           for k, v in native_rule.most_common()},
    }


def _print(res: dict, before: dict | None) -> None:
    def delta(path: list[str], fmt: str = "{:+.2f}") -> str:
        if before is None:
            return ""
        b: object = before
        for k in path:
            if not isinstance(b, dict) or k not in b:
                return ""
            b = b[k]
        cur: object = res
        for k in path:
            cur = cur[k]  # type: ignore[index]
        return f" ({fmt.format(float(cur) - float(b))})"  # type: ignore[arg-type]

    print(f"{'category':14} {'n':>5} {'recall (any)':>18} {'recall (major+)':>20}")
    cats = sorted(res["recall"], key=lambda c: (c == "all", c))
    for c in cats:
        r = res["recall"][c]
        print(f"{c:14} {r['n']:5d} {r['any']:10.2f}{delta(['recall', c, 'any']):>8} "
              f"{r['major']:12.2f}{delta(['recall', c, 'major']):>8}")
    print(f"(quotes not found verbatim in their passage: {res['unlocated_quotes']})")
    h = res["human"]
    print(f"\nnative ({h['docs']} docs, {h['words']} words): "
          f"{h['major_per_1000']:.2f} major+critical per 1,000 words"
          f"{delta(['human', 'major_per_1000'])}, {h['minor_per_1000']:.2f} minor"
          f"{delta(['human', 'minor_per_1000'])}, "
          f"{100 * h['docs_free_of_major']:.0f}% of documents free of major findings")
    print(f"mt: {res['mt']['major_per_1000']:.2f} major+critical per 1,000 words"
          f"{delta(['mt', 'major_per_1000'])}")
    print("\nartifacts overlapped, by rule: " + ", ".join(
        f"{k} {v}" for k, v in list(res["artifacts_hit_by_rule"].items())[:25]))
    print("\nnative findings by rule (per 1,000 native words, native documents hit, "
          "per 1,000 MT words): " + ", ".join(
              f"{k} {v['per_1000']:.2f}/{v['docs']}d/{v['mt_per_1000']:.2f}"
              for k, v in res.get("native_by_rule", {}).items()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--select", default="")
    ap.add_argument("--ignore", default="")
    ap.add_argument("--save", metavar="FILE", help="write the figures as JSON")
    ap.add_argument("--compare", metavar="FILE", help="print differences against saved figures")
    ap.add_argument("--show-missed", type=int, default=0, metavar="N")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not (corpus / "manifest.jsonl").is_file():
        print(f"no manifest at {corpus / 'manifest.jsonl'}", file=sys.stderr)
        return 2
    config = Config(translator="none", select=tuple(c for c in args.select.split(",") if c),
                    ignore=tuple(c for c in args.ignore.split(",") if c))
    res = measure(corpus, config, args.show_missed)
    if args.save:
        Path(args.save).write_text(json.dumps(res, indent=2), "utf-8")
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    before = json.loads(Path(args.compare).read_text("utf-8")) if args.compare else None
    _print(res, before)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
