"""datatrove steps of the ingest stage.

    ReadSource -> BuildSamples -> WriteStaging      (N tasks, one shard each)
    CommitSource                                    (1 task, after all shards)

Shards write to `.staging/`; the commit publishes new samples into `samples/source=<name>/` with one
atomic rename, skipping ids the workspace already holds, so re-ingesting adds nothing and an
interrupted run resumes from its completed shards.
"""

import os
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..config import SourceConfig
from ..languages import Registry
from ..layer import Layer, write_counts
from ..lifecycle import crash_point
from ..runner import Step
from ..schema import QUARANTINE_SCHEMA, SAMPLE_SCHEMA
from ..store import atomic_parquet_writer, write_json_atomic
from .readers import read_rows
from .samples import SampleBuilder


ROW_GROUP = 20_000  # rows buffered per staged row group: bounds worker memory
BATCH = 8192  # rows travel between steps in lists of this size


class ReadSource(Step):
    """Yields the `RawRow`s of this task's shard of a source."""

    name = "read source"
    type = "INGEST"

    def __init__(self, source: SourceConfig, progress: bool = True):
        super().__init__()
        self.source, self.progress = source, progress

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        batch = []
        for row in read_rows(self.source, rank, world_size, self.progress):
            batch.append(row)
            if len(batch) >= BATCH:
                yield batch
                batch = []
                crash_point("ingest:reading")  # (tests) the main process is killed while workers read
        if batch:
            yield batch
            crash_point("ingest:reading")


class BuildSamples(Step):
    """A batch of RawRows -> (sample tuples, quarantine tuples, number of blank lines)."""

    name = "build samples"
    type = "INGEST"
    worker_preload = ("pandas", "language_data.name_data")  # as NativeIngest's

    def __init__(self, source: SourceConfig, registry_path: str):
        super().__init__()
        self.source, self.registry_path = source, registry_path

    def run(self, data, rank: int = 0, world_size: int = 1):
        builder = SampleBuilder(self.source, Registry.load(Path(self.registry_path)))
        for batch in data:
            rows = [r for r in batch if r.error is None or r.error[0] != "blank"]
            samples, quarantined = builder.build_batch(rows)
            yield samples, quarantined, len(batch) - len(rows)


class WriteStaging(Step):
    """Writes this task's samples and quarantined rows to staging Parquet, plus its counts."""

    name = "write staging"
    type = "INGEST"

    def __init__(self, staging_dir: str):
        super().__init__()
        self.staging_dir = staging_dir

    def run(self, data, rank: int = 0, world_size: int = 1):
        out = Path(self.staging_dir)
        out.mkdir(parents=True, exist_ok=True)
        samples = _StagedWriter(out / f"samples-{rank:05d}.parquet", SAMPLE_SCHEMA)
        quarantine = _StagedWriter(out / f"quarantine-{rank:05d}.parquet", QUARANTINE_SCHEMA)
        counts = {"rows_read": 0, "blank_lines": 0, "reasons": {}}
        for good, bad, blank in data:
            counts["blank_lines"] += blank
            counts["rows_read"] += len(good) + len(bad)
            samples.add(good)
            quarantine.add(bad)
            for values in bad:
                counts["reasons"][values[3]] = counts["reasons"].get(values[3], 0) + 1
        counts["samples_staged"] = samples.close()
        counts["quarantined"] = quarantine.close()
        write_counts(out, rank, counts)
        self.stat_update("rows_read", value=counts["rows_read"])
        return
        yield  # a generator that yields nothing: the last step of the pipeline


class _StagedWriter:
    """Buffers rows and writes them as row groups; renamed into place on close. Input order is the
    file name (shard rank) then the row number, which the commit uses to keep first occurrences."""

    def __init__(self, path: Path, schema: pa.Schema):
        # Files are published as they are: write every column nullable, as DuckDB writes the
        # files it rewrites, so all parts of a layer share one Arrow schema.
        self.path, self.schema = path, pa.schema([f.with_nullable(True) for f in schema])
        self.file = atomic_parquet_writer(path, self.schema)
        self.rows: list[tuple] = []
        self.n = 0
        self.writer = self.file.__enter__()

    def add(self, rows: list[tuple]) -> None:
        self.rows += rows
        if len(self.rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if not self.rows:
            return
        columns = list(zip(*self.rows))  # rows -> columns at C speed
        arrays = [pa.array(c, type=f.type) for c, f in zip(columns, self.schema)]
        self.writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
        self.n += len(self.rows)
        self.rows = []

    def close(self) -> int:
        self._flush()
        self.file.__exit__(None, None, None)  # closes the writer and renames the file into place
        return self.n


class CommitSource(Step):
    """Publishes a source's staged shards: new samples (by id) into `samples/`, new quarantined rows
    into `quarantine/`, each file by one rename (see `_publish`). Idempotent."""

    name = "commit source"
    type = "INGEST"

    def __init__(self, source_name: str, staging_dir: str, workspace_root: str, run_id: str, memory_limit: str = "256MB"):
        super().__init__()
        self.source_name, self.staging_dir, self.root, self.run_id = source_name, staging_dir, workspace_root, run_id
        self.memory_limit = memory_limit

    def run(self, data=None, rank: int = 0, world_size: int = 1, connection: "_Connection | None" = None):
        staging, root = Path(self.staging_dir), Path(self.root)
        crash_point("ingest:before-commit")
        con = connection or _Connection(root, self.memory_limit)
        counts = {}
        counts["samples_new"] = _publish(con, staging, "samples", root / "samples" / f"source={self.source_name}", "sample_id", self.run_id)
        counts["quarantined_new"] = _publish(con, staging, "quarantine", root / "quarantine" / f"source={self.source_name}",
                                             "quarantine_id", self.run_id)
        if connection is None:
            con.close()
        write_json_atomic(staging / "commit.json", counts)
        return
        yield


class _Connection:
    """An in-memory DuckDB connection for the commit, opened when first needed: a first ingest
    whose ids are all distinct (`_distinct_ids`) publishes by renames alone. One can serve the
    commits of many sources (CommitSources), instead of one connection each."""

    def __init__(self, root: Path, memory_limit: str = "256MB"):
        self.root, self.memory_limit, self._con = root, memory_limit, None

    def execute(self, *args):
        return self.get().execute(*args)

    def sql(self, *args):
        return self.get().sql(*args)

    def get(self):
        if self._con is None:
            import duckdb

            self._con = duckdb.connect()
            tmpdir = self.root / ".staging" / "duckdb-tmp"
            self._con.execute(f"SET threads = 2; SET memory_limit = '{self.memory_limit}'; SET temp_directory = '{tmpdir}'; "
                              "SET preserve_insertion_order = true")
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


def _publish(con, staging: Path, prefix: str, layer_dir: Path, key: str, run_id: str) -> int:
    """Move staged files into the layer; only rows to leave out cost a rewrite.

    Left out: later copies of an id within this run (input order = staged file name, then row) and
    ids the layer already holds. A staged file with nothing to leave out is renamed as it is; the
    others are rewritten without those rows. Each file lands by one rename, so a crash leaves a
    mix of published and staged files that a re-run finishes (published ones then count as held).
    """
    staged = sorted(str(p) for p in staging.glob(f"{prefix}-*.parquet"))
    if not staged:
        return 0
    layer_dir.mkdir(parents=True, exist_ok=True)
    existing = [str(p) for p in layer_dir.glob("*.parquet")]
    if not existing and _distinct_ids(staged, key):  # nothing to leave out: every file as it is
        published = 0
        for i, f in enumerate(staged):
            if i == 1:
                crash_point("ingest:mid-publish")
            published += pq.ParquetFile(f).metadata.num_rows
            Layer(layer_dir).publish_file(Path(f), layer_dir / f"part-{run_id}-{i:05d}.parquet")
        return published
    held = f"UNION ALL SELECT filename, row FROM s WHERE id IN (SELECT {key} FROM read_parquet({existing!r}))" if existing else ""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE leave_out AS
        WITH s AS (SELECT {key} AS id, filename, file_row_number AS row
                   FROM read_parquet({staged!r}, filename = true, file_row_number = true)),
             repeated AS (SELECT id FROM s GROUP BY id HAVING count(*) > 1)
        SELECT filename, row FROM (
            SELECT filename, row, row_number() OVER (PARTITION BY id ORDER BY filename, row) AS n
            FROM s SEMI JOIN repeated USING (id)) WHERE n > 1
        {held}""")
    dropped = dict(con.execute("SELECT filename, count(DISTINCT row) FROM leave_out GROUP BY ALL").fetchall())
    published = 0
    for i, f in enumerate(staged):
        rows = pq.ParquetFile(f).metadata.num_rows
        final = layer_dir / f"part-{run_id}-{i:05d}.parquet"
        n_drop = dropped.get(f, 0)
        if i == 1:
            crash_point("ingest:mid-publish")  # one file published, the others still staged
        if n_drop == 0:
            Layer(layer_dir).publish_file(Path(f), final)
        elif n_drop < rows:
            _rewrite_without(con, f, final)
            os.unlink(f)
        else:
            os.unlink(f)
        published += rows - n_drop
    return published


_HEX_VALUE = np.full(256, 255, dtype=np.uint8)
_HEX_VALUE[list(b"0123456789")] = np.arange(10, dtype=np.uint8)
_HEX_VALUE[list(b"abcdef")] = np.arange(10, 16, dtype=np.uint8)


def hex_prefix64(ids: pa.Array) -> np.ndarray | None:
    """The first 64 bits of each id (128-bit hashes written as 32 lowercase hex digits) as uint64,
    read from the string buffer with NumPy; None when an id is null or not such a digest."""
    ids = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    if len(ids) == 0:
        return np.zeros(0, dtype=np.uint64)
    if ids.null_count or ids.type != pa.string():
        return None
    offsets = np.frombuffer(ids.buffers()[1], dtype=np.int32, count=len(ids) + 1, offset=ids.offset * 4)
    if not (np.diff(offsets) == 32).all():
        return None
    digits = np.frombuffer(ids.buffers()[2], dtype=np.uint8, count=32 * len(ids), offset=int(offsets[0])).reshape(-1, 32)[:, :16]
    values = _HEX_VALUE[digits]
    if (values == 255).any():
        return None
    return (values.astype(np.uint64) << np.arange(60, -1, -4, dtype=np.uint64)).sum(axis=1, dtype=np.uint64)


def _distinct_ids(staged: list[str], key: str) -> bool:
    """True when the staged files' ids are certainly all distinct: their first 64 bits are, which
    NumPy decides by one sort of 8 bytes per row (DuckDB's grouping of the full strings costs about
    as much again as the ingest's own commit otherwise). The bits come from the `.ids` file a
    native worker writes beside its staged samples (`_NativeWriter`), else from the file's ids.
    False, and the caller groups the full ids, when two share their first 64 bits or an id is not
    a 32-digit hex digest."""
    prefixes = []
    for f in staged:
        pf = pq.ParquetFile(f)
        side = Path(f).with_suffix(".ids")
        if side.exists() and side.stat().st_size == 8 * pf.metadata.num_rows:
            prefixes.append(np.fromfile(side, dtype=np.uint64))
            continue
        for i in range(pf.num_row_groups):
            found = hex_prefix64(pf.read_row_group(i, columns=[key]).column(0))
            if found is None:
                return False
            prefixes.append(found)
    if not prefixes:
        return True
    ordered = np.sort(np.concatenate(prefixes))
    return not (ordered[1:] == ordered[:-1]).any()


def _rewrite_without(con, staged: str, final: Path) -> None:
    """Copy `staged` to `final` without its rows in `leave_out`, streaming in record batches and
    keeping the staged file's (all-nullable) schema, so every part of a layer has one schema."""
    schema = pq.read_schema(staged)
    reader = con.sql(f"""SELECT * EXCLUDE (file_row_number) FROM read_parquet('{staged}', file_row_number = true)
                             WHERE file_row_number NOT IN (SELECT row FROM leave_out WHERE filename = '{staged}')
                             ORDER BY file_row_number""").to_arrow_reader(ROW_GROUP)
    with atomic_parquet_writer(final, schema) as writer:
        for batch in reader:
            writer.write_table(pa.Table.from_batches([batch]).cast(schema))


def clear_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
