"""Behaviour is unchanged: every dev corpus document's JSON report (``--translator none``)
hashes to what ``tests/data/dev_corpus_sha256.json`` records.

Only hashes are stored (the corpus is third-party text).  When a change to the rules or the
detector is meant to change reports, rebuild the manifest with ``python scripts/regen.py
corpus`` and commit it with the change.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import load_regen

regen = load_regen()


def test_every_dev_corpus_report_is_unchanged(dev_corpus: Path) -> None:
    expected = json.loads(regen.CORPUS_MANIFEST.read_text("utf-8"))
    actual = dict(regen.corpus_hashes(dev_corpus))
    assert actual.keys() == expected.keys(), "the corpus changed: run python scripts/regen.py"
    changed = sorted(k for k in actual if actual[k] != expected[k])
    assert not changed, (f"{len(changed)} dev corpus reports changed ({', '.join(changed[:5])}"
                         f"{' …' if len(changed) > 5 else ''}); if intended, run "
                         f"`{regen.COMMAND} corpus` and commit tests/data/dev_corpus_sha256.json")
