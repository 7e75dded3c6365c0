"""A process that loads spaCy's French pipeline and tags texts sent to it (``mtaudit.text.nlp``).

Protocol: one JSON object per line on stdin, ``{"texts": [...], "disable": [...]}``; one JSON
array per line on stdout, for each text its tokens as ``[idx, text, pos, lemma, morph]``.
It exits when stdin closes.
"""

from __future__ import annotations

import json
import os
import sys


def main() -> int:
    # thinc imports torch eagerly whenever it is installed (about 2 s, a third of spaCy's
    # start-up); the French CPU pipeline never uses it, so this process refuses the import.
    sys.modules.setdefault("torch", None)  # type: ignore[arg-type]
    from mtaudit.text.nlp import pipeline
    from mtaudit.text.tagged import serialise

    nlp = pipeline()
    for line in sys.stdin:
        request = json.loads(line)
        docs = nlp.pipe(request["texts"], batch_size=64, disable=request.get("disable", []))
        sys.stdout.write(json.dumps([serialise(d) for d in docs], ensure_ascii=False) + "\n")
        sys.stdout.flush()
    # stdin closed: the checking process is done.  Tearing spaCy's objects down one by one
    # takes longer than a check of one article, and that process waits for this one to exit.
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
