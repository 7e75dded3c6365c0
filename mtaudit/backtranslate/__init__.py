"""Back-translation stage: French segments to English (and optionally back to French)."""

from __future__ import annotations

from mtaudit.config import Config
from mtaudit.model import Document
from mtaudit.report import Backtranslation


def backtranslate_document(doc: Document, config: Config) -> Backtranslation:
    """Back-translate every segment of ``doc`` as ``config`` says; never raises on missing models."""
    if config.translator == "none":
        return Backtranslation(status="disabled", reason="--translator none")
    return Backtranslation(status="unavailable", model=config.model,
                           reason="back-translation engine not installed in this build")
