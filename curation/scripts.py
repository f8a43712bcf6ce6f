"""Writing-system facts from the Unicode Script property (via the `regex` module's `\\p{Script=...}`).

Used to pick how a text is segmented: scripts written without spaces between words are shingled
by characters, the others by words. The decision comes from the characters of the text, never
from a declared language code.
"""

import regex

# Scripts whose texts do not separate words with spaces.
NO_SPACE_SCRIPTS = ("Han", "Hiragana", "Katakana", "Thai", "Lao", "Khmer", "Myanmar", "Tibetan")

_NO_SPACE = regex.compile("[" + "".join(rf"\p{{Script={s}}}" for s in NO_SPACE_SCRIPTS) + "]")
# Letters and marks: Thai, Khmer, Myanmar and Tibetan write many vowels as combining marks.
_LETTER = regex.compile(r"[\p{L}\p{M}]")


def no_space_fraction(text: str) -> float:
    """Share of the letters (and marks) of `text` that belong to a script written without spaces."""
    letters = len(_LETTER.findall(text))
    return len(_NO_SPACE.findall(text)) / letters if letters else 0.0


def segmentation(text: str) -> str:
    """`"char"` when most letters of `text` are in a no-space script (Han, Kana, Thai, ...), else `"word"`.

    >>> segmentation("人人生而自由"), segmentation("All human beings are born free")
    ('char', 'word')
    """
    return "char" if no_space_fraction(text) >= 0.5 else "word"
