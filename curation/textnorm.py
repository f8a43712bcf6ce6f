"""Text equality: one normaliser, with named rules, deciding when two texts are "the same text".

Used by dedup (exact hashes and shingles, `curation.dedup.normalize`) and by mining (a candidate
that equals the positive or the query is a duplicate, not a negative), so both agree.

    nfkc          Unicode NFKC: width forms and compatibility characters fold (`Ｈ` -> `H`)
    casefold      full case folding (`Straße` == `STRASSE`)
    punct_space   every run of punctuation (\\p{P}) and whitespace becomes one space; ends stripped

`text-eq-v1` applies all three in that order: `"  Ｈｅｌｌｏ,  WORLD!"` -> `"hello world"`.
Symbols (\\p{S}: `+`, `$`, `©`) and digits are kept: `C++` and `C` are different texts.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import regex
import xxhash

_PUNCT_SPACE = regex.compile(r"[\p{P}\s]+")


def _nfkc(text: str) -> str:
    # a quick check first: most text already is NFKC
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


RULES: dict[str, Callable[[str], str]] = {
    "nfkc": _nfkc,
    "casefold": str.casefold,
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

    def key64(self, text: str | None) -> int:
        return xxhash.xxh3_64_intdigest(self(text).encode("utf-8"))

    def key128(self, text: str | None) -> str:
        return xxhash.xxh3_128_hexdigest(self(text).encode("utf-8"))


NORMALIZERS = {n.name: n for n in (TextNormalizer("text-eq-v1", ("nfkc", "casefold", "punct_space")),)}
TEXT_EQ = NORMALIZERS["text-eq-v1"]
