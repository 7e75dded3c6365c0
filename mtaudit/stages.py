"""The stages the pipeline is made of (``mtaudit.auditor.Auditor`` chains them, in one place):
building the document (segment, language), the language check, running rules, applying
fixes, the gate."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from mtaudit.core.config import Config
from mtaudit.core.document import MASK, Document, Finding, Fix, Severity
from mtaudit.core.errors import UsageError
from mtaudit.ingest import langid
from mtaudit.ingest.read import Source
from mtaudit.ingest.segment import segment
from mtaudit.rules import Rule, select_rules
from mtaudit.rules.base import Context, Hit

if TYPE_CHECKING:
    from mtaudit.align.stage import Alignment
    from mtaudit.core.results import Backtranslation

#: Below this many letters the document language is not checked (a headline, a caption).
MIN_LETTERS_FOR_LANGUAGE_CHECK = 120


class NotFrench(UsageError):
    """The document is in another language (``document`` holds what was detected)."""

    def __init__(self, document: Document, message: str) -> None:
        super().__init__(message)
        self.document = document


def build_document(source: Source, config: Config | None = None) -> Document:
    """Segment and identify the language of a decoded source (no rule runs here)."""
    segments = langid.label_segments(segment(source.text, source.prose, source.format))
    visible = " ".join(s.text for s in segments if s.kind.value != "image")
    lang, conf = langid.detect(visible)
    return Document(path=source.path, text=source.text, prose=source.prose,
                    format=source.format, encoding=source.encoding, segments=tuple(segments),
                    language=lang, language_confidence=conf, notes=source.notes)


def check_language(doc: Document, config: Config) -> None:
    """Refuse a document that is not French, unless the user forced ``--lang fr``."""
    if config.lang == "fr" or doc.language in (None, "fr"):
        return
    letters = sum(c.isalpha() for c in doc.prose)
    if letters < MIN_LETTERS_FOR_LANGUAGE_CHECK:
        return
    raise NotFrench(doc, f"{doc.path}: text is not French (detected {doc.language!r}, "
                    f"confidence {doc.language_confidence:.2f}); use --lang fr to check it anyway")


#: ``Context.extras`` key: house-style notes (one finding for a convention kept throughout the
#: document) mapped to the findings of every occurrence they stand for.
HOUSE_STYLE = "house_style"


def _finding(doc: Document, r: Rule, hit: Hit, overrides: Mapping[str, Severity]) -> Finding:
    """A rule's hit as a finding: position, segment, severity (config overrides first), fix."""
    line, col = doc.line_col(hit.start)
    seg = doc.segment_at(hit.start)
    severity = overrides.get(r.code) or hit.severity or r.severity
    # Fixes never rewrite markup: a span that covers a tag or an entity keeps its suggestion
    # but gets no automatic fix.
    fix = Fix(hit.start, hit.end, hit.replacement) \
        if r.fixable and hit.replacement is not None \
        and MASK not in doc.prose[hit.start:hit.end] else None
    return Finding(
        rule=r.code, name=r.name, category=r.category, severity=severity,
        start=hit.start, end=hit.end, line=line, column=col,
        segment=seg.id if seg else None, message=hit.message,
        suggestion=hit.suggestion if hit.suggestion is not None else hit.replacement,
        fix=fix, source_span=hit.source_span,
    )


def expand_house_style(findings: Sequence[Finding], ctx: Context) -> tuple[Finding, ...]:
    """``findings`` with every house-style note replaced by the occurrences it stands for.

    Called for documents the detector calls machine-translated: there a convention kept
    throughout (straight quotes, glued ``:``) is part of what an editor repairs, occurrence by
    occurrence; in a document that reads as native it stays one note (``rules.housestyle``).
    The detector itself always sees the notes, as it was trained.
    """
    groups: dict[Finding, tuple[Finding, ...]] = ctx.extras.get(HOUSE_STYLE) or {}
    if not groups:
        return tuple(findings)
    out: list[Finding] = []
    for f in findings:
        out.extend(groups.get(f, (f,)))
    out.sort(key=lambda f: (f.start, f.end, f.rule))
    return tuple(out)


def run_rules(doc: Document, rules: Iterable[Rule], config: Config | None = None,
              ctx: Context | None = None) -> list[Finding]:
    """Run rules over a document and turn their hits into findings (sorted by offset)."""
    ctx = ctx or Context(doc, config)
    overrides = config.severity if config else {}
    findings: list[Finding] = []
    seen: set[tuple[str, int, int]] = set()
    # Rules that need spaCy go last.  With a worker process, their tagging batch is sent
    # first and tagged there (loading spaCy first, on a cold start) while this process runs
    # the other rules; without one, it is tagged here when the first of them needs it.
    rules = sorted(rules, key=lambda r: r.tags)
    prefetched = True
    if any(r.tags for r in rules):
        from mtaudit.text import nlp

        prefetched = nlp.prefetch(ctx, rules, early=True)
    for r in rules:
        if r.tags and not prefetched:
            nlp.prefetch(ctx, rules)  # one round trip to the tagger per document
            prefetched = True
        for hit in r.check(ctx):
            key = (r.code, hit.start, hit.end)
            if key in seen:
                continue
            seen.add(key)
            finding = _finding(doc, r, hit, overrides)
            findings.append(finding)
            if hit.occurrences:
                ctx.extras.setdefault(HOUSE_STYLE, {})[finding] = tuple(
                    _finding(doc, r, h, overrides) for h in hit.occurrences)
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings


def selected_rules(config: Config, path: str) -> list[Rule]:
    """The rules ``config`` selects for a file (``select``, ``ignore``, per-file ignores): the
    one place a configuration becomes a rule selection."""
    return select_rules(list(config.select) or None, list(config.ignores_for(path)) or None)


def align(doc: Document, source: Source, bt: Backtranslation | None = None,
          config: Config | None = None) -> Alignment:
    """The align stage, then the adequacy rules (family A) over the pairs it built: they run
    after alignment because the pipeline runs them here."""
    from dataclasses import replace

    from mtaudit.align.stage import align_document

    alignment = align_document(doc, source, bt, config)
    config = config or Config()
    rules = [r for r in selected_rules(config, doc.path) if r.family == "A"]
    ctx = Context(doc, config, extras={"alignment": alignment.pair, "backtranslation": bt})
    return replace(alignment, findings=run_rules(doc, rules, config, ctx))


def _capabilities(config: Config) -> set[str]:
    from mtaudit.text import nlp

    have = {"nlp"} if nlp.available() else set()
    if config.source:
        have.add("source")
    return have


def rules_for(config: Config, path: str) -> list[Rule]:
    """Selected rules whose requirements (spaCy, a source text) this run can meet."""
    have = _capabilities(config)
    return [r for r in selected_rules(config, path) if r.requires <= have]


def unavailable_rules(config: Config, path: str) -> list[str]:
    """Selected rules skipped because an extra is missing (reported, never silent)."""
    if "nlp" in _capabilities(config):
        return []
    return [r.code for r in selected_rules(config, path) if "nlp" in r.requires]


def apply_fixes(text: str, fixes: Sequence[Fix]) -> tuple[str, int]:
    """Apply non-overlapping fixes (first one wins on overlap); returns text and count applied."""
    chosen: list[Fix] = []
    last_end = -1
    for fx in sorted(fixes, key=lambda f: (f.start, f.end)):
        if fx.start < last_end or (fx.start == last_end and fx.start == fx.end):
            continue
        chosen.append(fx)
        last_end = fx.end
    out = []
    pos = 0
    for fx in chosen:
        out.append(text[pos:fx.start])
        out.append(fx.replacement)
        pos = fx.end
    out.append(text[pos:])
    return "".join(out), len(chosen)
