"""Build a tiny Marian translation model on the fly: random weights, a real SentencePiece model.

The layout is the one ``Helsinki-NLP/opus-mt-*`` checkpoints use (``source.spm``,
``target.spm``, ``vocab.json``, ``config.json``, weights), written with ``save_pretrained`` so
the code under test loads it exactly as it loads a real model.  Random weights translate into
garbage, which is fine: the tests check plumbing (every segment translated, caching, backends),
not quality.  The training text below was written for these tests.
"""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

TRAINING_TEXT = """\
Le conseil municipal a voté mardi soir le budget de la ville pour l’année prochaine.
Les habitants du quartier attendent depuis longtemps la rénovation de la piscine.
Selon le maire, les travaux commenceront au printemps et dureront dix-huit mois.
« Nous avons trouvé un accord », a déclaré la présidente de la région devant la presse.
Le gouvernement a présenté mercredi un projet de loi sur la protection des données.
Les syndicats ont appelé à la grève dans les transports publics à partir de lundi.
La température moyenne a augmenté de deux degrés au cours du dernier siècle.
Le président a rencontré son homologue allemand pour discuter de la sécurité européenne.
Les négociations de paix reprendront la semaine prochaine à Genève, selon un diplomate.
L’entreprise a annoncé la suppression de trois cents emplois dans ses usines du nord.
The city council voted on Tuesday evening for next year's municipal budget.
Residents of the neighbourhood have long been waiting for the swimming pool to be renovated.
According to the mayor, the work will begin in the spring and last eighteen months.
"We have reached an agreement," the president of the region told reporters.
The government presented a bill on data protection on Wednesday.
Unions have called for a strike on public transport starting on Monday.
The average temperature has risen by two degrees over the last century.
The president met his German counterpart to discuss European security.
Peace talks will resume next week in Geneva, according to a diplomat.
The company announced it would cut three hundred jobs at its factories in the north.
"""

#: Decoding lengths stored in the model's own generation config, so generation stays short.
MIN_LENGTH = 3
MAX_LENGTH = 12
#: Few positions, so a long segment that were not cut before translation would fail.
MAX_POSITIONS = 128


def train_sentencepiece(vocab_size: int = 400, text: str = TRAINING_TEXT,
                        model_type: str = "unigram") -> bytes:
    """A SentencePiece model trained on ``text``, as the bytes of a ``.spm`` file."""
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(text.splitlines()), model_writer=model,
        vocab_size=vocab_size, hard_vocab_limit=False, character_coverage=1.0,
        model_type=model_type, minloglevel=2,
    )
    return model.getvalue()


def marian_vocab(spm_bytes: bytes, pad_to: int | None = None) -> dict[str, int]:
    """Marian's vocabulary order: ``</s>`` 0, ``<unk>`` 1, the pieces, ``<pad>`` last."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=spm_bytes)
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(sp.get_piece_size()):
        if not (sp.is_control(i) or sp.is_unknown(i)):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    if pad_to is not None:
        # Unused filler entries give the embedding and output layers a real model's width.
        while len(vocab) < pad_to - 1:
            vocab[f"▁filler{len(vocab)}"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    return vocab


def build_marian(directory: Path, *, d_model: int = 16, layers: int = 1, heads: int = 2,
                 ffn_dim: int = 32, vocab_size: int | None = None, spm_vocab: int = 400,
                 min_length: int = MIN_LENGTH, max_length: int = MAX_LENGTH,
                 max_positions: int = MAX_POSITIONS, spm_text: str = TRAINING_TEXT,
                 spm_type: str = "unigram", seed: int = 0) -> Path:
    """Write a random-weight Marian model (opus-mt layout) into ``directory`` and return it."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    directory.mkdir(parents=True, exist_ok=True)
    spm_bytes = train_sentencepiece(spm_vocab, spm_text, spm_type)
    vocab = marian_vocab(spm_bytes, pad_to=vocab_size)
    for name in ("source.spm", "target.spm"):
        (directory / name).write_bytes(spm_bytes)
    (directory / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")
    with warnings.catch_warnings():
        # Marian's tokenizer recommends sacremoses for punctuation; these tests do not need it.
        warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
        tokenizer = MarianTokenizer(source_spm=str(directory / "source.spm"),
                                    target_spm=str(directory / "target.spm"),
                                    vocab=str(directory / "vocab.json"),
                                    source_lang="fr", target_lang="en",
                                    model_max_length=max_positions)
    tokenizer.save_pretrained(directory)

    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab), d_model=d_model, encoder_layers=layers, decoder_layers=layers,
        encoder_attention_heads=heads, decoder_attention_heads=heads,
        encoder_ffn_dim=ffn_dim, decoder_ffn_dim=ffn_dim, max_position_embeddings=max_positions,
        pad_token_id=pad, decoder_start_token_id=pad, eos_token_id=0, forced_eos_token_id=0,
        scale_embedding=True, share_encoder_decoder_embeddings=True,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    model.generation_config = GenerationConfig(
        decoder_start_token_id=pad, pad_token_id=pad, eos_token_id=0, forced_eos_token_id=0,
        bad_words_ids=[[pad]], num_beams=1, min_length=min_length, max_length=max_length,
    )
    model.save_pretrained(directory)
    return directory


if __name__ == "__main__":
    import sys

    print(build_marian(Path(sys.argv[1])))
