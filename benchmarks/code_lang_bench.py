"""Programming language of code files: accuracy and files/s of four ways to decide it.

    extension-only   the registry's extension table (`Registry.code_language`), mlcurate's old rule
    go-enry          `enry.get_language(name, content)`: GitHub linguist's chain in go-enry, one call
    magika           Google's magika model on the content alone
    chain            mlcurate's `CodeLanguageDetector` (go-enry's strategies one by one, magika last)

The labelled set (say which with `--packages`):

1. the bundled sample, `curation/sample_data/code/<language>/` (label = folder);
2. the ambiguity fixture, `tests/ingest/data/code_ambiguous/` (labels in expected.json; skipped
   and unknown files count as right when skipped with the expected reason / quarantined);
3. with `--packages DIR` (the archives `curation/sample_data/build.py --packages` reads, plus
   `octave-common` and `libcoq-ext-lib`, downloaded with `apt-get download`): held-out files
   from those package archives that the bundle does not contain (compared by content), labelled
   by where they come from (`HELD_OUT` below: e.g. Octave's `scripts/**/*.m` are MATLAB, SWI-Prolog's
   `library/*.pl` are Prolog, libfmt's `fmt/*.h` are C++). Nothing from these was used to tune
   the chain: the chain has no tunable part beyond its order, fixed before this set was built.

"ambiguous" = files whose extension go-enry maps to more than one language (`.h .m .pl .v .d
.inc ...`) or that have no extension. Speed: one process pinned to one core, contents in memory,
every method over the same files; the ratio to go-enry is printed.

    python benchmarks/code_lang_bench.py                          # bundled sample + fixture
    python benchmarks/code_lang_bench.py --packages /tmp/pk16     # + held-out package files
"""

from __future__ import annotations

import argparse
import fnmatch
import glob
import hashlib
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "curation" / "sample_data"))

from build import archive_members, even_pick  # noqa: E402 - the sample builder's archive reader

from curation.ingest.codelang import _MAGIKA_NAMES, CodeLanguageDetector  # noqa: E402
from curation.languages import Registry  # noqa: E402
from curation.paths import DEFAULT_REGISTRY  # noqa: E402

# (archive glob, member glob, label, max files) for held-out files from package archives.
HELD_OUT = [
    ("octave-common_*.deb", "*/m/*/*.m", "matlab", 40),
    ("libcoq-ext-lib_*.deb", "*.v", "rocq-prover", 40),
    ("swi-prolog-core_*.deb", "*/library/*.pl", "prolog", 40),
    ("libfmt-dev_*.deb", "*/fmt/*.h", "cpp", 20),
    ("nlohmann-json3-dev_*.deb", "*.hpp", "cpp", 20),
    ("erlang-src_*.deb", "*.erl", "erlang", 30),
    ("erlang-src_*.deb", "*.hrl", "erlang", 20),
    ("erlang-src_*.deb", "*/c_src/*.c", "c", 20),
    ("erlang-src_*.deb", "*.java", "java", 20),
    ("libgphobos-12-dev_*.deb", "*.d", "d", 40),
    ("vim-runtime_*.deb", "*/syntax/*.vim", "vim-script", 30),
    ("vim-runtime_*.deb", "*/vimtutor", "shell", 1),
    ("autoconf-archive_*.deb", "*.m4", "m4", 30),
    ("postgresql-15_*.deb", "*/extension/*.sql", "sql", 30),
    ("lua-penlight_*.deb", "*.lua", "lua", 20),
    ("ruby-rack_*.deb", "*.rb", "ruby", 20),
    ("ruby-rack_*.deb", "*/bin/rackup", "ruby", 1),
    ("ruby-thor_*.deb", "*/bin/thor", "ruby", 1),
    ("php-psr-log_*.deb", "*.php", "php", 10),
    ("golang-github-google-uuid-dev_*.deb", "*.go", "go", 15),
    ("librust-memchr-dev_*.deb", "*.rs", "rust", 20),
    ("pythonnet-*.tar.gz", "*.cs", "csharp", 20),
    ("pythonnet-*.tar.gz", "*.py", "python", 20),
    ("juliacall-*.tar.gz", "*.jl", "julia", 20),
    ("r-cran-jsonlite_*.deb", "*.R", "r", 20),
    ("cl-alexandria_*.deb", "*.lisp", "common-lisp", 20),
    ("libsmlnj-smlnj_*.deb", "*.sml", "standard-ml", 10),
    ("msgpack-*.tar.gz", "*.pyx", "cython", 5),
    ("react-native-async-storage-*.tgz", "*.kt", "kotlin", 10),
    ("react-native-async-storage-*.tgz", "*/src/*.ts", "typescript", 10),
    ("react-native-device-info-*.tgz", "*.m", "objective-c", 5),
    ("react-native-device-info-*.tgz", "*.java", "java", 5),
    ("meson-*.tar.gz", "*/test cases/objc/*/*.m", "objective-c", 15),
    ("meson-*.tar.gz", "*/test cases/d/*/*.d", "d", 20),
    ("meson-*.tar.gz", "*/test cases/fortran/*/*.f90", "fortran", 20),
    ("meson-*.tar.gz", "*/test cases/rust/*/*.rs", "rust", 20),
    ("meson-*.tar.gz", "*/test cases/vala/*/*.vala", "vala", 20),
    ("meson-*.tar.gz", "*/test cases/swift/*/*.swift", "swift", 15),
    ("meson-*.tar.gz", "*/test cases/cuda/*/*.cu", "cuda", 15),
    ("meson-*.tar.gz", "*/test cases/csharp/*/*.cs", "csharp", 10),
    ("meson-*.tar.gz", "*/test cases/java/*/*.java", "java", 10),
    ("meson-*.tar.gz", "*/test cases/common/*/meson.build", "meson", 30),
    ("meson-*.tar.gz", "*/test cases/common/*/*.c", "c", 30),
    ("meson-*.tar.gz", "*/test cases/common/*/*.cpp", "cpp", 20),
    ("meson-*.tar.gz", "*/test cases/cython/*/*.pyx", "cython", 10),
    ("greenlet-*.tar.gz", "*.asm", "assembly", 2),
    ("virtualenv-*.whl", "*.bat", "batchfile", 4),
]
MIN_BYTES, MAX_BYTES = 50, 200_000


def bundled(registry: Registry) -> list[tuple[str, bytes, str, str]]:
    """(path, content, label, origin) of the bundled sample and the ambiguity fixture."""
    out = []
    code = ROOT / "curation" / "sample_data" / "code"
    for f in sorted(code.rglob("*")):
        if f.is_file() and f.name != "SOURCES.md":
            rel = f.relative_to(code).as_posix()
            out.append((rel.split("/", 1)[1], f.read_bytes(), rel.split("/")[0], "bundled"))
    fixture = ROOT / "tests" / "ingest" / "data" / "code_ambiguous"
    for rel, label in json.loads((fixture / "expected.json").read_text()).items():
        out.append((rel, (fixture / rel).read_bytes(), label, "fixture"))
    return out


def held_out(packages: str, exclude: set[str]) -> list[tuple[str, bytes, str, str]]:
    out = []
    for arch_glob, member_glob, label, cap in HELD_OUT:
        archives = sorted(glob.glob(os.path.join(packages, arch_glob)))
        if not archives:
            print(f"  (no {arch_glob} in {packages}: skipped)", file=sys.stderr)
            continue
        cands = [(name, read) for name, size, read in archive_members(archives[-1])
                 if fnmatch.fnmatch(name, member_glob) and MIN_BYTES <= size <= MAX_BYTES]
        for name, read in even_pick(cands, cap):  # spread over the package, not its first folder
            data = read()
            digest = hashlib.sha1(data).hexdigest()
            if digest not in exclude:
                exclude.add(digest)
                out.append((name, data, label, "held-out"))
    return out


def ambiguous(path: str) -> bool:
    from curation.ingest.codelang import _plural

    base = path.rsplit("/", 1)[-1]
    return "." not in base or len(_plural("GetLanguagesByExtension", base, b"", None)) != 1


def methods(registry: Registry):
    import enry
    from magika import Magika

    chain = CodeLanguageDetector(registry)
    magika = Magika()

    def by_extension(path, data):
        return registry.code_language(path.rsplit("/", 1)[-1])

    def by_enry(path, data):
        return registry.normalize_code_lang(enry.get_language(path.rsplit("/", 1)[-1], data[:65536])) or None

    def by_magika(path, data):
        label = str(magika.identify_bytes(data).output.label)
        return registry.normalize_code_lang(_MAGIKA_NAMES.get(label, label))

    def by_chain(path, data):
        found = chain.detect(path, data)
        return f"skip:{found.skip}" if found.skip else found.code

    return {"extension-only": by_extension, "go-enry": by_enry, "magika": by_magika, "chain": by_chain}


def score(pred, label: str) -> bool:
    if label == "unknown":
        return pred is None
    return pred == label


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--packages", help="folder of package archives for held-out files (see the docstring)")
    p.add_argument("--no-pin", action="store_true", help="do not pin the process to one core")
    p.add_argument("--errors", type=int, default=15, help="print up to this many chain errors")
    args = p.parse_args(argv)
    if not args.no_pin and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    registry = Registry.load(DEFAULT_REGISTRY)
    files = bundled(registry)
    if args.packages:
        files += held_out(args.packages, {hashlib.sha1(d).hexdigest() for _, d, _, _ in files})
    amb = [ambiguous(path) for path, _, _, _ in files]
    print(f"labelled set: {len(files)} files, {len(set(f[2] for f in files))} labels "
          f"({Counter(f[3] for f in files)}), {sum(amb)} ambiguous-extension or extension-less")
    results = {}
    for name, fn in methods(registry).items():
        fn(files[0][0], files[0][1])  # warm-up: load models outside the timing
        t = time.perf_counter()
        preds = [fn(path, data) for path, data, _, _ in files]
        dt = time.perf_counter() - t
        ok = [score(pr, f[2]) for pr, f in zip(preds, files)]
        acc = sum(ok) / len(ok)
        amb_acc = sum(o for o, a in zip(ok, amb) if a) / max(sum(amb), 1)
        results[name] = (acc, amb_acc, len(files) / dt, preds)
    base = results["go-enry"][2]
    print(f"{'method':<16}{'accuracy':>10}{'ambiguous':>11}{'files/s':>10}{'vs go-enry':>12}")
    for name, (acc, amb_acc, fps, _) in results.items():
        print(f"{name:<16}{acc:>10.4f}{amb_acc:>11.4f}{fps:>10.0f}{fps / base:>11.2f}x")
    preds = results["chain"][3]
    errors = [(f[0], f[2], pr) for f, pr in zip(files, preds) if not score(pr, f[2])]
    print(f"chain errors ({len(errors)}):")
    for path, label, pr in errors[: args.errors]:
        print(f"  {path}: expected {label}, got {pr}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
