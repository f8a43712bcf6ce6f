"""Each source kind ingests into samples with the mapped fields and declared languages."""

import csv
import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from curation.ingest.stage import ingest
from curation.languages import DEFAULT_REGISTRY

from tests.helpers import SERIAL, query, source, write_jsonl

# A tag without a script takes the script of its text (`ar` over Arabic letters is arb_Arab).
ROWS = [{"q": f"{['question', 'question', 'سؤال'][i % 3]} {i}", "p": f"answer {i}", "lang": ["sw", "zh-Hant", "ar"][i % 3], "extra": i}
        for i in range(30)]


def _samples(ws):
    return query(ws, "SELECT query, positive, lang, task, meta FROM samples ORDER BY query")


@pytest.mark.parametrize("suffix", ["", ".gz", ".zst"])
def test_jsonl_plain_and_compressed(tmp_path, ws, suffix):
    path = write_jsonl(tmp_path / "d.jsonl", ROWS)
    if suffix == ".gz":
        path.with_name("d.jsonl.gz").write_bytes(gzip.compress(path.read_bytes()))
    elif suffix == ".zst":
        path.with_name("d.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(path.read_bytes()))
    src = source(tmp_path, path=f"d.jsonl{suffix}", lang={"field": "lang"})
    counts = ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert counts["samples_new"] == 30
    rows = _samples(ws)
    assert {r[2] for r in rows} == {"swh_Latn", "zho_Hant", "arb_Arab"}
    assert json.loads(rows[0][4]) == {"extra": 0}  # unmapped fields travel in meta


def test_parquet_row_groups_are_sharded(tmp_path, ws):
    table = pa.Table.from_pylist(ROWS)
    pq.write_table(table, tmp_path / "d.parquet", row_group_size=7)
    src = source(tmp_path, kind="parquet", path="d.parquet", lang={"field": "lang"})
    assert ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)["samples_new"] == 30
    assert len(_samples(ws)) == 30


@pytest.mark.parametrize("kind, delim", [("csv", ","), ("tsv", "\t")])
def test_csv_and_tsv(tmp_path, ws, kind, delim):
    path = tmp_path / f"d.{kind}"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=delim)
        w.writerow(["q", "p", "lang"])
        for r in ROWS:
            w.writerow([r["q"] + ", with a comma", r["p"], r["lang"]])
    src = source(tmp_path, kind=kind, path=path.name, lang={"field": "lang"})
    assert ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)["samples_new"] == 30
    assert _samples(ws)[0][0] == "question 0, with a comma"


def test_text_folder_with_language_from_path(tmp_path, ws):
    for lang, text in [("fra", "Bonjour le monde.\n\nDeuxième paragraphe."), ("deu", "Hallo Welt.")]:
        (tmp_path / "texts" / lang).mkdir(parents=True)
        (tmp_path / "texts" / lang / "a.txt").write_text(text, encoding="utf-8")
    src = source(tmp_path, kind="text_folder", path="texts", task="clustering", fields={"label": "dir"},
                 lang={"path_pattern": r"^(?P<lang>[a-z]{3})/"}, text_unit="paragraph")
    ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert query(ws, "SELECT lang, query, label FROM samples ORDER BY query") == [
        ("fra_Latn", "Bonjour le monde.", "fra"), ("fra_Latn", "Deuxième paragraphe.", "fra"), ("deu_Latn", "Hallo Welt.", "deu")]


def test_code_folder_language_from_extension(tmp_path, ws):
    code = tmp_path / "code"
    code.mkdir()
    (code / "util.py").write_text('"""Parse dates from log lines."""\n\ndef f():\n    return 1\n')
    (code / "main.c").write_text("/* Copyright 2020 X. MIT license */\n\n/* Print a greeting to stdout. */\nint main() { return 0; }\n")
    (code / "notes.xyz").write_text("not code")
    src = source(tmp_path, kind="code_folder", path="code", task="code", fields={})
    counts = ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert query(ws, "SELECT code_lang, query FROM samples ORDER BY code_lang") == [
        ("c", "Print a greeting to stdout."), ("python", "Parse dates from log lines.")]
    assert counts["reasons"] == {"unknown programming language": 1}  # quarantined, not dropped


def test_hf_dataset_saved_locally(tmp_path, ws):
    datasets = pytest.importorskip("datasets")
    datasets.Dataset.from_list(ROWS).save_to_disk(str(tmp_path / "hfds"))
    src = source(tmp_path, kind="hf", path="hfds", lang={"field": "lang"})
    assert ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)["samples_new"] == 30
    assert len(_samples(ws)) == 30


def test_hf_hub_name_offline_is_a_config_error(tmp_path, ws, monkeypatch):
    import datasets
    import huggingface_hub

    from curation.errors import ConfigError

    # As on a machine without hub access (fail at once instead of retrying the network).
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    src = source(tmp_path, kind="hf", path="no-such-org/no-such-dataset", lang="eng")
    with pytest.raises(ConfigError, match="could not load dataset"):
        ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)


def test_labelled_and_negatives_mapping(tmp_path, ws):
    rows = [{"text": "great film", "y": 1, "negs": ["a", "", "b"]}, {"text": "awful", "y": 0, "negs": "c"}]
    write_jsonl(tmp_path / "d.jsonl", rows)
    src = source(tmp_path, path="d.jsonl", task="classification", fields={"query": "text", "label": "y", "negatives": "negs"})
    ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert query(ws, "SELECT query, label, negatives FROM samples ORDER BY query") == [
        ("awful", "0", ["c"]), ("great film", "1", ["a", "b"])]
