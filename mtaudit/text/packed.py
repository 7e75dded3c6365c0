"""Compact on-disk tables, mapped from a file and looked up lazily.

Some third-party tables cost a cold process more to decode than all the lookups a check makes
in them: wordfreq's frequency lists (``mtaudit.text.frequency``), spaCy's French lemmatizer
tables (``mtaudit.text.lemma_tables``).  They are decoded once per machine, then written here
as a *pack*: one file with, per table, the sorted 64-bit keys of its records, their offsets
and one UTF-8 blob.  A later process maps the file (``mmap``: nothing is read until looked
up) and finds a record by binary search on its key.

A record is a list of strings (``"\\x00"``-separated in the blob).  Integer-keyed tables hold
keys that are already 64-bit hashes (spaCy's string ids).  String-keyed tables store each key
under ``string_hash`` and keep the key itself as the record's first field: a lookup compares
it, so a hash collision never answers for another key.

File layout: ``MAGIC``, the header length (8 bytes), a JSON header (format, byte order, the
caller's metadata, each table's offsets), then per table the keys (``Q``), the offsets
(``I``, one more than the records) and the blob, each section 8-byte aligned.  A file whose
magic, format, metadata or section sizes do not match is ignored (``load`` returns ``None``)
and the caller rebuilds it; files are written to a temporary name and renamed into place.
"""

from __future__ import annotations

import array
import bisect
import contextlib
import hashlib
import itertools
import json
import mmap
import operator
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

MAGIC = b"MTAUDPK1"
#: Bump when the layout changes.
FORMAT = 1
SEPARATOR = "\x00"
_ALIGN = 8


def string_hash(text: str) -> int:
    """The 64-bit key a string is stored under (BLAKE2b, stable across processes)."""
    digest = _blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


_blake2b = hashlib.blake2b


class Records:
    """One table of a pack: sorted keys, each with a record (a list of strings)."""

    __slots__ = ("_blob_at", "_data", "_keys", "_offsets", "name")

    def __init__(self, name: str, keys: Any, offsets: Any, data: Any, blob_at: int) -> None:
        self.name = name
        self._keys, self._offsets, self._data, self._blob_at = keys, offsets, data, blob_at

    def __len__(self) -> int:
        return len(self._keys)

    def record(self, i: int) -> list[str]:
        at = self._blob_at
        raw = self._data[at + self._offsets[i]:at + self._offsets[i + 1]]
        return bytes(raw).decode("utf-8", "surrogatepass").split(SEPARATOR)

    def first(self, key: int) -> int:
        """The index of the first record stored under ``key``, or -1."""
        keys = self._keys
        i = bisect.bisect_left(keys, key)
        return i if i < len(keys) and keys[i] == key else -1

    def key(self, i: int) -> int:
        return int(self._keys[i])

    def lookup(self, text: str) -> list[str] | None:
        """The record whose first field is ``text`` (stored under ``string_hash(text)``)."""
        h = string_hash(text)
        i = self.first(h)
        if i < 0:
            return None
        keys, n = self._keys, len(self._keys)
        while i < n and keys[i] == h:
            record = self.record(i)
            if record[0] == text:
                return record
            i += 1
        return None

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        for i in range(len(self._keys)):
            yield self._keys[i], self.record(i)


_MISSING: Any = object()


class IntMap(Mapping[int, list[str]]):
    """A read-only mapping from 64-bit integer keys to lists of strings."""

    __slots__ = ("records",)

    def __init__(self, records: Records) -> None:
        self.records = records

    def get(self, key: Any, default: Any = None) -> Any:
        if isinstance(key, int) and not isinstance(key, bool) and 0 <= key < 1 << 64:
            i = self.records.first(key)
            if i >= 0:
                return self.records.record(i)
        return default

    def __getitem__(self, key: int) -> list[str]:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def __iter__(self) -> Iterator[int]:
        return (int(key) for key, _ in self.records)

    def __len__(self) -> int:
        return len(self.records)


class StrMap(Mapping[str, list[str]]):
    """A read-only mapping from strings to lists of strings (the key is the record's first
    field, the value the rest)."""

    __slots__ = ("records",)

    def __init__(self, records: Records) -> None:
        self.records = records

    def get(self, key: Any, default: Any = None) -> Any:
        if isinstance(key, str):
            record = self.records.lookup(key)
            if record is not None:
                return record[1:]
        return default

    def __getitem__(self, key: str) -> list[str]:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.records.lookup(key) is not None

    def __iter__(self) -> Iterator[str]:
        return (record[0] for _, record in self.records)

    def __len__(self) -> int:
        return len(self.records)


class StrSet(StrMap):
    """A read-only set of strings (a ``StrMap`` whose records have no value): ``in``,
    ``len`` and iteration, as a ``frozenset`` answers them."""

    __slots__ = ()


def int_records(items: Iterable[tuple[int, Sequence[str]]]) -> list[tuple[int, Sequence[str]]]:
    """Records of an ``IntMap``."""
    return list(items)


def str_records(items: Iterable[tuple[str, Sequence[str]]]) -> list[tuple[int, Sequence[str]]]:
    """Records of a ``StrMap`` (or, with empty values, a ``StrSet``)."""
    blake, from_bytes = _blake2b, int.from_bytes
    return [(from_bytes(blake(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                        "little"), (key, *value)) for key, value in items]


def _pad(n: int) -> int:
    return -n % _ALIGN


def write(path: Path, key: Mapping[str, Any], meta: Mapping[str, Any],
          tables: Mapping[str, list[tuple[int, Sequence[str]]]]) -> None:
    """Write a pack atomically: ``key`` is what ``load`` checks (versions, formats), ``meta``
    anything JSON the caller wants back.  ``OSError`` if the directory is not writable,
    ``ValueError`` if a record cannot be stored (a string holding ``"\\x00"``, a key out of
    range)."""
    sections: list[bytes] = []
    layout: dict[str, list[int]] = {}
    position = 0
    for name, records in tables.items():
        records = sorted(records, key=operator.itemgetter(0))
        if records and not (records[0][0] >= 0 and records[-1][0] < 1 << 64):
            raise ValueError(f"a key of {name} is out of range")
        join, fields_list = SEPARATOR.join, [fields for _, fields in records]
        pieces = [join(fields).encode("utf-8", "surrogatepass") for fields in fields_list]
        blob = b"".join(pieces)
        if blob.count(b"\x00") != sum(map(len, fields_list)) - sum(map(bool, fields_list)):
            raise ValueError(f"a record of {name} holds {SEPARATOR!r}")
        if len(blob) >= 1 << 32:
            raise ValueError(f"table {name} is too large to pack")
        keys = array.array("Q", [hashed for hashed, _ in records]).tobytes()
        offset_bytes = array.array("I", [0, *itertools.accumulate(map(len, pieces))]).tobytes()
        layout[name] = [len(records), position, len(blob)]
        for part in (keys, offset_bytes, blob):
            sections.append(part + b"\x00" * _pad(len(part)))
            position += len(part) + _pad(len(part))
    header = json.dumps({"format": FORMAT, "byteorder": sys.byteorder, "key": key, "meta": meta,
                         "tables": layout}, ensure_ascii=False).encode("utf-8")
    header += b" " * _pad(len(header))
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC + len(header).to_bytes(8, "little") + header)
            for part in sections:
                out.write(part)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class Pack:
    """A loaded pack: its metadata and tables (``records(name)``)."""

    def __init__(self, meta: dict[str, Any], tables: dict[str, Records]) -> None:
        self.meta = meta
        self.tables = tables

    def records(self, name: str) -> Records:
        return self.tables[name]


def load(path: Path, key: Mapping[str, Any]) -> Pack | None:
    """The pack at ``path`` if it is sound and was written with this ``key``, else ``None``.
    Only the header is read; the tables are mapped."""
    try:
        with open(path, "rb") as f:
            try:
                data: Any = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # no mmap here, or an empty file
                data = f.read()
    except OSError:
        return None
    try:
        view = memoryview(data)
        if bytes(view[:len(MAGIC)]) != MAGIC:
            return None
        size = int.from_bytes(view[len(MAGIC):len(MAGIC) + 8], "little")
        start = len(MAGIC) + 8
        header = json.loads(bytes(view[start:start + size]).decode("utf-8"))
        if (header.get("format") != FORMAT or header.get("byteorder") != sys.byteorder
                or header.get("key") != json.loads(json.dumps(key))):
            return None
        body = start + size
        tables: dict[str, Records] = {}
        for name, (n, position, blob_len) in header["tables"].items():
            at = body + position
            keys_len, offsets_len = 8 * n, 4 * (n + 1)
            keys_end = at + keys_len
            offsets_at = keys_end + _pad(keys_len)
            blob_at = offsets_at + offsets_len + _pad(offsets_len)
            if blob_at + blob_len > len(view):
                return None
            keys = view[at:keys_end].cast("Q")
            offsets = view[offsets_at:offsets_at + offsets_len].cast("I")
            if offsets[0] != 0 or offsets[n] != blob_len:
                return None
            tables[name] = Records(name, keys, offsets, data, blob_at)
        return Pack(header["meta"], tables)
    except (ValueError, TypeError, KeyError, IndexError, UnicodeDecodeError):
        return None
