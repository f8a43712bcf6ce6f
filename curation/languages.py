"""The language registry and the normalisation of source language codes to registry codes.

Registry codes are ISO 639-3 + "_" + ISO 15924 script (`swh_Latn`, `zho_Hant`). Sources declare
languages in many ways (ISO 639-1 `sw`, BCP-47 `zh-Hant`, macrolanguages `swa`/`ara`, individual
languages `swh`/`arb`); `LanguageNormalizer` maps them all to one code with `langcodes` (CLDR and
IANA data), never with a hand-written table:

- a tag is parsed and validated as BCP-47 (`sw_Latn`-style underscores are accepted);
- the script is the tag's own, else the script of the text when the caller knows it
  (`normalize_for_script`: the UDHR writes Nanai, Nenets or Khakas in Cyrillic, and Turkmen, Uzbek
  and Azerbaijani in two scripts, while CLDR's likely script for each is Latin), else the
  language's likely script (CLDR likely subtags);
- the language is compared through its CLDR macrolanguage form, so `sw`, `swa` and `swh` all meet
  the registry's `swh_Latn`, and `ar`/`arb` meet `arb_Arab`;
- a valid language outside the registry keeps its own ISO 639-3 code (`quy_Latn`);
- anything that is not a real language (`xx`, `foo`, private-use `qaa`–`qtz`) is a BadRecord:
  quarantined, never guessed.

    >>> norm = LanguageNormalizer(Registry.load())
    >>> norm.normalize("zh-Hant"), norm.normalize("sw"), norm.normalize("arb")
    ('zho_Hant', 'swh_Latn', 'arb_Arab')
"""

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

import langcodes

from .errors import BadRecord, ConfigError
from .paths import DEFAULT_REGISTRY

UNDETERMINED = "und_Zyyy"
REGISTRY_COLUMNS = ("code", "kind", "iso639_3", "script", "name", "tier", "target", "extensions", "lat", "lon")


@dataclass(frozen=True)
class LanguageEntry:
    code: str
    kind: str  # natural | programming
    iso639_3: str
    script: str
    name: str
    tier: str
    target: bool
    extensions: tuple[str, ...]
    lat: float | None
    lon: float | None


class Registry:
    """The target registry `configs/languages.csv`: natural languages with tiers, and programming
    languages with their file extensions."""

    def __init__(self, entries: list[LanguageEntry], path: Path | None = None):
        self.entries = entries
        self.path = path
        self.by_code = {e.code: e for e in entries}
        self.by_extension = {ext: e.code for e in entries if e.kind == "programming" for ext in e.extensions}

    @classmethod
    @functools.lru_cache(maxsize=8)
    def load(cls, path: str | Path = DEFAULT_REGISTRY) -> "Registry":
        path = Path(path)
        if not path.exists():
            raise ConfigError(f"language registry not found at {path}", fix="point `languages:` at configs/languages.csv")
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = set(REGISTRY_COLUMNS) - set(reader.fieldnames or ())
            if missing:
                raise ConfigError(f"missing columns {sorted(missing)}", file=str(path), fix=f"columns are {REGISTRY_COLUMNS}")
            entries = [_entry(row) for row in reader]
        return cls(entries, path)

    @functools.cached_property
    def scripts(self) -> dict[str, frozenset[str]]:
        """ISO 639-3 -> the scripts the language is written in, from `language_scripts.csv` next to
        the registry (CLDR languageData plus the scripts the bundled UDHR shows; written by
        configs/build_languages.py); empty when that file is absent."""
        path = (self.path or Path(DEFAULT_REGISTRY)).with_name("language_scripts.csv")
        if not path.exists():
            return {}
        with path.open(newline="", encoding="utf-8") as f:
            return {row["iso639_3"]: frozenset(filter(None, row["scripts"].split("|"))) for row in csv.DictReader(f)}

    def scripts_of(self, code: str) -> frozenset[str] | None:
        """Scripts listed for a registry code's language and its macrolanguage (`uzn_Cyrl` -> Uzbek's
        Latn/Cyrl/Arab); None when nothing is known about the language."""
        iso = code.partition("_")[0]
        found = self.scripts.get(iso, frozenset()) | self.scripts.get(_macro_alpha3(iso), frozenset())
        return found or None

    def natural(self) -> list[LanguageEntry]:
        return [e for e in self.entries if e.kind == "natural"]

    def programming(self) -> list[LanguageEntry]:
        return [e for e in self.entries if e.kind == "programming"]

    @functools.cached_property
    def code_aliases(self) -> dict[str, str]:
        """Normalised programming-language spelling -> registry code, from `code_languages.csv`
        beside the registry (built with it by configs/build_languages.py); registry codes and
        names always count."""
        out = {code_alias_key(e.name): e.code for e in self.programming()}
        out.update({code_alias_key(e.code): e.code for e in self.programming()})
        path = self.path.with_name("code_languages.csv") if self.path else None
        if path is not None and path.exists():
            with path.open(newline="", encoding="utf-8") as f:
                out.update({row["alias"]: row["code"] for row in csv.DictReader(f) if row["code"] in self.by_code})
        return out

    def normalize_code_lang(self, name: str | None) -> str | None:
        """A programming language as sources and detectors spell it (`C++`, `cpp`, `objc`, `bash`,
        `Emacs Lisp`, `emacs-lisp`) -> its registry code, or None when no registry row has it."""
        if not name:
            return None
        return self.code_aliases.get(code_alias_key(str(name)))

    def code_language(self, filename: str) -> str | None:
        """Programming language of a file by its extension (`.py` -> `python`), or None."""
        name = filename.lower()
        for ext in sorted(self.by_extension, key=len, reverse=True):  # `.d.ts` before `.ts`
            if name.endswith(ext):
                return self.by_extension[ext]
        return None


def code_alias_key(name: str) -> str:
    """Normal form of a programming-language name: casefolded, `_`/`-`/spaces collapsed (the rule
    configs/build_languages.py applies to `code_languages.csv`)."""
    return " ".join(name.casefold().replace("_", " ").replace("-", " ").split())


def _entry(row: dict) -> LanguageEntry:
    def num(v):
        return float(v) if v not in (None, "") else None

    exts = tuple(x.lower() for x in (row["extensions"] or "").split("|") if x)
    return LanguageEntry(
        row["code"], row["kind"], row["iso639_3"] or "", row["script"] or "", row["name"], row["tier"] or "",
        row["target"].strip().lower() == "true", exts, num(row["lat"]), num(row["lon"]),
    )


def _macro_key(language: str, script: str) -> tuple[str, str]:
    """Comparison key: the CLDR macrolanguage form of the language (arb -> ar, swh -> sw) + script."""
    return langcodes.Language.get(language).prefer_macrolanguage().language, script


@functools.lru_cache(maxsize=65536)
def _macro_alpha3(iso: str) -> str:
    try:
        return langcodes.Language.get(iso).prefer_macrolanguage().to_alpha3()
    except (ValueError, LookupError):
        return iso


@functools.lru_cache(maxsize=65536)
def macro_language(code: str) -> str:
    """The CLDR macrolanguage form of a registry code's language (`arb_Arab` -> `ar`, `swh_Latn`
    -> `sw`): two codes name the same language when these agree."""
    return _macro_key(code.partition("_")[0], "")[0]


class LanguageNormalizer:
    """Maps source language tags to registry codes. Cached: sources repeat few distinct tags."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self._by_key: dict[tuple[str, str], str] = {}
        by_language: dict[str, list[str]] = {}
        for e in registry.natural():
            by_language.setdefault(_macro_key(e.iso639_3, e.script)[0], []).append(e.code)
            key = _macro_key(e.iso639_3, e.script)
            # Two registry rows can share a macrolanguage key (e.g. several Arabic varieties do not:
            # each keeps its own code; only the CLDR "primary" individual collapses onto the macro).
            self._by_key.setdefault(key, e.code)
            self._by_key.setdefault((e.iso639_3, e.script), e.code)
        # A language with one registry script takes it when the tag names no script (CLDR's likely
        # script for `ko` is `Kore`, the registry's Korean is `kor_Hang`).
        self._only_script = {lang: codes[0] for lang, codes in by_language.items() if len(codes) == 1}
        self.normalize = functools.lru_cache(maxsize=65536)(self._normalize)
        self.declares_script = functools.lru_cache(maxsize=65536)(self._declares_script)
        self.normalize_for_script = functools.lru_cache(maxsize=65536)(self._normalize_for_script)

    def _declares_script(self, tag: str) -> bool:
        """Whether the tag names its script (`uz-Cyrl`, `uzn_Cyrl`, a registry code) rather than
        leaving it to likely-subtag data (`uz`, `uzn`)."""
        raw = str(tag).strip()
        if raw in self.registry.by_code:
            return True
        try:
            return langcodes.Language.get(raw.replace("_", "-")).script is not None
        except (ValueError, LookupError):
            return False

    def _normalize_for_script(self, tag: str, script: str) -> str:
        """`normalize(tag)`, but a tag without a script takes `script`, the dominant script of the
        text it labels (`gld` + Cyrillic text -> `gld_Cyrl`, not likely-subtag `gld_Latn`). `script`
        values that are no writing system (`Zyyy`, `Zinh`, `Zzzz`, empty) leave the likely script;
        `Hani` (Han without a Simplified/Traditional hint) keeps a Han likely script."""
        code = self.normalize(tag)
        if not script or script in ("Zyyy", "Zinh", "Zzzz") or code == UNDETERMINED or self.declares_script(tag):
            return code
        own = code.partition("_")[2]
        if own == script or (script == "Hani" and own in ("Hans", "Hant", "Hani", "Jpan", "Kore")) \
                or (own == "Jpan" and script in ("Hans", "Hant", "Hira", "Kana")) or (own == "Kore" and script == "Hang"):
            return code
        language = langcodes.Language.get(str(tag).strip().replace("_", "-")).language
        try:
            return self.normalize(f"{language}-{'Hans' if script == 'Hani' else script}")
        except BadRecord:
            return code

    def _normalize(self, tag: str) -> str:
        if tag is None or not str(tag).strip():
            raise BadRecord("missing language", "no declared language")
        raw = str(tag).strip()
        entry = self.registry.by_code.get(raw)
        if entry is not None and entry.kind == "natural":
            return raw
        text = raw.replace("_", "-")
        if text.lower() in ("und", "und-zyyy"):
            return UNDETERMINED
        if not langcodes.tag_is_valid(text):
            raise BadRecord("unknown language code", raw)
        lang = langcodes.Language.get(text)
        if lang.language in (None, "und") or _is_private_use(lang.language):
            raise BadRecord("unknown language code", raw)
        if lang.display_name().startswith("Unknown language"):
            raise BadRecord("unknown language code", raw)
        script = lang.script or lang.maximize().script or "Zyyy"
        key = _macro_key(lang.language, script)
        if key in self._by_key:
            return self._by_key[key]
        alpha3 = lang.to_alpha3()
        if (alpha3, script) in self._by_key:
            return self._by_key[(alpha3, script)]
        if lang.script is None and key[0] in self._only_script:
            return self._only_script[key[0]]
        return f"{alpha3}_{script}"


def _is_private_use(code: str) -> bool:
    return len(code) == 3 and "qaa" <= code <= "qtz"
