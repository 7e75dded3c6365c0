#!/usr/bin/env python3
"""Rebuild mtaudit's generated artefacts (development tool, not part of the package).

    .venv/bin/python scripts/regen.py            # rebuild every artefact
    .venv/bin/python scripts/regen.py corpus     # only the dev corpus behaviour manifest

Artefacts:

* ``rules``  — the rule index ``mtaudit/data/rules.json`` (read by ``mtaudit rules``);
* ``report`` — the seed's sample report ``reports/000_dbb060e02b12dbea.html``;
* ``corpus`` — ``tests/data/dev_corpus_sha256.json``: one SHA-256 per dev corpus document of
  its canonical JSON report (``--translator none``), the behaviour safety net.  Only hashes are
  stored: the corpus (``../shared/corpora/dev``) is third-party text.

``tests/test_generated.py`` fails, naming this script, when an artefact is stale.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_dbb060e02b12dbea.txt"
SAMPLE_REPORT = ROOT / "reports" / "000_dbb060e02b12dbea.html"
DEV_CORPUS = ROOT.parent / "shared" / "corpora" / "dev"
CORPUS_MANIFEST = ROOT / "tests" / "data" / "dev_corpus_sha256.json"
COMMAND = "python scripts/regen.py"


def canonical(report_dict: dict[str, Any]) -> str:
    """The canonical JSON of a report (sorted keys, no whitespace)."""
    return json.dumps(report_dict, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def corpus_documents(corpus: Path = DEV_CORPUS) -> list[str]:
    """The French documents of the dev corpus (its English sources are left out)."""
    lines = (corpus / "manifest.jsonl").read_text("utf-8").splitlines()
    entries = [json.loads(line) for line in lines if line.strip()]
    return sorted(e["file"] for e in entries if e.get("label") != "source")


def corpus_hashes(corpus: Path = DEV_CORPUS) -> Iterator[tuple[str, str]]:
    """``(relative path, sha256 of the canonical JSON report)`` for every corpus document."""
    from dataclasses import replace

    from mtaudit import Auditor, Config
    from mtaudit.ingest.read import read_source

    with Auditor(Config(translator="none")) as auditor:
        for rel in corpus_documents(corpus):
            source = replace(read_source(str(corpus / rel)), path=rel)
            text = canonical(auditor.check(source).to_dict())
            yield rel, hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_corpus_manifest() -> str:
    return json.dumps(dict(corpus_hashes()), indent=1, sort_keys=True) + "\n"


def build_sample_report() -> None:
    from mtaudit.cli.main import main

    main(["check", str(SEED.relative_to(ROOT)), "--translator", "none", "--format", "html",
          "-o", str(SAMPLE_REPORT.relative_to(ROOT))])


def main(argv: list[str]) -> int:
    import os

    os.chdir(ROOT)
    wanted = set(argv) or {"rules", "report", "corpus"}
    if "rules" in wanted:
        from mtaudit.rules.index import write

        print(f"wrote {write()}")
    if "report" in wanted:
        build_sample_report()
        print(f"wrote {SAMPLE_REPORT}")
    if "corpus" in wanted:
        if not (DEV_CORPUS / "manifest.jsonl").is_file():
            print(f"skipped the corpus manifest: no dev corpus at {DEV_CORPUS}", file=sys.stderr)
        else:
            CORPUS_MANIFEST.parent.mkdir(parents=True, exist_ok=True)
            CORPUS_MANIFEST.write_text(build_corpus_manifest(), "utf-8")
            print(f"wrote {CORPUS_MANIFEST}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
