"""Text normalisation shared by exact hashing and shingling: the project's one text-equality
normaliser (`curation.textnorm.TEXT_EQ`, rules nfkc, casefold, punct_space), which mining uses too.
"""

import xxhash

from ..textnorm import TEXT_EQ

# Separates the two sides of a pair in the hashed text; never survives normalisation itself.
PAIR_SEPARATOR = "\x1e"


def normalize(text: str | None) -> str:
    """`"  Ｈｅｌｌｏ,  WORLD!"` -> `"hello world"`; None -> `""`."""
    return TEXT_EQ(text)


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
