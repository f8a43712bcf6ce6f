"""Text normalisation shared by exact hashing and shingling.

NFKC, case folding, punctuation to spaces, whitespace collapsed: two texts that differ only in
width forms, case, punctuation or spacing normalise to the same string.
"""

import unicodedata

import regex
import xxhash

# Runs of punctuation and whitespace become one space, in a single pass.
_PUNCT_SPACE = regex.compile(r"[\p{P}\s]+")
# Separates the two sides of a pair in the hashed text; never survives normalisation itself.
PAIR_SEPARATOR = "\x1e"


def normalize(text: str | None) -> str:
    """`"  Ｈｅｌｌｏ,  WORLD!"` -> `"hello world"`; None -> `""`."""
    if not text:
        return ""
    if not unicodedata.is_normalized("NFKC", text):  # a quick check: most text already is
        text = unicodedata.normalize("NFKC", text)
    return _PUNCT_SPACE.sub(" ", text.casefold()).strip()


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
