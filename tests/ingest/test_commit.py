"""The commit publishes a first ingest with distinct ids by renames alone, and finds repeated ids
(also ones that differ only after their first 64 bits) when there are some."""

import pyarrow as pa
import pyarrow.parquet as pq

from curation.ingest.steps import _distinct_ids


def _id(i: int) -> str:
    return f"{i:016x}{i * 7:016x}"  # 32 hex digits, the first 16 differ with i


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
