"""Imported once by the fork server of a ``--jobs N`` pool (``multiprocessing``'s
``forkserver`` start method, ``set_forkserver_preload``): loads what every worker needs —
the modules, spaCy's French pipeline, the tables, the rules' patterns — so that each worker,
forked from that process, starts with it loaded instead of loading it again.

Loading is a fixed cost of 2-3 s of CPU per process against some 30 ms per article; paid in
every worker, it is what kept ``--jobs 2`` from doubling the speed of ``--jobs 1``.  While
the fork server loads, the pool's other core is free for the span server to load lingua
(``mtaudit.text.spanlang``).

Nothing here may fail the fork server: whatever cannot be loaded now is loaded by each
worker when it needs it, as without a preload.
"""

from __future__ import annotations


def preload() -> None:
    try:
        from mtaudit.text import nlp

        nlp.in_process()  # this process and its children check many documents
        nlp.process_regex_bundle()  # compiled patterns from the cache; children inherit it
        from mtaudit.auditor import Auditor
        from mtaudit.core.config import Config

        # One check of a few sentences with every rule: loads spaCy, the tables and the
        # patterns.  No translator: a worker's own auditor opens its translation cache.
        with Auditor(Config(translator="none")):
            pass
    except Exception:
        pass


preload()
