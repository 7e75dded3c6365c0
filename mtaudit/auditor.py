"""``Auditor``: load once, check many — the one place the pipeline is chained.

    from mtaudit import Auditor, Config

    with Auditor(Config(translator="none")) as auditor:
        report = auditor.check("Il a dit « non, » a-t-il déclaré.")
        print([(f.rule, f.start, f.end) for f in report.findings])

The pipeline of ``DESIGN.md`` — ingest → language → segment → back-translate → align → check →
score → gate — runs in ``Auditor.check`` (through ``analyse``); every entry point (``mtaudit
check``, ``fix``, ``eval``, ``align``, ``serve``) goes through an ``Auditor``.  The stages
themselves are functions of ``mtaudit.stages`` and of their own modules.

Construction loads what the configuration needs once: the rule selection, the spaCy worker
process when a selected rule needs spaCy (``mtaudit.text.nlp``), the language identifier, the
detector and the word-frequency tables.  One ``Auditor`` may be shared by several threads (the
spaCy worker answers one request at a time under a lock, the back-translation stage runs under
a lock, everything else keeps its state per document), or created once per process.
``close()`` (or leaving a ``with`` block) stops the spaCy worker.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from types import TracebackType
from typing import TYPE_CHECKING

from mtaudit import stages
from mtaudit.core.config import Config
from mtaudit.ingest.read import Source, mask, source_from_text, touches_code
from mtaudit.rules.base import Context
from mtaudit.rules.housestyle import FIXING

if TYPE_CHECKING:
    from mtaudit.align.stage import Alignment
    from mtaudit.core.document import Document, Finding
    from mtaudit.core.results import Backtranslation, Report
    from mtaudit.rules import Rule
    from mtaudit.rules.base import Context

#: A short French text whose check loads every lazily loaded table (warm-up).
_WARM_UP = "Le président a déclaré mardi qu’il « ne céderait pas », a-t-il ajouté."


@dataclass(frozen=True)
class Analysis:
    """The pipeline up to the rules and the alignment (what scoring reads)."""

    document: Document
    findings: tuple[Finding, ...]
    backtranslation: Backtranslation
    context: Context
    rules: tuple[Rule, ...]
    alignment: Alignment | None = None


def text_source(text: str, path: str = "<text>", fmt: str = "txt") -> Source:
    """A ``Source`` for text held in memory (no file, no decoding)."""
    return source_from_text(text, path=path, fmt=fmt)


class Auditor:
    """Checks French texts with one configuration, loading models and tables once."""

    def __init__(self, config: Config | None = None, *, warm_up: bool = True) -> None:
        """Select the rules and load what they need.

        ``warm_up=False`` only starts the loading (the spaCy worker loads on the other core
        while the caller reads its input): the command line uses it for one-shot checks.
        """
        self.config = config or Config()
        self._rules: dict[tuple[str, ...], list[Rule]] = {}
        self._rules_lock = threading.Lock()
        self._bt_lock = threading.Lock()
        self._closed = False
        self._nlp = any("nlp" in r.requires for r in self.rules_for(""))
        if self._nlp:
            from mtaudit.text import nlp

            nlp.acquire()
        self._load_tables()
        if warm_up:
            self._warm_up()

    @classmethod
    def for_fixes(cls, config: Config | None = None, path: str = "") -> Auditor:
        """An ``Auditor`` that runs only the fixable rules of ``config``'s selection (so it
        loads nothing that only the other rules need)."""
        config = config or Config()
        codes = tuple(r.code for r in stages.rules_for(config, path) if r.fixable)
        return cls(replace(config, select=codes or ("-",)), warm_up=False)

    # --- loading ---------------------------------------------------------------------------

    def rules_for(self, path: str) -> list[Rule]:
        """The selected rules this run can meet for a file (per-file ignores apply)."""
        key = self.config.ignores_for(path)
        with self._rules_lock:
            rules = self._rules.get(key)
            if rules is None:
                rules = self._rules[key] = stages.rules_for(self.config, path)
        return rules

    @staticmethod
    def _load_tables() -> None:
        """Load the shared tables now, in one thread: langdetect's profiles in particular
        must not be loaded by two threads at once (it refuses a profile loaded twice)."""
        from mtaudit.detect import detector, features
        from mtaudit.ingest import langid

        langid.detect(_WARM_UP)
        detector.detector()
        features.segment_counts(_WARM_UP)

    def _warm_up(self) -> None:
        if self._nlp:
            from mtaudit.text import nlp

            nlp.tag([_WARM_UP])  # returns once spaCy has loaded (in the worker)
        self.check(_WARM_UP, path="<warm-up>")

    # --- the pipeline ----------------------------------------------------------------------

    def source(self, text_or_source: str | Source, path: str = "<text>") -> Source:
        if isinstance(text_or_source, Source):
            return text_or_source
        if not isinstance(text_or_source, str):
            raise TypeError(f"expected str or Source, not {type(text_or_source).__name__}")
        return text_source(text_or_source, path)

    def document(self, source: Source) -> Document:
        """Segment and identify the language; raise ``NotFrench`` unless it is French."""
        doc = stages.build_document(source, self.config)
        stages.check_language(doc, self.config)
        return doc

    def backtranslate(self, doc: Document) -> Backtranslation:
        from mtaudit.backtranslate import backtranslate_document

        if self.config.translator == "none":
            return backtranslate_document(doc, self.config)
        with self._bt_lock:  # one model, one SQLite cache: one document at a time
            return backtranslate_document(doc, self.config)

    def align(self, doc: Document, bt: Backtranslation | None,
              source: str | Source | None = None) -> Alignment:
        """The align stage (and its adequacy rules) against ``source`` or ``config.source``."""
        from mtaudit.ingest.read import read_source

        src = source if source is not None else self.config.source
        if src is None:
            raise ValueError("no source text to align with")
        if isinstance(src, str):
            src = read_source(src)
        return stages.align(doc, src, bt, self.config)

    def analyse(self, text_or_source: str | Source, *, path: str = "<text>") -> Analysis:
        """Every stage before scoring: document, back-translation, rules, alignment."""
        from mtaudit.rules.base import Context

        self._check_open()
        source = self.source(text_or_source, path)
        rules = self.rules_for(source.path)
        doc = self.document(source)
        bt = self.backtranslate(doc)
        ctx = Context(doc, self.config, extras={"backtranslation": bt})
        findings = stages.run_rules(doc, rules, self.config, ctx)
        alignment = None
        if self.config.source:
            alignment = self.align(doc, bt)
            findings = sorted([*findings, *alignment.findings],
                              key=lambda f: (f.start, f.end, f.rule))
        return Analysis(doc, tuple(findings), bt, ctx, tuple(rules), alignment)

    def check(self, text_or_source: str | Source, *, path: str = "<text>") -> Report:
        """Audit one text (a ``str`` is the text itself, format txt) or a ``Source``."""
        from mtaudit.core.results import Report, signature
        from mtaudit.detect import detector
        from mtaudit.score import mqm
        from mtaudit.score.gate import gate

        a = self.analyse(text_or_source, path=path)
        config, doc = self.config, a.document
        verdict, seg_scores = detector.verdict(doc, a.findings, a.backtranslation, a.context)
        findings = a.findings
        if verdict.label == "machine_translated":  # a house style is MT damage here
            findings = stages.expand_house_style(findings, a.context)
        quality = mqm.quality(doc, findings, config.max_mqm_penalty)
        g = gate(findings, config, verdict.score, quality.mqm_penalty_per_1000_words,
                 verdict.label)
        return Report(
            document=doc, findings=findings, verdict=verdict, quality=quality,
            backtranslation=a.backtranslation, gate=g, segment_mt_scores=tuple(seg_scores),
            source_ids=a.alignment.source_ids if a.alignment else None,
            source=a.alignment.source if a.alignment else None,
            signature=signature(config, [r.code for r in a.rules], a.backtranslation, verdict),
            skipped_rules=tuple(stages.unavailable_rules(config, doc.path)),
        )

    def check_many(self, items: Iterable[str | Source]) -> Iterator[Report]:
        """``check`` each item in turn (texts are named ``<text 1>``, ``<text 2>``, …)."""
        for n, item in enumerate(items, 1):
            yield self.check(item, path=f"<text {n}>")

    def fix(self, text_or_source: str | Source, *, path: str = "<text>",
            max_passes: int = 5) -> tuple[str, int]:
        """The text with the safe automatic fixes applied (repeated until stable), and their
        number.  The language is checked once, on the original text."""
        self._check_open()
        current = self.source(text_or_source, path)
        self.document(current)
        rules = [r for r in self.rules_for(current.path) if r.fixable]
        total = 0
        for _ in range(max_passes):
            doc = stages.build_document(current, self.config)
            # FIXING tells rules that report a house style once to fix every occurrence.
            ctx = Context(doc, self.config, extras={FIXING: True})
            fixes = [f.fix for f in stages.run_rules(doc, rules, self.config, ctx)
                     if f.fix is not None and not touches_code(current.prose, f.fix)]
            if not fixes:
                break
            text, n = stages.apply_fixes(current.text, fixes)
            if text == current.text:
                break
            total += n
            current = replace(current, text=text, prose=mask(text, current.format))
        return current.text, total

    # --- lifetime --------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("this Auditor is closed")

    def close(self) -> None:
        """Release the spaCy worker (idempotent)."""
        if self._closed:
            return
        self._closed = True
        if self._nlp:
            from mtaudit.text import nlp

            nlp.release()

    def __enter__(self) -> Auditor:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


__all__ = ["Analysis", "Auditor", "text_source"]
