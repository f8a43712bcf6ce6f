"""Programming language of a file by its content: a chain of strategies, the deciding one recorded.

Order (GitHub linguist's, run through its Go port go-enry, PyPI `enry-python`), then magika:

1. `modeline`   an Emacs/Vim modeline (`-*- mode: ruby -*-`, `vim: ft=perl`)
2. `filename`   a known file name (`Makefile`, `Dockerfile`, `Rakefile`, `meson.build`)
3. `shebang`    `#!/usr/bin/env python3`
4. `extension`  an extension only one language claims
5. `heuristics` linguist's content rules among the languages an ambiguous extension allows
                (`.h`: C / C++ / Objective-C, `.pl`: Perl / Prolog, `.m`, `.v`, `.inc`...)
6. `classifier` linguist's token classifier among those languages when no rule fires
7. `magika`     Google's magika model, only for files go-enry cannot place at all (no or unknown
                extension, no shebang): about 90 files/s on one core against go-enry's thousands,
                so it runs last, on the few files that need it.

Measured on the labelled set of `benchmarks/code_lang_bench.py` (1,017 files, one core): this chain
0.993 accuracy (0.986 on ambiguous or missing extensions) at 1,444 files/s; go-enry's single
`get_language` call 0.989 / 0.984 at 3,074 files/s; magika alone 0.702 / 0.623 at 22 files/s;
the extension table alone 0.810 / 0.629. Hence go-enry first and magika only where go-enry has
no candidate at all.
A file no strategy places is `unknown programming language` (the caller quarantines it). Before the
chain, files linguist leaves out of language statistics are skipped with a reason: `binary`,
`vendored` (go-enry's vendor paths: `node_modules/`, `vendor/`, `third_party/`...), `minified`
(`.js`/`.css` with an average line over 110 characters, linguist's rule) and `generated`
(go-enry's generated-file rules: lock files, protobuf/Cython output, "Code generated ... DO NOT EDIT").

    >>> det = CodeLanguageDetector(Registry.load())
    >>> det.detect("lib/foo.h", b"#import <Foundation/Foundation.h>\\n@interface Foo : NSObject\\n@end\\n")
    Detection(code='objective-c', name='Objective-C', strategy='heuristics', skip=None)
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from ..errors import ConfigError
from ..languages import Registry

STRATEGIES = ("modeline", "filename", "shebang", "extension", "heuristics", "classifier", "magika")
SKIP_REASONS = ("binary", "vendored", "minified", "generated")
UNKNOWN = "unknown programming language"
_MINIFIED_EXTS = (".js", ".mjs", ".cjs", ".css")
_MINIFIED_LINE = 110  # linguist Generated#minified_files?: average line length above this
_HEAD = 64 * 1024  # linguist reads at most this much for heuristics; keeps the classifier fast

# magika labels whose name is not a linguist name or alias.
_MAGIKA_NAMES = {"asm": "Assembly", "batch": "Batchfile", "cs": "C#", "objectivec": "Objective-C", "vba": "VBA",
                 "lisp": "Common Lisp", "proto": "Protocol Buffer", "dockerfile": "Dockerfile", "makefile": "Makefile",
                 "gemfile": "Ruby", "gemspec": "Ruby", "gradle": "Gradle", "bazel": "Starlark", "erb": "HTML+ERB",
                 "shell": "Shell", "txt": None, "unknown": None, "empty": None}


class Detection(NamedTuple):
    code: str | None  # registry code (`cpp`); None when unknown, skipped or built without a registry
    name: str | None  # the detector's own name (`C++`)
    strategy: str | None  # one of STRATEGIES, None when unknown or skipped
    skip: str | None  # one of SKIP_REASONS when the file is left out


class CodeLanguageDetector:
    """`detect(path, content) -> Detection` for one file; `path` is relative to the source folder
    (vendored-path rules look at its folders). `magika=False` stops after go-enry."""

    def __init__(self, registry: Registry | None = None, *, magika: bool = True):
        try:
            import enry  # noqa: F401 - fail at construction, not on the first file
        except ImportError as e:
            raise ConfigError(f"code_folder sources need go-enry's Python bindings: {e}", key="kind",
                              fix='pip install "enry-python>=0.2,<0.4" (wheels: Linux x86_64, CPython 3.10-3.13)') from None

        self.registry = registry
        self.use_magika = magika
        self._magika = None

    def skip_reason(self, path: str, content: bytes) -> str | None:
        import enry

        if b"\0" in content[:8000] or enry.is_binary(content[:8000]):
            return "binary"
        if enry.is_vendor(path):
            return "vendored"
        if path.lower().endswith(_MINIFIED_EXTS) and _average_line(content) > _MINIFIED_LINE:
            return "minified"
        if enry.is_generated(path, content[:_HEAD]):
            return "generated"
        return None

    def detect(self, path: str, content: bytes) -> Detection:
        skip = self.skip_reason(path, content)
        if skip:
            return Detection(None, None, None, skip)
        name, strategy = self._enry(path, content[:_HEAD])
        if name is None and self.use_magika:
            name, strategy = self._by_magika(content), "magika"
        if name is None:
            return Detection(None, None, None, None)
        code = self.registry.normalize_code_lang(name) if self.registry is not None else None
        return Detection(code, name, strategy, None)

    def _enry(self, path: str, content: bytes) -> tuple[str | None, str | None]:
        import enry

        base = path.rsplit("/", 1)[-1]
        for strategy, fn in (("modeline", _by_modeline), ("filename", _by_filename), ("shebang", _by_shebang)):
            langs = fn(base, content)
            if len(langs) == 1:
                return langs[0], strategy
        candidates = _plural("GetLanguagesByExtension", base, content, None)
        if len(candidates) == 1:
            return candidates[0], "extension"
        if not candidates:
            return None, None
        by_rules = _plural("GetLanguagesByContent", base, content, candidates)
        if len(by_rules) == 1:
            return by_rules[0], "heuristics"
        ranked = enry.get_languages(base, content)  # go-enry's chain ends in the classifier
        return (ranked[0], "classifier") if ranked else (None, None)

    def _by_magika(self, content: bytes) -> str | None:
        if self._magika is None:
            from magika import Magika

            self._magika = Magika()
        label = str(self._magika.identify_bytes(content).output.label)
        return _MAGIKA_NAMES.get(label, label)


def _average_line(content: bytes) -> float:
    lines = content.count(b"\n") + 1
    return len(content) / lines


def _plural(fn: str, base: str, content: bytes, candidates: list[str] | None) -> list[str]:
    """go-enry's `GetLanguagesBy*` with its candidate list (the Python wrapper exposes only some)."""
    from enry.definitions import lib
    from enry.utils import go_str_slice_to_py, prepare_candidates

    c_cand, _keep = prepare_candidates(candidates)
    return go_str_slice_to_py(lib, getattr(lib, fn)(base.encode(), content, len(content), c_cand))


def _by_modeline(base: str, content: bytes) -> list[str]:
    return _plural("GetLanguagesByModeline", base, content, None)


@functools.lru_cache(maxsize=4096)
def _filename_langs(base: str) -> tuple[str, ...]:
    return tuple(_plural("GetLanguagesByFilename", base, b"", None))


def _by_filename(base: str, content: bytes) -> list[str]:
    return list(_filename_langs(base))


def _by_shebang(base: str, content: bytes) -> list[str]:
    return _plural("GetLanguagesByShebang", base, content[:512], None) if content.startswith(b"#!") else []
