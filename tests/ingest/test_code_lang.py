"""Programming language by content for code folders: the ambiguity fixture, skip reasons, the
accounting of every file, and the declared-vs-content check (`code_lid`)."""

import json
import shutil
from pathlib import Path

import pytest

from curation.errors import ConfigError
from curation.ingest.codelang import STRATEGIES, CodeLanguageDetector
from curation.ingest.stage import ingest
from curation.languages import Registry
from curation.paths import DEFAULT_REGISTRY
from tests.helpers import SERIAL, query, source

FIXTURE = Path(__file__).parent / "data" / "code_ambiguous"
EXPECTED = json.loads((FIXTURE / "expected.json").read_text())


@pytest.fixture(scope="module")
def detector() -> CodeLanguageDetector:
    return CodeLanguageDetector(Registry.load(DEFAULT_REGISTRY))


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_ambiguous_and_extensionless_files_get_the_right_language(detector, path):
    found = detector.detect(path, (FIXTURE / path).read_bytes())
    got = f"skip:{found.skip}" if found.skip else (found.code or "unknown")
    assert got == EXPECTED[path], found
    if found.code:
        assert found.strategy in STRATEGIES


def test_the_deciding_strategy_is_the_one_expected(detector):
    def strategy(path):
        return detector.detect(path, (FIXTURE / path).read_bytes()).strategy

    assert strategy("build/Makefile") == strategy("build/Dockerfile") == "filename"
    assert strategy("scripts/deploy") == strategy("scripts/largest") == "shebang"
    assert strategy("scripts/release_settings") == "modeline"
    assert strategy("prolog_vs_perl/family.pl") == "heuristics"
    assert detector.detect("lib/util.go", b"package util\n\nfunc Add(a, b int) int { return a + b }\n").strategy == "extension"


def test_registry_normalises_linguist_names_and_aliases():
    reg = Registry.load(DEFAULT_REGISTRY)
    pairs = {"C++": "cpp", "cpp": "cpp", "objective-c": "objective-c", "objc": "objective-c", "Objective-C": "objective-c",
             "shell": "shell", "bash": "shell", "sh": "shell", "Emacs Lisp": "emacs-lisp", "elisp": "emacs-lisp",
             "emacs_lisp": "emacs-lisp", "Vim Script": "vim-script", "PLpgSQL": "sql", "coq": "rocq-prover"}
    assert {k: reg.normalize_code_lang(k) for k in pairs} == pairs
    assert reg.normalize_code_lang("not a language") is None


def test_every_language_go_enry_can_output_has_a_registry_row():
    import enry

    reg = Registry.load(DEFAULT_REGISTRY)
    names = [line.split("\t")[0] for line in (Path(DEFAULT_REGISTRY).parent / "linguist_languages.tsv").read_text().splitlines()
             if line and not line.startswith("#")]
    known = [n for n in names if enry.get_language_type(n) != "unknown"]
    assert len(known) > 700  # the list and go-enry describe the same languages
    missing = [n for n in known if reg.normalize_code_lang(n) is None]
    assert missing == []
    # and a non-target language keeps its name
    rocq = reg.by_code[reg.normalize_code_lang("Rocq Prover")]
    assert (rocq.kind, rocq.name, rocq.target) == ("programming", "Rocq Prover", False)


def test_every_file_is_a_sample_quarantined_or_skipped_with_a_reason(tmp_path, ws):
    shutil.copytree(FIXTURE, tmp_path / "code", ignore=shutil.ignore_patterns("expected.json"))
    files_in = sum(1 for p in (tmp_path / "code").rglob("*") if p.is_file())
    src = source(tmp_path, kind="code_folder", path="code", task="code", fields={})
    counts = ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)
    samples = query(ws, "SELECT count(*) FROM samples")[0][0]
    reasons = dict(query(ws, "SELECT reason, count(*) FROM quarantine GROUP BY reason"))
    assert reasons == {"unknown programming language": 1, "skipped: vendored": 1, "skipped: minified": 1,
                       "skipped: generated": 1, "skipped: binary": 1}
    assert samples + sum(reasons.values()) == files_in == counts["rows_read"]
    outcomes = query(ws, "SELECT outcome, sum(files) FROM code_file_outcomes GROUP BY outcome ORDER BY outcome")
    assert outcomes == [("quarantine", 1), ("sample", samples), ("skipped", 4)]
    langs = dict(query(ws, "SELECT json_extract_string(meta, '$.path'), code_lang FROM samples"))
    expected = {p: lang for p, lang in EXPECTED.items() if lang != "unknown" and not lang.startswith("skip:")}
    assert langs == expected
    assert query(ws, "SELECT DISTINCT status FROM code_lid") == [("undeclared",)]


def test_declared_language_is_checked_against_the_content(tmp_path, ws):
    code = tmp_path / "code"
    code.mkdir()
    (code / "a.py").write_text('"""Add two numbers."""\n\ndef add(a, b):\n    return a + b\n')
    (code / "b.py").write_text('"""Subtract two numbers."""\n\ndef sub(a, b):\n    return a - b\n')
    (code / "c.rb").write_text("# Greet someone.\ndef greet(name)\n  puts \"Hello, #{name}\"\nend\n")
    src = source(tmp_path, kind="code_folder", path="code", task="code", fields={}, code_lang="Python")
    ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)
    rows = query(ws, "SELECT path, code_lang, declared, predicted, status, mismatch FROM code_lid ORDER BY path")
    assert rows == [("a.py", "python", "python", "python", "match", False),
                    ("b.py", "python", "python", "python", "match", False),
                    ("c.rb", "python", "python", "ruby", "mismatch", True)]
    code_rows = query(ws, "SELECT source, texts, judged, mismatches, mismatch_share FROM lid_mismatch_sources WHERE kind = 'code'")
    assert code_rows == [("src", 3, 3, 1, 0.3333)]


def test_unknown_declared_code_language_is_a_config_error(tmp_path, ws):
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "a.py").write_text("print('hello')\n")
    src = source(tmp_path, kind="code_folder", path="code", task="code", fields={}, code_lang="klingon-script")
    with pytest.raises(ConfigError, match="'klingon-script' is not a programming language"):
        ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)
