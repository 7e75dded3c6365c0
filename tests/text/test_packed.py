"""Packed tables answer as the dictionaries they were written from, and refuse damaged files."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.text import packed

KEY = {"source": "test", "format": 1}


def _write(path: Path, tables: dict[str, list[tuple[int, object]]]) -> packed.Pack:
    packed.write(path, KEY, {"note": "méta"}, tables)  # type: ignore[arg-type]
    pack = packed.load(path, KEY)
    assert pack is not None
    return pack


def test_maps_answer_as_dictionaries(tmp_path: Path) -> None:
    ints = {0: ["zéro"], 7: ["sept", "seven"], (1 << 64) - 1: [""], 12345678901234567: ["x"]}
    strs = {"chevaux": ["cheval"], "yeux": ["œil", "oeil"], "": ["vide"], "vide": [],
            "\ud800": ["surrogate"], "東京": ["Tokyo"]}
    words = ["a", "b", "b", "œuvre"]
    pack = _write(tmp_path / "t.pack", {
        "ints": packed.int_records(ints.items()),
        "strs": packed.str_records(strs.items()),
        "set": packed.str_records((w, ()) for w in dict.fromkeys(words)),
        "empty": []})
    assert pack.meta == {"note": "méta"}
    imap, smap = packed.IntMap(pack.records("ints")), packed.StrMap(pack.records("strs"))
    sset, empty = packed.StrSet(pack.records("set")), packed.StrMap(pack.records("empty"))
    assert dict(imap) == ints and dict(smap) == strs and set(sset) == set(words)
    assert len(imap) == 4 and len(smap) == 6 and len(sset) == 3 and len(empty) == 0
    for key in (1, 8, -1, 1 << 64, True, "7", 7.0, None):
        assert key not in imap and imap.get(key, "d") == "d"  # type: ignore[call-overload]
        with pytest.raises(KeyError):
            imap[key]  # type: ignore[index]
    for key in ("cheval", "Chevaux", "chevaux ", 7, None, "\x00"):
        assert key not in smap and smap.get(key, "d") == "d"  # type: ignore[call-overload]
        assert key not in sset and key not in empty
    assert smap["vide"] == [] and "vide" in smap and "œuvre" in sset


def test_colliding_string_hashes_are_told_apart(tmp_path: Path) -> None:
    """Records stored under one hash: each key still finds its own record only."""
    pack = _write(tmp_path / "c.pack", {"strs": [(5, ["un", "1"]), (5, ["deux", "2"]),
                                                 (9, ["trois", "3"])]})
    records = pack.records("strs")
    assert records.first(5) == 0 and records.first(6) == -1
    found = {r[0] for r in (records.record(0), records.record(1))}
    assert found == {"un", "deux"}
    assert records.lookup("un") is None  # stored under 5, not under string_hash("un")
    by_hash = {tuple(records.record(i)) for i in range(len(records))}
    assert by_hash == {("un", "1"), ("deux", "2"), ("trois", "3")}


def test_records_holding_the_separator_or_bad_keys_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        packed.write(tmp_path / "x.pack", KEY, {}, {"t": [(1, ["a\x00b"])]})
    with pytest.raises(ValueError):
        packed.write(tmp_path / "x.pack", KEY, {}, {"t": [(-1, ["a"])]})
    with pytest.raises(ValueError):
        packed.write(tmp_path / "x.pack", KEY, {}, {"t": [(1 << 64, ["a"])]})
    assert not list(tmp_path.iterdir())  # nothing left behind


def test_damaged_or_foreign_files_are_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "p.pack"
    _write(path, {"strs": packed.str_records({"mot": ["word"]}.items())})
    good = path.read_bytes()
    assert packed.load(path, {**KEY, "format": 2}) is None  # another key
    assert packed.load(tmp_path / "absent.pack", KEY) is None
    for damaged in (b"", good[:20], good[:-9], b"MTAUDPK1" + b"\xff" * 40,
                    good.replace(b'"format"', b'"formal"', 1)):
        path.write_bytes(damaged)
        assert packed.load(path, KEY) is None
    path.write_bytes(good)
    pack = packed.load(path, KEY)
    assert pack is not None and packed.StrMap(pack.records("strs"))["mot"] == ["word"]
