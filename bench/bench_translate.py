"""Back-translation speed: transformers fp32 vs CTranslate2 int8 on the opus-mt-fr-en geometry.

Builds a model with the shape of ``Helsinki-NLP/opus-mt-fr-en`` (d_model 512, 6 encoder and 6
decoder layers, 8 heads, FFN 2048, vocabulary 59,514 → ~75 M parameters) with random weights —
speed does not depend on the values — and a SentencePiece model trained on the test paragraphs.
Its ``generation_config.json`` sets ``min_length == max_length`` so every sentence decodes to
the same length on both backends.  Each backend runs in its own process (so peak memory is its
own) through mtaudit's translator classes, on the seed article's prose segments repeated.

The arithmetic limit: FLOPs per sentence (2 per multiply-add over the encoder on the source
tokens and the decoder plus output projection on every generated token) against a dense fp32
matmul measured in the same run on the same threads.  int8 has no measurable peak here (torch's
CPU int8 matmul is a reference kernel), so the int8 limit printed is the instruction bound: at
most twice the fp32 rate on AVX2 without VNNI.

    .venv/bin/python bench/bench_translate.py [--sentences 128] [--batch-size 16,32,64]
        [--length 48] [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_dbb060e02b12dbea.txt"
GEOMETRY = {"d_model": 512, "layers": 6, "heads": 8, "ffn_dim": 2048, "vocab_size": 59514}


def seed_sentences(count: int) -> list[str]:
    from mtaudit.audit import build_document
    from mtaudit.core.document import PROSE_KINDS
    from mtaudit.ingest.read import read_source

    doc = build_document(read_source(str(SEED)))
    prose = [s.text for s in doc.segments if s.kind in PROSE_KINDS]
    return [prose[i % len(prose)] for i in range(count)]


def build_model(directory: Path, length: int) -> Path:
    """The opus-mt-fr-en geometry; SentencePiece trained on the seed plus the test paragraphs.

    A BPE vocabulary of 1,000 pieces learnt on the benchmark's own sentences cuts them into
    ~1.5 tokens per word, about what opus-mt's 59k-piece model does on news text, so the
    encoder sees realistic lengths; the embedding and output layers get the full 59,514 rows.
    """
    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_marian import TRAINING_TEXT, build_marian

    text = SEED.read_text("utf-8") + "\n" + TRAINING_TEXT
    return build_marian(directory, d_model=GEOMETRY["d_model"], layers=GEOMETRY["layers"],
                        heads=GEOMETRY["heads"], ffn_dim=GEOMETRY["ffn_dim"],
                        vocab_size=GEOMETRY["vocab_size"], spm_vocab=1000, spm_text=text,
                        spm_type="bpe",
                        min_length=length, max_length=length, max_positions=512)


def proc_status_mb(field: str) -> float:
    """A memory figure of this process from /proc (VmHWM is reset by exec, unlike ru_maxrss,
    which a child started by fork+exec inherits from its parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    return proc_status_mb("VmHWM")


def current_rss_mb() -> float:
    return proc_status_mb("VmRSS")


def child(backend: str, model_dir: Path, texts_file: Path, threads: int, batch: int,
          repeats: int) -> None:
    """Load one backend, warm it up, translate, print JSON (runs in its own process).

    Only the translator's own imports happen here (not the audit pipeline's), so the peak
    resident memory is the backend's.
    """
    from mtaudit.backtranslate.models import resolve_model
    from mtaudit.backtranslate.translators import DecodeSettings, load_translator

    texts = json.loads(texts_file.read_text("utf-8"))
    if backend.startswith("transformers"):
        import torch  # noqa: F401  (imported before measuring, as the library itself)
        import transformers  # noqa: F401
    else:
        import ctranslate2  # noqa: F401
    after_imports = current_rss_mb()
    ref = resolve_model(str(model_dir))
    translator = load_translator(ref, DecodeSettings(beam_size=1, batch_size=batch,
                                                     threads=threads))
    translator.translate(texts[:2])
    # Best of several passes: the machine is shared, and others' load only ever slows a pass.
    passes = []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        outputs = translator.translate(texts)
        passes.append((time.perf_counter() - started, time.process_time() - cpu_started))
        assert len(outputs) == len(texts)
    elapsed, cpu = min(passes)
    source_tokens = [translator.count_tokens(t) + 1 for t in texts]
    print(json.dumps({
        "backend": backend, "sentences": len(texts), "seconds": elapsed, "cpu_seconds": cpu,
        "passes": [round(p[0], 2) for p in passes],
        "sentences_per_second": len(texts) / elapsed,
        "source_tokens": sum(source_tokens),
        "peak_rss_mb": peak_rss_mb(), "rss_after_imports_mb": after_imports,
    }))


def measured_matmul_gflops(threads: int) -> float:
    """Best fp32 GEMM rate of this machine on ``threads`` threads (torch, 1024² matrices)."""
    import torch

    torch.set_num_threads(threads)
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    for _ in range(3):
        a @ b
    best = 0.0
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(10):
            a @ b
        best = max(best, 10 * 2 * 1024**3 / (time.perf_counter() - started) / 1e9)
    return best


def flops_per_sentence(source_tokens: float, output_tokens: float) -> float:
    """2 FLOPs per multiply-add in the weight matrices (attention scores are negligible here)."""
    d, f, v = GEOMETRY["d_model"], GEOMETRY["ffn_dim"], GEOMETRY["vocab_size"]
    encoder_layer = 4 * d * d + 2 * d * f          # self-attention + FFN
    decoder_layer = 8 * d * d + 2 * d * f          # self + cross attention + FFN
    per_source = GEOMETRY["layers"] * encoder_layer + GEOMETRY["layers"] * 2 * d * d  # + K/V
    per_output = GEOMETRY["layers"] * (decoder_layer - 2 * d * d) + d * v
    return 2 * (source_tokens * per_source + output_tokens * per_output)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=128,
                        help="at least twice the largest batch, so each CTranslate2 replica "
                             "gets full batches")
    parser.add_argument("--length", type=int, default=48, help="forced output length (tokens)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", default="16,32,64",
                        help="comma-separated batch sizes, each measured on both backends")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes (best is kept)")
    parser.add_argument("--child", nargs=2, metavar=("BACKEND", "DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--texts", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.texts), args.threads,
              int(args.batch_size), args.repeats)
        return 0
    batches = [int(b) for b in args.batch_size.split(",")]
    from mtaudit.backtranslate.translators import quiet_transformers

    with tempfile.TemporaryDirectory(prefix="mtaudit-bench-") as tmp:
        texts_file = Path(tmp) / "sentences.json"
        texts_file.write_text(json.dumps(seed_sentences(args.sentences)), "utf-8")
        started = time.perf_counter()
        with quiet_transformers():
            model_dir = build_model(Path(tmp) / "opus-mt-fr-en-geometry", args.length)
            from transformers import MarianMTModel

            params = MarianMTModel.from_pretrained(str(model_dir)).num_parameters()
        print(f"model: {params / 1e6:.1f} M parameters, built in "
              f"{time.perf_counter() - started:.1f} s", flush=True)

        from mtaudit.backtranslate.models import convert_to_ct2, resolve_model

        started = time.perf_counter()
        ct2_dir = convert_to_ct2(resolve_model(str(model_dir)), "int8",
                                 Path(tmp) / "opus-mt-fr-en-geometry-ct2-int8")
        print(f"CTranslate2 int8 conversion: {time.perf_counter() - started:.1f} s", flush=True)

        peak = measured_matmul_gflops(args.threads)
        print(f"measured fp32 matmul peak on {args.threads} threads: {peak:.1f} GFLOP/s",
              flush=True)

        results: dict[int, dict[str, dict[str, Any]]] = {}
        for batch in batches:
            results[batch] = {}
            for backend, directory in (("transformers fp32", model_dir),
                                       ("ctranslate2 int8", ct2_dir)):
                done = subprocess.run(
                    [sys.executable, __file__, "--child", backend, str(directory),
                     "--texts", str(texts_file), "--threads", str(args.threads),
                     "--batch-size", str(batch), "--repeats", str(args.repeats)],
                    capture_output=True, text=True, check=True)
                results[batch][backend] = json.loads(done.stdout.strip().splitlines()[-1])

    from mtaudit.core.config import Config

    steps = args.length - 1
    print(f"\n{args.sentences} sentences (seed prose segments repeated), greedy, "
          f"{args.threads} threads, {steps} tokens decoded per sentence on both backends "
          f"(transformers' max_length {args.length} counts the decoder start token; mtaudit asks "
          f"CTranslate2 for one step less), best of {args.repeats} passes")
    print(f"{'batch':>5}  {'backend':<20}{'sent/s':>8}{'peak RSS':>11}{'imports':>10}"
          f"{'model+run':>11}{'GFLOP/s':>9}{'of fp32 peak':>14}")
    per_sentence = 0.0
    for batch, by_backend in results.items():
        for name, r in by_backend.items():
            per_sentence = flops_per_sentence(r["source_tokens"] / r["sentences"], steps)
            achieved = per_sentence * r["sentences_per_second"] / 1e9
            print(f"{batch:>5}  {name:<20}{r['sentences_per_second']:>8.2f}"
                  f"{r['peak_rss_mb']:>8.0f} MB{r['rss_after_imports_mb']:>7.0f} MB"
                  f"{r['peak_rss_mb'] - r['rss_after_imports_mb']:>8.0f} MB{achieved:>9.1f}"
                  f"{achieved / peak:>13.0%}   passes {r['passes']} s, "
                  f"CPU {r['cpu_seconds']:.1f} s")
    print(f"\narithmetic limit at the fp32 matmul peak: {peak * 1e9 / per_sentence:.1f} "
          f"sentences/s ({per_sentence / 1e9:.2f} GFLOP per sentence)")
    best_ct = max(r["ctranslate2 int8"]["sentences_per_second"] for r in results.values())
    print(f"int8 limit: without VNNI, AVX2 does int8 multiply-adds with vpmaddubsw+vpmaddwd, at "
          f"most 2x the fp32 FMA rate, so at most {2 * peak:.0f} GOP/s here; CTranslate2's best "
          f"runs at {per_sentence * best_ct / 1e9:.0f} GOP/s, at least "
          f"{per_sentence * best_ct / (2 * peak * 1e9):.0%} of it")
    for batch, by_backend in results.items():
        ratio = (by_backend["ctranslate2 int8"]["sentences_per_second"]
                 / by_backend["transformers fp32"]["sentences_per_second"])
        default = " (mtaudit's default batch size)" if batch == Config().batch_size else ""
        print(f"batch {batch:>3}: CTranslate2 int8 / transformers fp32 = {ratio:.2f}x "
              f"(target >= 3x){default}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
