"""Fuzzing: arbitrary bytes, file names, configuration values and command lines.

Whatever the input, mtaudit answers with an exit code of the contract (0 pass, 1 gate failed,
2 usage/input/config error), never a traceback and never 3 (a bug).  Two hypothesis profiles:
``ci`` (the default, well under a minute in all) and ``nightly`` (many more examples):

    MTAUDIT_FUZZ_PROFILE=nightly .venv/bin/python -m pytest -q tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtaudit.audit import build_document, run_rules
from mtaudit.cli.main import main
from mtaudit.core.config import SCHEMA, Config, load_config
from mtaudit.core.errors import UsageError
from mtaudit.ingest.read import source_from_bytes
from mtaudit.ingest.segment import segment
from mtaudit.rules import all_rules
from mtaudit.text import nlp

settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.function_scoped_fixture])
settings.register_profile("nightly", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.function_scoped_fixture])
PROFILE = settings.get_profile(os.environ.get("MTAUDIT_FUZZ_PROFILE", "ci"))
#: Rules that need neither spaCy nor a source text: the fuzzers exercise every stage but NLP.
CORE = [r for c, r in all_rules().items() if c[0] in "QPTCEWL" and not r.requires]
CORE_CODES = ",".join(sorted({r.code[0] for r in CORE}))
FRENCH = ("Le ministre a déclaré : « non », puis il est parti? M. Dupont, p. ex., a dit 1,600 "
          "euros…\n")


@pytest.fixture(autouse=True)
def _offline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No spaCy worker, no model, a private translation cache: each example is cheap."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(nlp, "available", lambda: False)
        home = tmp_path_factory.mktemp("fuzz-home")
        mp.setenv("HF_HOME", str(home / "hf"))
        mp.delenv("HF_HUB_CACHE", raising=False)
        mp.setenv("MTAUDIT_CACHE_DIR", str(home / "cache"))
        mp.delenv("MTAUDIT_DEBUG", raising=False)
        yield


def quiet_main(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def assert_contract(code: int, err: str) -> None:
    assert code in (0, 1, 2), err
    assert "Traceback" not in err and "internal error" not in err, err


# --- bytes ---------------------------------------------------------------------------------------

_CHUNKS = st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\r\n", b"\r", b"\n",
                           b"\x00", b"\x1b]0;x\x07", b"<pre>", b"</pre>", b"<code>", b"```",
                           b"~~~", b"    ", b"`", b"&amp;", b"\xe9", b"\xc3\xa9", b"\xc3",
                           FRENCH.encode(), FRENCH.encode("utf-16-le"), b". ", b"M. "])
_BYTES = st.one_of(st.binary(max_size=600),
                   st.lists(st.one_of(_CHUNKS, st.binary(max_size=8)), max_size=40)
                   .map(b"".join))


@PROFILE
@given(_BYTES, st.sampled_from(["a.txt", "a.md", "a.html"]))
def test_any_bytes_decode_mask_segment_and_audit(data: bytes, name: str) -> None:
    try:
        source = source_from_bytes(data, name)
    except UsageError as exc:
        assert "\n" not in str(exc)
        return
    assert len(source.prose) == len(source.text)
    config = Config(translator="none")
    doc = build_document(source, config)
    for s in doc.segments:
        assert 0 <= s.start < s.end <= len(source.text)
    for f in run_rules(doc, CORE, config):
        assert 0 <= f.start <= f.end <= len(source.text)
        assert f.line >= 1 and f.column >= 1


@PROFILE
@given(st.text(alphabet=st.sampled_from(list(".?!… «»\"'’Mmp.ex-aAÉé\n\r\t\u00a0\u202fJ")),
               min_size=1, max_size=3000))
def test_any_text_segments_into_exact_spans(text: str) -> None:
    last = 0
    for s in segment(text):
        assert last <= s.start < s.end <= len(text)
        last = s.end


# --- file names ----------------------------------------------------------------------------------

_NAME = st.binary(min_size=1, max_size=40).filter(
    lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b".."))


@PROFILE
@given(st.lists(_NAME, min_size=1, max_size=4, unique=True),
       st.sampled_from([".txt", ".md", ".html", ""]),
       st.sampled_from(["json", "jsonl", "sarif", "rich"]))
def test_any_file_names(names: list[bytes], suffix: str, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = os.fsencode(tmp)
        for n in names:
            # (a name too long for this filesystem is left out)
            with contextlib.suppress(OSError), \
                    open(os.path.join(root, n + suffix.encode()), "wb") as fh:
                fh.write(FRENCH.encode())
        out = os.path.join(tmp, "out", "report")
        code, _, err = quiet_main(["check", tmp, "--translator", "none", "--select",
                                   CORE_CODES, "--format", fmt, "-o", out])
        assert_contract(code, err)
        if code in (0, 1):
            text = Path(out).read_text("utf-8")  # every name made it into a UTF-8 report
            if fmt == "json":
                json.loads(text)
        else:
            assert not Path(out).exists() or Path(out).stat().st_size > 0


# --- configuration values ------------------------------------------------------------------------

_TOML_VALUE = st.recursive(
    st.one_of(st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=False,
                                                               allow_infinity=False),
              st.sampled_from(["Q", "Q001", "ZZZ9", "major", "never", "fail", "pass", "fr",
                               "marian", "no", "true", "", "Q,P", "p0"]),
              st.text(max_size=8)),
    lambda inner: st.lists(inner, max_size=3), max_leaves=6)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    assert isinstance(value, list)
    return "[" + ", ".join(_toml(v) for v in value) + "]"


@PROFILE
@given(st.dictionaries(st.sampled_from([*SCHEMA, "colour", "fail_on", "per_file_ignores"]),
                       _TOML_VALUE, max_size=4))
def test_any_configuration_values(table: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Path(tmp) / "mtaudit.toml"
        cfg.write_text("".join(f"{k} = {_toml(v)}\n" for k, v in table.items()),
                       encoding="utf-8")
        try:
            config = load_config(cfg)
        except UsageError as exc:
            message = str(exc)
            assert message.startswith(f"{cfg}: ") and "\n" not in message
            assert any(k in message for k in table) or "TOML" in message
            return
        assert isinstance(config.roundtrip, bool)
        assert config.max_mt_score is None or 0 <= config.max_mt_score <= 1
        assert config.jobs is None or config.jobs >= 1
        assert config.uncertain in ("fail", "pass")


# --- command lines -------------------------------------------------------------------------------

_ARGS = st.sampled_from([
    "check", "fix", "rules", "align", "eval", "--format", "json", "jsonl", "sarif", "rich",
    "html", "text", "-o", "-", "--select", "--ignore", "Q", "ZZZ9", "Q001,P", "--fail-on",
    "never", "minor", "sometimes", "--max-mt-score", "0.5", "7", "nan", "--max-mqm-penalty",
    "--config", "--lang", "fr", "en", "--translator", "none", "--model", "--write", "--diff",
    "--beam-size", "0", "--batch-size", "-1", "--threads", "--follow-symlinks", "--source",
    "--version", "--help", "-h", "--", "@FILE", "@DIR", "@OUT", "@MISSING", "@BINARY",
    "@CONFIG", "\x1b[2J", "é", "",
])


@PROFILE
@given(st.lists(_ARGS, min_size=1, max_size=8))
def test_any_command_line(args: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / "dir").mkdir()
        (base / "a.txt").write_text(FRENCH, encoding="utf-8")
        (base / "dir" / "b.md").write_text(FRENCH, encoding="utf-8")
        (base / "bin.txt").write_bytes(b"\x00\x01" * 50)
        (base / "c.toml").write_text('fail-on = "minor"\n', encoding="utf-8")
        where = {"@FILE": base / "a.txt", "@DIR": base / "dir", "@OUT": base / "out" / "r",
                 "@MISSING": base / "nope.txt", "@BINARY": base / "bin.txt",
                 "@CONFIG": base / "c.toml"}
        argv = [str(where.get(a, a)) for a in args]
        if argv[0] in ("check", "fix", "align"):  # keep each example cheap and offline
            argv += ["--select", CORE_CODES] if argv[0] != "align" else []
            if argv[0] == "check":
                argv += ["--translator", "none"]
        cwd = os.getcwd()
        os.chdir(tmp)  # "-o -" must never create a file; html reports land in tmp
        try:
            try:
                code, _, err = quiet_main(argv)
            except SystemExit as exc:  # --help and --version exit through argparse
                assert exc.code in (0, None)
                return
        finally:
            os.chdir(cwd)
        assert_contract(code, err)
        assert (base / "a.txt").read_text("utf-8") == FRENCH or "--write" in argv
        assert not (base / "-").exists()
