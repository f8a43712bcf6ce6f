"""Text normalisation shared by exact hashing and shingling.

NFKC, case folding, punctuation to spaces, whitespace collapsed: two texts that differ only in
width forms, case, punctuation or spacing normalise to the same string.
"""

import unicodedata

import regex
import xxhash

_PUNCT = regex.compile(r"\p{P}+")
_SPACE = regex.compile(r"\s+")
# Separates the two sides of a pair in the hashed text; never survives normalisation itself.
PAIR_SEPARATOR = "\x1e"


def normalize(text: str | None) -> str:
    """`"  Ｈｅｌｌｏ,  WORLD!"` -> `"hello world"`; None -> `""`."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _PUNCT.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def unit_text(query: str | None, positive: str | None, unit: str) -> str:
    """The normalised text of a sample's dedup unit: `query`, `positive` or the `pair`."""
    if unit == "query":
        return normalize(query)
    if unit == "positive":
        return normalize(positive)
    return normalize(query) + PAIR_SEPARATOR + normalize(positive)


def exact_hash(normalized: str) -> str:
    """128-bit xxh3 of the normalised text, hex."""
    return xxhash.xxh3_128_hexdigest(normalized.encode("utf-8"))
