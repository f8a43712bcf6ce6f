"""The commit publishes a first ingest with distinct ids by renames alone, and finds repeated ids
(also ones that differ only after their first 64 bits) when there are some."""

import pyarrow as pa
import pyarrow.parquet as pq

from curation.ingest.steps import _distinct_ids


def _id(i: int) -> str:
    return f"{i:016x}{i * 7 % 2**64:016x}"  # 32 hex digits, the first 16 differ with i


def _staged(tmp_path, name: str, ids: list[str | None]) -> str:
    path = tmp_path / name
    pq.write_table(pa.table({"sample_id": pa.array(ids, pa.string())}), path, row_group_size=2)
    return str(path)


def test_distinct_ids_across_files_and_row_groups(tmp_path):
    a = _staged(tmp_path, "a.parquet", [_id(i) for i in range(5)])
    b = _staged(tmp_path, "b.parquet", [_id(i) for i in range(5, 9)])
    assert _distinct_ids([a, b], "sample_id")


def test_a_repeat_in_another_file_is_found(tmp_path):
    a = _staged(tmp_path, "a.parquet", [_id(i) for i in range(5)])
    b = _staged(tmp_path, "b.parquet", [_id(7), _id(3)])
    assert not _distinct_ids([a, b], "sample_id")


def test_same_first_64_bits_leaves_it_to_the_exact_check(tmp_path):
    # distinct ids, but equal in their first 16 hex digits: not provably distinct from the prefix
    a = _staged(tmp_path, "a.parquet", ["0123456789abcdef" + "0" * 16, "0123456789abcdef" + "1" * 16])
    assert not _distinct_ids([a], "sample_id")


def test_ids_that_are_not_hex_digests_take_the_exact_check(tmp_path):
    assert not _distinct_ids([_staged(tmp_path, "a.parquet", ["short", "0" * 32])], "sample_id")
    assert not _distinct_ids([_staged(tmp_path, "b.parquet", ["G" * 32, "0" * 32])], "sample_id")
    assert not _distinct_ids([_staged(tmp_path, "c.parquet", [None, "0" * 32])], "sample_id")


def test_hex_prefix64_is_the_first_16_hex_digits():
    from curation.ingest.steps import hex_prefix64

    ids = [_id(i) for i in (0, 1, 2**63 + 5, 2**64 - 1)] + ["fedcba9876543210" + "0" * 16]
    assert hex_prefix64(pa.array(ids, pa.string())).tolist() == [int(h[:16], 16) for h in ids]
    assert hex_prefix64(pa.array(ids, pa.string()).slice(2)).tolist() == [int(h[:16], 16) for h in ids[2:]]


def test_native_workers_leave_the_prefixes_beside_their_staged_samples(tmp_path):
    """The commit reads the `.ids` file instead of the ids column; it holds exactly the staged
    ids' first 64 bits, and a file whose size does not match its samples is not trusted."""
    import numpy as np

    from curation.ingest.native import _NativeWriter
    from curation.ingest.steps import hex_prefix64
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
    assert np.fromfile(side, dtype=np.uint64).tolist() == hex_prefix64(pq.read_table(staged).column("sample_id")).tolist()
    assert _distinct_ids([str(staged)], "sample_id")
    side.write_bytes(np.zeros(5, dtype=np.uint64).tobytes())  # same size, equal prefixes: the file decides
    assert not _distinct_ids([str(staged)], "sample_id")
    side.write_bytes(np.zeros(2, dtype=np.uint64).tobytes())  # wrong size: ignored, the ids column decides
    assert _distinct_ids([str(staged)], "sample_id")
