"""``mtaudit models``: what is on this machine, fetching (with a network), conversion."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from mtaudit.backtranslate.cache import TranslationCache
from mtaudit.backtranslate.models import (
    ModelUnavailable,
    cache_dir,
    convert_to_ct2,
    fetch_model,
    hf_hub_cache,
    hub_snapshot,
    install_hint,
    local_models,
    missing_packages,
    resolve_model,
)
from mtaudit.core.config import DEFAULT_MODEL, DEFAULT_ROUNDTRIP_MODEL
from mtaudit.core.errors import UsageError


def run_models_command(args: argparse.Namespace) -> int:
    action = getattr(args, "models_command", None) or "list"
    if action == "fetch":
        return _fetch(args.models or [DEFAULT_MODEL, DEFAULT_ROUNDTRIP_MODEL])
    if action == "convert":
        return _convert(args.model, args.quantization, args.output)
    return _list(getattr(args, "format", "rich"))


def models_overview() -> dict[str, Any]:
    """The defaults and where they stand, every local model, and the translation cache."""
    cache = TranslationCache(cache_dir())
    try:
        stats = cache.stats()
    finally:
        cache.close()
    defaults = []
    for name in (DEFAULT_MODEL, DEFAULT_ROUNDTRIP_MODEL):
        snapshot = hub_snapshot(name)
        defaults.append({"model": name, "available": snapshot is not None,
                         "path": str(snapshot) if snapshot else None})
    return {
        "defaults": defaults,
        "models": local_models(),
        "hf_cache": str(hf_hub_cache()),
        "cache": {"path": str(cache.path), **stats},
        "packages_missing": sorted(set(missing_packages("marian"))
                                   | set(missing_packages("ctranslate2"))),
    }


def _list(fmt: str) -> int:
    info = models_overview()
    if fmt == "json":
        print(json.dumps(info, indent=2, ensure_ascii=False))
        return 0
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    table = Table(box=None, pad_edge=False)
    for col in ("model", "backend", "status", "path"):
        table.add_column(col, no_wrap=col != "path")
    listed = set()
    for m in info["models"]:
        listed.add((m["model"], m["backend"]))
        table.add_row(m["model"], m["backend"] + (f" {m['quantization']}"
                                                  if m.get("quantization") else ""),
                      "ready" if m["complete"] else "incomplete", m["path"])
    for d in info["defaults"]:
        if (d["model"], "transformers") not in listed:
            table.add_row(d["model"], "transformers", "not downloaded",
                          f"mtaudit models fetch {d['model']}")
    console.print(table)
    console.print(f"Hugging Face cache: {info['hf_cache']}")
    cache = info["cache"]
    console.print(f"Translation cache: {cache['path']} ({cache['entries']} entries, "
                  f"{cache['bytes'] / 1e6:.1f} MB)")
    if info["packages_missing"]:
        console.print(install_hint(info["packages_missing"]))
    return 0


def _fetch(names: list[str]) -> int:
    for name in names:
        print(f"mtaudit: fetching {name} …", file=sys.stderr)
        path = fetch_model(name)
        print(f"{name}: {path}")
    return 0


def _convert(name: str, quantization: str, output: str | None) -> int:
    missing = missing_packages("ctranslate2") + missing_packages("marian")
    if missing:
        raise UsageError(install_hint(sorted(set(missing))))
    try:
        ref = resolve_model(name)
        if ref.kind == "ctranslate2":
            raise UsageError(f"{name} is already a CTranslate2 model")
        path = convert_to_ct2(ref, quantization, Path(output) if output else None)
    except ModelUnavailable as exc:
        raise UsageError(str(exc)) from None
    print(f"{name}: {path}")
    return 0
