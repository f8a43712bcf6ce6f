"""Writing-system facts from the Unicode Script property (via the `regex` module's `\\p{Script=...}`).

Used to pick how a text is segmented: scripts written without spaces between words are shingled
by characters, the others by words. The decision comes from the characters of the text, never
from a declared language code.
"""

import functools

import numpy as np
import regex

# Scripts whose texts do not separate words with spaces.
NO_SPACE_SCRIPTS = ("Han", "Hiragana", "Katakana", "Thai", "Lao", "Khmer", "Myanmar", "Tibetan")

_NO_SPACE = regex.compile("[" + "".join(rf"\p{{Script={s}}}" for s in NO_SPACE_SCRIPTS) + "]")
# Letters and marks: Thai, Khmer, Myanmar and Tibetan write many vowels as combining marks.
_LETTER = regex.compile(r"[\p{L}\p{M}]")


@functools.cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Per code point: is it in a no-space script; is it a letter or mark (built once, ~0.5 s)."""
    every = "".join(map(chr, range(0xD800))) + "\ufffd" * 0x800 + "".join(map(chr, range(0xE000, 0x110000)))
    tables = []
    for rx in (_NO_SPACE, _LETTER):
        t = np.zeros(0x110000, dtype=np.int32)
        t[[m.start() for m in rx.finditer(every)]] = 1
        tables.append(t)
    return tables[0], tables[1]


def no_space_fractions(texts: list[str]) -> np.ndarray:
    """(len(texts),) share of the letters (and marks) of each text in a script written without spaces."""
    if not texts:
        return np.zeros(0)
    no_space, letter = _tables()
    cps = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    starts = np.zeros(len(texts), dtype=np.int64)
    np.cumsum([len(t) for t in texts[:-1]], out=starts[1:])
    cps = np.append(cps, 0)  # reduceat needs an element at every start, also for a trailing empty text
    ns, le = np.add.reduceat(no_space[cps], starts), np.add.reduceat(letter[cps], starts)
    empty = np.diff(np.append(starts, len(cps) - 1)) == 0
    ns[empty], le[empty] = 0, 0
    return np.divide(ns, le, out=np.zeros(len(texts)), where=le > 0)


def segmentations(texts: list[str]) -> np.ndarray:
    """(len(texts),) bool: True where a text is to be shingled by characters (mostly Han, Kana, Thai...)."""
    return no_space_fractions(texts) >= 0.5


def segmentation(text: str) -> str:
    """`"char"` when most letters of `text` are in a no-space script (Han, Kana, Thai, ...), else `"word"`.

    >>> segmentation("人人生而自由"), segmentation("All human beings are born free")
    ('char', 'word')
    """
    return "char" if segmentations([text])[0] else "word"
