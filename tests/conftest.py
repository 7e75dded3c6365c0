"""Shared test helpers: run rules on a string, locate the seed and the dev corpus."""

from __future__ import annotations

import os
from pathlib import Path

# spaCy loads in the test process (and in the commands tests start), not in a worker process
# per check: with a worker, each Auditor and each in-process CLI run would load spaCy again.
# The worker route is tested on purpose (tests/text/test_nlp*.py, tests/test_auditor.py),
# with MTAUDIT_NLP_WORKER=1 and this variable removed.
os.environ.setdefault("MTAUDIT_NLP_IN_PROCESS", "1")

import pytest

from mtaudit.audit import build_document, run_rules
from mtaudit.core.config import Config
from mtaudit.core.document import Finding
from mtaudit.ingest.read import source_from_text
from mtaudit.rules import all_rules
from mtaudit.rules.base import Context

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_dbb060e02b12dbea.txt"
DEV_CORPUS = ROOT.parent / "shared" / "corpora" / "dev"


def findings_for(text: str, codes: list[str] | None = None, fmt: str = "txt") -> list[Finding]:
    """Findings of the given rules (default: all) on an in-memory French text."""
    rules = all_rules()
    if codes:
        chosen = [rules[c] for c in codes]
    else:  # every rule this installation can run (spaCy's need the nlp extra)
        from mtaudit.text import nlp

        chosen = [r for r in rules.values() if "nlp" not in r.requires or nlp.available()]
    config = Config()
    doc = build_document(source_from_text(text, fmt=fmt), config)
    return run_rules(doc, chosen, config, Context(doc, config))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture(scope="session")
def dev_corpus() -> Path:
    if not (DEV_CORPUS / "manifest.jsonl").is_file():
        pytest.skip(f"development corpus not found at {DEV_CORPUS} (../shared beside the clone)")
    return DEV_CORPUS
