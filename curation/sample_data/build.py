#!/usr/bin/env python3
"""Rebuild the small bundled sample of real data in ``curation/sample_data/``.

Outputs (all written next to this script unless ``--out`` is given):

* ``udhr_pairs.jsonl.gz``        UDHR paragraphs of every declaration, each
                                 non-English one joined to the English text.
* ``udhr_eval.jsonl.gz``         article 14 of nine declarations: a small reference
                                 (evaluation) set for the decont stage.
* ``python_docstrings.jsonl.gz``  (docstring, code) pairs from the running
                                 interpreter's standard library.
* ``code/<language>/...``        real open-source files copied from this
                                 machine, plus ``code/SOURCES.md``.

Usage::

    python curation/sample_data/build.py --udhr /work/shared/data/udhr/udhr-dev.jsonl.gz

Standard library only. Rebuilding on the same machine (same interpreter and
installed packages) is byte-identical: gzip members are written with mtime=0
and no file name, and every selection is sorted before it is sampled.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import glob
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import textwrap
import tokenize
import zipfile
from types import SimpleNamespace
from typing import Iterable, Iterator

HERE = os.path.dirname(os.path.abspath(__file__))

UDHR_FIELDS = ("decl", "lang", "name", "lat", "lon", "section", "article", "para", "text", "en_text")
ENGLISH = "eng"

STDLIB_SKIP_DIRS = {"test", "tests", "idlelib", "site-packages", "lib2to3", "__pycache__"}
MIN_DOCSTRING_CHARS = 20
MAX_CODE_CHARS = 4000
DEFAULT_MAX_DOCSTRINGS = 3000

MAX_CODE_FILE_BYTES = 20 * 1024  # each copied source file is smaller than this
MIN_CODE_FILE_BYTES = 150
LANG_BYTE_BUDGET = 165 * 1024  # per language folder; 7 folders stay under 1.2 MB


# --------------------------------------------------------------------------- io


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def write_jsonl_gz(path: str, rows: Iterable[dict]) -> int:
    """Write rows as gzip JSON Lines, reproducibly (mtime=0, no name), atomically."""
    tmp = path + ".tmp"
    n = 0
    with open(tmp, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            for row in rows:
                gz.write(json.dumps(row, ensure_ascii=False).encode("utf-8"))
                gz.write(b"\n")
                n += 1
    os.replace(tmp, path)
    return n


def read_jsonl_gz(path: str) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield json.loads(line)


def even_pick(items: list, cap: int) -> list:
    """Deterministically take ``cap`` evenly spaced items (every k-th, k = n/cap)."""
    n = len(items)
    if n <= cap:
        return list(items)
    return [items[i * n // cap] for i in range(cap)]


# ------------------------------------------------------------------------- udhr


def declared_lang(row: dict) -> str:
    bcp47 = row.get("bcp47")
    if bcp47 and bcp47 != "und":
        return bcp47
    return row["iso639_3"]


def build_udhr_pairs(rows: list[dict]) -> list[dict]:
    """Join every paragraph to the English paragraph with the same position."""
    english_decls = sorted({r["decl"] for r in rows if r.get("iso639_3") == ENGLISH})
    if not english_decls:
        raise SystemExit("no English declaration (iso639_3 == 'eng') in the UDHR file")
    en_decl = english_decls[0]
    en = {(r["section"], r["article"], r["para"]): r["text"] for r in rows if r["decl"] == en_decl}

    out = []
    for r in sorted(rows, key=lambda r: (r["decl"], r["article"], r["para"])):
        if r["decl"] == en_decl:
            en_text = None
        else:
            key = (r["section"], r["article"], r["para"])
            en_text = en.get(key)
            if en_text is None:
                en_text = en.get((r["section"], r["article"], 0))
        row = {
            "decl": r["decl"],
            "lang": declared_lang(r),
            "name": r.get("name"),
            "lat": r.get("lat"),
            "lon": r.get("lon"),
            "section": r["section"],
            "article": r["article"],
            "para": r["para"],
            "text": r["text"],
            "en_text": en_text,
        }
        out.append(row)
    return out


# ------------------------------------------------------------------- docstrings


# Declarations whose article 14 is the bundled reference set (a stand-in evaluation set): Latin,
# Cyrillic, Arabic, Devanagari, Han, Japanese and Thai script.
EVAL_DECLS = ("arb", "cmn_hans", "fra", "hin", "jpn", "rus", "spa", "swh", "tha")
EVAL_ARTICLE = 14


def build_udhr_eval(pairs: list[dict]) -> list[dict]:
    """Article 14 of a few declarations, one paragraph a row: a small public-domain reference set
    (`role: eval` in configs/sources/udhr-eval.yaml) that the quickstart decontaminates against."""
    return [{"id": f"{r['decl']}-{r['article']}-{r['para']}", "decl": r["decl"], "lang": r["lang"], "text": r["text"]}
            for r in pairs if r["decl"] in EVAL_DECLS and r["article"] == EVAL_ARTICLE]


def first_paragraph(doc: str) -> str:
    para = re.split(r"\n\s*\n", doc.strip(), maxsplit=1)[0]
    return " ".join(para.split())


_LINE_RE = re.compile(r".*?(?:\r\n|\r|\n)|.+\Z", re.S)


def split_source_lines(source: str) -> list[str]:
    """Lines with their endings, split the way the ``ast`` module does (not on \\f)."""
    return _LINE_RE.findall(source)


def code_without_docstring(lines: list[str], node: ast.AST) -> str | None:
    """Source of a function with its docstring lines removed (None if not separable).

    ``ast.get_source_segment`` re-splits the whole file on every call, so it is
    given only the function's own lines and a location relative to them.
    """
    body = node.body
    doc = body[0]
    if len(body) < 2:  # nothing left but the signature
        return None
    if doc.lineno <= node.lineno or body[1].lineno <= doc.end_lineno:
        return None  # docstring shares a line with the signature or the next statement
    chunk = "".join(lines[node.lineno - 1:node.end_lineno])
    loc = SimpleNamespace(lineno=1, end_lineno=node.end_lineno - node.lineno + 1,
                          col_offset=node.col_offset, end_col_offset=node.end_col_offset)
    segment = ast.get_source_segment(chunk, loc, padded=True)
    if segment is None:
        return None
    lines = segment.splitlines()
    start = doc.lineno - node.lineno
    end = doc.end_lineno - node.lineno
    kept = lines[:start] + lines[end + 1:]
    return textwrap.dedent("\n".join(kept)).strip("\n")


def iter_functions(tree: ast.Module) -> Iterator[tuple[str, ast.AST]]:
    funcs = (ast.FunctionDef, ast.AsyncFunctionDef)
    for node in tree.body:
        if isinstance(node, funcs):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for sub in node.body:
                if isinstance(sub, funcs):
                    yield f"{node.name}.{sub.name}", sub


def iter_stdlib_files(stdlib: str) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(stdlib):
        dirnames[:] = sorted(d for d in dirnames if d not in STDLIB_SKIP_DIRS)
        for name in sorted(filenames):
            if name.endswith(".py"):
                yield os.path.join(dirpath, name)


def build_docstring_pairs(stdlib: str, cap: int) -> tuple[list[dict], int]:
    candidates = []
    for path in iter_stdlib_files(stdlib):
        rel = os.path.relpath(path, stdlib).replace(os.sep, "/")
        try:
            with tokenize.open(path) as fh:
                source = fh.read()
            tree = ast.parse(source, filename=path)
        except (SyntaxError, UnicodeDecodeError, ValueError, OSError) as exc:
            log(f"  docstrings: skip {rel}: {type(exc).__name__}")
            continue
        lines = split_source_lines(source)
        for qualname, node in iter_functions(tree):
            doc = ast.get_docstring(node)
            if not doc or len(doc) < MIN_DOCSTRING_CHARS:
                continue
            code = code_without_docstring(lines, node)
            if not code or len(code) > MAX_CODE_CHARS:
                continue
            query = first_paragraph(doc)
            if not query:
                continue
            candidates.append((rel, qualname, node.lineno, {
                "query": query,
                "code": code,
                "path": rel,
                "name": qualname,
                "license": "PSF-2.0",
            }))
    candidates.sort(key=lambda c: c[:3])
    picked = [c[3] for c in even_pick(candidates, cap)]
    return picked, len(candidates)


# ------------------------------------------------------------------ code files
# Each source: where to look, which license the files carry, and a regex that
# must occur in the file's first 4 KB as evidence of that license (None when the
# evidence is the package's copyright file / package.json, named in `evidence`).

def _npm_permissive_js() -> list[str]:
    """lib/*.js of npm's bundled dependencies whose package.json says MIT/ISC/BSD-2."""
    roots = sorted(glob.glob("/usr/lib/node_modules/npm/node_modules/*/package.json")
                   + glob.glob("/usr/lib/node_modules/npm/node_modules/@*/*/package.json"))
    out = []
    for pj in roots:
        try:
            with open(pj, encoding="utf-8") as fh:
                lic = json.load(fh).get("license")
        except (OSError, ValueError):
            continue
        if lic in ("MIT", "ISC", "BSD-2-Clause"):
            out.extend(sorted(glob.glob(os.path.join(os.path.dirname(pj), "lib", "*.js"))))
    return out


def _npm_license(path: str) -> str:
    pkg_dir = os.path.dirname(os.path.dirname(path))  # <pkg>/lib/<file>.js
    try:
        with open(os.path.join(pkg_dir, "package.json"), encoding="utf-8") as fh:
            meta = json.load(fh)
        return f"{meta.get('license')} (npm package {meta.get('name')} {meta.get('version')})"
    except (OSError, ValueError):
        return "unknown"


SHELL_FILES = [
    # (path, license, header regex or None)
    ("/usr/share/icu/*/install-sh", "X11 (MIT-style, X Consortium)", r"Permission is hereby granted"),
    ("/usr/share/icu/*/mkinstalldirs", "Public domain (ICU: Unicode-DFS-2016)", r"[Pp]ublic domain"),
    ("/usr/bin/ncurses6-config", "X11 (MIT-style, ncurses)", r"Permission is hereby granted"),
    ("/usr/bin/ncursesw6-config", "X11 (MIT-style, ncurses)", r"Permission is hereby granted"),
    ("/usr/bin/zstdgrep", "BSD-2-Clause", r"Redistributions of source code"),
    ("/usr/bin/ssh-copy-id", "BSD-2-Clause", r"Redistributions of source code"),
    ("/usr/lib/node_modules/npm/node_modules/node-gyp/gyp/gyp", "BSD-3-Clause (gyp, Chromium)", r"BSD-style license"),
    ("/usr/share/cmake-3*/Modules/SquishRunTestCase.sh", "BSD-3-Clause (CMake)", None),
    ("/usr/share/cmake-3*/Modules/Squish4RunTestCase.sh", "BSD-3-Clause (CMake)", None),
    ("/usr/share/cmake-3*/Modules/Internal/CPack/CPack.STGZ_Header.sh.in", "BSD-3-Clause (CMake)", None),
    ("/usr/share/cmake-3*/Modules/Internal/CPack/CPack.RuntimeScript.in", "BSD-3-Clause (CMake)", None),
    ("/usr/lib/node_modules/corepack/shims/corepack", "MIT (corepack package.json)", None),
    ("/usr/lib/node_modules/corepack/shims/npm", "MIT (corepack package.json)", None),
    ("/usr/lib/node_modules/corepack/shims/pnpm", "MIT (corepack package.json)", None),
    ("/usr/lib/node_modules/corepack/shims/yarn", "MIT (corepack package.json)", None),
    ("/usr/bin/x86_64-linux-gnu-python3.*-config", "PSF-2.0 (libpython3-dev copyright)", None),
    ("/usr/lib/python3.*/config-3.*-x86_64-linux-gnu/makesetup", "PSF-2.0 (libpython3-dev copyright)", None),
    ("/usr/lib/llvm-*/build/utils/lit/utils/check-coverage", "Apache-2.0 WITH LLVM-exception (llvm copyright)", None),
    ("/usr/lib/llvm-*/build/utils/lit/utils/check-sdist", "Apache-2.0 WITH LLVM-exception (llvm copyright)", None),
]

GLIBC_RE = r"GNU C Library.*?Lesser General Public"
PERL_RE = r"same terms as Perl"
TCL_RE = r"license\.terms"
CMAKE_RE = r"OSI-approved BSD 3-Clause"
X11_RE = r"Permission is hereby granted"

# language -> list of (kind, pattern(s), license, regex, max files)
CODE_SOURCES = {
    "c": [
        ("glob", ["/usr/include/*.h"], "LGPL-2.1-or-later (GNU C Library)", GLIBC_RE, 8),
        ("glob", ["/usr/include/python3.*/*.h"], "PSF-2.0 (CPython headers, libpython3-dev copyright)", None, 5),
        ("glob", ["/usr/include/tcl8.6/*.h", "/usr/share/tcltk/tcl8.6/*.c"], "TCL (BSD-style Tcl/Tk license)", TCL_RE, 4),
        ("glob", ["/usr/include/eti.h", "/usr/include/form.h", "/usr/include/menu.h",
                  "/usr/include/panel.h", "/usr/include/unctrl.h", "/usr/include/termcap.h"],
         "X11 (MIT-style, ncurses)", X11_RE, 4),
        ("glob", ["/usr/include/zconf.h"], "Zlib", r"copyright notice in zlib\.h", 1),
    ],
    "perl": [
        ("rglob", ["/usr/share/perl/5.*", "*.pm"], "Artistic-1.0-Perl OR GPL-1.0-or-later (same terms as Perl)", PERL_RE, 20),
    ],
    "shell": [("list", SHELL_FILES, None, None, 30)],
    "tcl": [
        ("glob", ["/usr/share/tcltk/tcl8.6/*.tcl", "/usr/share/tcltk/tk8.6/*.tcl"],
         "TCL (BSD-style Tcl/Tk license, license.terms)", TCL_RE, 20),
    ],
    "cmake": [
        ("glob", ["/usr/share/cmake-3*/Modules/*.cmake"], "BSD-3-Clause (CMake)", CMAKE_RE, 20),
    ],
    "javascript": [
        ("npm", None, None, None, 20),
    ],
    "python": [
        ("stdlib", None, "PSF-2.0 (Python standard library)", None, 20),
    ],
    "emacs-lisp": [
        ("glob", ["/usr/share/emacs/site-lisp/llvm-*/*.el"], "Apache-2.0 WITH LLVM-exception (llvm copyright)", None, 2),
        ("glob", ["/usr/share/emacs/site-lisp/ninja-mode.el"], "Apache-2.0 (ninja-build)", r"Apache License", 1),
    ],
}

# Files from downloaded package archives (``--packages DIR``): Debian .deb files
# (`apt-get download NAME`), PyPI sdists and wheels (`pip download --no-deps NAME`) and npm
# tarballs (`npm pack NAME`); `PACKAGES` below lists them. language -> list of
# (archive glob, member glob, license, header regex or None, max files). The license is the
# package's (its copyright file, PKG-INFO or package.json); the regex, when given, must occur in
# the file's first 4 KB.
PACKAGE_SOURCES = {
    "cpp": [("nlohmann-json3-dev_*.deb", "*/include/nlohmann/detail/*.hpp", "MIT (nlohmann-json3-dev)", None, 3),
            ("libfmt-dev_*.deb", "*/include/fmt/*.h", "MIT (libfmt-dev)", None, 2)],
    "go": [("golang-github-pkg-errors-dev_*.deb", "*.go", "BSD-2-Clause (pkg/errors)", None, 2),
           ("golang-github-google-uuid-dev_*.deb", "*.go", "BSD-3-Clause (google/uuid)", None, 2)],
    "rust": [("librust-itoa-dev_*.deb", "*/src/*.rs", "MIT OR Apache-2.0 (itoa)", None, 2),
             ("librust-memchr-dev_*.deb", "*/src/*.rs", "MIT OR Unlicense (memchr)", None, 2)],
    "ruby": [("ruby-rack_*.deb", "*.rb", "MIT (rack)", None, 2), ("ruby-thor_*.deb", "*.rb", "MIT (thor)", None, 2)],
    "php": [("php-psr-log_*.deb", "*.php", "MIT (psr/log)", None, 2), ("php-psr-container_*.deb", "*.php", "MIT (psr/container)", None, 2)],
    "lua": [("lua-penlight_*.deb", "*.lua", "MIT (Penlight)", None, 4)],
    "erlang": [("erlang-src_*.deb", "*/stdlib-*/src/*.erl", "Apache-2.0 (Erlang/OTP)", r"Apache License", 4)],
    "java": [("erlang-src_*.deb", "*.java", "Apache-2.0 (Erlang/OTP jinterface)", r"Apache License", 2),
             ("react-native-device-info-*.tgz", "*.java", "MIT (react-native-device-info package.json)", None, 2)],
    "d": [("libgphobos-12-dev_*.deb", "*/std/*.d", "BSL-1.0 (Phobos)", r"Boost", 4)],
    "prolog": [("swi-prolog-core_*.deb", "*/library/*.pl", "BSD-2-Clause (SWI-Prolog)", r"Redistribution and use", 4)],
    "vim-script": [("vim-runtime_*.deb", "*/ftplugin/*.vim", "Vim (vim-runtime copyright)", None, 4)],
    "common-lisp": [("cl-alexandria_*.deb", "*.lisp", "MIT-style (cl-alexandria copyright)", None, 4)],
    "m4": [("autoconf-archive_*.deb", "*.m4", "FSF-all-permissive (autoconf-archive)", r"unlimited permission", 4)],
    "sql": [("postgresql-15_*.deb", "*/extension/*.sql", "PostgreSQL (postgresql-15 copyright)", None, 4)],
    "ocaml": [("libyojson-ocaml-dev_*.deb", "*.ml", "BSD-3-Clause (yojson)", None, 1),
              ("libyojson-ocaml-dev_*.deb", "*.mli", "BSD-3-Clause (yojson)", None, 1)],
    "standard-ml": [("libsmlnj-smlnj_*.deb", "*.sml", "SML/NJ (BSD-style, libsmlnj-smlnj copyright)", None, 4)],
    "csharp": [("pythonnet-*.tar.gz", "*/src/runtime/*.cs", "MIT (pythonnet PKG-INFO)", None, 4)],
    "objective-c": [("react-native-device-info-*.tgz", "*.m", "MIT (react-native-device-info package.json)", None, 2),
                    ("meson-*.tar.gz", "*/test cases/objc/*.m", "Apache-2.0 (meson)", None, 2)],
    "fortran": [("meson-*.tar.gz", "*/test cases/fortran/*.f90", "Apache-2.0 (meson)", None, 4)],
    "cython": [("msgpack-*.tar.gz", "*.pyx", "Apache-2.0 (msgpack PKG-INFO)", None, 3)],
    "julia": [("juliacall-*.tar.gz", "*.jl", "MIT (juliacall PKG-INFO)", None, 4)],
    "powershell": [("virtualenv-*.whl", "*.ps1", "MIT (virtualenv)", None, 1)],
    "fish": [("virtualenv-*.whl", "*.fish", "MIT (virtualenv)", None, 1)],
    "nushell": [("virtualenv-*.whl", "*.nu", "MIT (virtualenv)", None, 1)],
    "tcsh": [("virtualenv-*.whl", "*.csh", "MIT (virtualenv)", None, 1)],
    "batchfile": [("virtualenv-*.whl", "*.bat", "MIT (virtualenv)", None, 3)],
    # (`.d.ts` declaration files are left out: linguist counts them as vendored)
    "typescript": [("react-native-async-storage-*.tgz", "*/src/*[!.d].ts", "MIT (@react-native-async-storage/async-storage)", None, 4),
                   ("react-native-device-info-*.tgz", "*/src/*[!.d].ts", "MIT (react-native-device-info package.json)", None, 2)],
    "matlab": [("oct2py-*.tar.gz", "*.m", "MIT (oct2py PKG-INFO)", None, 4)],
    "kotlin": [("react-native-async-storage-*.tgz", "*.kt", "MIT (@react-native-async-storage/async-storage)", None, 3)],
    "swift": [("react-native-async-storage-*.tgz", "*.swift", "MIT (@react-native-async-storage/async-storage)", None, 2),
              ("meson-*.tar.gz", "*/test cases/swift/*.swift", "Apache-2.0 (meson)", None, 2)],
    "cuda": [("meson-*.tar.gz", "*/test cases/cuda/*.cu", "Apache-2.0 (meson)", None, 3)],
    "vala": [("meson-*.tar.gz", "*/test cases/vala/*.vala", "Apache-2.0 (meson)", None, 3)],
    "meson": [("meson-*.tar.gz", "*/test cases/common/*/meson.build", "Apache-2.0 (meson)", None, 3)],
    "assembly": [("greenlet-*.tar.gz", "*.asm", "MIT (greenlet PKG-INFO)", None, 2)],
    "r": [("r-cran-jsonlite_*.deb", "*.R", "MIT (jsonlite)", None, 3)],
    "makefile": [("vim-runtime_*.deb", "*/Makefile", "Vim (vim-runtime copyright)", None, 1),
                 ("erlang-src_*.deb", "*/Makefile", "Apache-2.0 (Erlang/OTP)", None, 2)],
}
PACKAGE_LANG_BUDGET = 48 * 1024  # per language folder from archives

# How the archives were fetched (Debian 12 / PyPI / npm, November 2026).
PACKAGES = {
    "apt-get download": "nlohmann-json3-dev libfmt-dev golang-github-pkg-errors-dev golang-github-google-uuid-dev "
                        "librust-itoa-dev librust-memchr-dev ruby-rack ruby-thor php-psr-log php-psr-container lua-penlight "
                        "erlang-src swi-prolog-core vim-runtime cl-alexandria autoconf-archive libsmlnj-smlnj r-cran-jsonlite "
                        "libgphobos-12-dev postgresql-15 libyojson-ocaml-dev",
    "pip download --no-deps --no-binary :all:": "pythonnet msgpack juliacall oct2py meson greenlet",
    "pip download --no-deps --only-binary :all:": "virtualenv",
    "npm pack": "@react-native-async-storage/async-storage react-native-device-info",
}


def _head(path: str, n: int = 4096) -> str:
    try:
        with open(path, "rb") as fh:
            return fh.read(n).decode("utf-8", "replace")
    except OSError:
        return ""


def _dest_name(lang: str, path: str) -> str:
    name = os.path.basename(path)
    if lang == "shell":
        if name.endswith(".sh.in"):
            name = name[:-3]
        elif name.endswith(".in"):
            name = name[:-3] + ".sh"
        elif not name.endswith(".sh"):
            name += ".sh"
    return name


def _is_sh_script(path: str) -> bool:
    first = _head(path, 64).split("\n", 1)[0].replace(" ", "")
    return first.startswith("#!/bin/sh")


def _candidates(lang: str, kind: str, spec, license_: str, regex: str | None,
                stdlib: str) -> list[tuple[str, str]]:
    """(path, license) candidates for one source, already license-checked."""
    paths: list[tuple[str, str, str | None]] = []
    if kind == "glob":
        for pat in spec:
            paths += [(p, license_, regex) for p in sorted(glob.glob(pat))]
    elif kind == "rglob":
        roots, pattern = sorted(glob.glob(spec[0])), spec[1]
        for root in roots[:1]:
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames.sort()
                for f in sorted(filenames):
                    if fnmatch.fnmatch(f, pattern):
                        paths.append((os.path.join(dirpath, f), license_, regex))
    elif kind == "list":
        for pat, lic, rx in spec:
            matches = sorted(glob.glob(pat))
            if not matches:
                log(f"  code/{lang}: missing {pat}, skipped")
            paths += [(m, lic, rx) for m in matches[:1]]
    elif kind == "npm":
        paths = [(p, _npm_license(p), None) for p in _npm_permissive_js()]
    elif kind == "stdlib":
        if os.path.isdir(stdlib):
            paths = [(p, license_, None) for p in sorted(glob.glob(os.path.join(stdlib, "*.py")))]
    out = []
    for path, lic, rx in paths:
        if not os.path.isfile(path):
            continue
        size = os.path.getsize(path)
        min_bytes = 1 if kind == "list" else MIN_CODE_FILE_BYTES  # listed files are hand-picked
        if not min_bytes <= size < MAX_CODE_FILE_BYTES:
            continue
        if rx and not re.search(rx, _head(path), re.S):
            continue
        if lang == "shell" and not _is_sh_script(path):
            continue
        out.append((path, lic))
    return out


def _deb_data(path: str) -> tarfile.TarFile:
    """The data.tar.* member of a .deb (an `ar` archive), opened as a tar file."""
    with open(path, "rb") as fh:
        if fh.read(8) != b"!<arch>\n":
            raise ValueError(f"{path}: not a .deb (ar) archive")
        while True:
            hdr = fh.read(60)
            if len(hdr) < 60:
                raise ValueError(f"{path}: no data.tar member")
            name, size = hdr[:16].decode().strip().rstrip("/"), int(hdr[48:58])
            data = fh.read(size + size % 2)[:size]
            if name.startswith("data.tar"):
                return tarfile.open(fileobj=io.BytesIO(data))


def archive_members(path: str) -> Iterator[tuple[str, int, object]]:
    """(member name, size, read()) of the regular files in a .deb, tar(.gz) or zip/wheel."""
    if path.endswith((".whl", ".zip", ".jar")):
        z = zipfile.ZipFile(path)
        for info in sorted(z.infolist(), key=lambda i: i.filename):
            if not info.is_dir():
                yield info.filename, info.file_size, (lambda i=info: z.read(i))
        return
    tar = _deb_data(path) if path.endswith(".deb") else tarfile.open(path)
    for m in sorted(tar.getmembers(), key=lambda m: m.name):
        if m.isfile():
            yield m.name, m.size, (lambda m=m: tar.extractfile(m).read())


def build_package_code(code_dir: str, packages: str, manifest: dict[str, list[dict]]) -> None:
    """Copy files from the archives in `packages` into code/<lang>/ per PACKAGE_SOURCES."""
    for lang, sources in PACKAGE_SOURCES.items():
        chosen: dict[str, tuple[bytes, str, str]] = {}  # dest name -> (bytes, origin, license)
        for arch_glob, member_glob, lic, regex, cap in sources:
            archives = sorted(glob.glob(os.path.join(packages, arch_glob)))
            if not archives:
                log(f"  code/{lang}: no archive {arch_glob} in {packages}, skipped")
                continue
            cands = []
            for name, size, read in archive_members(archives[-1]):
                base = os.path.basename(name)
                if not fnmatch.fnmatch(name, member_glob) or not MIN_CODE_FILE_BYTES <= size < MAX_CODE_FILE_BYTES:
                    continue
                dest = base if base not in chosen else None
                if lang == "meson":  # every meson.build has the same name: one folder per test case
                    dest = f"{os.path.basename(os.path.dirname(name)).replace(' ', '_')}/meson.build"
                if dest is None or dest in chosen:
                    continue
                data = read()
                if regex and not re.search(regex, data[:4096].decode("utf-8", "replace"), re.S):
                    continue
                cands.append((dest, data, f"{os.path.basename(archives[-1])}:{name}", lic))
            uniq = {c[0]: c for c in cands}
            for dest, data, origin, l in even_pick([uniq[k] for k in sorted(uniq)], cap):
                chosen[dest] = (data, origin, l)
        while chosen and sum(len(v[0]) for v in chosen.values()) > PACKAGE_LANG_BUDGET:
            del chosen[max(chosen, key=lambda k: (len(chosen[k][0]), k))]
        lang_dir = os.path.join(code_dir, lang)
        if os.path.isdir(lang_dir):
            shutil.rmtree(lang_dir)
        if not chosen:
            log(f"  code/{lang}: no file found in the archives, folder skipped")
            continue
        os.makedirs(lang_dir)
        entries = []
        for dest in sorted(chosen):
            data, origin, lic = chosen[dest]
            os.makedirs(os.path.dirname(os.path.join(lang_dir, dest)), exist_ok=True)
            with open(os.path.join(lang_dir, dest), "wb") as fh:
                fh.write(data)
            entries.append({"file": dest, "origin": origin, "license": lic, "package": origin.split("_")[0].split(":")[0],
                            "bytes": len(data)})
        manifest[lang] = entries


def _owning_package(path: str) -> str:
    try:
        res = subprocess.run(["dpkg-query", "-S", os.path.realpath(path)], capture_output=True,
                             text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    if res.returncode != 0 or not res.stdout:
        return ""
    return res.stdout.split(":", 1)[0].strip()


def build_code(out_dir: str, stdlib: str, packages: str | None = None) -> dict[str, list[dict]]:
    code_dir = os.path.join(out_dir, "code")
    os.makedirs(code_dir, exist_ok=True)
    manifest: dict[str, list[dict]] = {}
    for lang, sources in CODE_SOURCES.items():
        chosen: list[tuple[str, str]] = []
        names: set[str] = set()
        for kind, spec, lic, regex, cap in sources:
            cands = [(p, l) for p, l in _candidates(lang, kind, spec, lic, regex, stdlib)
                     if _dest_name(lang, p) not in names]
            # unique destination names: first (sorted) path wins
            uniq, seen = [], set()
            for p, l in cands:
                n = _dest_name(lang, p)
                if n not in seen:
                    seen.add(n)
                    uniq.append((p, l))
            if not uniq:
                log(f"  code/{lang}: no files for source {kind} {spec if kind != 'list' else ''}, skipped")
                continue
            picked = even_pick(uniq, cap)
            names.update(_dest_name(lang, p) for p, _ in picked)
            chosen += picked
        # keep the folder within its byte budget by dropping the largest files
        while chosen and sum(os.path.getsize(p) for p, _ in chosen) > LANG_BYTE_BUDGET:
            chosen.remove(max(chosen, key=lambda c: (os.path.getsize(c[0]), c[0])))
        lang_dir = os.path.join(code_dir, lang)
        if os.path.isdir(lang_dir):
            shutil.rmtree(lang_dir)
        if not chosen:
            log(f"  code/{lang}: nothing found on this machine, folder skipped")
            continue
        os.makedirs(lang_dir)
        entries = []
        for path, lic in sorted(chosen, key=lambda c: _dest_name(lang, c[0])):
            dest = _dest_name(lang, path)
            shutil.copyfile(path, os.path.join(lang_dir, dest))
            origin = path
            if stdlib and path.startswith(stdlib.rstrip(os.sep) + os.sep):
                origin = "<stdlib>/" + os.path.relpath(path, stdlib)
            entries.append({"file": dest, "origin": origin, "license": lic,
                            "package": _owning_package(path), "bytes": os.path.getsize(path)})
        manifest[lang] = entries
    if packages:
        build_package_code(code_dir, packages, manifest)
    manifest = dict(sorted(manifest.items()))
    write_sources_md(code_dir, manifest, stdlib)
    return manifest


def write_sources_md(code_dir: str, manifest: dict[str, list[dict]], stdlib: str) -> None:
    lines = [
        "# Sources of the bundled code files",
        "",
        "Real open-source files copied unchanged by `../build.py`, from a Debian 12 machine or from",
        "package archives downloaded from Debian, PyPI and npm (`<archive>:<member>` in the table;",
        "the commands are in `PACKAGES` in the builder). Only the file name may change: a `.sh`",
        "extension in `shell/`, one folder per test case in `meson/`. Each file",
        "was taken only when its licence is permissive or open: the header states it (checked by a",
        "regex in the builder) or the owning package's copyright file, PKG-INFO or `package.json`",
        "does. `<stdlib>` is the Python "
        f"{sys.version_info.major}.{sys.version_info.minor} standard library directory.",
        "",
    ]
    for lang, entries in manifest.items():
        total = sum(e["bytes"] for e in entries)
        lines += [f"## `{lang}/` ({len(entries)} files, {total:,} bytes)", "",
                  "| file | copied from | package | license |", "|---|---|---|---|"]
        for e in entries:
            lines.append(f"| `{e['file']}` | `{e['origin']}` | {e['package'] or '-'} | {e['license']} |")
        lines.append("")
    with open(os.path.join(code_dir, "SOURCES.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))


# ----------------------------------------------------------------------- main


def dir_size(path: str) -> int:
    total = 0
    for dirpath, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    return total


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--udhr", required=True, help="path to udhr-dev.jsonl.gz")
    p.add_argument("--out", default=HERE, help="output folder (default: this script's folder)")
    p.add_argument("--stdlib", default=None,
                   help="Python stdlib directory (default: sysconfig.get_paths()['stdlib'])")
    p.add_argument("--max-docstrings", type=int, default=DEFAULT_MAX_DOCSTRINGS,
                   help="cap on docstring pairs (default: %(default)s)")
    p.add_argument("--packages", default=None,
                   help="folder of downloaded package archives for code/ (see PACKAGES in this file); "
                        "without it only files installed on this machine are used")
    p.add_argument("--skip", nargs="*", default=[], choices=["udhr", "docstrings", "code"],
                   help="outputs not to rebuild")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    stdlib = args.stdlib or sysconfig.get_paths()["stdlib"]

    if "udhr" not in args.skip:
        rows = list(read_jsonl_gz(args.udhr))
        pairs = build_udhr_pairs(rows)
        path = os.path.join(out, "udhr_pairs.jsonl.gz")
        write_jsonl_gz(path, pairs)
        langs = {r["lang"] for r in pairs}
        isos = {r["iso639_3"] for r in rows}
        print(f"udhr_pairs.jsonl.gz: {len(pairs)} rows (input {len(rows)}), "
              f"{len({r['decl'] for r in pairs})} declarations, {len(langs)} distinct lang values "
              f"({len(isos)} ISO 639-3 codes), {sum(r['en_text'] is not None for r in pairs)} rows with en_text, "
              f"{os.path.getsize(path):,} bytes")
        evals = build_udhr_eval(pairs)
        write_jsonl_gz(os.path.join(out, "udhr_eval.jsonl.gz"), evals)
        print(f"udhr_eval.jsonl.gz: {len(evals)} paragraphs of article {EVAL_ARTICLE} in {len(EVAL_DECLS)} declarations")

    if "docstrings" not in args.skip:
        if not os.path.isdir(stdlib):
            log(f"docstrings: stdlib directory {stdlib} not found, skipped")
        else:
            pairs, n_cand = build_docstring_pairs(stdlib, args.max_docstrings)
            path = os.path.join(out, "python_docstrings.jsonl.gz")
            write_jsonl_gz(path, pairs)
            print(f"python_docstrings.jsonl.gz: {len(pairs)} pairs (of {n_cand} candidates, "
                  f"Python {sys.version.split()[0]}), {os.path.getsize(path):,} bytes")

    if "code" not in args.skip:
        manifest = build_code(out, stdlib, args.packages)
        for lang, entries in manifest.items():
            print(f"code/{lang}: {len(entries)} files, {sum(e['bytes'] for e in entries):,} bytes")
        print(f"code/: {sum(len(e) for e in manifest.values())} files in {len(manifest)} languages, "
              f"{dir_size(os.path.join(out, 'code')):,} bytes")

    print(f"{os.path.relpath(out)}: {dir_size(out):,} bytes in total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
