"""Language-aware shingles as sorted, unique uint32 hashes.

Word n-grams for space-delimited scripts, character n-grams (spaces dropped) for Han, Kana, Thai,
Lao, Khmer, Myanmar and Tibetan, chosen per text by `curation.scripts.segmentation`. Token hashes
are combined into n-gram hashes with vectorised NumPy arithmetic, so the cost per text is one
hash per word (or none per character) plus a few array operations.
"""

import numpy as np
import xxhash

from ..scripts import segmentation, segmentations
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


_CHUNK = 4_096  # texts per batch: bounds the int64 temporaries (a few per token) to about 50 MB


def shingle_sets(texts, n: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """CSR of the shingle sets of many normalised texts: (values uint32 sorted per row, offsets
    int64 of len+1). Same sets as `shingles` per text, computed `_CHUNK` texts at a time: one
    hashing pass over all words, n-gram combination and per-row dedup as array operations."""
    texts = texts if isinstance(texts, list) else list(texts)
    parts = [_shingle_batch(texts[lo : lo + _CHUNK], n) for lo in range(0, len(texts), _CHUNK)]
    if not parts:
        return np.zeros(0, dtype=np.uint32), np.zeros(1, dtype=np.int64)
    offsets, base = [np.zeros(1, dtype=np.int64)], 0
    for values, offs in parts:
        offsets.append(offs[1:] + base)
        base += values.size
    return np.concatenate([v for v, _ in parts]), np.concatenate(offsets)


def _shingle_batch(texts: list[str], n: int) -> tuple[np.ndarray, np.ndarray]:
    seg_doc, seg_tokens = _segments(texts)
    lengths = np.fromiter((t.size for t in seg_tokens), dtype=np.int64, count=len(seg_tokens))
    tok = np.concatenate(seg_tokens + [np.zeros(n, dtype=np.uint64)])  # zero tail: reads past the end are masked
    starts = np.zeros(lengths.size, dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    seg_n = np.minimum(lengths, n)
    count = np.where(lengths > 0, lengths - seg_n + 1, 0)  # n-grams per segment
    seg_of = np.repeat(np.arange(lengths.size), count)
    pos = np.repeat(starts, count) + (np.arange(seg_of.size) - np.repeat(np.cumsum(count) - count, count))
    width = seg_n[seg_of]
    with np.errstate(over="ignore"):
        acc = tok[pos].copy()
        for k in range(1, n):
            more = k < width
            acc[more] = acc[more] * _MUL + tok[pos[more] + k]
        h = _mix(acc) >> np.uint64(32)
    key = np.sort((np.asarray(seg_doc, dtype=np.uint64)[seg_of] << np.uint64(32)) | h)
    key = key[np.r_[True, key[1:] != key[:-1]]] if key.size else key
    docs = (key >> np.uint64(32)).astype(np.int64)
    offsets = np.searchsorted(docs, np.arange(len(texts) + 1)).astype(np.int64)
    return (key & np.uint64(0xFFFFFFFF)).astype(np.uint32), offsets


def _segments(texts) -> tuple[list[int], list[np.ndarray]]:
    """Token-hash arrays of every segment (a text, or each side of a pair) and the text it belongs to.
    Words of all word-mode segments are hashed in one pass."""
    seg_doc, parts = [], []
    for d, text in enumerate(texts):
        for part in text.split(PAIR_SEPARATOR):
            seg_doc.append(d)
            parts.append(part)
    seg_tokens, word_segs, words = [], [], []
    for part, by_char in zip(parts, segmentations(parts).tolist()):
        if by_char:
            cps = np.frombuffer(part.replace(" ", "").encode("utf-32-le"), dtype=np.uint32)
            seg_tokens.append(_mix(cps.astype(np.uint64)))
        else:
            w = part.split()
            word_segs.append((len(seg_tokens), len(w)))
            words.extend(w)
            seg_tokens.append(None)
    hashed = np.fromiter((xxhash.xxh3_64_intdigest(w) for w in words), dtype=np.uint64, count=len(words))
    at = 0
    for seg, k in word_segs:
        seg_tokens[seg] = hashed[at : at + k]
        at += k
    return seg_doc, seg_tokens
