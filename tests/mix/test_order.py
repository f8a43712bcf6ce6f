"""The export's final shuffle (mix/order.py): the order `ORDER BY key, sample_id, copy` gives, in
memory or bucket-sorted through files, and an export of rows too wide for DuckDB's own sort."""

import random

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from curation.mix.order import COPY, KEY, ordered
from curation.mix.spec import MixSpec
from curation.mix.stage import mix
from curation.mix.tuples import tuples_sql
from curation.schema import SAMPLE_SCHEMA

from .conftest import make_workspace, sample


def stream(n: int, seed: int = 0, batch: int = 700) -> list[pa.RecordBatch]:
    """Rows with uniform 64-bit keys, some keys repeated (ties broken by sample_id, then copy: a
    sample's copies share its id), texts of varying width, in arbitrary order."""
    rng = np.random.default_rng(seed)
    keys = rng.integers(0, 2**64, size=n, dtype=np.uint64)
    keys[::7] = keys[1::7][: len(keys[::7])]  # ties
    perm = rng.permutation(n)
    ids, copies = [f"{i // 3:05d}" for i in perm], perm % 3  # 3 rows per id, told apart by copy
    table = pa.table({"query": [f"text {i} " + "x" * int(rng.integers(0, 300)) for i in range(n)], "sample_id": ids,
                      KEY: pa.array(keys, pa.uint64()), COPY: pa.array(copies, pa.int64())})
    return table.to_batches(max_chunksize=batch)


def expected(batches: list[pa.RecordBatch]) -> list[dict]:
    con = duckdb.connect()
    t = pa.Table.from_batches(batches)  # noqa: F841 - read by name below
    return con.sql(f"SELECT * EXCLUDE ({KEY}, {COPY}) FROM t ORDER BY {KEY}, sample_id, {COPY}").arrow().read_all().to_pylist()


@pytest.mark.parametrize("budget", [10**9, 50_000, 4_000], ids=["in memory", "bucket sort", "many buckets"])
def test_the_order_is_sql_order_by_key_id_copy(tmp_path, budget):
    batches = stream(5_000)
    out = list(ordered(iter(batches), budget, tmp_path, out_rows=333))
    assert all(b.num_rows <= 333 for b in out) and KEY not in out[0].schema.names
    assert pa.Table.from_batches(out).to_pylist() == expected(batches)
    assert list(tmp_path.iterdir()) == []  # the bucket files are gone


def test_the_bucket_files_go_when_the_reader_stops_early(tmp_path):
    out = ordered(iter(stream(3_000)), 20_000, tmp_path, out_rows=100)
    next(out)
    assert len(list(tmp_path.iterdir())) == 1  # one folder of bucket files while it is read
    out.close()
    assert list(tmp_path.iterdir()) == []


def test_a_spill_folder_not_made_yet_is_made(tmp_path):
    out = list(ordered(iter(stream(2_000)), 20_000, tmp_path / "spill" / "later", out_rows=500))
    assert pa.Table.from_batches(out).num_rows == 2_000 and list((tmp_path / "spill" / "later").iterdir()) == []


def test_without_a_spill_folder_the_system_temp_is_used():
    out = list(ordered(iter(stream(2_000)), 20_000, None, out_rows=500))
    assert pa.Table.from_batches(out).num_rows == 2_000


def test_no_rows_no_batches(tmp_path):
    assert list(ordered(iter([]), 1000, tmp_path, out_rows=10)) == []


def cjk(rng: random.Random, n: int) -> str:
    return "".join(chr(0x4E00 + rng.randrange(20000)) for _ in range(n))


@pytest.mark.slow
def test_rows_too_wide_for_duckdbs_sort_export_within_memory_limit(tmp_path):
    """2,400 retrieval rows of 24 negatives, 220 CJK characters each (about 40 MB of texts, in row
    groups of 100 as ingest writes them, smaller): DuckDB's ORDER BY of them cannot spill under a
    64 MB memory_limit (checked first, so the fixture keeps meaning something; it needs 128 MB),
    while the export streams them unordered (48 MB is enough) and bucket-sorts them through files:
    the same rows in the same order as the ORDER BY without a limit."""
    rng = random.Random(0)
    rows = [sample("wide", "retrieval", i, "jpn_Jpan", query=cjk(rng, 40), positive=cjk(rng, 220),
                   negatives=[cjk(rng, 220) for _ in range(24)]) for i in range(2400)]
    ws = make_workspace(tmp_path / "ws", {})
    (ws.samples / "source=wide").mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=SAMPLE_SCHEMA), ws.samples / "source=wide" / "part-0.parquet", row_group_size=100)
    spec = MixSpec.model_validate({"name": "small", "tasks": {"retrieval": 2400}, "max_epochs": 1, "num_negatives": {"retrieval": 24},
                                   "shard_size": 5000, "memory_limit": "64MB", "batch_rows": 64})
    with ws.connect(read_only=True) as con:
        con.execute("CREATE TEMP TABLE mix_plan AS SELECT 'retrieval' AS task, 'jpn_Jpan' AS lang, 'wide' AS source, 2400::BIGINT AS planned")
        full = con.sql(tuples_sql(spec, "wide", "retrieval", mined=False)).arrow().read_all().to_pylist()
        con.execute(f"SET memory_limit = '64MB'; SET temp_directory = '{tmp_path / 'spill'}'")
        with pytest.raises(duckdb.OutOfMemoryException):
            con.sql(tuples_sql(spec, "wide", "retrieval", mined=False)).arrow().read_all()

    mix(ws, spec, echo=lambda *_: None)
    shards = sorted((ws.mixtures / "small").glob("shard-*.parquet"))
    got = duckdb.connect().sql(f"SELECT * FROM read_parquet({[str(p) for p in shards]})").arrow().read_all().to_pylist()
    cols = [c for c in full[0] if c != "n_tokens"]
    assert len(got) == 2400 and [{c: r[c] for c in cols} for r in got] == [{c: r[c] for c in cols} for r in full]
