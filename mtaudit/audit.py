"""The pipeline's stages under their historical import path (``mtaudit.stages``) and ``audit``.

The pipeline is chained in one place, ``mtaudit.auditor.Auditor``; ``audit(source, config)``
is a one-document ``Auditor.check`` for existing callers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mtaudit.score.gate import gate
from mtaudit.stages import (
    MIN_LETTERS_FOR_LANGUAGE_CHECK,
    NotFrench,
    build_document,
    check_language,
    rules_for,
    run_rules,
    unavailable_rules,
)

if TYPE_CHECKING:
    from mtaudit.core.config import Config
    from mtaudit.core.results import Report
    from mtaudit.ingest.read import Source


def audit(source: Source, config: Config) -> Report:
    """Run the whole pipeline on one decoded source (``Auditor.check``, which chains it).

    Kept for callers of one document; a caller with many builds one ``Auditor``.
    """
    from mtaudit.auditor import Auditor

    return Auditor(config, warm_up=False).check(source)


__all__ = ["MIN_LETTERS_FOR_LANGUAGE_CHECK", "NotFrench", "audit", "build_document",
           "check_language", "gate", "rules_for", "run_rules", "unavailable_rules"]
