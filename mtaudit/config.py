"""Configuration: defaults, ``[tool.mtaudit]`` in pyproject.toml or ``mtaudit.toml``, flags.

Precedence: command-line flags over the configuration file over these defaults.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from mtaudit.errors import UsageError
from mtaudit.model import Severity
from mtaudit.options import (
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
    uncertain: str = "pass"  # what the MT gate does with an ``uncertain`` verdict
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

    def ignores_for(self, path: str) -> tuple[str, ...]:
        out = list(self.ignore)
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
                out.extend(codes)
        return tuple(out)

    def with_overrides(self, **kwargs: Any) -> Config:
        return replace(self, **{k: v for k, v in kwargs.items() if v is not None})


_KEYS = {f.name for f in fields(Config)} | {"per-file-ignores", "max-mt-score", "fail-on",
                                            "roundtrip-model", "beam-size", "batch-size",
                                            "max-mqm-penalty", "word-list"}


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``mtaudit.toml``, or ``pyproject.toml`` with a ``[tool.mtaudit]`` table."""
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
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
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
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{p}: invalid TOML ({exc})") from None
    table = data.get("tool", {}).get("mtaudit") if p.name == "pyproject.toml" else data
    if table is None:
        if explicit:
            raise UsageError(f"{p}: no [tool.mtaudit] table")
        return Config()
    return _from_table(table, p)


def _from_table(table: dict[str, Any], p: Path) -> Config:
    unknown = set(table) - _KEYS
    if unknown:
        raise UsageError(f"{p}: unknown configuration key(s): {', '.join(sorted(unknown))}")
    norm = {k.replace("-", "_"): v for k, v in table.items()}
    kwargs: dict[str, Any] = {}
    try:
        for key in ("select", "ignore"):
            if key in norm:
                kwargs[key] = tuple(str(c).upper() for c in _as_list(norm[key], key))
        if "per_file_ignores" in norm:
            kwargs["per_file_ignores"] = {
                str(pat): tuple(str(c).upper() for c in _as_list(codes, "per-file-ignores"))
                for pat, codes in dict(norm["per_file_ignores"]).items()
            }
        if "severity" in norm:
            kwargs["severity"] = {str(code).upper(): Severity(str(sev))
                                  for code, sev in dict(norm["severity"]).items()}
        if "fail_on" in norm:
            kwargs["fail_on"] = parse_fail_on(str(norm["fail_on"]))
        for key in ("max_mt_score", "max_mqm_penalty"):
            if key in norm:
                kwargs[key] = float(norm[key])
        for key in ("translator", "model", "roundtrip_model", "lang"):
            if key in norm:
                kwargs[key] = str(norm[key])
        for key in ("beam_size", "batch_size", "threads"):
            if key in norm:
                kwargs[key] = int(norm[key])
        if "uncertain" in norm:
            if norm["uncertain"] not in ("fail", "pass"):
                raise ValueError('uncertain must be "fail" or "pass"')
            kwargs["uncertain"] = str(norm["uncertain"])
        if "roundtrip" in norm:
            kwargs["roundtrip"] = bool(norm["roundtrip"])
        words = list(_as_list(norm.get("words", []), "words"))
        if "word_list" in norm:
            wl = (p.parent / str(norm["word_list"]))
            try:
                words += [w.strip() for w in wl.read_text("utf-8").splitlines()
                          if w.strip() and not w.startswith("#")]
            except OSError:
                raise UsageError(f"{p}: word list {wl} cannot be read") from None
        kwargs["words"] = tuple(words)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{p}: invalid configuration value ({exc})") from None
    if kwargs.get("translator", "marian") not in TRANSLATORS:
        raise UsageError(f"{p}: translator must be one of {', '.join(TRANSLATORS)}")
    return Config(**kwargs)


def _as_list(value: Any, key: str) -> list[Any]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return value
    raise TypeError(f"{key} must be a list or a comma-separated string")


def parse_fail_on(value: str) -> str:
    if value not in FAIL_ON_CHOICES:
        raise UsageError(f"--fail-on must be one of {', '.join(FAIL_ON_CHOICES)}, not {value!r}")
    return value
