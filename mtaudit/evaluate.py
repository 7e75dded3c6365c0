"""``mtaudit eval DIR``: run the checks on a labelled corpus and measure the MT detector.

``DIR/manifest.jsonl`` has one JSON object per line with ``file`` (relative to DIR) and
``label`` (``mt`` or ``human``; other labels, such as ``source`` for English originals, are
skipped).  Files are audited in a small process pool (each worker loads spaCy once).
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtaudit.config import Config
from mtaudit.errors import UsageError

if TYPE_CHECKING:
    from mtaudit.auditor import Auditor

LABELS = ("mt", "human")
DEFAULT_WORKERS = 2


@dataclass(frozen=True)
class Entry:
    file: str
    label: str
    site: str | None = None
    topic: str | None = None


@dataclass
class Record:
    """What one audited file contributes to the evaluation (picklable)."""

    file: str
    label: str
    site: str | None
    score: float = 0.0
    machine_translated: bool = False
    words: int = 0
    mqm: float = 0.0
    rules: dict[str, int] = field(default_factory=dict)
    features: dict[str, float] = field(default_factory=dict)
    error: str | None = None


def read_manifest(directory: str | Path) -> list[Entry]:
    """The ``mt``/``human`` entries of ``DIR/manifest.jsonl``."""
    path = Path(directory) / "manifest.jsonl"
    if not path.is_file():
        raise UsageError(f"{path}: no manifest.jsonl in {directory}")
    entries = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                file, label = str(row["file"]), str(row["label"])
            except (json.JSONDecodeError, KeyError, TypeError):
                raise UsageError(f"{path}:{n}: expected a JSON object with file and label") \
                    from None
            if label in LABELS:
                entries.append(Entry(file, label, row.get("site"), row.get("topic")))
    if not entries:
        raise UsageError(f"{path}: no entries labelled mt or human")
    return entries


def audit_entry(directory: str, entry: Entry, config: Config,
                features_only: bool = False) -> Record:
    """Audit one manifest entry; input errors become the record's ``error``.

    With ``features_only`` the detector is not applied (training needs the features before
    a detector exists) and the record carries every feature the extractor can compute.
    """
    from mtaudit import features
    from mtaudit.ingest import read_source

    rec = Record(entry.file, entry.label, entry.site)
    try:
        source = read_source(str(Path(directory) / entry.file))
        if features_only:
            analysis = _auditor(config).analyse(source)
            doc, found = analysis.document, analysis.findings
            counts = features.count(doc, found, analysis.backtranslation,
                                    features.pos_analyses(analysis.context))
            rec.features = features.document_features(counts, features.all_specs())
            rec.words = doc.words()
            rec.rules = dict(Counter(f.rule for f in found))
            return rec
        report = _auditor(config).check(source)
    except UsageError as exc:
        rec.error = str(exc)
        return rec
    rec.score = report.verdict.score
    rec.machine_translated = report.verdict.machine_translated
    rec.words = report.quality.words
    rec.mqm = report.quality.mqm_penalty_per_1000_words
    rec.rules = dict(Counter(f.rule for f in report.findings))
    return rec


_AUDITOR: tuple[Config, Auditor] | None = None


def _auditor(config: Config) -> Auditor:
    """This process's ``Auditor`` for ``config`` (one per worker process, reused)."""
    global _AUDITOR
    if _AUDITOR is None or _AUDITOR[0] != config:
        from mtaudit.auditor import Auditor

        if _AUDITOR is not None:
            _AUDITOR[1].close()
        _AUDITOR = (config, Auditor(config, warm_up=False))
    return _AUDITOR[1]


def _audit_star(args: tuple[str, Entry, Config, bool]) -> Record:
    return audit_entry(*args)


def run(directory: str | Path, config: Config | None = None, workers: int = DEFAULT_WORKERS,
        features_only: bool = False) -> list[Record]:
    """Audit every labelled file of a corpus (monolingual checks unless ``config`` says)."""
    config = config or Config()
    config = replace(config, translator="none") if config.translator == "marian" else config
    entries = read_manifest(directory)
    jobs = [(str(directory), e, config, features_only) for e in entries]
    workers = max(1, min(workers, os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        return [_audit_star(j) for j in jobs]
    _warm_up(config)
    # Forked workers inherit the loaded spaCy pipeline and word lists instead of each
    # loading its own (loading dominates the run on a small corpus).
    context = multiprocessing.get_context("fork") \
        if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_audit_star, jobs, chunksize=max(1, len(jobs) // (workers * 4))))


def _warm_up(config: Config) -> None:
    """Load what every audit needs (spaCy when its rules run, word frequencies) once."""
    from mtaudit import features, nlp
    from mtaudit.audit import rules_for

    features.segment_counts("Le chat dort.")
    if nlp.available() and any("nlp" in r.requires for r in rules_for(config, "")):
        nlp.pipeline()


# --- metrics (plain Python: the runtime has no training library) ------------------------------


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float | None:
    """Area under the ROC curve (Mann–Whitney U, ties counted half)."""
    pos = [s for y, s in zip(labels, scores, strict=True) if y]
    neg = [s for y, s in zip(labels, scores, strict=True) if not y]
    if not pos or not neg:
        return None
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def detection_metrics(labels: Sequence[int], predictions: Sequence[int]) -> dict[str, Any]:
    tp = sum(1 for y, p in zip(labels, predictions, strict=True) if y and p)
    fp = sum(1 for y, p in zip(labels, predictions, strict=True) if not y and p)
    fn = sum(1 for y, p in zip(labels, predictions, strict=True) if y and not p)
    tn = len(labels) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "confusion": {"mt_as_mt": tp, "mt_as_human": fn, "human_as_mt": fp,
                          "human_as_human": tn}}


def summarise(records: Sequence[Record], threshold: float) -> dict[str, Any]:
    """The evaluation: metrics, per-rule hit rates per label, misclassified files."""
    ok = [r for r in records if r.error is None]
    labels = [1 if r.label == "mt" else 0 for r in ok]
    out: dict[str, Any] = {"files": len(records), "evaluated": len(ok),
                           "labels": dict(Counter(r.label for r in ok)),
                           "threshold": threshold}
    out.update(detection_metrics(labels, [1 if r.machine_translated else 0 for r in ok]))
    out["roc_auc"] = roc_auc(labels, [r.score for r in ok])
    hit_rates: dict[str, dict[str, dict[str, float]]] = {}
    for code in sorted({c for r in ok for c in r.rules}):
        hit_rates[code] = {}
        for label in LABELS:
            group = [r for r in ok if r.label == label]
            words = sum(r.words for r in group)
            hits = sum(r.rules.get(code, 0) for r in group)
            hit_rates[code][label] = {
                "files": sum(1 for r in group if r.rules.get(code)) / max(len(group), 1),
                "per_1000_words": hits * 1000 / max(words, 1),
            }
    out["rules"] = hit_rates
    out["misclassified"] = [
        {"file": r.file, "label": r.label, "score": round(r.score, 4), "site": r.site}
        for r in ok if r.machine_translated != (r.label == "mt")]
    out["errors"] = [{"file": r.file, "error": r.error} for r in records if r.error]
    return out


def render_text(summary: dict[str, Any], seconds: float) -> str:
    """The evaluation as plain text for the terminal."""
    c = summary["confusion"]
    auc = summary["roc_auc"]
    lines = [
        f"Files: {summary['evaluated']} evaluated of {summary['files']} "
        f"({', '.join(f'{n} {k}' for k, n in sorted(summary['labels'].items()))}) "
        f"in {seconds:.1f} s",
        f"Threshold: {summary['threshold']:.3f}",
        f"Precision {summary['precision']:.3f} · recall {summary['recall']:.3f} · "
        f"F1 {summary['f1']:.3f} · ROC AUC {'n/a' if auc is None else f'{auc:.3f}'}",
        "",
        "Confusion matrix     predicted mt   predicted human",
        f"  labelled mt        {c['mt_as_mt']:>12}   {c['mt_as_human']:>15}",
        f"  labelled human     {c['human_as_mt']:>12}   {c['human_as_human']:>15}",
        "",
        "Per-rule hit rates   files hit (mt / human)   per 1,000 words (mt / human)",
    ]
    for code, by_label in summary["rules"].items():
        mt, hu = by_label["mt"], by_label["human"]
        lines.append(f"  {code:<18} {mt['files']:>8.0%} / {hu['files']:<8.0%}       "
                     f"{mt['per_1000_words']:>8.2f} / {hu['per_1000_words']:.2f}")
    lines.append("")
    if summary["misclassified"]:
        lines.append("Misclassified:")
        lines += [f"  {m['file']} (labelled {m['label']}, score {m['score']:.3f})"
                  for m in summary["misclassified"]]
    else:
        lines.append("Misclassified: none")
    for e in summary["errors"]:
        lines.append(f"Error: {e['file']}: {e['error']}")
    return "\n".join(lines) + "\n"
