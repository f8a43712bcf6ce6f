"""The export's final shuffle, sorted outside DuckDB in bounded memory.

A source's exported rows go out in the order of their shuffle key (`tuples.copy_key`: a uniform
64-bit hash), then `sample_id`, then copy number. DuckDB 2.0's sort cannot spill rows this wide:
with 26 long texts a row it runs out of a 2 GB `memory_limit` on under 1 GB of rows (80,000 rows
of 24 Japanese negatives in the F2LLM release are about 2.8 GB). So DuckDB streams the rows
unordered (`tuples_sql(..., ordered=False)` adds the key columns) and this module orders them:

    rows that fit `budget` bytes   sorted in memory with Arrow (most sources: no file written)
    more                           a bucket sort: the key's top bits split its range into 2^b
                                   buckets of about `budget / 2` bytes each (uniform hash: even
                                   buckets); rows are appended to one Arrow IPC file per bucket,
                                   then each bucket is read back, sorted and emitted in turn (the
                                   next one read and sorted on a thread meanwhile)

Keys are uniform, so a bucket's order is the global order restricted to its key range, and the
concatenation of the sorted buckets is exactly the order `ORDER BY key, sample_id, copy` gives
(tests/mix/test_order.py compares both, spilled and not).
"""

import math
import os
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa

KEY, COPY = "__key", "__copy"  # the ordering columns tuples_sql adds; dropped before rows are written
SORT = [(KEY, "ascending"), ("sample_id", "ascending"), (COPY, "ascending")]
MAX_BITS = 9  # at most 512 bucket files open at once (beyond ~64 GB of rows at the default budget, buckets grow instead)


def ordered(batches: Iterable[pa.RecordBatch], budget: int, spill_dir: str | os.PathLike | None, out_rows: int,
            expected_rows: int | None = None) -> Iterator[pa.RecordBatch]:
    """`batches` (holding KEY, sample_id and COPY) in (KEY, sample_id, COPY) order, without those
    two columns, in batches of at most `out_rows`. Memory: about `budget` bytes of rows at a time;
    `expected_rows` (the planned count) sizes the buckets when the rows outgrow it; their files go
    in `spill_dir` (None: the system's temporary folder)."""
    it = iter(batches)
    held, size = [], 0
    for batch in it:
        held.append(batch)
        size += batch.nbytes
        if size > budget:
            break
    else:  # everything fits: one sort in memory
        if held:
            yield from _sorted(held).to_batches(max_chunksize=out_rows)
        return
    rows = sum(b.num_rows for b in held)
    total = max(expected_rows or 0, rows) * 1.25  # room for rows wider than the first ones
    bits = min(MAX_BITS, max(1, math.ceil(math.log2(max(2.0, total * (size / rows) / (budget / 2))))))
    if spill_dir is not None:
        Path(spill_dir).mkdir(parents=True, exist_ok=True)  # DuckDB creates its temp_directory only once it spills
    with tempfile.TemporaryDirectory(prefix="mix-order-", dir=spill_dir) as tmp:
        files = _Buckets(Path(tmp), bits)
        try:
            for batch in held:
                files.add(batch)
            held = []
            for batch in it:
                files.add(batch)
        finally:
            files.close()
        # The next bucket is read and sorted on a second thread while the caller writes this one
        # (Arrow's reads, copies and sorts release the GIL, and DuckDB has finished by now).
        with ThreadPoolExecutor(max_workers=1) as pool:
            buckets = files.buckets()
            ahead = pool.submit(files.load, buckets[0]) if buckets else None
            for i in range(len(buckets)):
                table = ahead.result()
                ahead = pool.submit(files.load, buckets[i + 1]) if i + 1 < len(buckets) else None
                yield from table.to_batches(max_chunksize=out_rows)


def _sorted(batches: list[pa.RecordBatch]) -> pa.Table:
    """The rows of `batches` in order, without the order's columns. The list is emptied and each
    copy dropped as the next is made, so at most two copies of the rows are alive at once.
    Contiguous columns first: Arrow's take across the chunks of a string column was several times
    slower here than one copy into a single chunk plus a take from it."""
    table = pa.Table.from_batches(batches)
    batches.clear()
    table = table.combine_chunks()
    return table.sort_by(SORT).drop_columns([KEY, COPY])


class _Buckets:
    """One Arrow IPC stream file per key range (the key's top `bits` bits)."""

    def __init__(self, root: Path, bits: int):
        self.root, self.bits = root, bits
        self.writers: dict[int, tuple[pa.OSFile, pa.ipc.RecordBatchStreamWriter]] = {}

    def add(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows == 0:
            return
        bucket = batch.column(KEY).to_numpy(zero_copy_only=False).astype(np.uint64) >> np.uint64(64 - self.bits)
        order = np.argsort(bucket, kind="stable")
        grouped = batch.take(pa.array(order))
        ids, starts = np.unique(bucket[order], return_index=True)
        ends = [*starts[1:].tolist(), batch.num_rows]
        for b, start, end in zip(ids.tolist(), starts.tolist(), ends):
            if b not in self.writers:
                sink = pa.OSFile(str(self.root / f"{b:08d}.arrows"), "wb")
                self.writers[b] = (sink, pa.ipc.new_stream(sink, batch.schema))
            self.writers[b][1].write_batch(grouped.slice(start, end - start))

    def close(self) -> None:
        for sink, writer in self.writers.values():
            writer.close()
            sink.close()

    def buckets(self) -> list[int]:
        """The buckets holding rows, lowest key range first."""
        return sorted(self.writers)

    def load(self, bucket: int) -> pa.Table:
        """A bucket's rows, sorted; its file is removed once read."""
        path = self.root / f"{bucket:08d}.arrows"
        with pa.OSFile(str(path), "rb") as f:
            batches = list(pa.ipc.open_stream(f))
        path.unlink()
        return _sorted(batches)
