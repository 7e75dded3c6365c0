"""Helpers shared by the tests (fixtures live in ``tests/conftest.py``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

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
