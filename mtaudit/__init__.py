"""mtaudit: a machine-translation quality auditor for French.

Python API (load once, check many)::

    from mtaudit import Auditor, Config

    with Auditor(Config(translator="none")) as auditor:
        report = auditor.check("Le texte à vérifier.")

``Auditor`` and ``Config`` are imported on first use, so ``import mtaudit`` (and
``mtaudit rules``) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mtaudit.core.version import __version__

if TYPE_CHECKING:
    from mtaudit.auditor import Auditor
    from mtaudit.core.config import Config

__all__ = ["Auditor", "Config", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "Auditor":
        from mtaudit.auditor import Auditor

        return Auditor
    if name == "Config":
        from mtaudit.core.config import Config

        return Config
    raise AttributeError(f"module 'mtaudit' has no attribute {name!r}")
