"""Configuration: defaults, ``[tool.mtaudit]`` in pyproject.toml or ``mtaudit.toml``, flags.

Precedence: command-line flags over the configuration file over these defaults.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mtaudit.core.document import Severity
from mtaudit.core.errors import UsageError
from mtaudit.core.options import (
    DEFAULT_MODEL,
    DEFAULT_ROUNDTRIP_MODEL,
    FAIL_ON_CHOICES,
    TRANSLATORS,
)


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)  # rule code -> severity
    fail_on: str = "major"
    max_mt_score: float | None = None
    max_mqm_penalty: float | None = None
    translator: str = "marian"
    model: str = DEFAULT_MODEL
    roundtrip: bool = False
    roundtrip_model: str = DEFAULT_ROUNDTRIP_MODEL
    beam_size: int = 1
    batch_size: int = 16
    threads: int = 0
    lang: str | None = None
    words: tuple[str, ...] = ()
    source: str | None = None
    uncertain: str = "pass"  # what the gate does with an "uncertain" MT verdict: fail | pass
    jobs: int | None = None

    def ignores_for(self, path: str) -> tuple[str, ...]:
        out = list(self.ignore)
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
                out.extend(codes)
        return tuple(out)

    def with_overrides(self, **kwargs: Any) -> Config:
        return replace(self, **{k: v for k, v in kwargs.items() if v is not None})


# --- the schema of [tool.mtaudit] ----------------------------------------------------------
#
# ONE table: a TOML key (hyphenated; the underscore spelling is accepted too), the Config field
# it sets, and a checker that turns the TOML value into the field's value or raises _Invalid
# with what was expected.  To add a key: add a Config field and one line to SCHEMA.


class _Invalid(ValueError):
    """A configuration value of the wrong type or out of range (message: what was expected)."""


Check = Callable[[Any], Any]


def _describe(value: Any) -> str:
    kind = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "an array", dict: "a table"}.get(type(value), type(value).__name__)
    shown = repr(value) if not isinstance(value, dict | list) else ""
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"{kind} {shown}".strip()


def _string(choices: tuple[str, ...] | None = None) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise _Invalid(f"expected a string, got {_describe(value)}")
        if choices is not None and value not in choices:
            raise _Invalid(f"expected one of {', '.join(choices)}, got {value!r}")
        return value
    return check


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):  # "no", 0 or "false" must not switch anything on
        raise _Invalid(f"expected true or false, got {_describe(value)}")
    return value


def _integer(low: int, high: int | None = None) -> Check:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid(f"expected an integer, got {_describe(value)}")
        if value < low or (high is not None and value > high):
            bound = f"at least {low}" if high is None else f"between {low} and {high}"
            raise _Invalid(f"expected an integer {bound}, got {value}")
        return value
    return check


def _number(low: float, high: float | None = None) -> Check:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise _Invalid(f"expected a number, got {_describe(value)}")
        if value < low or (high is not None and value > high):
            bound = f"at least {low:g}" if high is None else f"between {low:g} and {high:g}"
            raise _Invalid(f"expected a number {bound}, got {value:g}")
        return float(value)
    return check


def _string_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Invalid(f"expected an array of strings, got {_describe(value)}")
    return tuple(value)


def _rule_codes(*, prefixes: bool) -> Check:
    def check(value: Any) -> tuple[str, ...]:
        codes = tuple(c.strip().upper() for c in _string_list(value))
        bad = unknown_codes(codes, prefixes=prefixes)
        if bad:
            raise _Invalid(unknown_codes_message(bad, prefixes=prefixes))
        return codes
    return check


def _per_file_ignores(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise _Invalid(f"expected a table of glob = [codes], got {_describe(value)}")
    codes = _rule_codes(prefixes=True)
    out = {}
    for pattern, listed in value.items():
        try:
            out[pattern] = codes(listed)
        except _Invalid as exc:
            raise _Invalid(f"{pattern!r}: {exc}") from None
    return out


def _severities(value: Any) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise _Invalid(f"expected a table of CODE = severity, got {_describe(value)}")
    levels = tuple(s.value for s in Severity)
    out = {}
    for code, level in value.items():
        if unknown_codes((code.upper(),), prefixes=False):
            raise _Invalid(unknown_codes_message([code], prefixes=False))
        out[code.upper()] = Severity(_string(levels)(level))
    return out


@dataclass(frozen=True)
class Key:
    """One key of ``[tool.mtaudit]``: the Config field it sets and its checker."""

    field: str | None  # None: handled apart (word-list extends ``words``)
    check: Check


SCHEMA: dict[str, Key] = {
    "select": Key("select", _rule_codes(prefixes=True)),
    "ignore": Key("ignore", _rule_codes(prefixes=True)),
    "per-file-ignores": Key("per_file_ignores", _per_file_ignores),
    "severity": Key("severity", _severities),
    "fail-on": Key("fail_on", _string(FAIL_ON_CHOICES)),
    "max-mt-score": Key("max_mt_score", _number(0.0, 1.0)),
    "max-mqm-penalty": Key("max_mqm_penalty", _number(0.0)),
    "uncertain": Key("uncertain", _string(("fail", "pass"))),
    "translator": Key("translator", _string(TRANSLATORS)),
    "model": Key("model", _string()),
    "roundtrip": Key("roundtrip", _boolean),
    "roundtrip-model": Key("roundtrip_model", _string()),
    "beam-size": Key("beam_size", _integer(1)),
    "batch-size": Key("batch_size", _integer(1)),
    "threads": Key("threads", _integer(0)),
    "jobs": Key("jobs", _integer(1)),
    "lang": Key("lang", _string(("fr",))),
    "words": Key("words", _string_list),
    "word-list": Key(None, _string()),
    "source": Key("source", _string()),
}


def known_codes() -> frozenset[str]:
    """Every rule code (from the shipped rule index, so no rule module is imported)."""
    from mtaudit.core.ruleindex import codes

    return codes()


def unknown_codes(codes: Iterable[str], *, prefixes: bool) -> list[str]:
    """The codes (or code prefixes) that name no rule."""
    known = known_codes()
    return [c for c in codes if not (c.upper() in known or (
        prefixes and any(k.startswith(c.upper()) for k in known)))]


def unknown_codes_message(bad: Sequence[str], *, prefixes: bool) -> str:
    what = "rule code or prefix" if prefixes else "rule code"
    listed = ", ".join(repr(c) for c in bad)
    return (f"unknown {what}{'s' if len(bad) > 1 else ''} {listed} "
            "(`mtaudit rules` lists them)")


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``mtaudit.toml``, or ``pyproject.toml`` with a ``[tool.mtaudit]`` table.

    A ``pyproject.toml`` that cannot be read or parsed stops the search with an error: it may
    well hold the settings meant for this directory, and a parent's must not win by accident.
    """
    import tomllib

    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / "mtaudit.toml").is_file():
            return d / "mtaudit.toml"
        pp = d / "pyproject.toml"
        if pp.is_file():
            try:
                if "mtaudit" in tomllib.loads(pp.read_text("utf-8")).get("tool", {}):
                    return pp
            except OSError as exc:
                raise UsageError(f"{pp}: cannot read ({exc.strerror or exc})") from None
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise UsageError(f"{pp}: invalid TOML ({exc}); fix it, or name a "
                                 "configuration with --config") from None
    return None


def load_config(path: str | Path | None = None) -> Config:
    """Load a configuration file (explicit path, or discovered); defaults when none."""
    import tomllib

    explicit = path is not None
    p = Path(path) if path is not None else find_config()
    if p is None:
        return Config()
    try:
        data = tomllib.loads(p.read_text("utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{p}: configuration file not found") from None
    except IsADirectoryError:
        raise UsageError(f"{p}: is a directory, not a configuration file") from None
    except OSError as exc:
        raise UsageError(f"{p}: cannot read ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{p}: invalid TOML ({exc})") from None
    if p.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("mtaudit") if isinstance(tool, dict) else None
        where = "[tool.mtaudit] "
    else:
        table, where = data, ""
    if table is None:
        if explicit:
            raise UsageError(f"{p}: no [tool.mtaudit] table")
        return Config()
    if not isinstance(table, dict):
        raise UsageError(f"{p}: tool.mtaudit must be a table")
    return _from_table(table, p, where)


def _from_table(table: dict[str, Any], p: Path, where: str = "") -> Config:
    kwargs: dict[str, Any] = {}
    seen: dict[str, str] = {}
    word_list: str | None = None
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        spec = SCHEMA.get(key)
        if spec is None:
            close = difflib.get_close_matches(key, SCHEMA, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise UsageError(f"{p}: {where}unknown configuration key {raw_key!r}{hint}")
        if key in seen:
            raise UsageError(f"{p}: {where}{raw_key!r} given twice (as {seen[key]!r} too)")
        seen[key] = raw_key
        try:
            checked = spec.check(value)
        except _Invalid as exc:
            raise UsageError(f"{p}: {where}{raw_key}: {exc}") from None
        if spec.field is None:
            word_list = checked
        else:
            kwargs[spec.field] = checked
    if word_list is not None:
        wl = p.parent / word_list
        try:
            extra = [w.strip() for w in wl.read_text("utf-8").splitlines()
                     if w.strip() and not w.startswith("#")]
        except (OSError, UnicodeDecodeError):
            raise UsageError(f"{p}: {where}word-list: {wl} cannot be read") from None
        kwargs["words"] = (*kwargs.get("words", ()), *extra)
    return Config(**kwargs)


def parse_fail_on(value: str) -> str:
    if value not in FAIL_ON_CHOICES:
        raise UsageError(f"--fail-on must be one of {', '.join(FAIL_ON_CHOICES)}, not {value!r}")
    return value
