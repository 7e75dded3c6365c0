"""Word frequencies from ``wordfreq`` (Speer, *wordfreq* v3, Zenodo 2022,
doi:10.5281/zenodo.7199437), without loading its lists in every process.

``import wordfreq`` and building its frequency dictionary for French and for English cost a
cold process about 0.65 s, more than the lookups of a whole check.  Here each language's list
is read from wordfreq's own data once per machine and written to mtaudit's cache directory
as a pack (``mtaudit.text.packed``: the words and their frequency bucket, looked up by binary
search in a mapped file), keyed on wordfreq's version, the language and ``FORMAT``.

- ``frequency(word, lang)`` is ``wordfreq.get_frequency_dict(lang).get(word, 0.0)``: the
  bucket's frequency, computed by wordfreq's ``cB_to_freq`` when the pack is built.
- ``zipf(word, lang)`` is ``wordfreq.zipf_frequency(word, lang)``.  wordfreq tokenises the
  word first; for a *plain* word (lower-case Latin letters, ``PLAIN_LETTERS``) in a language
  whose tokeniser leaves such words whole, the tokenisation is the word itself, so its Zipf
  value depends only on its bucket: that value is computed, when the pack is built, by
  ``wordfreq.zipf_frequency`` itself on a plain word of the bucket.  A word that case-folds
  to a plain word, or to plain words joined by hyphens (which wordfreq's tokeniser cuts
  there), is answered the same way, the frequencies of several tokens combined by
  wordfreq's formula.  Any other word (digits, apostrophes, other scripts) is answered by
  wordfreq, imported then.

Without a writable cache directory, or for a language wordfreq has no list for, every answer
comes from wordfreq, as before.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from mtaudit.text import packed

#: Bump when what a pack holds changes, so that stale packs are rebuilt.
FORMAT = 1
#: Letters a plain word is made of: lower-case ASCII, the lower-case Latin-1 letters and
#: « œ ».  Each is its own NFC and case-folded form and a word character, so wordfreq's
#: tokeniser keeps a run of them as one token, unchanged.
PLAIN_LETTERS = ("abcdefghijklmnopqrstuvwxyz"
                 + "".join(chr(c) for c in range(0xE0, 0x100) if c != 0xF7) + "œ")
_LANG = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


class Table:
    """One language's list: ``bucket(word)`` (wordfreq's index, minus centibels), and per
    bucket its frequency and the Zipf value of its plain words."""

    def __init__(self, pack: packed.Pack) -> None:
        self.records = pack.records("words")
        meta = pack.meta
        self.frequencies: list[float] = meta["frequencies"]
        self.zipfs: list[float | None] = meta["zipfs"]
        self.zipf_absent: float | None = meta["zipf_absent"]
        self.plain: bool = meta["plain"]

    def bucket(self, word: str) -> int | None:
        record = self.records.lookup(word)
        return None if record is None else int(record[1])


def _wordfreq() -> Any:
    import wordfreq

    return wordfreq


def _version() -> str | None:
    """wordfreq's version: from the name of its ``.dist-info`` directory beside the package
    (``importlib.metadata`` costs a cold process some 50 ms), else from ``importlib.metadata``.
    """
    import importlib.util
    import os

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        site = os.path.dirname(location)
        try:
            names = os.listdir(site)
        except OSError:
            continue
        found = [n[len("wordfreq-"):-len(".dist-info")] for n in names
                 if n.startswith("wordfreq-") and n.endswith(".dist-info")]
        if len(found) == 1:
            return found[0]
    from importlib import metadata

    try:
        return metadata.version("wordfreq")
    except metadata.PackageNotFoundError:
        return None


def is_plain(word: str) -> bool:
    """Whether ``word`` is made of ``PLAIN_LETTERS`` only (and not empty)."""
    return bool(word) and not word.strip(PLAIN_LETTERS)


def _tokenised_alone(lang: str) -> bool:
    """Whether wordfreq's tokeniser, in ``lang``, leaves a plain word as it is (the regular
    expression tokeniser after NFC normalisation and case folding, no transliteration)."""
    from wordfreq.language_info import get_language_info

    info = get_language_info(lang)
    return (info["tokenizer"] == "regex" and info["normal_form"] == "NFC"
            and info["transliteration"] is None and not info["remove_marks"]
            and info["lookup_transliteration"] is None)


def build(lang: str) -> tuple[dict[str, Any], list[tuple[int, Any]]]:
    """The metadata and records of ``lang``'s pack, from wordfreq's own list and functions."""
    wordfreq = _wordfreq()
    from wordfreq.tokens import lossy_tokenize

    buckets: dict[str, int] = {}
    pack = wordfreq.get_frequency_list(lang)
    for index, words in enumerate(pack):
        for word in words:
            buckets[word] = index  # as get_frequency_dict: a later bucket wins
    frequencies = [wordfreq.cB_to_freq(-index) for index in range(len(pack))]
    plain = _tokenised_alone(lang)
    zipfs: list[float | None] = [None] * len(pack)
    if plain:
        for word, index in buckets.items():
            if zipfs[index] is None and is_plain(word) and lossy_tokenize(word, lang) == [word]:
                zipfs[index] = wordfreq.zipf_frequency(word, lang)
    absent = next(w for n in range(6, 40) if (w := "zq" * n) not in buckets)
    zipf_absent = wordfreq.zipf_frequency(absent, lang) if plain else None
    meta = {"frequencies": frequencies, "zipfs": zipfs, "zipf_absent": zipf_absent,
            "plain": plain}
    return meta, packed.str_records((word, [str(index)]) for word, index in buckets.items())


@lru_cache(maxsize=64)
def table(lang: str) -> Table | None:
    """``lang``'s table, from the cache directory (built there the first time); ``None``
    when it can be neither read nor written (wordfreq then answers)."""
    version = _version()
    if version is None or not _LANG.fullmatch(lang):
        return None
    from mtaudit.core.fsio import cache_dir

    path = cache_dir() / "wordfreq" / f"{lang}-{version}-{FORMAT}.pack"
    key = {"wordfreq": version, "lang": lang, "format": FORMAT}
    found = packed.load(path, key)
    if found is None:
        try:
            meta, records = build(lang)
        except LookupError:  # no list for this language: wordfreq says so, as before
            return None
        try:
            packed.write(path, key, meta, {"words": records})
        except (OSError, ValueError):
            return None  # a read-only cache: wordfreq answers, as it did
        found = packed.load(path, key)
        if found is None:
            return None
    return Table(found)


def frequency(word: str, lang: str) -> float:
    """``wordfreq.get_frequency_dict(lang).get(word, 0.0)``."""
    t = table(lang)
    if t is None:
        return float(_wordfreq().get_frequency_dict(lang).get(word, 0.0))
    index = t.bucket(word)
    return 0.0 if index is None else t.frequencies[index]


def plain_tokens(word: str) -> list[str] | None:
    """wordfreq's tokens of ``word`` when they are plain words, in a language whose tokeniser
    leaves plain words whole: the case-folded word cut at its hyphens (« Peut-être » ->
    ``peut``, ``être``); ``None`` for anything else (digits, apostrophes, other scripts,
    combining marks), which only wordfreq itself can tokenise."""
    folded = word.casefold()
    if "-" not in folded:
        return [folded] if is_plain(folded) else None
    tokens = [part for part in folded.split("-") if part]
    return tokens if tokens and all(map(is_plain, tokens)) else None


def _combined_zipf(t: Table, tokens: list[str]) -> float:
    """``wordfreq.zipf_frequency`` of a word of several plain tokens, as wordfreq computes
    it (``_word_frequency``): 1/f = 1/f1 + 1/f2 + …, at least the frequency of Zipf 0, rounded
    to 3 significant digits, then to hundredths of a Zipf unit."""
    import math

    minimum = 10**0 / 1e9  # wordfreq.zipf_to_freq(0), zipf_frequency's default minimum
    one_over = 0.0
    for token in tokens:
        index = t.bucket(token)
        if index is None:
            one_over = 0.0
            break
        one_over += 1.0 / t.frequencies[index]
    unrounded = max(1.0 / one_over, minimum) if one_over else minimum
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    return round(math.log(round(unrounded, leading_zeroes + 3), 10) + 9, 2)


def zipf(word: str, lang: str) -> float:
    """``wordfreq.zipf_frequency(word, lang)``."""
    tokens = plain_tokens(word)
    if tokens is not None:
        t = table(lang)
        if t is not None and t.plain:
            if len(tokens) > 1:
                return _combined_zipf(t, tokens)
            index = t.bucket(tokens[0])
            value = t.zipf_absent if index is None else t.zipfs[index]
            if value is not None:
                return value
    return float(_wordfreq().zipf_frequency(word, lang))
