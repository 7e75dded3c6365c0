"""Word frequencies from packed tables: exactly wordfreq's answers, and wordfreq's when the
cache cannot serve."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from mtaudit.text import frequency, packed
from tests.conftest import DEV_CORPUS

WORD = re.compile(r"\w+(?:['’-]\w+)*")
#: Words off the fast path (capitals, digits, apostrophes, hyphens, other scripts, other
#: normal forms) and plain words at its edges.
ODD_WORDS = ["", " ", "Paris", "HELLO", "Été", "covid-19", "2024", "1er", "x2", "l'été",
             "aujourd'hui", "c’est", "porte-monnaie", "naïve", "œuvre", "cœur", "straße", "ß",
             "ﬁn", "Ａ", "東京", "москва", "ελλάδα", "e\u0301te\u0301", "ǆ", "ŀ", "ı", "İ",
             "don't", "the", "de", "qqqqqqqqqq", "zqzqzqzqzqzq", "a", "ÿ", "æ", "ø", "ñ",
             "hello world", "état-major", "dʼaccord", "-", "'", "3,5", "--", "x-", "-t-",
             "abc--def", "Peut-Être", "ÉTAT-MAJOR", "week-end", "well-known", "Straße",
             "ci-dessous", "reposez-vous", "zqzq-de", "de-zqzq", "A-", "-É", "é-ﬁn", "Œuvre",
             "ÀÉÎÕÜ", "Ÿ", "ẞ", "MAJ-İ", "porte--", "rendez-vous-là"]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh cache directory: the tables are built from wordfreq's data in it."""
    path = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MTAUDIT_CACHE_DIR", str(path))
        frequency.table.cache_clear()
        yield path
    frequency.table.cache_clear()


def _corpus_words() -> list[str]:
    files = sorted(DEV_CORPUS.glob("mt/*.txt")) + sorted(DEV_CORPUS.glob("human/*.txt"))
    if not files:
        pytest.skip(f"development corpus not found at {DEV_CORPUS}")
    words: set[str] = set()
    for f in files:
        found = WORD.findall(f.read_text("utf-8"))
        words.update(found)  # as written: capitals, hyphens, apostrophes
        words.update(w.lower() for w in found)
    return sorted(words)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_answers_are_wordfreqs_for_every_dev_corpus_word(cache: Path, lang: str) -> None:
    import wordfreq

    words = _corpus_words() + ODD_WORDS
    assert len(words) > 5000
    table = frequency.table(lang)
    assert table is not None and table.plain
    assert (cache / "wordfreq").is_dir()
    reference = wordfreq.get_frequency_dict(lang)
    zipf = [(w, frequency.zipf(w, lang)) for w in words]
    assert zipf == [(w, wordfreq.zipf_frequency(w, lang)) for w in words]
    freq = [(w, frequency.frequency(w, lang)) for w in words]
    assert freq == [(w, reference.get(w, 0.0)) for w in words]
    assert sum(f > 0 for _, f in freq) > 3000  # the words were found, not all missing


def test_every_listed_plain_word_gets_wordfreqs_zipf(cache: Path) -> None:
    """Every word of a band of the French list (all Zipf values), as wordfreq answers."""
    import wordfreq

    words = [w for band in wordfreq.get_frequency_list("fr") for w in band[::50]
             if frequency.is_plain(w)]
    assert len(words) > 3000
    assert [frequency.zipf(w, "fr") for w in words] == \
        [wordfreq.zipf_frequency(w, "fr") for w in words]


def test_plain_words_are_answered_from_the_table(cache: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    assert frequency.table("fr") is not None and frequency.table("en") is not None

    def refuse() -> None:
        raise AssertionError("wordfreq was asked")

    monkeypatch.setattr(frequency, "_wordfreq", refuse)
    assert frequency.zipf("bonjour", "fr") > 4 > frequency.zipf("bonjour", "en")
    assert frequency.zipf("zqzqzqzqzqzqzq", "fr") == 0.0
    assert frequency.frequency("de", "fr") > frequency.frequency("bonjour", "fr") > 0
    assert frequency.frequency("Bonjour", "fr") == 0.0  # the dictionary is lower case
    # capitals and hyphens: case-folded and cut as wordfreq's tokeniser does
    assert frequency.zipf("Bonjour", "fr") == frequency.zipf("bonjour", "fr")
    assert 0 < frequency.zipf("ci-dessous", "fr") < frequency.zipf("dessous", "fr")
    assert frequency.zipf("ci-zqzqzqzqzq", "fr") == 0.0
    with pytest.raises(AssertionError, match="wordfreq was asked"):
        frequency.zipf("l'été", "fr")  # an apostrophe: only wordfreq can tokenise it


def test_plain_letters_are_their_own_normal_and_folded_forms() -> None:
    import unicodedata

    for c in frequency.PLAIN_LETTERS:
        assert c.isalpha() and c.islower() and c.casefold() == c
        assert unicodedata.normalize("NFC", c) == c == unicodedata.normalize("NFKC", c)
    assert not frequency.is_plain("") and not frequency.is_plain("l'été")
    assert frequency.is_plain("cœur") and not frequency.is_plain("straße")
    assert frequency.plain_tokens("Peut-Être") == ["peut", "être"]
    assert frequency.plain_tokens("x-") == ["x"] and frequency.plain_tokens("-") is None
    assert frequency.plain_tokens("l'été") is None and frequency.plain_tokens("covid-19") is None


def _pack_path(cache: Path, lang: str) -> Path:
    (path,) = (cache / "wordfreq").glob(f"{lang}-*.pack")
    return path


@pytest.mark.parametrize("damage", ["garbage", "truncated", "stale", "empty"])
def test_a_damaged_or_stale_table_is_rebuilt(cache: Path, damage: str) -> None:
    import wordfreq

    assert frequency.table("en") is not None
    path = _pack_path(cache, "en")
    good = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not a pack at all" * 100)
    elif damage == "truncated":
        path.write_bytes(good[:len(good) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # written by another format: same file name, another key
        meta, records = frequency.build("en")
        packed.write(path, {"wordfreq": "0", "lang": "en", "format": 0}, meta,
                     {"words": records[:10]})
    frequency.table.cache_clear()
    table = frequency.table("en")
    assert table is not None
    assert path.read_bytes() == good  # rebuilt, identical
    assert frequency.zipf("hello", "en") == wordfreq.zipf_frequency("hello", "en")
    assert frequency.frequency("hello", "en") == wordfreq.get_frequency_dict("en")["hello"]


def test_without_a_writable_cache_wordfreq_answers(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import wordfreq

    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(blocker / "cache"))
    frequency.table.cache_clear()
    try:
        assert frequency.table("fr") is None
        for w in ("bonjour", "Bonjour", "l'été", "zqzqzqzqzq", "hello"):
            assert frequency.zipf(w, "fr") == wordfreq.zipf_frequency(w, "fr")
            assert frequency.frequency(w, "fr") == wordfreq.get_frequency_dict("fr").get(w, 0.0)
    finally:
        frequency.table.cache_clear()


def test_a_language_without_a_list_raises_as_wordfreq_does(cache: Path) -> None:
    import wordfreq

    assert frequency.table("xx") is None
    with pytest.raises(LookupError):
        wordfreq.get_frequency_dict("xx")
    with pytest.raises(LookupError):
        frequency.frequency("bonjour", "xx")
