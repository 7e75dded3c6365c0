"""spaCy's French lemmatizer tables, looked up in a mapped file instead of decoded at every load.

The French lemmatizer reads four tables from the model's ``lookups.bin`` (9.6 MB of msgpack):
``lemma_lookup`` (217,000 forms: string id → ``[lemma]``), and per part of speech the
exceptions (``lemma_exc``: 176,000 forms → lemmas), the index of known lemmas
(``lemma_index``: 106,000 words) and the suffix rules (``lemma_rules``).  spaCy rebuilds each
as a ``Table``, an ``OrderedDict`` whose every insertion runs Python code (1.9 s of a 3.9 s
model load); decoding the msgpack alone into plain dictionaries still costs 0.45 s of every
cold start, for the few thousand lookups a check makes.

So the first load decodes the tables as plain dictionaries (``PlainTable``; the index lists
become sets: the lemmatizer only asks ``word in index[pos]``) and writes them as a pack
(``mtaudit.text.packed``) in mtaudit's cache directory, keyed on the SHA-256 of the bytes and
``FORMAT``; later loads map that file and look each word up when the lemmatizer asks.  The
lemmatizer's calls — ``lookups.get_table(name, {})``, ``"lemma_rules" in lookups``,
``index_table.get(pos, {})``, ``word in index``, ``exceptions.get(word, [])``,
``lookup_table.get(word, [word])[0]`` — get the answers spaCy's own tables give.  Tables of
any other shape are kept whole in the pack's header (small ones) or make the load decode the
bytes as before.  ``MTAUDIT_SPACY_TABLES=1`` keeps spaCy's own tables (to compare).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from mtaudit.text import packed

#: Bump when what a pack holds changes, so that stale packs are rebuilt.
FORMAT = 1
#: Smaller tables are decoded at every load (the vocabulary's ``lookups.bin`` is empty).
PACKED_MIN_BYTES = 65_536


def string_id(key: Any) -> Any:
    """spaCy's key for a table entry: a string's hash, an integer as it is."""
    global _get_string_id
    if _get_string_id is None:
        from spacy.strings import get_string_id

        _get_string_id = get_string_id
    return _get_string_id(key)


_get_string_id: Any = None


class PlainTable(dict[Any, Any]):
    """A read-only stand-in for ``spacy.lookups.Table``: string keys are hashed as spaCy
    hashes them (``get_string_id``), integer keys are kept.  Same answers as ``Table``
    (whose Bloom filter only short-cuts misses)."""

    __slots__ = ("name",)

    def __init__(self, name: str, data: Mapping[Any, Any]) -> None:
        super().__init__(data)
        self.name = name

    def __getitem__(self, key: Any) -> Any:
        return dict.__getitem__(self, string_id(key))

    def get(self, key: Any, default: Any = None) -> Any:
        return dict.get(self, string_id(key), default)

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, string_id(key))


class PackedTable(Mapping[Any, list[str]]):
    """``PlainTable``'s answers for a large table of string ids → lists of strings, read from
    a pack when asked."""

    __slots__ = ("map", "name")

    def __init__(self, name: str, records: packed.Records) -> None:
        self.name = name
        self.map = packed.IntMap(records)

    def __getitem__(self, key: Any) -> list[str]:
        return self.map[string_id(key)]

    def get(self, key: Any, default: Any = None) -> Any:
        return self.map.get(string_id(key), default)

    def __contains__(self, key: object) -> bool:
        return string_id(key) in self.map

    def __iter__(self) -> Iterator[int]:
        return iter(self.map)

    def __len__(self) -> int:
        return len(self.map)


class Unsupported(ValueError):
    """A table whose shape the pack does not hold exactly."""


def _strings(lists: Iterable[Any]) -> bool:
    """Whether every item is a list of strings (sets of types: fast on 200,000 items)."""
    lists = list(lists)
    return {type(v) for v in lists} <= {list} and {type(s) for v in lists for s in v} <= {str}


def _json_exact(value: Any) -> bool:
    return repr(json.loads(json.dumps(value))) == repr(value)


def _plan(tables: dict[str, Any]) -> tuple[dict[str, Any],
                                          dict[str, list[tuple[int, Any]]]]:
    """The pack's metadata and records for decoded tables (``Unsupported`` if some cannot be
    held exactly)."""
    specs: dict[str, Any] = {}
    records: dict[str, list[tuple[int, Any]]] = {}
    for name, table in tables.items():
        if not isinstance(table, dict) or not all(isinstance(k, int) for k in table):
            raise Unsupported(name)
        values = list(table.values())
        if name == "lemma_index" and _strings(values):
            specs[name] = {"kind": "sets", "keys": list(table)}
            for key, words in table.items():
                records[f"{name}/{key}"] = packed.str_records(
                    (w, ()) for w in dict.fromkeys(words))
        elif values and {type(v) for v in values} == {dict} and all(
                {type(k) for k in v} <= {str} and _strings(v.values()) for v in values):
            specs[name] = {"kind": "maps", "keys": list(table)}
            for key, inner in table.items():
                records[f"{name}/{key}"] = packed.str_records(inner.items())
        elif len(values) > 1000 and _strings(values) and all(values):
            specs[name] = {"kind": "records"}
            records[name] = list(table.items())
        elif _json_exact(items := [[key, value] for key, value in table.items()]):
            specs[name] = {"kind": "json", "items": items}
        else:
            raise Unsupported(name)
    return {"tables": specs}, records


def _from_pack(pack: packed.Pack) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for name, spec in pack.meta["tables"].items():
        kind = spec["kind"]
        if kind == "records":
            tables[name] = PackedTable(name, pack.records(name))
        elif kind in ("sets", "maps"):
            inner = packed.StrSet if kind == "sets" else packed.StrMap
            tables[name] = PlainTable(name, {key: inner(pack.records(f"{name}/{key}"))
                                             for key in spec["keys"]})
        elif kind == "json":
            tables[name] = PlainTable(name, {key: value for key, value in spec["items"]})
        else:
            raise KeyError(kind)
    return tables


def _plain(tables: dict[str, Any]) -> dict[str, Any]:
    if isinstance(tables.get("lemma_index"), dict):
        # The French lemmatizer only asks ``word in index[pos]``: a set answers what the
        # list did, without scanning thousands of words for every token.
        tables["lemma_index"] = {pos: frozenset(words) if isinstance(words, list) else words
                                 for pos, words in tables["lemma_index"].items()}
    return {key: PlainTable(key, value) for key, value in tables.items()}


def load_tables(data: bytes, cache: Path | None) -> dict[str, Any]:
    """The tables of a ``lookups.bin``: from their pack in ``cache`` when there is one,
    else decoded (and packed there for the next load)."""
    import srsly

    if cache is None or len(data) < PACKED_MIN_BYTES:
        return _plain(srsly.msgpack_loads(data))
    digest = hashlib.sha256(data).hexdigest()
    key = {"sha256": digest, "format": FORMAT}
    path = cache / "spacy" / f"lookups-{digest[:24]}-{FORMAT}.pack"
    found = packed.load(path, key)
    if found is not None:
        with contextlib.suppress(KeyError, ValueError, TypeError):
            return _from_pack(found)
    tables = srsly.msgpack_loads(data)
    with contextlib.suppress(OSError, ValueError):  # read-only cache, or tables not packable
        meta, records = _plan(tables)
        packed.write(path, key, meta, records)
    return _plain(tables)


@contextlib.contextmanager
def plain_lookup_tables(cache: Path | None) -> Iterator[None]:
    """``Lookups.from_bytes`` loads the tables with ``load_tables`` while the model loads."""
    if os.environ.get("MTAUDIT_SPACY_TABLES"):  # spaCy's own tables (to compare)
        yield
        return
    from spacy.lookups import Lookups

    original = Lookups.from_bytes

    def from_bytes(self: Any, bytes_data: bytes, **kwargs: Any) -> Any:
        self._tables = load_tables(bytes_data, cache)
        return self

    Lookups.from_bytes = from_bytes  # type: ignore[method-assign]
    try:
        yield
    finally:
        Lookups.from_bytes = original  # type: ignore[method-assign]
