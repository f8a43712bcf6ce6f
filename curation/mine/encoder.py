"""A Hugging Face text encoder for mining: any model path or name, pooled and L2-normalised.

Pooling is chosen by architecture: decoder LLMs (Qwen3, Llama, Mistral, ...) take the hidden state
of a final EOS token appended to every text (last-token pooling, as F2LLM and Qwen3-Embedding do);
encoders (BERT, XLM-R, MiniLM, ...) take the mean over tokens, or CLS when a sentence-transformers
`1_Pooling/config.json` says so. `pooling:` in the config overrides the choice.

Texts are tokenised once, sorted by length and cut into batches of at most `batch_tokens` padded
tokens (default 16,384 on GPU, 2,048 on CPU, where smaller batches measured faster), so padding is small; identical texts are encoded once by the caller (see stage.py).
fp32 on CPU, bf16 on CUDA; several GPUs of one node each encode a slice of the texts.

Backends on CPU (`backend:`): `torch` (default), `onnx` (the same fp32 model exported once with
`torch.onnx`, its graph fused by ONNX Runtime's transformer optimizer, run by ONNX Runtime: equal
vectors to float tolerance, so it shares torch's cache), `onnx-int8` (that graph with dynamic int8
weights in its FFN up-projections: faster, vectors differ, so it has its own cache key; its top-10
neighbour agreement with fp32 is below 0.95 on all-MiniLM-L6-v2, see onnx.py and
benchmarks/mining_bench.py --unique). Exports are kept in `onnx_dir` keyed by the model files.
CUDA always runs torch.
"""

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from ..embedding import POOLINGS, default_pooling, pool
from ..embedding import resolve_model as _resolve
from ..errors import ConfigError

BACKENDS = ("torch", "onnx", "onnx-int8")
GPU_BATCH_TOKENS = 16384
# On CPU, 2,048 padded tokens per batch encoded 1,000 unique texts (66k tokens, all-MiniLM-L6-v2,
# fused ONNX, one thread) in 18.7 s CPU against 25.4 s at 16,384: 16% less padding, and each
# batch's activations stay in cache. 1,024 was within noise of 2,048; 32 texts per batch
# (fixed count, 4,096 tokens at most) took 20.2 s. Measured with an ad-hoc script (not kept) on a
# loaded machine (process CPU time); the end-to-end effect is in benchmarks/mining_bench.py --unique.
CPU_BATCH_TOKENS = 2048


def query_prefix(instruction: str | None) -> str:
    """The F2LLM query format: `Instruct: {instruction}\\nQuery: {query}` (no prefix without an instruction)."""
    return f"Instruct: {instruction}\nQuery: " if instruction else ""


def resolve_model(name: str) -> str:
    """A local path for `name` when one exists (a folder, `pkg:`, or a packaged copy), else the Hub name."""
    return _resolve(name, key="mine.model")


def _torch():
    try:
        import torch
        import transformers
    except ImportError as e:
        raise ConfigError(f"mining needs torch and transformers ({e.name} is missing)", key="mine",
                          fix="pip install 'mlcurate[mine]' (install torch first, CPU or CUDA build)") from None
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    return torch, transformers


def read_config(path: str, transformers) -> dict:
    """The model's config as a dict: config.json read directly for a local folder (importing the
    transformers model registry costs seconds, which a fully cached run does not need to pay)."""
    local = Path(path) / "config.json"
    if local.exists():
        return json.loads(local.read_text())
    return transformers.AutoConfig.from_pretrained(path).to_dict()


class Encoder:
    """Encodes texts to unit vectors with one Hugging Face model.

    `Encoder("path/or/name", pooling=None, max_length=256).encode(["a", "b"])` -> (2, dim) float32.
    `pooling=None` picks by architecture; `device=None` takes CUDA when present (every GPU of the
    node unless `devices` limits it), else CPU.
    """

    def __init__(self, model: str, *, pooling: str | None = None, max_length: int = 256, device: str | None = None,
                 devices: int | None = None, batch_tokens: int | None = None, max_batch: int = 256, backend: str = "torch",
                 onnx_dir: str | None = None):
        torch, transformers = _torch()
        self.name, self.path = model, resolve_model(model)
        self.max_length, self.batch_tokens, self.max_batch = max_length, batch_tokens, max_batch
        self._settings = {"model": model, "pooling": pooling, "max_length": max_length, "device": device, "devices": devices,
                          "batch_tokens": batch_tokens, "max_batch": max_batch, "backend": backend, "onnx_dir": onnx_dir}
        if backend not in BACKENDS:
            raise ConfigError(f"unknown backend '{backend}'", key="mine.backend", fix=f"one of: {', '.join(BACKENDS)}")
        try:
            config = read_config(self.path, transformers)
        except OSError as e:
            raise ConfigError(f"cannot load model '{model}': {e}", key="mine.model",
                              fix="give a local model folder, or a Hub name with network access (HF_HUB_OFFLINE unset)") from None
        self.pooling = pooling or default_pooling(config, self.path)
        if self.pooling not in POOLINGS:
            raise ConfigError(f"unknown pooling '{self.pooling}'", key="mine.pooling", fix=f"one of: {', '.join(POOLINGS)}")
        self._tokenizer = None
        if self.pooling == "last" and self.tokenizer.eos_token_id is None:
            raise ConfigError(f"last-token pooling needs an EOS token; {model}'s tokenizer has none", key="mine.pooling", fix="use pooling: mean")
        self.devices = self._devices(torch, device, devices)
        self.dtype = torch.bfloat16 if self.devices[0].startswith("cuda") else torch.float32
        self.dim = config["hidden_size"]
        if batch_tokens is None:  # big batches feed a GPU; on CPU small ones pad less and stay in cache
            batch_tokens = GPU_BATCH_TOKENS if self.devices[0].startswith("cuda") else CPU_BATCH_TOKENS
        self.batch_tokens = batch_tokens
        self.backend = "torch" if self.devices[0].startswith("cuda") else backend
        self.onnx_dir = Path(onnx_dir).expanduser() if onnx_dir else Path.home() / ".cache" / "mlcurate" / "onnx"
        self._models = None  # loaded on the first encode: a fully cached run never loads weights

    def settings(self) -> dict:
        """The constructor's arguments: `Encoder(**enc.settings())` builds the same encoder elsewhere (a task)."""
        return dict(self._settings)

    @staticmethod
    def _devices(torch, device: str | None, devices: int | None) -> list[str]:
        if device is not None:
            return [device]
        if torch.cuda.is_available():
            n = torch.cuda.device_count() if devices is None else min(devices, torch.cuda.device_count())
            return [f"cuda:{i}" for i in range(max(n, 1))]
        return ["cpu"]

    @property
    def tokenizer(self):
        """Loaded on first use: a fully cached run with mean pooling never needs it."""
        if self._tokenizer is None:
            _, transformers = _torch()
            self._tokenizer = transformers.AutoTokenizer.from_pretrained(self.path)
        return self._tokenizer

    @property
    def models(self) -> list:
        if self._models is None and self.backend != "torch":
            from .onnx import ort_session

            self._models = [ort_session(self.path, self.onnx_dir, self.backend == "onnx-int8", self.pooling == "last")]
        if self._models is None:
            _, transformers = _torch()
            self._models = [transformers.AutoModel.from_pretrained(self.path, dtype=self.dtype).to(d).eval() for d in self.devices]
        return self._models

    @property
    def key(self) -> dict:
        """What the embeddings depend on besides the text (the cache key)."""
        return cache_key(self.name, self.path, self.pooling, self.max_length, self.backend)

    def tokenize(self, texts: list[str]) -> list[list[int]]:
        """Token ids per text, cut to max_length (with a final EOS for last-token pooling)."""
        if self.pooling == "last":
            ids = self.tokenizer(texts, add_special_tokens=True, truncation=True, max_length=self.max_length)["input_ids"]
            eos = self.tokenizer.eos_token_id
            return [x if x and x[-1] == eos else x[:self.max_length - 1] + [eos] for x in ids]
        return self.tokenizer(texts, add_special_tokens=True, truncation=True, max_length=self.max_length)["input_ids"]

    def batches(self, ids: list[list[int]]) -> Iterator[np.ndarray]:
        """Index arrays of length-sorted batches, each at most batch_tokens padded tokens (longest first)."""
        order = np.argsort([-len(x) for x in ids], kind="stable")
        start = 0
        while start < len(order):
            longest = len(ids[order[start]])
            size = max(1, min(self.max_batch, self.batch_tokens // max(longest, 1)))
            yield order[start:start + size]
            start += size

    def encode(self, texts: list[str], progress: bool = False, on_batch=None) -> np.ndarray:
        """(len(texts), dim) float32 unit vectors. `on_batch(indices, vectors)` sees each finished batch
        (the cache writes chunks from it). Texts are encoded as given: dedupe before calling."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        ids = self.tokenize(texts)
        batches = list(self.batches(ids))
        bar = _progress(len(texts), progress)
        lock = threading.Lock()

        def work(rank: int):
            for b in batches[rank::len(self.models)]:
                vecs = self._forward(self.models[rank], self.devices[rank], [ids[i] for i in b])
                with lock:
                    out[b] = vecs
                    if on_batch is not None:
                        on_batch(b, vecs)
                    bar.update(len(b))

        on_each_device(len(self.models), work)
        bar.close()
        return out

    def _forward(self, model, device: str, ids: list[list[int]]) -> np.ndarray:
        import torch

        width = max(len(x) for x in ids)
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        input_ids = torch.full((len(ids), width), pad, dtype=torch.long)
        mask = torch.zeros((len(ids), width), dtype=torch.long)
        for i, x in enumerate(ids):
            input_ids[i, :len(x)] = torch.tensor(x)
            mask[i, :len(x)] = 1
        with torch.inference_mode():
            if self.backend != "torch":  # an onnxruntime.InferenceSession
                hidden = torch.from_numpy(model.run(None, {"input_ids": input_ids.numpy(), "attention_mask": mask.numpy()})[0])
                return pool(hidden, mask, self.pooling).numpy()
            hidden = model(input_ids=input_ids.to(device), attention_mask=mask.to(device)).last_hidden_state  # (batch, seq, dim)
            return pool(hidden, mask.to(device), self.pooling).cpu().numpy()


def cache_key(name: str, path: str, pooling: str, max_length: int, backend: str) -> dict:
    """What the embeddings depend on besides the text; computed without loading torch, so a driver
    that only plans (mine's) finds the cache folder tasks write to."""
    key = {"model": name, "path_fingerprint": _fingerprint(path), "pooling": pooling, "max_length": max_length}
    if backend == "onnx-int8":  # other vectors than fp32 (torch and onnx agree to float tolerance: one cache)
        from .onnx import INT8_VARIANT  # (no torch import)

        key["quantization"] = f"onnx-dynamic-int8-{INT8_VARIANT}"
    return key


def describe(model: str, *, pooling: str | None = None, max_length: int = 256, backend: str = "torch") -> dict:
    """The encoder `Encoder(model, ...)` would build, without torch: name, path, pooling, dim and
    cache key (for a local model folder only config.json is read). On a CUDA device an onnx-int8
    backend becomes torch; the tasks that load the model check the key they get is this one."""
    path = resolve_model(model)
    transformers = None if (Path(path) / "config.json").exists() else _torch()[1]
    try:
        config = read_config(path, transformers)
    except OSError as e:
        raise ConfigError(f"cannot load model '{model}': {e}", key="mine.model",
                          fix="give a local model folder, or a Hub name with network access (HF_HUB_OFFLINE unset)") from None
    pooling = pooling or default_pooling(config, path)
    if pooling not in POOLINGS:
        raise ConfigError(f"unknown pooling '{pooling}'", key="mine.pooling", fix=f"one of: {', '.join(POOLINGS)}")
    return {"name": model, "path": path, "pooling": pooling, "dim": config["hidden_size"],
            "key": cache_key(model, path, pooling, max_length, backend)}


def on_each_device(n: int, work) -> None:
    """`work(rank)` for ranks 0..n-1: inline for one device, else one thread per GPU (torch
    releases the GIL in its kernels)."""
    if n == 1:
        work(0)
        return
    threads = [threading.Thread(target=work, args=(r,)) for r in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _fingerprint(path: str) -> list:
    """Model files' sizes and mtimes: a changed checkpoint at the same path gets a new cache key."""
    p = Path(path)
    if not p.is_dir():
        return [path]
    return sorted([f.name, f.stat().st_size, int(f.stat().st_mtime)] for f in p.iterdir() if f.suffix in (".safetensors", ".bin", ".json"))


class _Bar:
    """tqdm with texts/s, or nothing."""

    def __init__(self, total: int, enabled: bool):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="text", unit_scale=True, desc="mine: encoding", smoothing=0.1)
        self.t0, self.n = time.perf_counter(), 0

    def update(self, n: int):
        self.n += n
        if self.bar is not None:
            self.bar.update(n)

    def close(self):
        if self.bar is not None:
            self.bar.close()


def _progress(total: int, enabled: bool) -> _Bar:
    return _Bar(total, enabled and os.environ.get("MLCURATE_NO_PROGRESS") is None)
