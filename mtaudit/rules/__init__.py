"""All rules, registered on import; one module per family."""

from __future__ import annotations

import importlib

from mtaudit.rules.base import REGISTRY, Example, Hit, Rule, rule

FAMILY_MODULES = (
    "mtaudit.rules.quotes",
    "mtaudit.rules.punctuation",
    "mtaudit.rules.typography",
    "mtaudit.rules.capitalization",
    "mtaudit.rules.encoding",
    "mtaudit.rules.adequacy",
)
#: Families whose rules need the ``nlp`` extra (spaCy) to *run*; their modules import without
#: it (spaCy is loaded lazily by ``mtaudit.text.nlp``), so ``mtaudit rules`` always lists them.
OPTIONAL_FAMILY_MODULES: tuple[str, ...] = (
    "mtaudit.rules.grammar",
    "mtaudit.rules.phrasing",
    "mtaudit.rules.lexical",
    "mtaudit.rules.untranslated",
    "mtaudit.rules.syntax",
)

_loaded = False


def all_rules() -> dict[str, Rule]:
    """Every registered rule, by code (sorted)."""
    global _loaded
    if not _loaded:
        for name in FAMILY_MODULES + OPTIONAL_FAMILY_MODULES:
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


__all__ = ["REGISTRY", "Example", "Hit", "Rule", "all_rules", "rule", "select_rules"]
