"""Writing-system facts from the Unicode Script property (ISO 15924 codes), independent of any model.

One table serves every stage: `langid` asks for the dominant script of a text's letters
(`detect_scripts`), `dedup` for the share of letters in scripts written without spaces between
words (`no_space_fractions`, `segmentation`: such texts are shingled by characters). Both answers
come from the characters of the text, never from a declared language code.

The Script property of every code point comes from the `regex` module's Unicode database (the same
data its `\\p{Script=...}` classes match): `ScriptTable` asks `regex` once for each script which
code points it holds and keeps the answer as lookup arrays (script per code point, and whether it
is a letter or mark), so a batch of texts costs one vectorised lookup and a count.

Rules on top of the Unicode property (the documented rule for mixed text):

- Common (`Zyyy`: digits, punctuation, spaces) and Inherited (`Zinh`: combining marks) characters
  do not vote; a text with no other letters is `Zyyy`.
- The dominant script is the one holding the most letters; its share of all script-bearing letters
  is reported, and below `min_share` the text is `mixed` (the `langid` status `mixed_script`). A
  tie goes to the script with the lower index (alphabetical ISO 15924 code), deterministically.
- Japanese: Han mixed with Hiragana/Katakana is `Jpan`. Korean: Hangul (with or without Han) is
  `Hang`. These merged counts win over any single script they outnumber.
- Han text is split into `Hans` (Simplified) and `Hant` (Traditional) by a character heuristic: the
  Unicode Script property is `Hani` for both, so we count characters from two short lists of very
  frequent characters that exist only in one of the two standards (simplified `这国为们说时...` and
  their traditional forms `這國為們說時...`). The side with more hits wins; a tie (e.g. no
  distinguishing character in a short text) stays `Hani`, which `script_compatible` accepts for
  both `Hans` and `Hant`.

    >>> detect_script("Свако има право на живот").script, detect_script("Svako ima pravo na život").script
    ('Cyrl', 'Latn')
    >>> segmentation("人人生而自由"), segmentation("All human beings are born free")
    ('char', 'word')
"""

import functools
from dataclasses import dataclass

import numpy as np
import regex

# Scripts whose texts do not separate words with spaces (ISO 15924; `Hans`/`Hant` are the Han
# characters the Simplified/Traditional heuristic below marks).
NO_SPACE_SCRIPTS = ("Hani", "Hans", "Hant", "Hira", "Kana", "Thai", "Laoo", "Khmr", "Mymr", "Tibt")
_LETTER = regex.compile(r"[\p{L}\p{M}]")
# Code points above this are looked up as unknown (`Zzzz`): planes 0-3 hold every script's letters
# and the CJK extensions; planes 14-16 hold tags, variation selectors and private use only.
_TABLE_SIZE = 0x40000
_NEUTRAL = ("Zyyy", "Zinh", "Zzzz")
# Frequent characters that exist in only one of the two standards (simplified form, traditional
# form at the same position), hand-picked among the most frequent characters of running text.
_SIMPLIFIED = "这国为们说时会来对个学发经后权与认当实现无种见进动关开问长头东车门马买电话观让给钱还过书爱给边变应运义务产员种难题热钟级战乐务护于废条约诉讼让获护"
_TRADITIONAL = "這國為們說時會來對個學發經後權與認當實現無種見進動關開問長頭東車門馬買電話觀讓給錢還過書愛給邊變應運義務產員種難題熱鐘級戰樂務護於廢條約訴訟讓獲護"
_ISO_NAMES = ("LATN", "CYRL", "ARAB", "DEVA", "HANI", "GREK", "HEBR", "HANG", "HIRA", "KANA", "THAI", "ETHI", "BENG", "TAML")


@dataclass(frozen=True)
class ScriptResult:
    """Dominant script of a text, its share of the text's letters, and whether it is mixed."""

    script: str          # ISO 15924 code, e.g. `Latn`, `Hans`, `Jpan`; `Zyyy` when no letters
    share: float         # letters in the dominant script / all script-bearing letters (1.0 if none)
    mixed: bool          # share below the configured minimum


class ScriptTable:
    """Code point -> ISO 15924 script, built once per process from `regex`'s Unicode data."""

    def __init__(self):
        self.codes = _unicode_script_codes()
        self.index = {c: i for i, c in enumerate(self.codes)}
        self.table = np.full(_TABLE_SIZE, self.index["Zzzz"], dtype=np.int64)
        every_char = "".join(map(chr, range(_TABLE_SIZE))).replace("\x00", " ")
        pattern = regex.compile("|".join(f"(?P<{c}>\\p{{Script={c}}}+)" for c in self.codes if c not in ("Zzzz", "Hans", "Hant")))
        for m in pattern.finditer(every_char):
            self.table[m.start():m.end()] = self.index[m.lastgroup]
        self.table[0] = self.index["Zyyy"]
        self.table[-1] = self.index["Zzzz"]  # where code points beyond the table are clipped to
        # Han characters that exist in one standard only get their own pseudo-entries, so one count
        # gives both the script and the Hans/Hant evidence.
        self.table[[ord(c) for c in _SIMPLIFIED]] = self.index["Hans"]
        self.table[[ord(c) for c in _TRADITIONAL]] = self.index["Hant"]


@functools.lru_cache(maxsize=1)
def script_table() -> ScriptTable:
    return ScriptTable()


@functools.cache
def _letters() -> np.ndarray:
    """(0x110000,) 1 where a code point is a letter or mark (Thai, Khmer, Myanmar and Tibetan write
    many vowels as combining marks, so marks count as letters for segmentation)."""
    every = "".join(map(chr, range(0xD800))) + "\ufffd" * 0x800 + "".join(map(chr, range(0xE000, 0x110000)))
    table = np.zeros(0x110000, dtype=np.int32)
    table[[m.start() for m in _LETTER.finditer(every)]] = 1
    return table


@functools.cache
def _no_space_table() -> np.ndarray:
    """(0x110000,) 1 where a code point belongs to a script written without spaces (its digits and
    signs too: the numerator of `no_space_fractions` has always counted them, its denominator
    counts letters and marks only)."""
    table = script_table()
    no_space = np.zeros(len(table.codes), dtype=np.int32)
    no_space[[table.index[c] for c in NO_SPACE_SCRIPTS]] = 1
    full = np.zeros(0x110000, dtype=np.int32)
    full[:_TABLE_SIZE] = no_space[table.table]  # Hans/Hant pseudo-entries are Han: listed above
    return full


def _unicode_script_codes() -> list[str]:
    """The ISO 15924 codes `regex` knows as Unicode Script values (4-letter aliases, title case)."""
    import regex._regex_core as core  # the module's own property table: the codes \\p{Script=} accepts

    values = core.PROPERTIES["SCRIPT"][1]
    by_id: dict[int, list[str]] = {}
    for alias, i in values.items():
        by_id.setdefault(i, []).append(alias)
    codes = []
    for aliases in by_id.values():
        four = sorted(a for a in aliases if len(a) == 4 and not a.startswith("QAA"))
        if four:
            codes.append(four[0].title())
    missing = [c.title() for c in _ISO_NAMES if c.title() not in codes]
    if missing:
        raise RuntimeError(f"regex's Unicode data lacks scripts {missing}; upgrade the `regex` package")
    return sorted(set(codes) | {"Zzzz", "Zyyy", "Zinh", "Hans", "Hant"})


def detect_script(text: str, min_share: float = 0.8) -> ScriptResult:
    """The dominant ISO 15924 script of `text` (see the module docstring for the rules)."""
    return detect_scripts([text], min_share)[0]


def detect_scripts(texts: list[str], min_share: float = 0.8) -> list[ScriptResult]:
    """`detect_script` for a batch: one table lookup and one count over all texts together."""
    if not texts:
        return []
    table = script_table()
    n_texts, n_scripts = len(texts), len(table.codes)
    cps = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    text_id = np.repeat(np.arange(n_texts, dtype=np.intp) * n_scripts, [len(t) for t in texts])
    scripts = table.table.take(cps, mode="clip")  # code points beyond the table: its last entry, Zzzz
    counts = np.bincount(text_id + scripts, minlength=n_texts * n_scripts).reshape(n_texts, n_scripts)
    for neutral in _NEUTRAL:
        counts[:, table.index[neutral]] = 0
    simplified, traditional = counts[:, table.index["Hans"]].copy(), counts[:, table.index["Hant"]].copy()
    counts[:, table.index["Hani"]] += simplified + traditional
    counts[:, table.index["Hans"]] = counts[:, table.index["Hant"]] = 0
    letters = counts.sum(axis=1).tolist()
    top = counts.argmax(axis=1)
    top_n = counts[np.arange(n_texts), top].tolist()
    cjk = counts[:, [table.index[c] for c in ("Hani", "Hira", "Kana", "Hang")]]
    has_cjk = cjk.any(axis=1).tolist()
    codes = table.codes
    out = []
    for i, (t, n, total) in enumerate(zip(top.tolist(), top_n, letters)):
        if total == 0:
            out.append(ScriptResult("Zyyy", 1.0, False))
            continue
        script = codes[t]
        if has_cjk[i]:
            script, n = _cjk_script(cjk[i], script, n, int(simplified[i]), int(traditional[i]))
        share = n / total
        out.append(ScriptResult(script, share, share < min_share))
    return out


def _cjk_script(cjk: np.ndarray, script: str, n: int, simplified: int, traditional: int) -> tuple[str, int]:
    """Japanese and Korean write with several Unicode scripts: count them as one writing system,
    and split Han into Hans/Hant by the distinguishing characters."""
    han, hira, kana, hang = (int(x) for x in cjk)
    if hira + kana:
        merged = ("Jpan", han + hira + kana)
    elif hang:
        merged = ("Hang", hang + han)
    else:
        variant = "Hans" if simplified > traditional else "Hant" if traditional > simplified else "Hani"
        merged = (variant, han)
    return merged if merged[1] >= n else (script, n)


def script_compatible(declared: str, detected: str) -> bool:
    """Whether text detected as `detected` can be in a language declared with script `declared`."""
    if detected in ("Zyyy", declared) or declared in ("Zyyy", ""):
        return True
    if detected == "Hani":
        return declared in ("Hans", "Hant", "Hani", "Jpan", "Kore")
    if declared == "Hani":  # Han without a standard named (vie_Hani: chữ Hán/Nôm) fits either standard
        return detected in ("Hans", "Hant")
    if declared == "Kore":
        return detected in ("Hang", "Hans", "Hant")
    if declared == "Jpan":
        return detected in ("Hans", "Hant")
    return False


def _codepoints(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """All code points of `texts` concatenated (plus a trailing 0) and each text's start offset."""
    cps = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    starts = np.zeros(len(texts), dtype=np.int64)
    np.cumsum([len(t) for t in texts[:-1]], out=starts[1:])
    return np.append(cps, 0), starts  # reduceat needs an element at every start, also for a trailing empty text


def no_space_fractions(texts: list[str]) -> np.ndarray:
    """(len(texts),) share of the letters (and marks) of each text in a script written without spaces."""
    if not texts:
        return np.zeros(0)
    no_space, letter = _no_space_table(), _letters()
    cps, starts = _codepoints(texts)
    ns, le = np.add.reduceat(no_space[cps], starts), np.add.reduceat(letter[cps], starts)
    empty = np.diff(np.append(starts, len(cps) - 1)) == 0
    ns[empty], le[empty] = 0, 0
    return np.divide(ns, le, out=np.zeros(len(texts)), where=le > 0)


def no_space_codepoints(cps: np.ndarray) -> np.ndarray:
    """(len(cps),) bool: which code points belong to a script written without spaces (Han, Kana,
    Thai, ...; their digits and signs too), e.g. to cut a mixed text into characters and words."""
    return _no_space_table().take(cps, mode="clip").astype(bool)


def segmentations(texts: list[str]) -> np.ndarray:
    """(len(texts),) bool: True where a text is to be shingled by characters (mostly Han, Kana, Thai...)."""
    return no_space_fractions(texts) >= 0.5


def segmentation(text: str) -> str:
    """`"char"` when most letters of `text` are in a no-space script (Han, Kana, Thai, ...), else `"word"`."""
    return "char" if segmentations([text])[0] else "word"
