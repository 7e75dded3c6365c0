"""``mtaudit eval DIR``: run the checks on a labelled corpus and measure the MT detector.

``DIR/manifest.jsonl`` has one JSON object per line with ``file`` (relative to DIR) and
``label`` (``mt`` or ``human``; other labels, such as ``source`` for English originals, are
skipped).  Files are audited in a small process pool (each worker loads spaCy once).
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import re
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtaudit.core.config import Config
from mtaudit.core.errors import UsageError

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
    source_language: str | None = None
    evidence: str | list[str] | None = None


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
    source_language: str | None = None
    evidence: str | list[str] | None = None
    verdict_label: str = ""  # the three-way verdict label (machine_translated | uncertain | native)
    counts: Any = None  # features.DocumentCounts (features_only): segment scores in training
    segment_texts: tuple[str | None, ...] = ()  # prose segments' text (None: not prose)
    segment_scores: tuple[float | None, ...] = ()


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
                entries.append(Entry(file, label, row.get("site"), row.get("topic"),
                                     row.get("source_language"), row.get("evidence")))
    if not entries:
        raise UsageError(f"{path}: no entries labelled mt or human")
    return entries


def audit_entry(directory: str, entry: Entry, config: Config,
                features_only: bool = False) -> Record:
    """Audit one manifest entry; input errors become the record's ``error``.

    With ``features_only`` the detector is not applied (training needs the features before
    a detector exists) and the record carries every feature the extractor can compute.
    """
    from mtaudit.core.document import PROSE_KINDS
    from mtaudit.detect import features
    from mtaudit.ingest.read import read_source

    rec = Record(entry.file, entry.label, entry.site, source_language=entry.source_language,
                 evidence=entry.evidence)
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
            rec.counts = counts
            rec.segment_texts = tuple(s.text if s.kind in PROSE_KINDS else None
                                      for s in doc.segments)
            return rec
        report = _auditor(config).check(source)
    except UsageError as exc:
        rec.error = str(exc)
        return rec
    rec.score = report.verdict.score
    rec.machine_translated = report.verdict.machine_translated
    rec.verdict_label = report.verdict.label
    rec.segment_texts = tuple(s.text if s.kind in PROSE_KINDS else None
                              for s in report.document.segments)
    rec.segment_scores = report.segment_mt_scores
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
    from mtaudit.audit import rules_for
    from mtaudit.detect import features
    from mtaudit.text import nlp

    features.segment_counts("Le chat dort.")
    if nlp.available() and any("nlp" in r.requires for r in rules_for(config, "")):
        nlp.pipeline()


# --- metrics (plain Python: the runtime has no training library) ------------------------------


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float | None:
    """Area under the ROC curve (Mann–Whitney U from average ranks, ties counted half)."""
    n1 = sum(1 for y in labels if y)
    n0 = len(labels) - n1
    if not n1 or not n0:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    rank_sum = 0.0
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        average = (i + j) / 2 + 1
        rank_sum += average * sum(1 for k in order[i:j + 1] if labels[k])
        i = j + 1
    return (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)


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
    out["accuracy"] = accuracy(labels, [1 if r.machine_translated else 0 for r in ok])
    out["roc_auc_95"] = bootstrap_interval(labels, [r.score for r in ok], roc_auc)
    out["accuracy_95"] = bootstrap_interval(
        labels, [1 if r.machine_translated else 0 for r in ok], accuracy)
    out["verdict_labels"] = {label: dict(Counter(r.verdict_label for r in ok
                                                 if r.label == label)) for label in LABELS}
    out["by_source_language"] = _by_language(ok)
    seg = [top_third_hits(r.segment_texts, r.segment_scores, r.evidence) for r in ok
           if r.label == "mt" and r.segment_scores]
    hits, n = sum(h for h, _, _ in seg), sum(k for _, k, _ in seg)
    out["segments_top_third"] = {"evidence_segments": n, "in_top_third": hits,
                                 "fraction": hits / n if n else None,
                                 "chance": sum(c for _, _, c in seg) / n if n else None}
    out["out_of_fold"] = recorded_evaluation()
    out["misclassified"] = [
        {"file": r.file, "label": r.label, "score": round(r.score, 4), "site": r.site}
        for r in ok if r.machine_translated != (r.label == "mt")]
    out["errors"] = [{"file": r.file, "error": r.error} for r in records if r.error]
    return out


def _by_language(ok: Sequence[Record]) -> dict[str, Any]:
    natives = [r for r in ok if r.label == "human"]
    out = {}
    for lang in ("en", "ru", "other"):
        group = [r for r in ok if language_class(r) == lang]
        if not group:
            continue
        both = group + natives
        out[lang] = {"documents": len(group),
                     "called_mt": sum(r.machine_translated for r in group) / len(group),
                     "roc_auc_vs_native": roc_auc([1 if r.label == "mt" else 0 for r in both],
                                                  [r.score for r in both])}
    return out


def recorded_evaluation() -> dict[str, Any] | None:
    """The out-of-fold figures the trainer recorded in ``detector.json`` (None: none)."""
    from importlib import resources

    text = resources.files("mtaudit").joinpath("data/detector.json").read_text("utf-8")
    evaluation = json.loads(text).get("training", {}).get("evaluation")
    return evaluation if isinstance(evaluation, dict) else None


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
        f"Accuracy {_fmt(summary.get('accuracy'))} {_ci(summary.get('accuracy_95'))} · "
        f"ROC AUC {_ci(summary.get('roc_auc_95'))} (95 % bootstrap over documents; in-sample "
        "when DIR is the training corpus)",
        "Verdict labels: " + "; ".join(
            f"{label} → " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
            for label, counts in summary.get("verdict_labels", {}).items()),
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
    by_lang = summary.get("by_source_language") or {}
    if by_lang:
        lines.append("MT by source language   documents   called MT   ROC AUC vs native")
        for lang, f in by_lang.items():
            lines.append(f"  {lang:<20} {f['documents']:>11}   {f['called_mt']:>9.0%}   "
                         f"{_fmt(f['roc_auc_vs_native']):>17}")
        lines.append("")
    seg = summary.get("segments_top_third") or {}
    if seg.get("evidence_segments"):
        lines += [f"Segment scores: {seg['in_top_third']} of {seg['evidence_segments']} "
                  f"evidence-quoted sentences in their document's top third "
                  f"({seg['fraction']:.2f}; chance {seg['chance']:.2f})", ""]
    oof = summary.get("out_of_fold")
    if oof:
        lines.append("Out-of-fold figures recorded by bench/train_detector.py (the honest "
                     "estimate; 95 % bootstrap):")
        for name, f in oof.items():
            if isinstance(f, dict) and "roc_auc" in f:
                lines.append(f"  {name:<36} AUC {_fmt(f['roc_auc'])} {_ci(f.get('roc_auc_95'))}"
                             f"  accuracy {_fmt(f['accuracy'])} {_ci(f.get('accuracy_95'))}")
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


# --- out-of-sample evaluation helpers (shared with bench/train_detector.py) --------------------


def site_key(rec: Record | Entry) -> str:
    """The site as a grouping key: the registered domain of the manifest's ``site`` (so the
    sub-domains of one network, ``francais.news-pravda.com`` and ``senegal.news-pravda.com``,
    fall in the same fold)."""
    raw = (rec.site or rec.file).split()[0].lower()
    host = raw.split("/")[0]
    labels = [x for x in host.split(".") if x]
    return ".".join(labels[-2:]) if len(labels) >= 2 else host


def language_class(rec: Record | Entry) -> str:
    """Source-language class of a machine translation (``en``, ``ru`` with ``uk``, ``other``);
    native French is ``fr``."""
    if rec.label != "mt":
        return "fr"
    lang = (rec.source_language or "").lower()
    return "en" if lang == "en" else "ru" if lang in ("ru", "uk") else "other"


def bootstrap_interval(labels: Sequence[int], values: Sequence[float],
                       metric: Any, n: int = 1000, seed: int = 13,
                       level: float = 0.95) -> tuple[float, float] | None:
    """Percentile bootstrap interval of ``metric(labels, values)`` over documents."""
    import random

    rng = random.Random(seed)
    size = len(labels)
    stats = []
    for _ in range(n):
        idx = [rng.randrange(size) for _ in range(size)]
        v = metric([labels[i] for i in idx], [values[i] for i in idx])
        if v is not None:
            stats.append(v)
    if not stats:
        return None
    stats.sort()
    lo = stats[int((1 - level) / 2 * (len(stats) - 1))]
    hi = stats[int((1 + level) / 2 * (len(stats) - 1))]
    return lo, hi


def accuracy(labels: Sequence[int], predictions: Sequence[float]) -> float | None:
    if not labels:
        return None
    return sum(1 for y, p in zip(labels, predictions, strict=True) if bool(y) == bool(p)) \
        / len(labels)


_QUOTE = re.compile(r"«\s*([^»]{6,}?)\s*»|“([^”]{6,}?)”|\"([^\"]{6,}?)\"|'([^']{12,}?)'")


def evidence_quotes(evidence: str | list[str] | None) -> list[str]:
    """Quoted French passages of a manifest's ``evidence`` note (at least 6 characters)."""
    if not evidence:
        return []
    if isinstance(evidence, list):
        evidence = " ".join(str(e) for e in evidence)
    return [next(g for g in m.groups() if g) for m in _QUOTE.finditer(evidence)]


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def evidence_segments(segment_texts: Sequence[str | None],
                      evidence: str | list[str] | None) -> set[int]:
    """Positions of the prose segments that contain a quote of the evidence note."""
    quotes = [_norm(q) for q in evidence_quotes(evidence)]
    found = set()
    for i, text in enumerate(segment_texts):
        if text is None:
            continue
        t = _norm(text)
        if any(q in t for q in quotes):
            found.add(i)
    return found


def top_third_hits(segment_texts: Sequence[str | None], scores: Sequence[float | None],
                   evidence: str | list[str] | None) -> tuple[int, int, float]:
    """(evidence segments in the top third by MT score, evidence segments, expected by chance).

    Ties are broken against the evidence (a constant score earns chance, not more)."""
    wanted = evidence_segments(segment_texts, evidence)
    ranked = [(s, i) for i, s in enumerate(scores) if s is not None
              and segment_texts[i] is not None]
    if not wanted or len(ranked) < 3:
        return 0, 0, 0.0
    ranked.sort(key=lambda si: (-si[0], si[1] in wanted))
    top = {i for _, i in ranked[:math.ceil(len(ranked) / 3)]}
    hits = sum(1 for i in wanted if i in top)
    n = sum(1 for i in wanted if scores[i] is not None)
    return hits, n, n * math.ceil(len(ranked) / 3) / len(ranked)


def _fmt(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def _ci(v: Sequence[float] | None) -> str:
    return "" if not v else f"[{v[0]:.3f}, {v[1]:.3f}]"
