"""What every route of ``mtaudit check`` shares (``mtaudit.cli.batch``, ``mtaudit.cli.cluster``):
an input (``Item``), what became of it (``Outcome``), and the one function that checks an
input on an auditor, in whatever process it runs."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mtaudit.core.errors import UsageError

if TYPE_CHECKING:
    from mtaudit.auditor import Auditor
    from mtaudit.core.config import Config
    from mtaudit.core.results import Report
    from mtaudit.ingest.read import Source

# --- the auditor ------------------------------------------------------------------------------


def make_auditor(config: Config | None) -> Auditor:
    """The one place ``mtaudit check`` builds an auditor: one per process, reused for every
    input."""
    from mtaudit.auditor import Auditor

    # No warm-up check: it would open the translation cache before the first real input and
    # swallow what that input's report must say (a cache rebuilt, a model unavailable).
    return Auditor(config, warm_up=False)


# --- work items and their outcomes ----------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One input: a file to read, bytes or text already read, or a malformed record."""

    index: int
    key: str  # the report's ``file``
    path: str | None = None  # a file the checking process reads itself
    data: bytes | None = None  # a file's bytes (read by the client: Dask workers may be remote)
    text: str | None = None  # a crawl record's text
    error: str | None = None  # a malformed record: reported, never checked
    extra: dict[str, Any] = field(default_factory=dict)  # record fields kept in the report


@dataclass
class Outcome:
    index: int
    key: str
    status: str  # "passed", "failed" (gate), "input" (input error), "internal" (a bug)
    report: Report | None = None  # kept for the collected formats only
    line: str | None = None  # the JSON line (jsonl)
    message: str | None = None  # the error, for "input" and "internal"
    notes: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.status in ("input", "internal")


def error_line(key: str, message: str, kind: str) -> str:
    """The JSON line reporting an input that could not be checked."""
    return json.dumps({"file": key, "error": message, "error_kind": kind},
                      ensure_ascii=False) + "\n"


def _source_of(item: Item) -> Source:
    from mtaudit.ingest.read import decode, mask, read_source, source_from_text

    if item.path is not None:
        source = read_source(item.path)
        return source if source.path == item.key else _renamed(source, item.key)
    if item.data is not None:
        text, encoding, notes = decode(item.data, item.key)
        if not text.strip():
            raise UsageError(f"{item.key}: file is empty")
        fmt = _format_of(item.key, text)
        from mtaudit.ingest.read import Source

        return Source(item.key, text, mask(text, fmt), fmt, encoding, tuple(notes))
    text = item.text or ""
    if not text.strip():
        raise UsageError(f"{item.key}: record has no text")
    return source_from_text(text, path=item.key, fmt=_format_of("", text))


def _renamed(source: Source, path: str) -> Source:
    from dataclasses import replace

    return replace(source, path=path)


def _format_of(name: str, text: str) -> str:
    """The format ``read_source`` would give (by suffix; plain text that is an HTML page)."""
    from pathlib import Path

    from mtaudit.ingest.read import TEXT_SUFFIXES
    from mtaudit.ingest.read import looks_like_html as _looks_like_html

    fmt = TEXT_SUFFIXES.get(Path(name).suffix.lower(), "txt") if name else "txt"
    if fmt == "txt" and _looks_like_html(text):
        fmt = "html"
    return fmt


def check_item(auditor: Any, item: Item, lines: bool) -> Outcome:
    """Check one input; never raises (an error becomes an ``Outcome``)."""
    if item.error is not None:
        return Outcome(item.index, item.key, "input", line=error_line(item.key, item.error,
                                                                      "input"),
                       message=item.error)
    try:
        source = _source_of(item)
        report = auditor.check(source, path=item.key)
    except UsageError as exc:
        return Outcome(item.index, item.key, "input", message=str(exc),
                       line=error_line(item.key, str(exc), "input"))
    except Exception as exc:  # a bug: report it, keep the other inputs' results
        if os.environ.get("MTAUDIT_DEBUG"):  # --debug sets it (workers inherit it)
            import traceback

            traceback.print_exception(exc, file=sys.stderr)
        message = (f"{item.key}: internal error ({type(exc).__name__}: {exc}); this is a bug "
                   "in mtaudit — rerun with --debug for a traceback and report it")
        return Outcome(item.index, item.key, "internal", message=message,
                       line=error_line(item.key, message, "internal"))
    status = "passed" if report.gate.passed else "failed"
    if lines:
        payload = report.to_dict()
        payload.update(item.extra)
        return Outcome(item.index, item.key, status, notes=source.notes,
                       line=json.dumps(payload, ensure_ascii=False) + "\n")
    return Outcome(item.index, item.key, status, report=report, notes=source.notes)
