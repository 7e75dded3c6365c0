"""Where translation models come from: local directories, the Hugging Face cache, conversions.

Nothing here touches the network except :func:`fetch_model`, which only ``mtaudit models
fetch`` calls.  A check resolves a hub id by reading the Hugging Face cache on disk (the layout
``models--ORG--NAME/refs/main`` → ``snapshots/COMMIT/``), so a machine without a network and
without the weights learns that at once instead of waiting on retries.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import re
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtaudit.core.errors import UsageError
from mtaudit.core.fsio import cache_dir

TRANSFORMERS = "transformers"
CTRANSLATE2 = "ctranslate2"

#: Files of a transformers Marian checkpoint that a translation needs (``models fetch``).
MARIAN_FILES = ("config.json", "generation_config.json", "source.spm", "target.spm",
                "vocab.json", "tokenizer_config.json", "model.safetensors", "pytorch_model.bin")
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
#: Files copied next to a CTranslate2 conversion: the tokenizer and the decoding defaults.
CT2_SIDECAR_FILES = ("source.spm", "target.spm", "tokenizer_config.json",
                     "generation_config.json")
DEFAULT_QUANTIZATION = "int8"
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")


class ModelUnavailable(Exception):
    """The model cannot be had on this machine; the message tells the user what to do."""


@dataclass(frozen=True)
class ModelRef:
    """A model found on disk: what the user named, where it is, and a fingerprint of it."""

    name: str
    path: Path
    kind: str  # TRANSFORMERS or CTRANSLATE2
    identity: str  # changes whenever the files that decide the output change


def hf_hub_cache() -> Path:
    """The Hugging Face hub cache, read from the environment now (not at import time)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "huggingface" / "hub"


def missing_packages(backend: str) -> list[str]:
    """The optional packages a backend needs that are not installed (``mtaudit[mt]``)."""
    needed = ["transformers", "torch", "sentencepiece"] if backend == "marian" \
        else ["ctranslate2", "sentencepiece"]
    return [name for name in needed if not _installed(name)]


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ValueError:  # in sys.modules as None: an import of it would fail
        return False


def install_hint(missing: list[str]) -> str:
    return (f"the optional back-translation packages are not installed ({', '.join(missing)}): "
            "install mtaudit[mt] (pip install 'mtaudit[mt]'), or use --translator none")


def is_hub_id(name: str) -> bool:
    return bool(_HUB_ID.match(name)) and not name.startswith(".")


def resolve_model(name: str) -> ModelRef:
    """Find ``name`` (a directory, or a hub id in the Hugging Face cache) without any network.

    Raises ``UsageError`` for a path that does not hold a model (the user's mistake) and
    ``ModelUnavailable`` for a hub model that is not on this machine (the check goes on).
    """
    path = Path(name).expanduser()
    if path.exists():
        return _local_ref(name, path)
    if not is_hub_id(name):
        raise UsageError(f"--model {name}: no such directory")
    snapshot = hub_snapshot(name)
    if snapshot is None:
        raise ModelUnavailable(
            f"model {name} is not in the local Hugging Face cache ({hf_hub_cache()}) and a "
            f"check never downloads; on a machine with a network run `mtaudit models fetch "
            f"{name}`, or pass --model DIR with a local copy (or --translator none)")
    if not any((snapshot / w).exists() for w in WEIGHT_FILES) or \
            not (snapshot / "source.spm").exists():
        raise ModelUnavailable(
            f"model {name} is only partly in the Hugging Face cache ({snapshot}); run "
            f"`mtaudit models fetch {name}` on a machine with a network")
    return ModelRef(name=name, path=snapshot, kind=TRANSFORMERS,
                    identity=f"hub:{name}@{snapshot.name}")


def _local_ref(name: str, path: Path) -> ModelRef:
    if not path.is_dir():
        raise UsageError(f"--model {name}: not a directory")
    if (path / "model.bin").is_file():
        kind = CTRANSLATE2
    elif (path / "config.json").is_file():
        kind = TRANSFORMERS
    else:
        raise UsageError(f"--model {name}: {path} holds neither a transformers model "
                         "(config.json) nor a CTranslate2 model (model.bin)")
    return ModelRef(name=name, path=path.resolve(), kind=kind, identity=directory_identity(path))


def directory_identity(path: Path) -> str:
    """A fingerprint of a model directory: small JSON files by content, the rest by size/mtime.

    Hashing gigabytes of weights on every check would cost more than translating; a rewrite of a
    weight file changes its mtime, which is what invalidates the cache entries made with it.
    """
    digest = hashlib.sha256()
    for f in sorted(p for p in path.iterdir() if p.is_file()):
        digest.update(f.name.encode())
        if f.suffix == ".json" and f.stat().st_size < 1_000_000:
            digest.update(f.read_bytes())
        else:
            st = f.stat()
            digest.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
    return f"dir:{digest.hexdigest()[:32]}"


def hub_snapshot(repo_id: str) -> Path | None:
    """The cached snapshot directory of ``repo_id`` at ``refs/main``, or None; no network."""
    repo_dir = hf_hub_cache() / ("models--" + repo_id.replace("/", "--"))
    ref = repo_dir / "refs" / "main"
    try:
        commit = ref.read_text("utf-8").strip()
    except OSError:
        snapshots = sorted((repo_dir / "snapshots").glob("*/config.json"),
                           key=lambda p: p.stat().st_mtime)
        return snapshots[-1].parent if snapshots else None
    snapshot = repo_dir / "snapshots" / commit
    return snapshot if (snapshot / "config.json").is_file() else None


def ct2_conversion_dir(ref: ModelRef, quantization: str = DEFAULT_QUANTIZATION) -> Path:
    """Where the CTranslate2 conversion of a transformers model lives in mtaudit's cache."""
    key = hashlib.sha256(f"{ref.identity}|{quantization}".encode()).hexdigest()[:24]
    return cache_dir() / "ct2" / f"{_slug(ref.name)}-{quantization}-{key}"


def _slug(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", Path(name).name if Path(name).exists() else name)[-60:]


def convert_to_ct2(ref: ModelRef, quantization: str = DEFAULT_QUANTIZATION,
                   output: Path | None = None) -> Path:
    """Convert a transformers Marian model to CTranslate2 once; later calls reuse the result.

    Written to a temporary directory then renamed, so an interrupted conversion never leaves a
    half-written model that a later check would try to load.
    """
    if ref.kind == CTRANSLATE2:
        return ref.path
    target = output or ct2_conversion_dir(ref, quantization)
    if (target / "model.bin").is_file():
        return target
    import ctranslate2.converters

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + f".partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    copy = [f for f in CT2_SIDECAR_FILES if (ref.path / f).is_file()]
    try:
        with quiet_transformers():
            converter = ctranslate2.converters.TransformersConverter(str(ref.path),
                                                                     copy_files=copy)
            converter.convert(str(partial), quantization=quantization, force=True)
        (partial / "mtaudit-source.json").write_text(json.dumps(
            {"model": ref.name, "identity": ref.identity, "quantization": quantization}), "utf-8")
        if target.exists():
            shutil.rmtree(target)
        partial.rename(target)
    except Exception as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise ModelUnavailable(f"converting {ref.name} to CTranslate2 failed: {exc}") from exc
    return target


def fetch_model(repo_id: str) -> Path:
    """Download a Marian model into the Hugging Face cache (``mtaudit models fetch`` only)."""
    if not is_hub_id(repo_id):
        raise UsageError(f"{repo_id}: not a Hugging Face model id "
                         "(like Helsinki-NLP/opus-mt-fr-en)")
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(repo_id, cache_dir=hf_hub_cache(),
                                      allow_patterns=list(MARIAN_FILES)))
    except Exception as exc:
        raise UsageError(f"cannot fetch {repo_id}: {type(exc).__name__}: "
                         f"{str(exc).splitlines()[0] if str(exc) else 'no details'} "
                         "(is there a network?)") from None


def local_models() -> list[dict[str, Any]]:
    """Translation models on this machine: Marian models in the HF cache, CT2 conversions."""
    found: list[dict[str, Any]] = []
    hub = hf_hub_cache()
    for repo_dir in sorted(hub.glob("models--*")):
        repo_id = repo_dir.name.removeprefix("models--").replace("--", "/")
        snapshot = hub_snapshot(repo_id)
        if snapshot is None or _model_type(snapshot / "config.json") != "marian":
            continue
        complete = any((snapshot / w).exists() for w in WEIGHT_FILES)
        found.append({"model": repo_id, "backend": TRANSFORMERS, "path": str(snapshot),
                      "complete": complete})
    for conv in sorted((cache_dir() / "ct2").glob("*/mtaudit-source.json")):
        try:
            info = json.loads(conv.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        found.append({"model": info.get("model"), "backend": CTRANSLATE2,
                      "quantization": info.get("quantization"), "path": str(conv.parent),
                      "complete": (conv.parent / "model.bin").is_file()})
    return found


def _model_type(config: Path) -> str | None:
    try:
        value = json.loads(config.read_text("utf-8")).get("model_type")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """Silence transformers' progress bars and advice while mtaudit owns the terminal."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
            yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()
