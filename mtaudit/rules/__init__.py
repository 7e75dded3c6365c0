"""All rules, registered on import; one module per family (or per part of a large family),
discovered with ``pkgutil``; the family letter → category table is ``FAMILIES``."""

from __future__ import annotations

import importlib
import pkgutil

from mtaudit.core.document import FAMILIES
from mtaudit.rules.base import REGISTRY, Example, Hit, Rule, rule

#: Modules of this package that hold no rule (the machinery, shared policies, the index builder).
SUPPORT_MODULES = frozenset({"authorities", "base", "housestyle", "index"})


def family_modules() -> list[str]:
    """Every rule module of this package, found on disk: a new family module is picked up
    without being listed anywhere.  Modules whose rules need spaCy import without it (spaCy
    is loaded lazily by ``mtaudit.text.nlp``), so ``mtaudit rules`` always lists them."""
    return sorted(f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__)
                  if m.name not in SUPPORT_MODULES)


_loaded = False


def all_rules() -> dict[str, Rule]:
    """Every registered rule, by code (sorted)."""
    global _loaded
    if not _loaded:
        for name in family_modules():
            importlib.import_module(name)
        _loaded = True
    return dict(sorted(REGISTRY.items()))


def select_rules(select: list[str] | None = None, ignore: list[str] | None = None) -> list[Rule]:
    """Rules whose code starts with one of ``select`` (default: all) and none of ``ignore``."""
    rules = all_rules()
    chosen = []
    for code, r in rules.items():
        if select and not any(code.startswith(p.upper()) for p in select):
            continue
        if not r.default_enabled and not select:
            continue  # opt-in rules need an explicit --select
        if ignore and any(code.startswith(p.upper()) for p in ignore):
            continue
        chosen.append(r)
    return chosen


__all__ = ["FAMILIES", "REGISTRY", "Example", "Hit", "Rule", "all_rules", "rule", "select_rules"]
