"""The exported rows, their texts and their order, pinned for every kind of (source, task) the
export handles: retrieval with upsampled copies, duplicate texts under different ids, mined
negatives with teacher scores, token counts, clustering and classification built from labels,
pre-built clustering tuples, texts that occur under two labels, `source_cap`, and `layout: codefuse`.

The export ranks and selects samples on narrow rows and joins their texts back by `sample_id`
(mix/tuples.py); a join that lost, doubled or mismatched a row, or an order that moved, changes
these digests. The digests were taken from the export before that change (one SQL query over the
whole rows), whose output the narrow one must keep row for row. Independently of them, every
exported row must carry its own sample's texts.
"""

import hashlib
import json

import duckdb
import pyarrow as pa
import pytest

from curation.mix.spec import MixSpec
from curation.mix.stage import mix
from curation.store import write_parquet_atomic

from .conftest import make_workspace, sample

LABELS = ["art1", "art2", "art3"]


def retrieval(source: str, counts: dict[str, int]) -> list[dict]:
    return [sample(source, "retrieval", i, lang, query=f"q {source} {lang} {i}", positive=f"p {source} {lang} {i}",
                   negatives=[f"n {source} {lang} {i} {k}" for k in range(2)])
            for lang, n in counts.items() for i in range(n)]


def duplicate_texts(source: str, lang: str, n: int) -> list[dict]:
    """Samples whose texts repeat another's word for word, under ids of their own."""
    return [sample(source, "retrieval", 1000 + i, lang, query=f"q {source} {lang} 0", positive=f"p {source} {lang} 0",
                   negatives=[f"n {source} {lang} 0 0", f"n {source} {lang} 0 1"]) for i in range(n)]


@pytest.fixture(scope="module")
def mixed_ws(tmp_path_factory):
    web = retrieval("web", {"eng_Latn": 40, "deu_Latn": 15, "yor_Latn": 3}) + duplicate_texts("web", "eng_Latn", 4)
    big = retrieval("big", {"eng_Latn": 60, "fra_Latn": 20})
    clu = [sample("clu", "clustering", 10 * j + i, lang, query=f"{lang} {lab} text {i}", label=lab)
           for lang in ("eng_Latn", "deu_Latn") for j, lab in enumerate(LABELS) for i in range(3)]
    clu += [sample("clu", "clustering", 500 + j, "eng_Latn", query=f"eng_Latn {lab} text 0", label=other)  # a text under two labels
            for j, (lab, other) in enumerate(zip(LABELS, LABELS[1:] + LABELS[:1]))]
    cls = [sample("cls", "classification", i, "eng_Latn", query=f"review {i}", label=("good", "bad", "meh")[i % 3]) for i in range(30)]
    pre = [sample("pre", "clustering", i, "eng_Latn", query=f"pre {i}", positive=f"pre pos {i}",
                  negatives=[f"pre neg {i} {k}" for k in range(3)]) for i in range(25)]
    ws = make_workspace(tmp_path_factory.mktemp("golden") / "ws", {"web": web, "big": big, "clu": clu, "cls": cls, "pre": pre})
    mined = [r for r in web if int(r["query"].split()[-1]) % 2 == 0]  # half of them mined, the rest fall back
    write_parquet_atomic(pa.table({
        "sample_id": [r["sample_id"] for r in mined], "source": ["web"] * len(mined),
        "negatives": [[f"mined {r['query']} {k}" for k in range(3)] for r in mined],
        "keep": [True] * len(mined),
        "rerank_positive": pa.array([0.5 + i / 1000 for i in range(len(mined))], pa.float32()),
        "rerank_scores": pa.array([[0.4, 0.3, 0.2]] * len(mined), pa.list_(pa.float32())),
        "run_id": ["r"] * len(mined)}), ws.annotations / "mine" / "source=web" / "part-0.parquet")
    counted = web[::3]
    write_parquet_atomic(pa.table({
        "sample_id": [r["sample_id"] for r in counted], "source": ["web"] * len(counted),
        "tokens": pa.array([len(r["query"]) + len(r["positive"]) for r in counted], pa.int64()),
        "tokenizer": ["t"] * len(counted), "config_hash": ["c"] * len(counted), "run_id": ["r"] * len(counted)}),
        ws.annotations / "tokens" / "source=web" / "part-0.parquet")
    return ws


BASE = {"tasks": {"retrieval": 400, "clustering": 40, "classification": 45}, "alpha": 0.5, "max_epochs": 3,
        "negatives": "both", "num_negatives": {"retrieval": 4, "clustering": 3}, "shard_size": 90}
SPECS = {
    "ours": {},
    "teacher": {"negatives": "mined", "teacher_scores": True},
    "capped": {"source_cap": 25},
    "codefuse": {"layout": "codefuse", "allow_unknown_datasets": True, "num_negatives": {}},
    "codefuse-capped": {"layout": "codefuse", "allow_unknown_datasets": True, "num_negatives": {}, "source_cap": 25},
}
# sha256 of the rows (manifest order of files, rows in file order) and of the manifest, as the
# export wrote them before it ranked on narrow rows; for our layout (ours, teacher, capped) re-taken
# once the pre-built tuples were exported there too (they had been dropped: 467 of 485 planned rows).
GOLDEN = {
    "ours": "4f587ffdb68e2cf682a9acdd0b0d9c269bed4462ec00b3af527738090742c2c9",
    "teacher": "98b5424a7e648142c1d0f0fef819f58f6e0c2c1c0164497232360f9241b591e0",
    "capped": "7b87d23f4e1c8b4ab9d60ab08d6ab63208e1cd7890ce5b52753f63b88ec6babe",
    "codefuse": "a6707902d50d308482fccec7eb79722e0679f8b264e50600204a696fa4332823",
    "codefuse-capped": "98a656ae493d96fb98bc228fa222d4e2dcf36a1a7f883108c469da106fe41c7e",
}


def written_rows(ws, name: str) -> tuple[list[dict], dict]:
    manifest = json.loads((ws.mixtures / name / "manifest.json").read_text())
    con = duckdb.connect()
    out = []
    for shard in manifest["shards"]:
        rel = con.execute(f"SELECT * FROM read_parquet('{ws.mixtures / name / shard['file']}')")
        cols = [d[0] for d in rel.description]
        out += [dict(zip(cols, r)) for r in rel.fetchall()]
    return out, manifest


def digest(rows: list[dict], manifest: dict) -> str:
    """Of the rows in order and the whole manifest, less the files' checksums (Parquet bytes
    depend on the pyarrow version; the rows are what the export decides)."""
    manifest = {**manifest, "shards": [{k: v for k, v in s.items() if k != "sha256"} for s in manifest["shards"]]}
    text = json.dumps([rows, manifest], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def samples_by_id(ws) -> dict[str, dict]:
    rel = duckdb.connect().execute(f"SELECT sample_id, query, positive, label, source FROM read_parquet('{ws.samples}/**/*.parquet')")
    return {r[0]: dict(zip(("query", "positive", "label", "source"), r[1:])) for r in rel.fetchall()}


@pytest.mark.parametrize("name", list(SPECS))
def test_rows_order_and_texts_are_pinned(mixed_ws, name):
    spec = MixSpec.model_validate({"name": name, **BASE, **SPECS[name]})
    mix(mixed_ws, spec, echo=lambda *_: None, force=True)
    rows, manifest = written_rows(mixed_ws, name)
    assert rows and digest(rows, manifest) == GOLDEN[name]


def test_each_row_carries_its_own_samples_texts(mixed_ws):
    spec = MixSpec.model_validate({"name": "own", **BASE})
    mix(mixed_ws, spec, echo=lambda *_: None, force=True)
    rows, manifest = written_rows(mixed_ws, "own")
    own = samples_by_id(mixed_ws)
    assert len(rows) == manifest["rows"] > 400
    copies: dict[str, int] = {}
    for r in rows:
        s = own[r["sample_id"]]
        assert (r["query"], r["source"]) == (s["query"], s["source"])
        if r["task"] == "retrieval" or r["source"] == "pre":
            assert r["passage"] == s["positive"]
        if r["source"] == "cls":
            assert r["passage"] == s["label"]
        copies[r["sample_id"]] = copies.get(r["sample_id"], 0) + 1
    assert max(copies.values()) == 3  # yor_Latn's 3 samples are upsampled to the epoch bound
    pre = [r for r in rows if r["source"] == "pre"]  # pre-built clustering tuples (no labels), exported as released
    assert pre and all(r["negative_1"] == f"pre neg {r['query'].split()[-1]} 0" for r in pre)
    by_task = {t: sum(r["task"] == t for r in rows) for t in manifest["plan"]}
    assert by_task == {t: p["planned"] for t, p in manifest["plan"].items()}  # every planned row written
    dup_ids = [sid for sid, s in own.items() if s["query"] == "q web eng_Latn 0"]
    assert len(dup_ids) == 5 and all(sid in copies for sid in dup_ids)  # same texts, each its own row(s)


def test_an_export_that_loses_rows_fails_and_publishes_nothing(mixed_ws, monkeypatch):
    """The check behind every export: written (+ counted left-out) rows must equal the plan. With
    the pre-built tuples routed to the label path again (the bug that dropped them), the export
    stops with an error naming both counts, and the last published mixture stays as it was."""
    import curation.mix.export as export
    from curation.errors import MlcurateError

    spec = MixSpec.model_validate({"name": "lossy", **BASE})
    mix(mixed_ws, spec, echo=lambda *_: None, force=True)
    before = written_rows(mixed_ws, "lossy")
    monkeypatch.setattr(export, "is_prebuilt", lambda *a: False)
    with pytest.raises(MlcurateError, match=r"wrote 467 rows .* of the 485 planned"):
        mix(mixed_ws, spec, echo=lambda *_: None, force=True)
    assert written_rows(mixed_ws, "lossy") == before
    assert not list(mixed_ws.mixtures.glob(".lossy.tmp-*"))


def test_running_out_of_memory_limit_names_the_source_and_the_fix(mixed_ws, monkeypatch):
    """Running out of the spec's memory_limit while a source's rows stream (the final sort runs
    outside DuckDB, tests/mix/test_order.py; a query can still outgrow a limit) is a config error
    naming the source and the key to raise, and publishes nothing. The fixture is too small to
    outgrow a limit its setup survives, so the export's query is swapped for one that cannot spill
    (one list of 50M numbers) under a 64 MB limit."""
    import curation.mix.export as export
    from curation.errors import ConfigError

    monkeypatch.setattr(export, "tuples_sql", lambda *a, **k: "SELECT list(range) AS l FROM range(50000000)")
    spec = MixSpec.model_validate({"name": "tight", **BASE, "memory_limit": "64MB"})
    with pytest.raises(ConfigError, match=r"key 'memory_limit': exporting source '\w+' \(\w+\) ran out of DuckDB's memory_limit \(64MB\)") as e:
        mix(mixed_ws, spec, echo=lambda *_: None, force=True)
    assert "fix: raise memory_limit" in str(e.value)
    assert not (mixed_ws.mixtures / "tight").exists() and not list(mixed_ws.mixtures.glob(".tight.tmp-*"))
