"""Bad input never stops a run and is never lost: broken archives, odd scalars, NULs, BOMs,
encodings, huge texts, wholly quarantined sources and files that are not what `kind` says."""

import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from curation.cli import main
from curation.errors import ConfigError
from curation.ingest.stage import ingest
from curation.languages import DEFAULT_REGISTRY
from tests.helpers import SERIAL, query, source, write_jsonl


def _jsonl_bytes(n: int, start: int = 0) -> bytes:
    return b"".join(json.dumps({"q": f"question number {i} " + "x" * (i % 50), "p": f"answer {i}"}).encode() + b"\n"
                    for i in range(start, start + n))


def _compress(kind: str, data: bytes) -> bytes:
    return gzip.compress(data) if kind == "gz" else zstandard.ZstdCompressor().compress(data)


def _decodable_prefix(kind: str, blob: bytes) -> bytes:
    """What a streaming decoder recovers from a cut file: the reference for 'every complete row'."""
    if kind == "gz":
        import zlib

        return zlib.decompressobj(wbits=31).decompress(blob)
    return zstandard.ZstdDecompressor().decompressobj().decompress(blob)


@pytest.mark.parametrize("kind", ["gz", "zst"])
def test_truncated_archive_keeps_every_complete_row_and_the_run_goes_on(tmp_path, ws, kind, capsys):
    blob = _compress(kind, _jsonl_bytes(20_000))
    cut = blob[: len(blob) * 2 // 3]
    (tmp_path / f"broken.jsonl.{kind}").write_bytes(cut)
    (tmp_path / f"fine.jsonl.{kind}").write_bytes(_compress(kind, _jsonl_bytes(100, start=50_000)))
    write_jsonl(tmp_path / "other.jsonl", [{"q": "another source", "p": "still ingested"}])
    complete = _decodable_prefix(kind, cut).count(b"\n")
    assert 0 < complete < 20_000
    broken = source(tmp_path, name="broken", path=f"*.jsonl.{kind}")
    other = source(tmp_path, name="other", path="other.jsonl")
    counts = ingest(ws, [broken, other], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert counts["sources"]["broken"]["samples_new"] == complete + 100  # every complete row, and the other file
    assert counts["sources"]["other"]["samples_new"] == 1  # the next source ran too
    assert counts["reasons"] == {"truncated archive": 1} and counts["damaged_archives"] == 1
    (origin, detail), = query(ws, "SELECT origin, detail FROM quarantine WHERE reason = 'truncated archive'")
    assert f"broken.jsonl.{kind}:" in origin and f"compressed byte {len(cut):,}" in detail
    assert not list(ws.root.rglob("*.tmp*"))
    # The CLI says so, and --strict makes it an error exit.
    cfg = tmp_path / "src.yaml"
    cfg.write_text(f"name: broken2\nkind: jsonl\npath: broken.jsonl.{kind}\ntask: retrieval\nlang: eng\nfields: {{query: q, positive: p}}\n")
    capsys.readouterr()
    assert main(["ingest", str(cfg), "-w", str(ws.root), "--tasks", "1", "--no-progress"]) == 0
    assert "damaged archive" in capsys.readouterr().err
    assert main(["ingest", str(cfg), "-w", str(ws.root), "--tasks", "1", "--no-progress", "--strict"]) == 3


def test_truncated_csv_archive_does_not_ingest_its_cut_last_row(tmp_path, ws):
    text = "q,p\n" + "".join(f"question {i},answer {i} {'y' * 30}\n" for i in range(5000))
    blob = gzip.compress(text.encode())
    cut = blob[: len(blob) // 2]
    (tmp_path / "d.csv.gz").write_bytes(cut)
    recovered = _decodable_prefix("gz", cut).decode()
    full_rows = recovered.count("\n") - 1  # minus the header
    counts = ingest(ws, [source(tmp_path, kind="csv", path="d.csv.gz")], SERIAL, DEFAULT_REGISTRY, progress=False)
    # complete lines before the break are samples; the last line read (cut or not) is the break
    assert counts["samples_new"] in (full_rows, full_rows - 1)
    assert counts["reasons"] == {"truncated archive": 1}
    stored = {p for (p,) in query(ws, "SELECT positive FROM samples")}
    assert all(p.endswith("y" * 30) for p in stored)  # no cut text became a sample


@pytest.mark.parametrize("rule,expect", [("convert", {"samples": 3, "reasons": {}}),
                                         ("reject", {"samples": 0, "reasons": {"not text": 3}})])
def test_numbers_and_booleans_follow_one_rule(tmp_path, ws, rule, expect):
    write_jsonl(tmp_path / "d.jsonl", [{"q": 42, "p": "int"}, {"q": 1.5, "p": "float"}, {"q": True, "p": "bool"}])
    counts = ingest(ws, [source(tmp_path, path="d.jsonl", non_string=rule)], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert counts["samples_new"] == expect["samples"] and counts["reasons"] == expect["reasons"]
    if rule == "convert":
        assert sorted(q for (q,) in query(ws, "SELECT query FROM samples")) == ["1.5", "42", "true"]


def test_nul_characters_are_removed_or_quarantined(tmp_path, tmp_path_factory):
    from curation.store import Workspace

    write_jsonl(tmp_path / "d.jsonl", ['{"q": "nul\\u0000inside", "p": "answer"}', {"q": "clean", "p": "row"}])
    ws1 = Workspace(tmp_path_factory.mktemp("a") / "ws")
    ingest(ws1, [source(tmp_path, path="d.jsonl")], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert sorted(q for (q,) in query(ws1, "SELECT query FROM samples")) == ["clean", "nulinside"]
    ws2 = Workspace(tmp_path_factory.mktemp("b") / "ws")
    counts = ingest(ws2, [source(tmp_path, path="d.jsonl", nul="quarantine")], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert counts["samples_new"] == 1 and counts["reasons"] == {"nul character": 1}


@pytest.mark.parametrize("kind", ["jsonl", "csv", "text_folder"])
def test_a_utf8_bom_is_accepted(tmp_path, ws, kind):
    if kind == "jsonl":
        (tmp_path / "d.jsonl").write_bytes(b"\xef\xbb\xbf" + _jsonl_bytes(3))
        src = source(tmp_path, path="d.jsonl")
    elif kind == "csv":
        (tmp_path / "d.csv").write_bytes(b"\xef\xbb\xbfq,p\nquestion 0,answer 0\nquestion 1,answer 1\nquestion 2,answer 2\n")
        src = source(tmp_path, kind="csv", path="d.csv")
    else:
        (tmp_path / "t").mkdir()
        for i in range(3):
            (tmp_path / "t" / f"{i}.txt").write_bytes(b"\xef\xbb\xbf" + f"question {i}".encode())
        src = source(tmp_path, kind="text_folder", path="t", fields={}, task="clustering")
        src = source(tmp_path, kind="text_folder", path="t", fields={"query": "text", "label": "name"}, task="clustering")
    counts = ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert counts["samples_new"] == 3 and counts["quarantined"] == 0
    assert all(not q.startswith("\ufeff") for (q,) in query(ws, "SELECT query FROM samples"))


@pytest.mark.parametrize("kind", ["csv", "tsv"])
def test_encoding_option_reads_latin1_and_the_default_names_the_fix(tmp_path, ws, kind):
    sep = "," if kind == "csv" else "\t"
    (tmp_path / f"d.{kind}").write_bytes(f"q{sep}p\ncafé{sep}crème brûlée\n".encode("latin-1"))
    counts = ingest(ws, [source(tmp_path, kind=kind, path=f"d.{kind}")], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert counts["reasons"] == {"undecodable bytes": 1}
    assert "encoding:" in query(ws, "SELECT detail FROM quarantine")[0][0]
    counts = ingest(ws, [source(tmp_path, name="latin", kind=kind, path=f"d.{kind}", encoding="latin-1")], SERIAL,
                    DEFAULT_REGISTRY, progress=False)
    assert counts["samples_new"] == 1
    assert query(ws, "SELECT query, positive FROM samples") == [("café", "crème brûlée")]


def test_unknown_encoding_is_a_config_error(tmp_path):
    with pytest.raises(Exception, match="unknown encoding 'latin-99'"):
        source(tmp_path, kind="csv", path="d.csv", encoding="latin-99")


def test_too_long_texts_are_quarantined(tmp_path, ws):
    write_jsonl(tmp_path / "d.jsonl", [{"q": "x" * 3_000_000, "p": "huge"}, {"q": "short", "p": "y" * 2000},
                                       {"q": "fine", "p": "fine"}])
    counts = ingest(ws, [source(tmp_path, path="d.jsonl")], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert counts["samples_new"] == 2 and counts["reasons"] == {"too long": 1}  # default limit: 1M characters
    counts = ingest(ws, [source(tmp_path, name="strict", path="d.jsonl", max_text_chars=1000)], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert counts["samples_new"] == 1 and counts["reasons"] == {"too long": 2}


def test_wholly_quarantined_source_is_a_warning_with_the_reason_and_fix(tmp_path, capsys):
    write_jsonl(tmp_path / "d.jsonl", [{"question": f"q{i}", "answer": f"a{i}"} for i in range(10)])
    cfg = tmp_path / "src.yaml"
    cfg.write_text("name: wrong\nkind: jsonl\npath: d.jsonl\ntask: retrieval\nlang: eng\nfields: {query: q, positive: p}\n")
    ws = tmp_path / "ws"
    assert main(["ingest", str(cfg), "-w", str(ws), "--tasks", "1", "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "all 10 rows were quarantined" in err and "'missing field'" in err and "fields:" in err
    assert main(["ingest", str(cfg), "-w", str(ws), "--tasks", "1", "--no-progress", "--strict", "--force"]) == 3


def test_file_that_is_not_its_kind_is_a_config_error_naming_file_and_kind(tmp_path, ws):
    write_jsonl(tmp_path / "d.jsonl", [{"q": "a", "p": "b"}])
    (tmp_path / "data.parquet").write_bytes((tmp_path / "d.jsonl").read_bytes())
    with pytest.raises(ConfigError, match=r"data.parquet is not a Parquet file.*\n  fix: use `kind: jsonl`"):
        ingest(ws, [source(tmp_path, kind="parquet", path="data.parquet")], SERIAL, DEFAULT_REGISTRY, progress=False)
    pq.write_table(pa.table({"q": ["a"], "p": ["b"]}), tmp_path / "real.jsonl")
    with pytest.raises(ConfigError, match=r"real.jsonl is a Parquet file, not jsonl.*\n  fix: use `kind: parquet`"):
        ingest(ws, [source(tmp_path, path="real.jsonl")], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert not ws.root.exists()  # nothing written: no .tmp files, no failed runs row


def test_langid_on_a_workspace_with_an_empty_source(tmp_path, ws):
    from curation.config import ExecutorConfig
    from curation.langid.annotate import LidConfig
    from curation.langid.stage import langid

    write_jsonl(tmp_path / "empty.jsonl", [{"question": "all rows go to quarantine"}])
    write_jsonl(tmp_path / "d.jsonl", [{"q": "The quick brown fox jumps over the lazy dog", "p": "an English sentence"}])
    ingest(ws, [source(tmp_path, name="empty", path="empty.jsonl"), source(tmp_path, path="d.jsonl")], SERIAL,
           DEFAULT_REGISTRY, progress=False)
    counts = langid(ws, LidConfig(), ExecutorConfig(kind="local", tasks=2, workers=1), DEFAULT_REGISTRY, progress=False)
    assert counts["samples"] == 1
