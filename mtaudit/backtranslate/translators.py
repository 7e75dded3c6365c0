"""The two translation backends: transformers MarianMT (fp32) and CTranslate2 (int8 by default).

Both take whole segments, cut the long ones (``split.split_long``), sort the pieces by length
into batches padded only to their longest member, translate, and glue the pieces back in order.
Decoding limits come from the model's own ``generation_config.json`` (``max_length``,
``min_length``), capped relative to the input so a degenerate repetition stops early; the beam
size comes from the user (``--beam-size``; 1 = greedy).

CTranslate2 runs one model replica per core (``inter_threads``), each decoding its own batch on
one thread, and is handed every batch at once: on this project's 2-core reference machine, at
batch size 16, that is 1.5x the sentences per second of one replica splitting each batch over
both cores (26.6 against 17.7 in ``bench/bench_translate.py``), since a greedy decoder step on
one batch is too small to keep two cores busy. A job too small to fill a batch per core is cut
into one batch per core.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtaudit.backtranslate.models import (
    CTRANSLATE2,
    DEFAULT_QUANTIZATION,
    ModelRef,
    ModelUnavailable,
    quiet_transformers,
)
from mtaudit.backtranslate.split import length_batches, split_long

#: Longest piece sent to a model, in SentencePiece tokens: opus-mt models were trained on
#: sentences and degrade (or run out of positions) on paragraphs.
MAX_SOURCE_TOKENS = 200
#: Output cap relative to the input: generous for French→English and English→French.
OUTPUT_TOKENS_PER_INPUT_TOKEN = 2
OUTPUT_TOKENS_SLACK = 16
DEFAULT_MAX_LENGTH = 512

Advance = Callable[[int], None]


@dataclass(frozen=True)
class DecodeSettings:
    beam_size: int = 1
    batch_size: int = 16
    threads: int = 0
    quantization: str = DEFAULT_QUANTIZATION


class Translator:
    """Shared machinery; a backend implements ``_translate_batch`` (or ``_translate_batches``)."""

    backend = ""

    def __init__(self, ref: ModelRef, settings: DecodeSettings) -> None:
        import sentencepiece

        self.ref = ref
        self.settings = settings
        self._source_spm = sentencepiece.SentencePieceProcessor(
            model_file=str(ref.path / "source.spm"))
        self._target_spm = sentencepiece.SentencePieceProcessor(
            model_file=str(ref.path / "target.spm"))
        generation = _read_json(ref.path / "generation_config.json")
        self.min_length = int(generation.get("min_length") or 0)
        self.max_length = int(generation.get("max_length") or DEFAULT_MAX_LENGTH)
        model_max = int(_read_json(ref.path / "tokenizer_config.json")
                        .get("model_max_length") or DEFAULT_MAX_LENGTH)
        # Room for the end-of-sentence token the model appends.
        self.max_source_tokens = max(8, min(MAX_SOURCE_TOKENS, model_max - 2))

    def count_tokens(self, text: str) -> int:
        return len(self._source_spm.encode(text))

    def translate(self, texts: Sequence[str], advance: Advance | None = None) -> list[str]:
        """One translation per text, in order; ``advance(n)`` after each batch of pieces."""
        pieces: list[str] = []
        owners: list[int] = []
        for i, text in enumerate(texts):
            for piece in split_long(text, self.count_tokens, self.max_source_tokens):
                if piece.strip():
                    pieces.append(piece.strip())
                    owners.append(i)
        lengths = [self.count_tokens(p) for p in pieces]
        outputs: list[str] = [""] * len(pieces)
        done_owners: set[int] = set()
        # Enough batches for every worker, never larger than the user's batch size.
        batch_size = max(1, min(self.settings.batch_size, -(-len(pieces) // self.workers)))
        batches = list(length_batches(lengths, batch_size))
        jobs = []
        for batch in batches:
            longest = max(lengths[i] for i in batch) + 1
            cap = min(self.max_length, OUTPUT_TOKENS_PER_INPUT_TOKEN * longest
                      + OUTPUT_TOKENS_SLACK)
            jobs.append(([pieces[i] for i in batch], max(self.min_length, cap)))
        for batch, translated in zip(batches, self._translate_batches(jobs), strict=True):
            for i, out in zip(batch, translated, strict=True):
                outputs[i] = out.strip()
            if advance:
                finished = {owners[i] for i in batch} - done_owners
                done_owners |= finished
                advance(len(finished))
        joined: list[list[str]] = [[] for _ in texts]
        for owner, out in zip(owners, outputs, strict=True):
            if out:
                joined[owner].append(out)
        return [" ".join(parts) for parts in joined]

    #: Batches decoded at the same time.
    workers = 1

    def _translate_batches(self, jobs: list[tuple[list[str], int]]) -> Iterator[list[str]]:
        """The translations of each ``(pieces, max_length)`` job, in order, as each is done.

        ``max_length`` counts the decoder start token, as transformers' ``generate`` does.
        """
        for pieces, max_length in jobs:
            yield self._translate_batch(pieces, max_length)

    def _translate_batch(self, pieces: list[str], max_length: int) -> list[str]:
        raise NotImplementedError


class MarianTranslator(Translator):
    """transformers ``MarianMTModel`` in fp32 on the CPU."""

    backend = "marian"

    def __init__(self, ref: ModelRef, settings: DecodeSettings) -> None:
        super().__init__(ref, settings)
        import torch
        from transformers import MarianMTModel, MarianTokenizer

        if settings.threads > 0:
            torch.set_num_threads(settings.threads)
        self._torch = torch
        with quiet_transformers():
            self.tokenizer = MarianTokenizer.from_pretrained(str(ref.path), local_files_only=True)
            # Any: transformers' stubs type ``generate`` for a mixin mypy cannot match.
            self.model: Any = MarianMTModel.from_pretrained(str(ref.path), local_files_only=True)
        self.model.eval()

    def _translate_batch(self, pieces: list[str], max_length: int) -> list[str]:
        batch = self.tokenizer(pieces, return_tensors="pt", padding="longest", truncation=True,
                               max_length=self.max_source_tokens + 1)
        with self._torch.inference_mode(), quiet_transformers():
            out = self.model.generate(**batch, num_beams=self.settings.beam_size,
                                      do_sample=False, max_length=max_length,
                                      min_length=min(self.min_length, max_length))
        return list(self.tokenizer.batch_decode(out, skip_special_tokens=True))


class CTranslate2Translator(Translator):
    """A CTranslate2 model on the CPU, quantized as converted (int8 by default)."""

    backend = "ctranslate2"

    def __init__(self, ref: ModelRef, settings: DecodeSettings) -> None:
        super().__init__(ref, settings)
        import ctranslate2

        cores = settings.threads or len(os.sched_getaffinity(0))
        # One replica per core (they share the weights), each on one thread: see the module
        # docstring.  CTranslate2's own default is 4 threads whatever the machine.
        self.workers = cores
        options = {"device": "cpu", "inter_threads": self.workers, "intra_threads": 1}
        try:
            self.model = ctranslate2.Translator(str(ref.path), compute_type=settings.quantization,
                                                **options)
        except ValueError:
            # The CPU cannot run that compute type: let CTranslate2 pick what the weights hold.
            self.model = ctranslate2.Translator(str(ref.path), **options)

    def _translate_batches(self, jobs: list[tuple[list[str], int]]) -> Iterator[list[str]]:
        # Every batch is queued at once, so each replica always has one to decode.
        # CTranslate2 counts generated tokens only: one less than ``max_length``.
        pending = [
            self.model.translate_batch(
                [[*self._source_spm.encode(p, out_type=str), "</s>"] for p in pieces],
                asynchronous=True, beam_size=self.settings.beam_size,
                max_batch_size=len(pieces), max_decoding_length=max_length - 1,
                min_decoding_length=max(1, min(self.min_length, max_length) - 1),
                max_input_length=self.max_source_tokens + 1)
            for pieces, max_length in jobs]
        for results in pending:
            yield [self._target_spm.decode(r.result().hypotheses[0]) for r in results]


def load_translator(ref: ModelRef, settings: DecodeSettings) -> Translator:
    """Load a model for translation; a model that will not load is unavailable, not a crash."""
    try:
        if ref.kind == CTRANSLATE2:
            return CTranslate2Translator(ref, settings)
        return MarianTranslator(ref, settings)
    except ModelUnavailable:
        raise
    except Exception as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelUnavailable(f"cannot load model {ref.name} from {ref.path}: {detail}") from exc


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
