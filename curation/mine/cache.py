"""Embedding cache: `cache/embeddings/<model-key>/chunk-*.npz`, keyed by the hash of the text.

The folder name holds the model name and a hash of what embeddings depend on besides the text
(model files, pooling, max length), so a different setting never reads stale vectors. Each chunk
holds `keys` (n, 16-byte xxh3-128 of the exact encoded text, instruction prefix included) and `vecs`
(n, dim) float32, written through a temporary file and a rename: a killed run loses at most the
chunk it was filling, and the next run encodes only what no chunk holds.
"""

import re
import uuid
from pathlib import Path

import numpy as np
import xxhash

from ..config import config_hash
from ..store import atomic_file, write_json_atomic


def text_key(text: str) -> bytes:
    """16-byte key of one exact text."""
    return xxhash.xxh3_128_digest(text.encode("utf-8", "surrogatepass"))


def model_dir(cache_root: Path, key: dict) -> Path:
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(key["model"]).name or key["model"])[:60]
    return cache_root / "embeddings" / f"{name}-{config_hash(key)}"


class EmbeddingCache:
    """Vectors by text key for one model key. `lookup(keys)` -> (found mask, vectors of the found);
    `writer()` collects new vectors and flushes a chunk every `chunk_size` rows."""

    def __init__(self, cache_root: Path, key: dict, dim: int, chunk_size: int = 4096):
        self.dir, self.dim, self.chunk_size = model_dir(cache_root, key), dim, chunk_size
        self.dir.mkdir(parents=True, exist_ok=True)
        meta = self.dir / "meta.json"
        if not meta.exists():
            write_json_atomic(meta, {**key, "dim": dim})

    def chunks(self) -> list[Path]:
        return sorted(self.dir.glob("chunk-*.npz"))

    def lookup(self, keys: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
        """found: (n,) bool; vecs: (n, dim) float32 with the found rows filled."""
        want = {k: i for i, k in enumerate(keys)}
        found = np.zeros(len(keys), dtype=bool)
        vecs = np.zeros((len(keys), self.dim), dtype=np.float32)
        for chunk in self.chunks():
            with np.load(chunk) as z:
                hits = [(row, want[k]) for row, k in enumerate(_split(z["keys"])) if k in want]
                if hits:
                    rows, idx = np.array(hits).T
                    vecs[idx] = z["vecs"][rows]
                    found[idx] = True
        return found, vecs

    def has(self, keys: list[bytes]) -> np.ndarray:
        """(n,) bool: which keys some chunk holds (reads the chunks' keys only, never their vectors)."""
        want = {k: i for i, k in enumerate(keys)}
        found = np.zeros(len(keys), dtype=bool)
        for chunk in self.chunks():
            with np.load(chunk) as z:
                idx = [want[k] for k in _split(z["keys"]) if k in want]
            found[idx] = True
        return found

    def writer(self) -> "ChunkWriter":
        return ChunkWriter(self)

    def size(self) -> int:
        n = 0
        for chunk in self.chunks():
            with np.load(chunk) as z:
                n += len(z["keys"])
        return n


def _split(keys: np.ndarray) -> list[bytes]:
    """(n, 16) uint8 -> n 16-byte keys (a fixed-width bytes dtype would drop trailing zero bytes)."""
    raw = keys.tobytes()
    return [raw[i:i + 16] for i in range(0, len(raw), 16)]


class ChunkWriter:
    """Buffers (key, vector) rows and writes a chunk file atomically every `chunk_size` rows."""

    def __init__(self, cache: EmbeddingCache):
        self.cache, self.keys, self.vecs, self.written = cache, [], [], 0

    def add(self, keys: list[bytes], vecs: np.ndarray) -> None:
        self.keys.extend(keys)
        self.vecs.append(vecs)
        if len(self.keys) >= self.cache.chunk_size:
            self.flush()

    def flush(self) -> None:
        if not self.keys:
            return
        path = self.cache.dir / f"chunk-{uuid.uuid4().hex}.npz"
        with atomic_file(path) as tmp, open(tmp, "wb") as f:
            np.savez(f, keys=np.frombuffer(b"".join(self.keys), dtype=np.uint8).reshape(-1, 16), vecs=np.concatenate(self.vecs).astype(np.float32))
        self.written += len(self.keys)
        self.keys, self.vecs = [], []
