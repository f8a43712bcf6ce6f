"""Normalised texts -> exact hashes and n-gram hashes, a batch of texts at a time, as NumPy arrays.

Every text goes through the shared normaliser (`TEXT_EQ.many`), then is cut into two streams of
units with the shared script table (`curation.scripts.no_space_codepoints`): the characters of
scripts written without spaces (Han, Kana, Thai, Lao, Khmer, Myanmar, Tibetan; spaces dropped), and
the words of everything else (such characters act as word breaks). Word n-grams come from the word
stream, character n-grams from the character stream, so a Chinese paragraph quoted inside an English
page (or the reverse) is still found. Each unit gets a 64-bit hash computed with array operations
over the batch's code points (no Python call per word): a word's hash is the sum of a mixed
(code point, position) value per character, mixed again. N-gram hashes combine `n` consecutive
unit hashes; the two kinds of unit are salted apart.

    hash_texts(texts, cfg) -> Hashed    per text: unit counts, exact hash, eligible; per unique (text, n-gram): hash
"""

from dataclasses import dataclass

import numpy as np
import xxhash

from ..scripts import no_space_codepoints
from ..textnorm import TEXT_EQ, mix64

_MUL = np.uint64(0x9E3779B97F4A7C15)
_WORD_SALT = np.uint64(0x5851F42D4C957F2D)
_CHAR_SALT = np.uint64(0x14057B7EF767814F)


@dataclass(frozen=True)
class Hashed:
    """Hashes of a batch of texts.

    words     (n,) int64   words of each normalised text (outside scripts without spaces)
    chars     (n,) int64   characters in scripts without spaces
    by_char   (n,) bool    mostly such characters: compared without spaces
    eligible  (n,) bool    long enough to be compared at all (`min_words` words or `min_chars` characters)
    exact     (n,) uint64  xxh3-64 of the normalised text, spaces dropped when by_char (0 where not eligible)
    grams     (n,) int64   unique n-grams of each eligible text (0 when shorter than one n-gram)
    gram_text (m,) int64   text of each unique (text, n-gram), sorted by text
    gram_hash (m,) uint64
    """

    words: np.ndarray
    chars: np.ndarray
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
    lengths = np.fromiter((len(t) for t in norm), dtype=np.int64, count=n)
    cps = np.frombuffer("".join(norm).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    owner = np.repeat(np.arange(n, dtype=np.int32), lengths)  # (chars,) text of each code point
    no_space = no_space_codepoints(cps)
    space = cps == 32
    char_tok, char_owner = _char_tokens(cps[no_space]), owner[no_space]
    word_tok, word_owner = _word_tokens(cps, owner, space | no_space)
    chars = np.bincount(char_owner, minlength=n)
    words = np.bincount(word_owner, minlength=n)
    by_char = chars >= np.bincount(owner[~(space | no_space)], minlength=n)  # more such characters than others
    eligible = (words >= cfg.min_words) | (chars >= cfg.min_chars)
    t_w, h_w = _ngrams(word_tok, word_owner, eligible, cfg.word_ngram, _WORD_SALT)
    t_c, h_c = _ngrams(char_tok, char_owner, eligible, cfg.char_ngram, _CHAR_SALT)
    gt, gh = _unique_pairs(np.r_[t_w, t_c], np.r_[h_w, h_c])
    exact = np.zeros(n, dtype=np.uint64)
    strip = by_char.tolist()
    for i in np.nonzero(eligible)[0].tolist():  # no-space scripts: spaces carry no meaning, compare without them
        text = norm[i].replace(" ", "") if strip[i] else norm[i]
        exact[i] = xxhash.xxh3_64_intdigest(text.encode("utf-8"))
    grams = np.bincount(gt, minlength=n).astype(np.int64)
    return Hashed(words, chars, by_char, eligible, exact, grams, gt, gh)


def _word_tokens(cps: np.ndarray, owner: np.ndarray, brk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(token uint64, text) of every word: a maximal run of code points that are not breaks
    (`brk`: spaces and characters of no-space scripts) inside one text."""
    keep = ~brk
    if not keep.any():
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    idx = np.nonzero(keep)[0].astype(np.int32 if cps.size < 2**31 else np.int64)
    # a word starts where the previous code point is a break, or belongs to another text
    start = np.ones(idx.size, dtype=bool)
    start[1:] = (idx[1:] != idx[:-1] + 1) | (owner[idx[1:]] != owner[idx[:-1]])
    starts = np.nonzero(start)[0]
    word = np.cumsum(start, dtype=np.int32) - 1
    pos = (np.arange(idx.size, dtype=np.int32) - starts[word]).astype(np.uint64)
    with np.errstate(over="ignore"):
        value = mix64(cps[idx].astype(np.uint64) ^ (pos << np.uint64(32)))
        tok = mix64(np.add.reduceat(value, starts) ^ _WORD_SALT)
    return tok, owner[idx[starts]]


def _char_tokens(cps: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return mix64(cps.astype(np.uint64) ^ _CHAR_SALT)


def _ngrams(tok: np.ndarray, owner: np.ndarray, active: np.ndarray, size: int, salt: np.uint64) -> tuple[np.ndarray, np.ndarray]:
    """(text, hash) of every n-gram of `size` consecutive tokens of one `active` text (`owner`:
    the text of each token, non-decreasing)."""
    if tok.size < size:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    starts = np.arange(tok.size - size + 1)
    pos = starts[(owner[starts] == owner[starts + size - 1]) & active[owner[starts]]]
    if pos.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    with np.errstate(over="ignore"):
        acc = tok[pos].copy()
        for k in range(1, size):
            acc = acc * _MUL + tok[pos + k]
        return owner[pos].astype(np.int64), mix64(acc ^ salt)


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
