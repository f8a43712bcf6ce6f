"""Per-source scoped views (mix/scope.py) give byte-identical shards to the whole-workspace views,
in our layout and the codefuse layout, with langid and dedup layers filtering samples out."""

import hashlib
import json

import pyarrow as pa
import pytest

from curation.mix import codefuse, export
from curation.mix.spec import MixSpec
from curation.mix.stage import mix
from curation.schema import DEDUP_SCHEMA, LANGID_SCHEMA
from curation.store import write_parquet_atomic

from .conftest import make_workspace, sample


def _h(sid: str, mod: int) -> bool:
    return int(hashlib.md5(sid.encode()).hexdigest(), 16) % mod == 0


def annotate(ws, source: str, rows: list[dict]) -> None:
    """langid drops about 1 in 7 samples, dedup about 1 in 5, each in its source's folder."""
    n = len(rows)
    ids = [r["sample_id"] for r in rows]
    lid = {c: pa.nulls(n, f.type) for c, f in zip(LANGID_SCHEMA.names, LANGID_SCHEMA)}
    lid.update(sample_id=pa.array(ids), source=pa.array([source] * n), field=pa.array(["query"] * n), status=pa.array(["match"] * n),
               mismatch=pa.array([False] * n), passed=pa.array([not _h(s, 7) for s in ids]), model=pa.array(["t"] * n),
               run_id=pa.array(["r"] * n))
    write_parquet_atomic(pa.table(lid, schema=LANGID_SCHEMA), ws.annotations / "langid" / f"source={source}" / "part-r.parquet")
    ded = {c: pa.nulls(n, f.type) for c, f in zip(DEDUP_SCHEMA.names, DEDUP_SCHEMA)}
    ded.update(sample_id=pa.array(ids), cluster_id=pa.array(ids), cluster_size=pa.array([1] * n, pa.int64()),
               keep=pa.array([not _h(s, 5) for s in ids]), unit=pa.array(["query"] * n), config_hash=pa.array(["c"] * n),
               run_id=pa.array(["r"] * n))
    write_parquet_atomic(pa.table(ded, schema=DEDUP_SCHEMA), ws.annotations / "dedup" / f"source={source}" / "part-r.parquet")


@pytest.fixture(scope="module")
def scoped_ws(tmp_path_factory):
    langs = ("eng_Latn", "deu_Latn", "tha_Thai")
    sources = {
        "web": [sample("web", "retrieval", i, langs[i % 3], positive=f"passage {i}", negatives=[f"n{i}-{k}" for k in range(i % 4)])
                for i in range(400)],
        "topics": [sample("topics", "clustering", i, langs[i % 3], label=f"topic {i % 9}", query=f"text about {i % 9} number {i}")
                   for i in range(300)],
        "code": [sample("code", "code", i, "eng_Latn", code_lang="python", positive=f"def f{i}(): pass", negatives=[f"def g{i}(): pass"])
                 for i in range(200)],
    }
    ws = make_workspace(tmp_path_factory.mktemp("scope") / "ws", sources)
    for name, rows in sources.items():
        annotate(ws, name, rows)
    return ws, sources


@pytest.mark.parametrize("layout", ["f2llm", "codefuse"])
def test_scoped_export_is_byte_identical(scoped_ws, layout, monkeypatch):
    ws, sources = scoped_ws
    spec = dict(tasks={"retrieval": 300, "clustering": 200, "code": 100}, alpha=0.5, max_epochs=2, shard_size=150, layout=layout,
                **({"allow_unknown_datasets": True} if layout == "codefuse" else {"num_negatives": {"retrieval": 3, "clustering": 3, "code": 1}}))
    mix(ws, MixSpec(name=f"scoped-{layout}", **spec), echo=lambda *_: None, force=True)
    with monkeypatch.context() as m:  # the whole-workspace views, as before scoping
        m.setattr(export, "layer_views", lambda con: [])
        m.setattr(codefuse, "layer_views", lambda con: [])
        mix(ws, MixSpec(name=f"whole-{layout}", **spec), echo=lambda *_: None, force=True)
    a = json.loads((ws.mixtures / f"scoped-{layout}" / "manifest.json").read_text())
    b = json.loads((ws.mixtures / f"whole-{layout}" / "manifest.json").read_text())
    assert a["rows"] == b["rows"] >= (600 if layout == "f2llm" else 400)  # codefuse leaves out rows without negatives
    assert [(s["file"], s["sha256"]) for s in a["shards"]] == [(s["file"], s["sha256"]) for s in b["shards"]]


def test_scoped_views_still_filter(scoped_ws):
    ws, sources = scoped_ws
    mix(ws, MixSpec(name="filtered", total=5000, max_epochs=1, num_negatives={"retrieval": 1, "clustering": 1, "code": 1}),
        echo=lambda *_: None, force=True)
    import duckdb

    ids = {r[0] for r in duckdb.connect().execute(f"SELECT sample_id FROM read_parquet('{ws.mixtures}/filtered/shard-*.parquet')").fetchall()}
    dropped = {r["sample_id"] for rows in sources.values() for r in rows if _h(r["sample_id"], 7) or _h(r["sample_id"], 5)}
    assert ids and not ids & dropped


def test_where_with_a_subquery_reads_the_whole_workspace(scoped_ws, monkeypatch):
    """A `where` that aggregates over all sources (English has > 300 samples only across sources)
    must see every source: such specs are not scoped."""
    ws, _ = scoped_ws
    where = "lang IN (SELECT lang FROM samples GROUP BY lang HAVING count(*) > 300)"
    spec = dict(total=300, where=where, num_negatives={"retrieval": 1, "clustering": 1, "code": 1})
    mix(ws, MixSpec(name="sub-scoped", **spec), echo=lambda *_: None, force=True)
    with monkeypatch.context() as m:
        m.setattr(export, "layer_views", lambda con: [])
        mix(ws, MixSpec(name="sub-whole", **spec), echo=lambda *_: None, force=True)
    a = json.loads((ws.mixtures / "sub-scoped" / "manifest.json").read_text())
    b = json.loads((ws.mixtures / "sub-whole" / "manifest.json").read_text())
    assert a["rows"] == b["rows"] > 250 and set(a["counts"]["lang"]) == {"eng_Latn"}
    assert [s["sha256"] for s in a["shards"]] == [s["sha256"] for s in b["shards"]]
