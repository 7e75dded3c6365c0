"""Back-translation stage: French segments to English (and optionally back to French).

Backends (``--translator``): ``marian`` runs a transformers MarianMT model, ``ctranslate2`` the
same model converted to CTranslate2 (int8 on the CPU), ``none`` turns the stage off.  Models
come from a local directory or the Hugging Face cache, never from the network during a check
(``mtaudit models fetch`` downloads).  Translations are cached on disk (``MTAUDIT_CACHE_DIR``).
The heavy packages (torch, transformers, ctranslate2) are imported only when a model has to be
loaded, which a fully cached re-audit never does.
"""

from __future__ import annotations

from mtaudit.backtranslate.engine import backtranslate_document, forget_loaded_models

__all__ = ["backtranslate_document", "forget_loaded_models"]
