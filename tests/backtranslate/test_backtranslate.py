"""The back-translation stage through the command line, with a tiny random-weight Marian model.

Random weights translate into garbage; these tests check what the stage promises whatever the
weights: every prose segment gets a translation, a re-audit is served from the cache without
loading a model, a corrupt cache is rebuilt, a missing model or missing packages degrade to
``unavailable`` without touching the network, and CTranslate2 runs a converted model.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tiny_marian import build_marian

from mtaudit.backtranslate import engine
from mtaudit.backtranslate.split import split_long
from mtaudit.backtranslate.translators import MarianTranslator
from mtaudit.cli.main import main
from mtaudit.core.document import PROSE_KINDS, SegmentKind
from tests.helpers import have, needs_mt

ROOT = Path(__file__).resolve().parents[2]
SEED = str(ROOT / "seeds" / "000_dbb060e02b12dbea.txt")
PROSE = {k.value for k in PROSE_KINDS}
#: The stage does not depend on which rules run; one cheap family keeps the tests quick.
CHEAP_RULES = ["--select", "Q"]


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not have("torch", "transformers", "sentencepiece", "ctranslate2"):
        pytest.skip("the mt extra (torch, transformers, ctranslate2) is not installed: "
                    "pip install 'mtaudit[mt]'")
    return build_marian(tmp_path_factory.mktemp("tiny-marian") / "opus-mt-tiny-fr-en")


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(cache))
    engine.forget_loaded_models()
    return cache


def check(tmp_path: Path, *args: str, path: str = SEED) -> tuple[int, dict]:
    out = tmp_path / f"report-{len(list(tmp_path.glob('report-*')))}.json"
    rc = main(["check", path, "--format", "json", "-o", str(out), *CHEAP_RULES, *args])
    return rc, json.loads(out.read_text("utf-8")) if out.exists() else {}


def count_model_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every model load and CTranslate2 conversion from now on (none held in memory)."""
    engine.forget_loaded_models()
    loads: list[str] = []

    def recorded(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            loads.append(name)
            return original(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(engine, "load_translator", recorded("load", engine.load_translator))
    monkeypatch.setattr(engine, "convert_to_ct2", recorded("convert", engine.convert_to_ct2))
    return loads


def assert_every_prose_segment_translated(report: dict) -> None:
    assert report["backtranslation"]["status"] == "ok", report["backtranslation"]
    segments = report["segments"]
    assert sum(s["kind"] in PROSE for s in segments) >= 15
    for s in segments:
        if s["kind"] in PROSE:
            assert isinstance(s["backtranslation"], str) and s["backtranslation"].strip(), s
        else:
            assert s["kind"] == SegmentKind.IMAGE.value and s["backtranslation"] is None


@pytest.mark.parametrize("translator", ["marian", "ctranslate2"])
def test_every_prose_segment_back_translated_then_served_from_cache(
        translator: str, tiny_model: Path, tmp_path: Path, private_cache: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("--translator", translator, "--model", str(tiny_model))
    rc, first = check(tmp_path, *args)
    assert rc in (0, 1)
    assert_every_prose_segment_translated(first)
    if translator == "ctranslate2":
        converted = list((private_cache / "ct2").glob("*/model.bin"))
        assert len(converted) == 1, "the transformers model is converted once, into the cache"

    loads = count_model_loads(monkeypatch)
    rc, second = check(tmp_path, *args)
    assert loads == []
    assert rc in (0, 1)
    assert second["backtranslation"]["status"] == "ok"
    assert [s["backtranslation"] for s in second["segments"]] == \
        [s["backtranslation"] for s in first["segments"]]


def test_cache_is_keyed_by_settings(tiny_model: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    check(tmp_path, "--model", str(tiny_model))
    loads = count_model_loads(monkeypatch)
    check(tmp_path, "--model", str(tiny_model))
    assert loads == []
    check(tmp_path, "--model", str(tiny_model), "--beam-size", "2")
    assert loads == ["load"], "another beam size is another translation"


def test_roundtrip_chrf_for_every_prose_segment(tiny_model: Path, tmp_path: Path) -> None:
    rc, report = check(tmp_path, "--model", str(tiny_model), "--roundtrip",
                       "--roundtrip-model", str(tiny_model))
    assert rc in (0, 1)
    assert report["backtranslation"]["roundtrip_model"] == str(tiny_model)
    for s in report["segments"]:
        if s["kind"] in PROSE:
            assert isinstance(s["roundtrip_chrf"], float) and 0.0 <= s["roundtrip_chrf"] <= 100.0
        else:
            assert s["roundtrip_chrf"] is None


def test_roundtrip_without_its_model_keeps_the_back_translation(
        tiny_model: Path, tmp_path: Path) -> None:
    _, report = check(tmp_path, "--model", str(tiny_model), "--roundtrip",
                      "--roundtrip-model", "example-org/not-downloaded")
    assert_every_prose_segment_translated(report)
    assert all(s["roundtrip_chrf"] is None for s in report["segments"])
    assert "round trip unavailable" in report["backtranslation"]["reason"]


def test_corrupt_cache_is_rebuilt(tiny_model: Path, tmp_path: Path,
                                  private_cache: Path) -> None:
    private_cache.mkdir(parents=True)
    db = private_cache / "translations.sqlite3"
    db.write_bytes(b"SQLite format 3\x00" + os.urandom(3000))
    rc, report = check(tmp_path, "--model", str(tiny_model))
    assert rc in (0, 1)
    assert_every_prose_segment_translated(report)
    assert "rebuilt" in report["backtranslation"]["reason"]
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
    assert stored >= 15


def test_long_segment_is_cut_before_translation(tiny_model: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    clause = "le conseil municipal a voté le budget de la ville pour l’année prochaine"
    sentence = "Selon le maire, " + ", puis ".join([clause] * 30) + "."
    doc = tmp_path / "long.txt"
    doc.write_text(sentence + "\n", "utf-8")
    sent: list[int] = []
    original = MarianTranslator._translate_batch

    def recording(self: MarianTranslator, pieces: list[str], max_length: int) -> list[str]:
        sent.extend(self.count_tokens(p) for p in pieces)
        return original(self, pieces, max_length)

    monkeypatch.setattr(MarianTranslator, "_translate_batch", recording)
    rc, report = check(tmp_path, "--model", str(tiny_model), path=str(doc))
    assert rc in (0, 1)
    assert report["backtranslation"]["status"] == "ok"
    assert [s["kind"] for s in report["segments"]] == ["sentence"]
    assert report["segments"][0]["backtranslation"].strip()
    # The sentence is far beyond the tiny model's 128 positions: it went in several pieces.
    assert len(sent) >= 3 and max(sent) < 128


def test_split_long_keeps_every_character_and_prefers_sentence_ends() -> None:
    text = ("Première phrase courte. Deuxième phrase, avec une virgule; et un point-virgule. "
            "Troisième phrase sans fin " + "mot " * 40)
    words = lambda piece: len(piece.split())  # noqa: E731
    pieces = split_long(text, words, 12)
    assert "".join(pieces) == text
    assert all(words(p) <= 12 for p in pieces)
    # Whole sentences packed together first; only the overlong third one is cut between words.
    assert pieces[0] == ("Première phrase courte. Deuxième phrase, avec une virgule; "
                         "et un point-virgule. ")
    assert len(pieces) == 5 and pieces[1].startswith("Troisième")
    assert split_long("court", words, 12) == ["court"]
    unbroken = "x" * 50
    chars = split_long(unbroken, len, 8)
    assert "".join(chars) == unbroken and max(map(len, chars)) == 8


def test_missing_packages_reported_as_unavailable(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # What a core install (without mtaudit[mt]) looks like to an import.
    monkeypatch.setitem(sys.modules, "transformers", None)
    rc, report = check(tmp_path, "--model", "/nowhere/needed")
    assert rc in (0, 1)
    assert report["backtranslation"]["status"] == "unavailable"
    assert "install mtaudit[mt]" in report["backtranslation"]["reason"]
    assert report["findings"] is not None and report["segments"]


OFFLINE_SCRIPT = """
import json, socket, sys
attempts = []
def refuse(self, address):
    attempts.append(repr(address))
    raise OSError("network disabled by the test")
socket.socket.connect = refuse
from mtaudit.cli.main import main
rc = main(sys.argv[1:])
heavy = sorted(m for m in ("torch", "transformers", "ctranslate2", "sentencepiece")
               if m in sys.modules)
print(json.dumps({"rc": rc, "connects": attempts, "heavy": heavy}))
"""


def run_offline(tmp_path: Path, *args: str) -> dict:
    env = {**os.environ, "HF_HOME": str(tmp_path / "empty-hf-home"),
           "MTAUDIT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("HF_HUB_CACHE", None)
    done = subprocess.run([sys.executable, "-c", OFFLINE_SCRIPT, *args], env=env,
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_default_model_not_cached_degrades_without_network(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run_offline(tmp_path, "check", SEED, "--format", "json", "-o", str(out),
                         *CHEAP_RULES)
    assert result["rc"] in (0, 1)
    assert result["connects"] == []
    # Not even loaded: nothing can wait on a hub or burn seconds importing torch.
    assert result["heavy"] == []
    report = json.loads(out.read_text("utf-8"))
    bt = report["backtranslation"]
    assert bt["status"] == "unavailable"
    assert bt["model"] == "Helsinki-NLP/opus-mt-fr-en"
    assert "mtaudit models fetch Helsinki-NLP/opus-mt-fr-en" in bt["reason"]
    assert all(s["backtranslation"] is None for s in report["segments"])
    assert report["findings"], "the monolingual rules still ran"


def test_models_fetch_without_network_fails_cleanly(tmp_path: Path) -> None:
    result = run_offline(tmp_path, "models", "fetch", "Helsinki-NLP/opus-mt-fr-en")
    assert result["rc"] == 2


def test_bad_model_path_and_settings_are_usage_errors(
        tmp_path: Path, tiny_model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _ = check(tmp_path, "--model", str(tmp_path / "no-such-model"))
    assert rc == 2
    assert "no such directory" in capsys.readouterr().err
    rc, _ = check(tmp_path, "--model", str(tiny_model), "--beam-size", "0")
    assert rc == 2
    assert "--beam-size must be at least 1" in capsys.readouterr().err


def test_models_list_shows_conversion_and_cache(tiny_model: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "convert", str(tiny_model)]) == 0
    capsys.readouterr()
    assert main(["models", "list", "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    conversions = [m for m in info["models"] if m["backend"] == "ctranslate2"]
    assert [m["model"] for m in conversions] == [str(tiny_model)]
    assert conversions[0]["complete"] is True
    assert {d["model"] for d in info["defaults"]} == {"Helsinki-NLP/opus-mt-fr-en",
                                                       "Helsinki-NLP/opus-mt-en-fr"}


def test_progress_bar_only_after_the_delay(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from mtaudit.backtranslate import progress

    terminal = io.StringIO()
    monkeypatch.setattr(progress, "_stream", terminal)
    monkeypatch.setattr(progress, "DELAY_SECONDS", 3600.0)
    with progress.track(4, "back-translating") as advance:
        advance(4)
    assert terminal.getvalue() == "", "a quick translation draws nothing"

    monkeypatch.setattr(progress, "DELAY_SECONDS", 0.0)
    with progress.track(4, "back-translating") as advance:
        advance(4)
    assert "back-translating" in terminal.getvalue() and "4/4" in terminal.getvalue()


@needs_mt
def test_both_backends_decode_the_same_number_of_tokens(tmp_path: Path) -> None:
    """``max_length`` counts the decoder start token in transformers; CTranslate2 is asked for
    one step less, so with a generation config that forces the length both run the same number
    of decoder steps (transformers spends its last one on Marian's forced end token)."""
    from mtaudit.backtranslate.models import convert_to_ct2, resolve_model
    from mtaudit.backtranslate.translators import DecodeSettings, load_translator

    model = build_marian(tmp_path / "forced", min_length=12, max_length=12)
    ref = resolve_model(str(model))
    ct2 = resolve_model(str(convert_to_ct2(ref, "int8", tmp_path / "forced-ct2")))
    texts = ["Le chef du Pentagone a déclaré que la réunion aurait lieu.", "Oui."]
    steps: dict[str, list[int]] = {"marian": [], "ctranslate2": []}

    marian = load_translator(ref, DecodeSettings(threads=1))
    generate = marian.model.generate

    def counted_generate(*args: Any, **kwargs: Any) -> Any:
        out = generate(*args, **kwargs)
        steps["marian"] += [len(row) - 1 for row in out.tolist()]  # minus the start token
        return out

    marian.model.generate = counted_generate
    assert all(marian.translate(texts))

    translator = load_translator(ct2, DecodeSettings(threads=1))
    inner = translator.model

    class Done:
        def __init__(self, result: Any) -> None:
            self._result = result

        def result(self) -> Any:
            return self._result

    class Counting:
        def translate_batch(self, *args: Any, **kwargs: Any) -> list[Done]:
            results = inner.translate_batch(*args, **{**kwargs, "asynchronous": False})
            steps["ctranslate2"] += [len(r.hypotheses[0]) for r in results]
            return [Done(r) for r in results]

    translator.model = Counting()
    assert all(translator.translate(texts))
    assert steps["marian"] == steps["ctranslate2"] == [11, 11]


def test_ctranslate2_gives_every_core_a_batch(tiny_model: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from mtaudit.backtranslate.models import convert_to_ct2, resolve_model
    from mtaudit.backtranslate.translators import (
        CTranslate2Translator,
        DecodeSettings,
        load_translator,
    )

    ct2 = resolve_model(str(convert_to_ct2(resolve_model(str(tiny_model)), "int8",
                                           tmp_path / "tiny-ct2")))
    translator = load_translator(ct2, DecodeSettings(batch_size=16, threads=2))
    assert isinstance(translator, CTranslate2Translator) and translator.workers == 2
    jobs_seen: list[list[int]] = []
    original = CTranslate2Translator._translate_batches

    def recording(self: CTranslate2Translator, jobs: list[tuple[list[str], int]]) -> Any:
        jobs_seen.append([len(pieces) for pieces, _ in jobs])
        return original(self, jobs)

    monkeypatch.setattr(CTranslate2Translator, "_translate_batches", recording)
    texts = [f"Phrase numéro {n} du texte à traduire." for n in range(6)]
    outputs = translator.translate(texts)
    assert len(outputs) == 6 and all(outputs)
    assert jobs_seen == [[3, 3]]  # six sentences, two cores: one batch of three each
    translator.translate(texts * 8)
    assert jobs_seen[-1] == [16, 16, 16]  # the user's batch size caps the batches
