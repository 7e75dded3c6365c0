"""Back-translate a document: cache first, load a model only for what the cache lacks.

Order of work, cheapest first, so that a check on a machine without the model or without the
optional packages learns it in milliseconds: are the packages installed → where is the model on
disk (never the network) → which segments are already in the cache → only then load a model.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from mtaudit.backtranslate import progress
from mtaudit.backtranslate.cache import SCHEMA_VERSION, TranslationCache
from mtaudit.backtranslate.models import (
    CTRANSLATE2,
    DEFAULT_QUANTIZATION,
    ModelRef,
    ModelUnavailable,
    cache_dir,
    convert_to_ct2,
    install_hint,
    missing_packages,
    resolve_model,
)
from mtaudit.backtranslate.translators import (
    MAX_SOURCE_TOKENS,
    DecodeSettings,
    Translator,
    load_translator,
)
from mtaudit.core.config import Config
from mtaudit.core.document import PROSE_KINDS, Document
from mtaudit.core.errors import UsageError
from mtaudit.core.results import Backtranslation

#: Models loaded in this process, so a check of many files loads each model once.
_loaded: dict[tuple[str, str, DecodeSettings], Translator] = {}


def forget_loaded_models() -> None:
    """Drop the models this process holds (tests use it to prove a run loads nothing)."""
    _loaded.clear()


@dataclass
class _Counts:
    cached: int = 0
    translated: int = 0
    notes: list[str] = field(default_factory=list)


def backtranslate_document(doc: Document, config: Config) -> Backtranslation:
    """French → English for every prose segment (images get None), round trip on request."""
    if config.translator == "none":
        return Backtranslation(status="disabled", reason="--translator none")
    settings = _settings(config)
    positions = [i for i, s in enumerate(doc.segments) if s.kind in PROSE_KINDS]
    sources = [doc.segments[i].text for i in positions]
    counts = _Counts()
    cache = TranslationCache(cache_dir())
    try:
        try:
            english = translate_texts(config.model, config.translator, settings, sources,
                                      cache, counts, "back-translating")
        except ModelUnavailable as exc:  # a rebuilt or disabled cache is still worth saying
            return Backtranslation(status="unavailable", model=config.model,
                                   reason="; ".join([str(exc), *cache.notes]))
        translations: list[str | None] = [None] * len(doc.segments)
        for i, text in zip(positions, english, strict=True):
            translations[i] = text
        chrf: tuple[float | None, ...] | None = None
        if config.roundtrip:
            try:
                chrf = _roundtrip_chrf(config, settings, doc, positions, english, cache, counts)
            except ModelUnavailable as exc:
                counts.notes.append(f"round trip unavailable: {exc}")
        counts.notes.extend(cache.notes)
        return Backtranslation(
            status="ok", model=config.model, reason="; ".join(counts.notes) or None,
            translations=tuple(translations), roundtrip_chrf=chrf,
            roundtrip_model=config.roundtrip_model if chrf is not None else None,
            cached=counts.cached, translated=counts.translated)
    finally:
        cache.close()


def _settings(config: Config) -> DecodeSettings:
    if config.beam_size < 1:
        raise UsageError(f"--beam-size must be at least 1, not {config.beam_size}")
    if config.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, not {config.batch_size}")
    if config.threads < 0:
        raise UsageError(f"--threads must be 0 (automatic) or more, not {config.threads}")
    return DecodeSettings(beam_size=config.beam_size, batch_size=config.batch_size,
                          threads=config.threads)


def translate_texts(model: str, backend: str, settings: DecodeSettings, sources: Sequence[str],
                    cache: TranslationCache, counts: _Counts, description: str) -> list[str]:
    """Translations of ``sources`` by ``model``: from the cache, else from the loaded model."""
    missing = missing_packages(backend)
    if missing:
        raise ModelUnavailable(install_hint(missing))
    ref = resolve_model(model)
    if backend == "marian" and ref.kind == CTRANSLATE2:
        raise UsageError(f"--model {model} is a CTranslate2 model; use --translator ctranslate2")
    key = _settings_key(ref, backend, settings)
    known = cache.get(key, sources)
    todo = [s for s in dict.fromkeys(sources) if s not in known]
    counts.cached += sum(1 for s in sources if s in known)
    if todo:
        with progress.track(len(todo), description) as advance:
            translator = _translator(ref, backend, settings)
            advance(0)
            fresh = translator.translate(todo, advance)
        cache.put(key, list(zip(todo, fresh, strict=True)))
        known.update(zip(todo, fresh, strict=True))
        counts.translated += len(todo)
    return [known[s] for s in sources]


def _settings_key(ref: ModelRef, backend: str, settings: DecodeSettings) -> str:
    """Everything that changes a translation (not batch size or threads, which do not)."""
    described = {
        "schema": SCHEMA_VERSION,
        "backend": backend,
        "model": ref.identity,
        "weights": "fp32" if backend == "marian" else
        (settings.quantization if ref.kind != CTRANSLATE2 else "as converted"),
        "beam_size": settings.beam_size,
        "max_source_tokens": MAX_SOURCE_TOKENS,
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()


def _translator(ref: ModelRef, backend: str, settings: DecodeSettings) -> Translator:
    memo = (backend, ref.identity, settings)
    if memo not in _loaded:
        if backend == CTRANSLATE2 and ref.kind != CTRANSLATE2:
            if missing_packages("marian"):
                raise ModelUnavailable(
                    f"{ref.name} is a transformers model and converting it to CTranslate2 "
                    f"needs {install_hint(missing_packages('marian'))}")
            converted = convert_to_ct2(ref, settings.quantization or DEFAULT_QUANTIZATION)
            ref = ModelRef(name=ref.name, path=converted, kind=CTRANSLATE2,
                           identity=ref.identity)
        _loaded[memo] = load_translator(ref, settings)
    return _loaded[memo]


def _roundtrip_chrf(config: Config, settings: DecodeSettings, doc: Document,
                    positions: list[int], english: list[str], cache: TranslationCache,
                    counts: _Counts) -> tuple[float | None, ...]:
    """chrF of French → English → French against the original French, per segment."""
    from sacrebleu.metrics import CHRF

    usable = [k for k, text in enumerate(english) if text.strip()]
    french = translate_texts(config.roundtrip_model, config.translator, settings,
                             [english[k] for k in usable], cache, counts, "round trip")
    metric = CHRF()
    scores: list[float | None] = [None] * len(doc.segments)
    for k, back in zip(usable, french, strict=True):
        original = doc.segments[positions[k]].text
        scores[positions[k]] = round(metric.sentence_score(back, [original]).score, 2)
    return tuple(scores)
