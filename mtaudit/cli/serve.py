"""``mtaudit serve``: LanguageTool's HTTP API (``/v2/check``, ``/v2/languages``) plus ``/v1/audit``.

Editors, browser add-ons and CMS plugins that talk to a LanguageTool server (LTeX,
``language_tool_python``, the LanguageTool browser extensions, LibreOffice, Obsidian …) accept a
custom server URL; pointed at ``mtaudit serve`` they get mtaudit's findings as LanguageTool
matches.  The protocol, as LanguageTool's server speaks it (``/v2/check``, form-encoded, GET or
POST):

* request: ``text`` or ``data`` (annotated text, ``{"annotation": [{"text": …},
  {"markup": …, "interpretAs": …}]}``: markup is kept out of the check, offsets still count it),
  ``language`` (``fr``, ``fr-FR``, ``auto``), ``enabledRules``, ``disabledRules``,
  ``enabledOnly``, ``enabledCategories``, ``disabledCategories``, ``level``;
* response: ``software``, ``warnings``, ``language`` (with ``detectedLanguage``), ``matches``
  (``message``, ``shortMessage``, ``offset``, ``length``, ``replacements``, ``context``,
  ``sentence``, ``type``, ``rule``).  Offsets and lengths count UTF-16 code units, as
  LanguageTool (Java) does; clients convert them back (an emoji counts two).

mtaudit's own results (MT verdict and score, MQM quality, the gate, back-translation per
segment) travel under the key ``mtaudit``, at the top level and in each match; LanguageTool
clients ignore keys they do not know.  ``/v1/audit`` answers with the JSON report of
``mtaudit check``.

One ``Auditor`` is loaded at start-up and shared by a small thread pool (``Auditor`` is
thread-safe); ``--workers N`` runs N processes, each with its own.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from mtaudit.core.document import MASK, Category, Finding
from mtaudit.core.errors import UsageError
from mtaudit.core.version import __version__

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse

    from mtaudit.auditor import Auditor
    from mtaudit.core.config import Config
    from mtaudit.core.document import Document
    from mtaudit.core.results import Report
    from mtaudit.ingest.read import Source

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8081
DEFAULT_MAX_CHARS = 200_000
DEFAULT_TIMEOUT = 60.0
#: Checks running at once in one process (the spaCy worker serialises its part anyway).
THREADS = 4
#: Characters of context either side of a match (LanguageTool's server uses 40 by default).
CONTEXT_CHARS = 40
LANGUAGES = ({"name": "French", "code": "fr", "longCode": "fr-FR"},)
ACCEPTED_LANGUAGES = {"fr", "fr-fr", "auto"}
_ENV = "MTAUDIT_SERVE_OPTIONS"

#: mtaudit category → LanguageTool category (id, name) and issue type (the LocQI types
#: LanguageTool uses; clients such as LTeX colour matches by it).
CATEGORIES: dict[Category, tuple[str, str, str]] = {
    Category.PUNCTUATION: ("PUNCTUATION", "Punctuation", "typographical"),
    Category.QUOTES: ("QUOTES", "Quotation marks", "typographical"),
    Category.TYPOGRAPHY: ("TYPOGRAPHY", "Typography", "typographical"),
    Category.CAPITALIZATION: ("CASING", "Capitalization", "typographical"),
    Category.GRAMMAR: ("GRAMMAR", "Grammar", "grammar"),
    Category.PHRASING: ("STYLE", "Phrasing (calques, English word order)", "style"),
    Category.LEXICAL: ("FALSE_FRIENDS", "False friends and anglicisms", "mistranslation"),
    Category.UNTRANSLATED: ("UNTRANSLATED", "Untranslated words", "untranslated"),
    Category.ENCODING: ("ENCODING", "Encoding debris", "characters"),
    Category.ADEQUACY: ("ADEQUACY", "Adequacy (against the source)", "mistranslation"),
    Category.FLUENCY: ("FLUENCY", "Fluency", "style"),
}
_LANGUAGE_NAMES = {"fr": "French", "en": "English", "de": "German", "es": "Spanish",
                   "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "ru": "Russian",
                   "uk": "Ukrainian", "pl": "Polish", "ar": "Arabic", "zh-cn": "Chinese"}
_URL = re.compile(r"https?://[^\s)>\]]+")


class HTTPError(Exception):
    """A request the server answers with a JSON error and this status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# --- the LanguageTool protocol (pure functions) ---------------------------------------------


def utf16_offsets(text: str) -> Callable[[int], int]:
    """Maps a Python ``str`` index of ``text`` to its UTF-16 code-unit index."""
    if text.isascii() or max(text) <= "\uffff":
        return lambda i: i
    table = [0, *accumulate(2 if ord(c) > 0xFFFF else 1 for c in text)]
    return table.__getitem__


@dataclass(frozen=True)
class CheckRequest:
    """A ``/v2/check`` request, parsed and validated."""

    source: Source
    language: str = "fr"
    enabled_rules: frozenset[str] = frozenset()
    disabled_rules: frozenset[str] = frozenset()
    enabled_only: bool = False
    enabled_categories: frozenset[str] = frozenset()
    disabled_categories: frozenset[str] = frozenset()
    level: str = "default"


def _list(value: str | None) -> frozenset[str]:
    return frozenset(v.strip().upper() for v in (value or "").split(",") if v.strip())


def annotated_source(data: str) -> Source:
    """The ``data`` parameter (LanguageTool's annotated text) as a ``Source``.

    The text is the concatenation of every item, markup included, so offsets count markup as
    LanguageTool's do; the prose masks markup (``interpretAs`` text, such as a paragraph break
    for ``<p>``, stands at the start of its mask so that segmentation sees it).
    """
    from mtaudit.ingest.read import Source

    try:
        items = json.loads(data)["annotation"]
        if not isinstance(items, list):
            raise TypeError
    except (json.JSONDecodeError, KeyError, TypeError):
        raise HTTPError(400, "data: expected JSON {\"annotation\": [{\"text\": …}, "
                        "{\"markup\": …}]}") from None
    text: list[str] = []
    prose: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            raise HTTPError(400, "data: every annotation item must be an object")
        if "text" in item:
            t = str(item["text"])
            text.append(t)
            prose.append(t)
        elif "markup" in item:
            m = str(item["markup"])
            shown = str(item.get("interpretAs", ""))[:len(m)]
            text.append(m)
            prose.append(shown + MASK * (len(m) - len(shown)))
        else:
            raise HTTPError(400, "data: an annotation item needs text or markup")
    return Source("<data>", "".join(text), "".join(prose), "txt", "utf-8")


def parse_check(params: Mapping[str, str], max_chars: int) -> CheckRequest:
    """Validate ``/v2/check`` parameters (400 missing text, 413 too long)."""
    from mtaudit.auditor import text_source

    if params.get("text") is not None:
        source = text_source(params["text"])
    elif params.get("data") is not None:
        source = annotated_source(params["data"])
    else:
        raise HTTPError(400, "missing 'text' or 'data' parameter")
    if len(source.text) > max_chars:
        raise HTTPError(413, f"text is {len(source.text):,} characters; this server accepts "
                        f"at most {max_chars:,} (--max-chars)")
    language = (params.get("language") or "").strip()
    if not language:
        raise HTTPError(400, "missing 'language' parameter (fr, fr-FR or auto)")
    return CheckRequest(
        source=source, language=language,
        enabled_rules=_list(params.get("enabledRules")),
        disabled_rules=_list(params.get("disabledRules")),
        enabled_only=(params.get("enabledOnly") or "").lower() == "true",
        enabled_categories=_list(params.get("enabledCategories")),
        disabled_categories=_list(params.get("disabledCategories")),
        level=params.get("level") or "default",
    )


def keep(f: Finding, req: CheckRequest) -> bool:
    """Rule and category filters of a request (rule ids are mtaudit codes, ``Q002``)."""
    cat = CATEGORIES[f.category][0]
    if f.rule in req.disabled_rules or cat in req.disabled_categories:
        return False
    if req.enabled_only:
        return f.rule in req.enabled_rules or cat in req.enabled_categories
    return True


def _context(text: str, start: int, end: int, u: Callable[[int], int]) -> dict[str, Any]:
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    prefix = "..." if lo > 0 else ""
    suffix = "..." if hi < len(text) else ""
    window = text[lo:hi].replace("\n", " ").replace("\r", " ").replace(MASK, " ")
    return {"text": prefix + window + suffix, "offset": len(prefix) + u(start) - u(lo),
            "length": u(end) - u(start)}


def match(f: Finding, doc: Document, u: Callable[[int], int]) -> dict[str, Any]:
    """One finding as a LanguageTool match (UTF-16 offsets), mtaudit's details under
    ``mtaudit``."""
    from mtaudit.rules import all_rules

    rule = all_rules().get(f.rule)
    cat_id, cat_name, issue = CATEGORIES[f.category]
    seg = doc.segment_at(f.start)
    urls = _URL.findall(rule.authority) if rule else []
    return {
        "message": f.message,
        "shortMessage": f.name.replace("-", " "),
        "replacements": [{"value": f.fix.replacement}] if f.fix else [],
        "offset": u(f.start),
        "length": u(f.end) - u(f.start),
        "context": _context(doc.text, f.start, f.end, u),
        "sentence": seg.text if seg else doc.text[f.start:f.end],
        "type": {"typeName": "Other"},
        "rule": {
            "id": f.rule,
            "description": rule.summary if rule else f.name,
            "issueType": issue,
            "category": {"id": cat_id, "name": cat_name},
            "urls": [{"value": x.rstrip(".,;")} for x in urls],
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
        "mtaudit": {"name": f.name, "severity": f.severity.value,
                    "category": f.category.value, "start": f.start, "end": f.end,
                    "line": f.line, "column": f.column, "suggestion": f.suggestion},
    }


def _language(code: str | None, confidence: float | None) -> dict[str, Any]:
    code = code or "und"
    return {"name": _LANGUAGE_NAMES.get(code, code), "code": code,
            "confidence": round(confidence or 0.0, 4), "source": "langdetect"}


def software() -> dict[str, Any]:
    return {"name": "mtaudit", "version": __version__, "buildDate": "", "apiVersion": 1,
            "premium": False, "premiumHint": "", "status": ""}


def check_response(req: CheckRequest, report: Report | None, doc: Document) -> dict[str, Any]:
    """The ``/v2/check`` answer; ``report`` is None when the text is not French."""
    u = utf16_offsets(doc.text)
    detected = _language(doc.language, doc.language_confidence)
    if req.language.lower() == "auto":
        language = {"name": detected["name"], "code": detected["code"]}
    else:
        language = {"name": "French", "code": req.language}
    out: dict[str, Any] = {
        "software": software(),
        "warnings": {"incompleteResults": False},
        "language": {**language, "detectedLanguage": detected},
        "matches": [],
        "mtaudit": None,
    }
    if report is None:
        out["mtaudit"] = {"checked": False,
                          "reason": f"not French (detected {detected['code']}): mtaudit "
                          "checks French only"}
        return out
    out["matches"] = [match(f, doc, u) for f in report.findings if keep(f, req)]
    d = report.to_dict()
    out["mtaudit"] = {
        "checked": True,
        "verdict": d["verdict"], "quality": d["quality"], "gate": d["gate"],
        "backtranslation": d["backtranslation"],
        "segments": [{"id": s["id"], "offset": u(s["start"]),
                      "length": u(s["end"]) - u(s["start"]), "kind": s["kind"],
                      "mt_score": s["mt_score"], "backtranslation": s["backtranslation"]}
                     for s in d["segments"]],
        "summary": d["summary"],
    }
    return out


def run_check(auditor: Auditor, req: CheckRequest) -> dict[str, Any]:
    """Check a parsed request (blocking: runs in the thread pool)."""
    from mtaudit.stages import NotFrench

    lang = req.language.lower()
    if lang not in ACCEPTED_LANGUAGES and not lang.startswith("fr-"):
        raise HTTPError(400, f"language {req.language!r}: mtaudit checks French "
                        "(fr, fr-FR, fr-CA …) or auto")
    try:
        report = auditor.check(req.source)
    except NotFrench as exc:
        return check_response(req, None, exc.document)
    if req.language.lower() == "auto" and report.document.language not in (None, "fr"):
        return check_response(req, None, report.document)  # as LanguageTool: not French
    return check_response(req, report, report.document)


def run_audit(auditor: Auditor, params: Mapping[str, Any], max_chars: int) -> dict[str, Any]:
    """``/v1/audit``: the JSON report of ``mtaudit check`` (blocking)."""
    from mtaudit.auditor import text_source

    text = params.get("text")
    if not isinstance(text, str):
        raise HTTPError(400, "missing 'text'")
    if not text.strip():
        raise HTTPError(400, "text is empty")  # as `mtaudit check` refuses an empty file
    if len(text) > max_chars:
        raise HTTPError(413, f"text is {len(text):,} characters; this server accepts at most "
                        f"{max_chars:,} (--max-chars)")
    fmt = str(params.get("format") or "txt")
    if fmt not in ("txt", "md", "html"):
        raise HTTPError(400, f"format {fmt!r}: expected txt, md or html")
    path = str(params.get("path") or "<text>")
    try:
        return auditor.check(text_source(text, path, fmt)).to_dict()
    except UsageError as exc:
        raise HTTPError(422, str(exc)) from None


# --- the ASGI application -------------------------------------------------------------------


@dataclass(frozen=True)
class ServeOptions:
    max_chars: int = DEFAULT_MAX_CHARS
    timeout: float = DEFAULT_TIMEOUT
    cors: tuple[str, ...] = ()
    threads: int = THREADS
    #: How to build the configuration in each worker process: ``--config`` and overrides.
    config_file: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)

    def config(self) -> Config:
        from mtaudit.core.config import load_config

        overrides = {k: tuple(v) if isinstance(v, list) else v
                     for k, v in self.overrides.items()}
        return load_config(self.config_file).with_overrides(**overrides)


def create_app(options: ServeOptions | None = None, auditor: Auditor | None = None) -> Starlette:
    """The application; it builds its ``Auditor`` at start-up unless one is given."""
    import contextlib

    import anyio
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    opts = options or ServeOptions()
    state: dict[str, Any] = {"auditor": auditor}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        from mtaudit.auditor import Auditor

        owned = state["auditor"] is None
        if owned:
            state["auditor"] = await anyio.to_thread.run_sync(Auditor, opts.config())
        state["limiter"] = anyio.CapacityLimiter(opts.threads)
        try:
            yield
        finally:
            if owned:
                state["auditor"].close()

    def error(status: int, message: str) -> JSONResponse:
        return JSONResponse({"error": {"status": status, "message": message}},
                            status_code=status)

    async def blocking(fn: Callable[[], dict[str, Any]]) -> JSONResponse:
        try:
            with anyio.fail_after(opts.timeout):
                body = await anyio.to_thread.run_sync(fn, abandon_on_cancel=True,
                                                      limiter=state["limiter"])
        except TimeoutError:
            return error(503, f"checking took longer than {opts.timeout:g} s (--timeout)")
        except HTTPError as exc:
            return error(exc.status, exc.message)
        except UsageError as exc:
            return error(422, str(exc))
        except Exception as exc:  # a bug: say so in JSON, keep serving
            return error(500, f"internal error ({type(exc).__name__}: {exc}); this is a bug "
                         "in mtaudit")
        return JSONResponse(body)

    async def params_of(request: Request) -> dict[str, str]:
        params = dict(request.query_params)
        if request.method == "POST":
            form = await request.form()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
        return params

    async def v2_check(request: Request) -> JSONResponse:
        try:
            req = parse_check(await params_of(request), opts.max_chars)
        except HTTPError as exc:
            return error(exc.status, exc.message)
        return await blocking(lambda: run_check(state["auditor"], req))

    async def v1_audit(request: Request) -> JSONResponse:
        if request.headers.get("content-type", "").startswith("application/json"):
            try:
                params = await request.json()
            except (json.JSONDecodeError, UnicodeDecodeError):
                return error(400, "invalid JSON body")
            if not isinstance(params, dict):
                return error(400, "expected a JSON object {\"text\": …}")
        else:
            params = await params_of(request)
        return await blocking(lambda: run_audit(state["auditor"], params, opts.max_chars))

    async def languages(request: Request) -> JSONResponse:
        return JSONResponse(list(LANGUAGES))

    async def health(request: Request) -> JSONResponse:
        a = state["auditor"]
        return JSONResponse({"status": "ok" if a is not None else "starting",
                             "software": software(),
                             "rules": len(a.rules_for("")) if a is not None else None})

    middleware = []
    if opts.cors:
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(CORSMiddleware, allow_origins=list(opts.cors),
                                     allow_methods=["GET", "POST"], allow_headers=["*"]))
    routes = [
        Route("/v2/check", v2_check, methods=["GET", "POST"]),
        Route("/v2/languages", languages, methods=["GET"]),
        Route("/v1/audit", v1_audit, methods=["POST"]),
        Route("/health", health, methods=["GET"]),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def app_from_environment() -> Starlette:
    """The application of one ``--workers`` process (options passed in the environment)."""
    raw = json.loads(os.environ.get(_ENV, "{}"))
    raw["cors"] = tuple(raw.get("cors", ()))
    return create_app(ServeOptions(**raw))


def serve(options: ServeOptions, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          workers: int = 1) -> None:
    """Run the server until interrupted (uvicorn)."""
    import uvicorn

    if workers > 1:
        os.environ[_ENV] = json.dumps(asdict(options))
        uvicorn.run("mtaudit.cli.serve:app_from_environment", factory=True, host=host, port=port,
                    workers=workers, log_level="info", access_log=False)
    else:
        uvicorn.run(create_app(options), host=host, port=port, log_level="info",
                    access_log=False)
