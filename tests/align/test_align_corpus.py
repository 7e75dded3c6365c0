"""The aligner on the EN/FR development pairs (read at test time; never copied).

Gold alignments, made by hand, live in ``corpora/alignment/`` as segment ids and offsets.
Every test here skips with a reason when the corpus is absent or differs from the files the
gold was made on.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from mtaudit import stages
from mtaudit.align.stage import Alignment
from mtaudit.audit import build_document
from mtaudit.core.config import Config
from mtaudit.core.document import Document
from mtaudit.ingest.read import Source, mask_plain, read_source

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpora" / "dev"
GOLD_FILES = sorted((ROOT / "corpora" / "alignment").glob("*.json"))
BODY = ("sentence", "list_item")


def _gold(path: Path) -> dict:
    gold = json.loads(path.read_text("utf-8"))
    for side in ("french", "source"):
        f = CORPUS / gold[side]
        if not f.is_file():
            pytest.skip(f"development corpus absent: {f} not found")
        if hashlib.sha256(f.read_bytes()).hexdigest() != gold[f"{side}_sha256"]:
            pytest.skip(f"{f} differs from the file the gold alignment was made on")
    return gold


def _edited(text: str, path: str) -> Source:
    return Source(path, text, mask_plain(text), "txt", "utf-8")


def _align(french: Source, gold: dict) -> tuple[Document, Alignment]:
    doc = build_document(french)
    return doc, stages.align(doc, read_source(str(CORPUS / gold["source"])), None, Config())


def _expected(gold: dict) -> dict[int, tuple[int, ...] | None]:
    return {f["id"]: tuple(s["id"] for s in link["source"]) or None
            for link in gold["links"] for f in link["french"]}


def test_gold_files_cover_every_pair() -> None:
    assert len(GOLD_FILES) == 6
    if not (CORPUS / "pairs").is_dir():
        pytest.skip(f"development corpus absent: {CORPUS / 'pairs'}")
    assert {p.stem for p in GOLD_FILES} == {
        p.name.removesuffix(".fr.txt") for p in (CORPUS / "pairs").glob("*.fr.txt")}


@pytest.fixture(scope="module")
def intact() -> list[tuple[dict, Document, Alignment]]:
    """Each pair aligned once, as it is, for every test that reads the unedited pairs."""
    out = []
    for path in GOLD_FILES:
        gold = _gold(path)
        out.append((gold, *_align(read_source(str(CORPUS / gold["french"])), gold)))
    return out


def test_alignment_accuracy_and_coverage_offline(intact) -> None:
    correct = total = body = body_aligned = 0
    for gold, doc, al in intact:
        expected = _expected(gold)
        got = dict(zip([s.id for s in doc.segments], al.source_ids, strict=True))
        correct += sum(expected[k] == got[k] for k in expected)
        total += len(expected)
        for seg in doc.segments:
            if seg.kind.value in BODY:
                body += 1
                body_aligned += got[seg.id] is not None
    assert correct / total >= 0.95, f"{correct}/{total} French segments aligned as in the gold"
    assert body_aligned / body >= 0.90, f"{body_aligned}/{body} body segments have source ids"


def _middle_one_to_one(gold: dict) -> tuple[dict, tuple[int, int]]:
    """The middle gold link with one French sentence and some source."""
    links = [link for link in gold["links"] if len(link["french"]) == 1 and link["source"]]
    link = links[len(links) // 2]
    return link["french"][0], (link["source"][0]["start"], link["source"][-1]["end"])


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_deleted_sentence_is_reported_as_an_omission(path: Path) -> None:
    gold = _gold(path)
    french = read_source(str(CORPUS / gold["french"]))
    seg, source_span = _middle_one_to_one(gold)
    end = seg["end"]
    while end < len(french.text) and french.text[end] in " \n":
        end += 1
    text = french.text[:seg["start"]] + french.text[end:]
    _, al = _align(_edited(text, french.path), gold)
    spans = [f.source_span for f in al.findings if f.rule == "A001"]
    assert source_span in spans, f"omission of source {source_span} not reported: {spans}"


def test_intact_pairs_have_no_number_name_or_negation_findings(intact) -> None:
    for gold, _, al in intact:
        noisy = [(f.rule, f.message) for f in al.findings if f.rule in ("A003", "A004", "A006")]
        assert noisy == [], f"{gold['pair']}: {noisy}"


_DIGITS = re.compile(r"\d+")
_NAME = re.compile(r"\b(?:Biden|McCarthy|Johnson|Santos|Stefanik|Comer|Sams|Harris|Trump)\b")


def _in_aligned_body(doc: Document, gold: dict, offset: int) -> bool:
    seg = doc.segment_at(offset)
    return seg is not None and seg.kind.value in BODY and _expected(gold).get(seg.id) is not None


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_changed_number_or_name_is_caught(path: Path) -> None:
    gold = _gold(path)
    french = read_source(str(CORPUS / gold["french"]))
    doc = build_document(french)
    checked = 0
    number = next((m for m in _DIGITS.finditer(french.text)
                   if _in_aligned_body(doc, gold, m.start())), None)
    if number is not None:
        changed = str(int(number.group()) + 3)
        text = french.text[:number.start()] + changed + french.text[number.end():]
        _, al = _align(_edited(text, french.path), gold)
        assert any(f.rule == "A003" and f.start == number.start()
                   and f.end == number.start() + len(changed) for f in al.findings), \
            f"{gold['pair']}: number {number.group()} → {changed} not caught"
        checked += 1
    name = next((m for m in _NAME.finditer(french.text)
                 if _in_aligned_body(doc, gold, m.start())), None)
    assert name is not None, f"{gold['pair']}: no name to perturb"
    text = french.text[:name.start()] + "Dupontel" + french.text[name.end():]
    _, al = _align(_edited(text, french.path), gold)
    hits = [f for f in al.findings if f.rule == "A004" and f.start == name.start()]
    assert hits, f"{gold['pair']}: name {name.group()} → Dupontel not caught"
    checked += 1
    assert checked >= 1
