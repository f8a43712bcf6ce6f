"""Language-aware shingles as sorted, unique uint32 hashes.

Word n-grams for space-delimited scripts, character n-grams (spaces dropped) for Han, Kana, Thai,
Lao, Khmer, Myanmar and Tibetan, chosen per text by `curation.scripts.segmentation`. Token hashes
are combined into n-gram hashes with vectorised NumPy arithmetic, so the cost per text is one
hash per word (or none per character) plus a few array operations.
"""

import numpy as np
import xxhash

from ..scripts import segmentation
from .normalize import PAIR_SEPARATOR

_MUL = np.uint64(0x9E3779B97F4A7C15)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the bits of uint64 values (wrapping arithmetic)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def tokens(normalized: str) -> tuple[list[str], str]:
    """The shingling units of a normalised text and the mode: (words, "word") or (chars, "char")."""
    mode = segmentation(normalized)
    if mode == "char":
        return list(normalized.replace(" ", "")), mode
    return normalized.split(), mode


def _token_hashes(normalized: str) -> np.ndarray:
    mode = segmentation(normalized)
    if mode == "char":
        text = normalized.replace(" ", "")
        return _mix(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64))
    words = normalized.split()
    return np.fromiter((xxhash.xxh3_64_intdigest(w) for w in words), dtype=np.uint64, count=len(words))


def _ngram_hashes(tok: np.ndarray, n: int) -> np.ndarray:
    """uint64 hashes of the n-grams of a token-hash sequence; one shingle when it is shorter than n."""
    if tok.size == 0:
        return tok
    n = min(n, tok.size)
    m = tok.size - n + 1
    with np.errstate(over="ignore"):
        acc = tok[:m].copy()
        for k in range(1, n):
            acc = acc * _MUL + tok[k : k + m]
        return _mix(acc)


def shingles(normalized: str, n: int = 5) -> np.ndarray:
    """Sorted unique uint32 shingle hashes of a normalised text (a pair's sides are shingled apart)."""
    parts = normalized.split(PAIR_SEPARATOR)
    with np.errstate(over="ignore"):
        hashes = [_ngram_hashes(_token_hashes(p), n) for p in parts]
    h = np.concatenate(hashes) if len(hashes) > 1 else hashes[0]
    return np.unique((h >> np.uint64(32)).astype(np.uint32))


def shingle_sets(texts, n: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """CSR of the shingle sets of many normalised texts: (values uint32, offsets int64 of len+1)."""
    sets = [shingles(t, n) for t in texts]
    offsets = np.zeros(len(sets) + 1, dtype=np.int64)
    np.cumsum([s.size for s in sets], out=offsets[1:])
    values = np.concatenate(sets) if sets else np.zeros(0, dtype=np.uint32)
    return values, offsets
