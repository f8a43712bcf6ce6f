"""Normalised texts -> exact hashes and n-gram hashes, a batch of texts at a time, as NumPy arrays.

Every text goes through the shared normaliser (`TEXT_EQ`), then is cut into units: words for
space-delimited scripts, characters (spaces dropped) for scripts written without spaces, chosen per
text from the shared script table (`curation.scripts.segmentations`). Each unit gets a 64-bit hash
computed with array operations over the batch's code points (no Python call per word): a word's
hash is the sum of a mixed (code point, position) value per character, mixed again. N-gram hashes
combine `n` consecutive unit hashes; the two kinds of unit are salted apart.

    hash_texts(texts, cfg) -> Hashed    per text: units, exact hash, eligible; per unique (text, n-gram): hash
"""

from dataclasses import dataclass

import numpy as np
import xxhash

from ..scripts import segmentations
from ..textnorm import TEXT_EQ

_MUL = np.uint64(0x9E3779B97F4A7C15)
_WORD_SALT = np.uint64(0x5851F42D4C957F2D)
_CHAR_SALT = np.uint64(0x14057B7EF767814F)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser (wrapping uint64 arithmetic)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


@dataclass(frozen=True)
class Hashed:
    """Hashes of a batch of texts.

    units     (n,) int64   words (or characters, for no-space scripts) of each normalised text
    by_char   (n,) bool    the text is cut into characters
    eligible  (n,) bool    long enough to be compared at all (`min_words` / `min_chars`)
    exact     (n,) uint64  xxh3-64 of the normalised text (0 where not eligible)
    grams     (n,) int64   unique n-grams of each eligible text (0 when shorter than one n-gram)
    gram_text (m,) int64   text of each unique (text, n-gram), sorted by text then hash
    gram_hash (m,) uint64
    """

    units: np.ndarray
    by_char: np.ndarray
    eligible: np.ndarray
    exact: np.ndarray
    grams: np.ndarray
    gram_text: np.ndarray
    gram_hash: np.ndarray


def hash_texts(texts: list[str | None], cfg) -> Hashed:
    """`Hashed` of `texts` under a `DecontConfig` (n-gram sizes and minimum lengths)."""
    norm = TEXT_EQ.many(texts)
    n = len(norm)
    by_char = segmentations(norm) if n else np.zeros(0, dtype=bool)
    units = np.zeros(n, dtype=np.int64)
    gram_text, gram_hash = [], []
    for char_mode, size, minimum in ((False, cfg.word_ngram, cfg.min_words), (True, cfg.char_ngram, cfg.min_chars)):
        idx = np.nonzero(by_char == char_mode)[0]
        if idx.size == 0:
            continue
        chosen = [norm[i] for i in idx.tolist()]
        tok, counts = _char_tokens(chosen) if char_mode else _word_tokens(chosen)
        units[idx] = counts
        t, h = _ngrams(tok, counts, counts >= minimum, size, _CHAR_SALT if char_mode else _WORD_SALT)
        gram_text.append(idx[t])
        gram_hash.append(h)
    eligible = units >= np.where(by_char, cfg.min_chars, cfg.min_words)
    exact = np.zeros(n, dtype=np.uint64)
    for i in np.nonzero(eligible)[0].tolist():
        exact[i] = xxhash.xxh3_64_intdigest(norm[i].encode("utf-8"))
    gt, gh = _unique_pairs(np.concatenate(gram_text) if gram_text else np.zeros(0, np.int64),
                           np.concatenate(gram_hash) if gram_hash else np.zeros(0, np.uint64))
    grams = np.bincount(gt, minlength=n).astype(np.int64)
    return Hashed(units, by_char, eligible, exact, grams, gt, gh)


def _word_tokens(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(tokens uint64 of every word in order, words per text). Normalised texts hold single spaces
    between words and none at the ends, so word boundaries are the spaces of the joined batch."""
    counts = np.array([t.count(" ") + 1 if t else 0 for t in texts], dtype=np.int64)
    joined = " ".join(t for t in texts if t)
    if not joined:
        return np.zeros(0, np.uint64), counts
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    space = cps == 32
    word_of = np.cumsum(space)  # word index of each character (a space belongs to the next word)
    keep = ~space
    chars, words = cps[keep], word_of[keep]
    starts = np.r_[0, np.nonzero(np.diff(words))[0] + 1]  # first character of each word in `chars`
    pos = (np.arange(chars.size) - starts[words - words[0]]).astype(np.uint64)  # words are numbered 0.. in order
    with np.errstate(over="ignore"):
        value = _mix(chars ^ (pos << np.uint64(32)))
        tok = _mix(np.add.reduceat(value, starts) ^ _WORD_SALT)
    return tok, counts


def _char_tokens(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(tokens uint64 of every character with spaces dropped, characters per text)."""
    stripped = [t.replace(" ", "") for t in texts]
    counts = np.array([len(t) for t in stripped], dtype=np.int64)
    cps = np.frombuffer("".join(stripped).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    with np.errstate(over="ignore"):
        return _mix(cps ^ _CHAR_SALT), counts


def _ngrams(tok: np.ndarray, counts: np.ndarray, active: np.ndarray, size: int, salt: np.uint64) -> tuple[np.ndarray, np.ndarray]:
    """(text index, hash) of every n-gram inside each `active` text (tokens of text i are the i-th
    run of `counts[i]` tokens of `tok`; texts shorter than `size` have none)."""
    ends = np.cumsum(counts)
    owner = np.repeat(np.arange(counts.size), counts)  # (tokens,) text of each token
    pos = np.nonzero(active[owner] & (np.arange(tok.size) + size <= ends[owner]))[0]  # n-gram starts
    if pos.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    text = owner[pos]
    with np.errstate(over="ignore"):
        acc = tok[pos].copy()
        for k in range(1, size):
            acc = acc * _MUL + tok[pos + k]
        return text, _mix(acc ^ salt)


def _unique_pairs(text: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique (text, hash) pairs, sorted by text then (the top 40 bits of) hash. Batches hold far
    fewer than 2**24 texts, so text and hash prefix share one sort key."""
    if text.size == 0:
        return text.astype(np.int64), h.astype(np.uint64)
    assert text.max() < 1 << 24, "too many texts in one batch"
    order = np.argsort((text.astype(np.uint64) << np.uint64(40)) | (h >> np.uint64(24)), kind="stable")
    text, h = text[order], h[order]
    new = np.r_[True, (text[1:] != text[:-1]) | (h[1:] != h[:-1])]
    return text[new], h[new]
