"""The commit decides what to leave out on the ids' first 64 bits and compares full ids only where
those repeat: the first copy in input order (file name, then row) is kept, ids the layer holds are
left out, and the published files are the same on any number of tasks, also after a crash."""

import json

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from curation.ingest.steps import (
    _leave_out,
    _write_without,
    hex_prefix64,
    plan_commit,
    publish_share,
    staged_prefixes,
)


def _id(i: int) -> str:
    return f"{i:016x}{i * 7 % 2**64:016x}"  # 32 hex digits, the first 16 differ with i


def _staged(tmp_path, name: str, ids: list[str | None], row_group_size: int = 2):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table({"sample_id": pa.array(ids, pa.string()), "text": pa.array([f"{name}:{k}" for k in range(len(ids))])})
    pq.write_table(table, path, row_group_size=row_group_size)
    return path


def _rows(out: dict, path) -> list[int]:
    return out.get(path, np.zeros(0)).tolist()


def test_distinct_ids_leave_nothing_out(tmp_path):
    a = _staged(tmp_path, "a.parquet", [_id(i) for i in range(5)])
    b = _staged(tmp_path, "b.parquet", [_id(i) for i in range(5, 9)])
    assert _leave_out([a, b], [], "sample_id") == {}


def test_later_copies_across_files_and_row_groups_are_left_out(tmp_path):
    a = _staged(tmp_path, "a.parquet", [_id(0), _id(1), _id(2), _id(1), _id(4)])
    b = _staged(tmp_path, "b.parquet", [_id(4), _id(7), _id(7), _id(0)])
    out = _leave_out([a, b], [], "sample_id")
    assert _rows(out, a) == [3] and _rows(out, b) == [0, 2, 3]


def test_same_first_64_bits_is_not_a_copy(tmp_path):
    # distinct ids equal in their first 16 hex digits: compared in full, both kept
    head = "0123456789abcdef"
    a = _staged(tmp_path, "a.parquet", [head + "0" * 16, _id(5), head + "1" * 16, head + "0" * 16])
    assert _rows(_leave_out([a], [], "sample_id"), a) == [3]


def test_ids_the_layer_holds_are_left_out(tmp_path):
    held = _staged(tmp_path, "layer/part-old.parquet", [_id(i) for i in range(10, 20)])
    near = _staged(tmp_path, "layer/part-near.parquet", [_id(3)[:16] + "f" * 16])  # same first 64 bits as _id(3) only
    a = _staged(tmp_path, "a.parquet", [_id(3), _id(12), _id(4), _id(19), _id(12)])
    assert _rows(_leave_out([a], [held, near], "sample_id"), a) == [1, 3, 4]


def test_ids_that_are_not_hex_digests_are_compared_in_full(tmp_path):
    a = _staged(tmp_path, "a.parquet", ["short", "0" * 32, "G" * 32, "short", "G" * 32])
    assert _rows(_leave_out([a], [], "sample_id"), a) == [3, 4]
    b = _staged(tmp_path, "b.parquet", [_id(1), "x", _id(2)])
    held = _staged(tmp_path, "layer/held.parquet", ["x", _id(2)])
    assert _rows(_leave_out([b], [held], "sample_id"), b) == [1, 2]


def test_hex_prefix64_is_the_first_16_hex_digits():
    ids = [_id(i) for i in (0, 1, 2**63 + 5, 2**64 - 1)] + ["fedcba9876543210" + "0" * 16]
    assert hex_prefix64(pa.array(ids, pa.string())).tolist() == [int(h[:16], 16) for h in ids]
    assert hex_prefix64(pa.array(ids, pa.string()).slice(2)).tolist() == [int(h[:16], 16) for h in ids[2:]]
    assert hex_prefix64(pa.array(["short", "0" * 32])) is None
    assert hex_prefix64(pa.array([None, "0" * 32], pa.string())) is None


def test_rewrite_drops_exactly_the_given_rows_and_keeps_the_layout(tmp_path):
    a = _staged(tmp_path, "a.parquet", [_id(i) for i in range(7)], row_group_size=3)
    _write_without(a, tmp_path / "out.parquet", np.array([0, 4, 6]))
    out = pq.ParquetFile(tmp_path / "out.parquet")
    assert out.read().column("sample_id").to_pylist() == [_id(i) for i in (1, 2, 3, 5)]
    assert out.schema_arrow == pq.read_schema(a)
    assert out.metadata.row_group(0).column(0).compression == pq.ParquetFile(a).metadata.row_group(0).column(0).compression


def _commit(tmp_path, name: str, world_size: int, crash_after: int | None = None) -> list:
    """Stage two sample files with copies across them, commit on `world_size` tasks (ranks in
    reverse order, as parallel tasks may finish); return the layer's rows."""
    staging, layer = tmp_path / name / "staging", tmp_path / name / "layer"
    _staged(staging, "samples-00000.parquet", [_id(i) for i in (0, 1, 2, 1, 3)])
    _staged(staging, "samples-00001.parquet", [_id(i) for i in (3, 4, 0, 5)])
    _staged(staging, "samples-00002.parquet", [_id(i) for i in (6, 7)])
    layers = {"samples": layer, "quarantine": tmp_path / name / "q"}
    plan = plan_commit(staging, layers, "run")
    assert plan["samples_new"] == 8 and plan["quarantined_new"] == 0
    for rank in reversed(range(world_size)):
        if crash_after is not None and rank < crash_after:
            break  # these ranks "crashed"; a re-run reads the same plan and finishes
        publish_share(plan, staging, layers, rank, world_size)
    if crash_after is not None:
        assert json.loads((staging / "commit.json").read_text()) == plan_commit(staging, layers, "rerun")
        for rank in range(world_size):
            publish_share(plan_commit(staging, layers, "rerun"), staging, layers, rank, world_size)
    assert not list(staging.glob("*.parquet"))
    return sorted(pq.read_table(sorted(layer.glob("*.parquet"))).column("sample_id").to_pylist())


def test_commit_does_not_depend_on_tasks_and_a_rerun_finishes_a_crash(tmp_path):
    expected = sorted(_id(i) for i in range(8))
    assert _commit(tmp_path, "one", 1) == expected
    assert _commit(tmp_path, "two", 2) == expected
    assert _commit(tmp_path, "three", 3) == expected
    assert _commit(tmp_path, "crashed", 2, crash_after=1) == expected


def test_a_rewrite_interrupted_before_its_unlink_is_not_published_twice(tmp_path, monkeypatch):
    import os

    from curation.ingest import steps

    staging, layer = tmp_path / "staging", tmp_path / "layer"
    _staged(staging, "samples-00000.parquet", [_id(i) for i in (0, 1, 0)])
    layers = {"samples": layer, "quarantine": tmp_path / "q"}
    plan = plan_commit(staging, layers, "run")
    with monkeypatch.context() as m:  # the process dies right after the rewritten file lands
        m.setattr(steps.os, "unlink", lambda path: (_ for _ in ()).throw(KeyboardInterrupt()))
        with pytest.raises(KeyboardInterrupt):  # the simulated death must happen, or the test proves nothing
            publish_share(plan, staging, layers, 0, 1)
    assert (staging / "samples-00000.parquet").exists() and len(list(layer.glob("*.parquet"))) == 1
    publish_share(plan_commit(staging, layers, "rerun"), staging, layers, 0, 1)
    assert os.listdir(layer) == ["part-run-00000.parquet"]
    assert pq.read_table(layer / "part-run-00000.parquet").column("sample_id").to_pylist() == [_id(0), _id(1)]


def test_native_workers_leave_the_prefixes_beside_their_staged_samples(tmp_path):
    """The commit reads the `.ids` file instead of the ids column; it holds exactly the staged
    ids' first 64 bits, and a file whose size does not match its samples is not trusted."""
    from curation.ingest.native import _NativeWriter
    from curation.schema import SAMPLE_SCHEMA

    w = _NativeWriter(tmp_path, 0)
    schema = pa.schema([f.with_nullable(True) for f in SAMPLE_SCHEMA])
    for chunk in ([_id(i) for i in range(3)], [_id(i) for i in range(3, 5)]):
        cols = {f.name: pa.nulls(len(chunk), f.type) for f in schema}
        cols["sample_id"] = pa.array(chunk, pa.string())
        w.add(pa.Table.from_pydict(cols, schema=schema), [])
    w.close()
    staged = tmp_path / "samples-00000.parquet"
    side = tmp_path / "samples-00000.ids"
    truth = hex_prefix64(pq.read_table(staged).column("sample_id")).tolist()
    assert np.fromfile(side, dtype=np.uint64).tolist() == truth
    assert staged_prefixes([staged], "sample_id")[0].tolist() == truth
    side.write_bytes(np.zeros(5, dtype=np.uint64).tobytes())  # same size: read instead of the ids
    assert staged_prefixes([staged], "sample_id")[0].tolist() == [0] * 5
    assert _leave_out([staged], [], "sample_id") == {}  # equal prefixes, but the full ids differ
    side.write_bytes(np.zeros(2, dtype=np.uint64).tobytes())  # wrong size: ignored, the ids column decides
    assert staged_prefixes([staged], "sample_id")[0].tolist() == truth
