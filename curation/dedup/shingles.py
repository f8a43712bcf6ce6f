"""Shingles as sorted, unique uint32 hashes, in one of three modes (`dedup.shingles`):

    word   word n-grams for space-delimited scripts, character n-grams (spaces dropped) for Han,
           Kana, Thai, Lao, Khmer, Myanmar and Tibetan, chosen per text by
           `curation.scripts.segmentation` (the behaviour before the option existed)
    char   character n-grams of the normalised text for every script, its single spaces kept
           (where words or, after normalisation, punctuation were: boundaries are characters too)
    auto   the default, measured (README "Deduplication"): `char`, except for texts of fewer than
           n words in a space-delimited script (a heading "article 2" must not match "article 3":
           as words it is one shingle, an exact match) and for rows the caller marks as word rows
           (the dedup stage marks samples of task `code`, whose templated docstrings and code
           differ in one identifier: "Encode a file; ..." / "Decode a file; ...")

Why char: an edited word breaks n word n-grams but only about n + len(word) character n-grams of
the far larger number a text has, so edited copies keep a high character Jaccard (measured in
benchmarks/dedup_bench.py). Token hashes are combined into n-gram hashes with vectorised NumPy
arithmetic, so the cost per text is one hash per word (or none per character) plus a few array
operations.
"""

import numpy as np
import xxhash

from ..scripts import segmentation, segmentations
from ..textnorm import mix64
from .normalize import PAIR_SEPARATOR

_MUL = np.uint64(0x9E3779B97F4A7C15)
MODES = ("word", "char", "auto")


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ValueError(f"unknown shingle mode {mode!r}; valid: {', '.join(MODES)}")
    return mode


def _kind(segment: str, mode: str, n: int, by_char: bool, word_row: bool = False) -> str:
    """How one segment is shingled: "word", "char" (spaces kept) or "nospace" (characters, spaces dropped)."""
    if mode == "char":
        return "char"
    if mode == "word" or word_row:
        return "nospace" if by_char else "word"
    if by_char:
        return "char"
    return "word" if len(segment.split()) < n else "char"


def tokens(normalized: str, mode: str = "word", n: int = 5) -> tuple[list[str], str]:
    """The shingling units of a normalised text and their kind: (words, "word") or (chars, "char")."""
    kind = _kind(normalized, check_mode(mode), n, segmentation(normalized) == "char")
    if kind == "word":
        return normalized.split(), "word"
    return list(normalized if kind == "char" else normalized.replace(" ", "")), "char"


def _char_hashes(text: str) -> np.ndarray:
    return mix64(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64))


def _token_hashes(normalized: str, mode: str, n: int) -> np.ndarray:
    units, kind = tokens(normalized, mode, n)
    if kind == "char":
        return _char_hashes("".join(units))
    return np.fromiter((xxhash.xxh3_64_intdigest(w) for w in units), dtype=np.uint64, count=len(units))


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
        return mix64(acc)


def shingles(normalized: str, n: int = 5, mode: str = "word") -> np.ndarray:
    """Sorted unique uint32 shingle hashes of a normalised text (a pair's sides are shingled apart)."""
    parts = normalized.split(PAIR_SEPARATOR)
    with np.errstate(over="ignore"):
        hashes = [_ngram_hashes(_token_hashes(p, mode, n), n) for p in parts]
    h = np.concatenate(hashes) if len(hashes) > 1 else hashes[0]
    return np.unique((h >> np.uint64(32)).astype(np.uint32))


_CHUNK = 4_096  # texts per batch: bounds the int64 temporaries (a few per token) to about 50 MB


def shingle_sets(texts, n: int = 5, mode: str = "word", word_rows=None) -> tuple[np.ndarray, np.ndarray]:
    """CSR of the shingle sets of many normalised texts: (values uint32 sorted per row, offsets
    int64 of len+1). Same sets as `shingles` per text, computed `_CHUNK` texts at a time: one
    hashing pass over all words, n-gram combination and per-row dedup as array operations."""
    texts = texts if isinstance(texts, list) else list(texts)
    check_mode(mode)
    word_rows = np.zeros(len(texts), dtype=bool) if word_rows is None else np.asarray(word_rows, dtype=bool)
    parts = [_shingle_batch(texts[lo : lo + _CHUNK], n, mode, word_rows[lo : lo + _CHUNK]) for lo in range(0, len(texts), _CHUNK)]
    if not parts:
        return np.zeros(0, dtype=np.uint32), np.zeros(1, dtype=np.int64)
    offsets, base = [np.zeros(1, dtype=np.int64)], 0
    for values, offs in parts:
        offsets.append(offs[1:] + base)
        base += values.size
    return np.concatenate([v for v, _ in parts]), np.concatenate(offsets)


def _shingle_batch(texts: list[str], n: int, mode: str, word_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    seg_doc, seg_tokens = _segments(texts, mode, n, word_rows)
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
        for k in range(1, n):  # every n-gram as if full width (a short segment reads past its end) ...
            acc = acc * _MUL + tok[pos + k]
        short = np.nonzero(width < n)[0]  # ... then the few segments shorter than n recomputed
        if short.size:
            part = tok[pos[short]].copy()
            for k in range(1, n):
                more = k < width[short]
                part[more] = part[more] * _MUL + tok[pos[short][more] + k]
            acc[short] = part
        h = mix64(acc) >> np.uint64(32)
    key = np.sort((np.asarray(seg_doc, dtype=np.uint64)[seg_of] << np.uint64(32)) | h)
    key = key[np.r_[True, key[1:] != key[:-1]]] if key.size else key
    docs = (key >> np.uint64(32)).astype(np.int64)
    offsets = np.searchsorted(docs, np.arange(len(texts) + 1)).astype(np.int64)
    return (key & np.uint64(0xFFFFFFFF)).astype(np.uint32), offsets


def _segments(texts, mode: str, n: int, word_rows: np.ndarray) -> tuple[list[int], list[np.ndarray]]:
    """Token-hash arrays of every segment (a text, or each side of a pair) and the text it belongs to.
    Words of all word-mode segments are hashed in one pass, characters of all others in another."""
    seg_doc, parts = [], []
    for d, text in enumerate(texts):
        for part in text.split(PAIR_SEPARATOR):
            seg_doc.append(d)
            parts.append(part)
    seg_tokens, word_segs, words, char_segs, chars = [], [], [], [], []
    by_chars = [False] * len(parts) if mode == "char" else segmentations(parts).tolist()
    for d, part, by_char in zip(seg_doc, parts, by_chars):
        kind = _kind(part, mode, n, by_char, bool(word_rows[d]))
        if kind != "word":
            char_segs.append(len(seg_tokens))
            chars.append(part if kind == "char" else part.replace(" ", ""))
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
    # every character segment's code points hashed in one pass, then cut back into segments
    flat = _char_hashes("".join(chars))
    for seg, tok in zip(char_segs, np.split(flat, np.cumsum([len(c) for c in chars])[:-1]) if chars else ()):
        seg_tokens[seg] = tok
    return seg_doc, seg_tokens
