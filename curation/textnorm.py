"""Text equality: one normaliser, with named rules, deciding when two texts are "the same text".

Used by dedup (exact hashes and shingles, `curation.dedup.normalize`) and by mining (a candidate
that equals the positive or the query is a duplicate, not a negative), so both agree.

    nfkc          Unicode NFKC: width forms and compatibility characters fold (`Ｈ` -> `H`)
    casefold      full case folding (`Straße` == `STRASSE`), with the Turkic i folded too: dotless
                  `ı` and dotted `İ` fold to `i`, because `KIRMIZI` is `kırmızı` upper-cased
                  (Python's casefold maps `I` to `i`, so an upper-cased Turkish or Azerbaijani copy
                  would otherwise differ from its original in every word with `ı`)
    punct_space   every run of punctuation (\\p{P}) and whitespace becomes one space; ends stripped

`text-eq-v1` applies all three in that order: `"  Ｈｅｌｌｏ,  WORLD!"` -> `"hello world"`.
Symbols (\\p{S}: `+`, `$`, `©`) and digits are kept: `C++` and `C` are different texts.

`many(texts)` gives the same results for a batch at array speed (decontamination normalises
millions of texts): NFKC text by text (most texts pass its quick check), then the batch is joined
with a private-use separator, case folded at once, and punctuation and whitespace runs are collapsed with a code-point table built from the
very pattern `punct_space` uses.
"""

import functools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import regex
import xxhash

_PUNCT_SPACE = regex.compile(r"[\p{P}\s]+")


def _nfkc(text: str) -> str:
    # a quick check first: most text already is NFKC
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _casefold(text: str) -> str:
    folded = text.casefold()
    if "\u0131" in folded or "\u0307" in folded:
        folded = folded.replace("i\u0307", "i").replace("\u0131", "i")
    return folded


RULES: dict[str, Callable[[str], str]] = {
    "nfkc": _nfkc,
    "casefold": _casefold,
    "punct_space": lambda t: _PUNCT_SPACE.sub(" ", t).strip(),
}


@dataclass(frozen=True)
class TextNormalizer:
    """A named, ordered list of rules. `norm(text)` is the normalised text (None -> "");
    `key64`/`key128` hash it (xxh3) for equality tests over many texts."""

    name: str
    rules: tuple[str, ...]

    def __call__(self, text: str | None) -> str:
        if not text:
            return ""
        for rule in self.rules:
            text = RULES[rule](text)
        return text

    def many(self, texts: list[str | None]) -> list[str]:
        """`[self(t) for t in texts]`, computed over the batch at once (same result, text by text)."""
        if self.rules != ("nfkc", "casefold", "punct_space") or any(t and _SEPARATOR in t for t in texts):
            return [self(t) for t in texts]
        # the separator has no case and no decomposition: case folding never crosses it
        joined = _casefold(_SEPARATOR.join(_nfkc(t) if t else "" for t in texts))
        cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        gap = _punct_space_table().take(cps, mode="clip").astype(bool)
        gap[cps > 0x10FFFF] = False
        run_start = gap & ~np.r_[False, gap[:-1]]
        keep = ~gap | run_start
        out = np.where(gap, np.uint32(32), cps)[keep]
        return [part.strip() for part in out.tobytes().decode("utf-32-le", "surrogatepass").split(_SEPARATOR)]

    def key64(self, text: str | None) -> int:
        return xxhash.xxh3_64_intdigest(self(text).encode("utf-8"))

    def key128(self, text: str | None) -> str:
        return xxhash.xxh3_128_hexdigest(self(text).encode("utf-8"))


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the bits of uint64 values (wrapping arithmetic); the array
    hash of dedup's shingles and decont's n-grams."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


_SEPARATOR = "\ue000"  # private use: not punctuation, not space, unchanged by NFKC and case folding


@functools.cache
def _punct_space_table() -> np.ndarray:
    """(0x110000,) 1 where `_PUNCT_SPACE` matches the code point (surrogates: 0)."""
    table = np.zeros(0x110000, dtype=np.uint8)
    every = "".join(map(chr, range(0xD800))) + "\x00" * 0x800 + "".join(map(chr, range(0xE000, 0x110000)))
    for m in _PUNCT_SPACE.finditer(every):
        table[m.start():m.end()] = 1
    table[0xD800:0xE000] = 0
    table[0] = 1 if _PUNCT_SPACE.fullmatch("\x00") else 0
    return table


NORMALIZERS = {n.name: n for n in (TextNormalizer("text-eq-v1", ("nfkc", "casefold", "punct_space")),)}
TEXT_EQ = NORMALIZERS["text-eq-v1"]
