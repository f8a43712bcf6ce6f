"""Bad input goes to quarantine with a reason; good rows all land; nothing is lost or doubled."""

import random

import pytest

from curation.errors import ConfigError
from curation.ingest.stage import ingest
from curation.languages import DEFAULT_REGISTRY
from tests.helpers import SERIAL, query, source, write_jsonl


def test_one_percent_malformed_lines(tmp_path, ws):
    rng = random.Random(0)
    rows, bad = [], set()
    for i in range(2000):
        if rng.random() < 0.01:
            rows.append('{"q": "broken line %d", "p": ' % i)
            bad.add(i + 1)
        else:
            rows.append({"q": f"question {i}", "p": f"answer {i}"})
    write_jsonl(tmp_path / "d.jsonl", rows)
    src = source(tmp_path, path="d.jsonl")
    counts = ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert counts["samples_new"] == 2000 - len(bad)
    assert counts["reasons"] == {"malformed json": len(bad)}
    origins = {int(o.split(":")[1]) for (o,) in query(ws, "SELECT origin FROM quarantine")}
    assert origins == bad  # exactly the bad lines, by line number, across both shards
    # Ingesting it again adds nothing, to samples or to quarantine.
    again = ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert again["samples_new"] == 0 and again["quarantined_new"] == 0
    assert query(ws, "SELECT count(*) FROM samples") == [(2000 - len(bad),)]
    assert query(ws, "SELECT count(*) FROM quarantine") == [(len(bad),)]


def test_every_kind_of_bad_row_has_its_reason(tmp_path, ws):
    write_jsonl(tmp_path / "d.jsonl", [
        {"q": "fine", "p": "ok", "lang": "fr"},
        b'{"q": "caf\xe9", "p": "latin-1 bytes"}',
        "not json at all",
        "[1, 2, 3]",
        {"p": "no query", "lang": "fr"},
        {"q": "   ", "p": "blank query", "lang": "fr"},
        {"q": "bad code", "p": "x", "lang": "xx"},
        {"q": {"nested": 1}, "p": "x", "lang": "fr"},
        "",
    ])
    src = source(tmp_path, path="d.jsonl", lang={"field": "lang"})
    counts = ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert counts["samples_new"] == 1
    assert counts["blank_lines"] == 1
    reasons = dict(query(ws, "SELECT reason, count(*) FROM quarantine GROUP BY reason"))
    assert reasons == {"undecodable bytes": 1, "malformed json": 1, "not a json object": 1, "missing field": 1,
                       "empty text": 1, "unknown language code": 1, "not text": 1}
    raw = dict(query(ws, "SELECT reason, raw FROM quarantine"))
    assert raw["undecodable bytes"] == '{"q": "caf\\xe9", "p": "latin-1 bytes"}'  # raw row kept, bytes escaped
    assert raw["unknown language code"].startswith('{"q": "bad code"')


def test_config_errors_name_file_key_and_fix_and_write_nothing(tmp_path, ws):
    from curation.config import load_sources

    cfg = tmp_path / "src.yaml"
    cfg.write_text("name: s\nkind: jsonl\npath: d.jsonl\ntask: retrival\nlang: en\nfields: {query: q, positive: p}\n")
    with pytest.raises(ConfigError, match=r"src.yaml: key 'task'.*\n  fix: use one of: 'retrieval'"):
        load_sources(cfg)
    cfg.write_text("name: s\nkind: jsonl\npath: d.jsonl\ntask: retrieval\nlang: en\nfields: {question: q}\n")
    with pytest.raises(ConfigError, match=r"key 'fields'.*unknown sample columns \['question'\]"):
        load_sources(cfg)
    write_jsonl(tmp_path / "d.jsonl", [{"q": "a", "p": "b"}])
    with pytest.raises(ConfigError, match="'xx' is not a valid language code"):
        ingest(ws, [source(tmp_path, path="d.jsonl", lang="xx")], SERIAL, DEFAULT_REGISTRY, progress=False)
    with pytest.raises(ConfigError, match="does not exist"):
        ingest(ws, [source(tmp_path, path="missing.jsonl")], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert not ws.root.exists()  # nothing written before the config validated


def test_same_content_in_two_rows_is_one_sample(tmp_path, ws):
    write_jsonl(tmp_path / "d.jsonl", [{"q": "same", "p": "row", "n": i} for i in range(5)])
    counts = ingest(ws, [source(tmp_path, path="d.jsonl")], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert counts["samples_new"] == 1 and counts["duplicates_skipped"] == 4
    assert query(ws, "SELECT meta FROM samples") == [('{"n":0}',)]  # the first occurrence is kept
