"""datatrove steps of the ingest stage.

    ReadSource -> BuildSamples -> WriteStaging      (N tasks, one shard each)
    CommitSource                                    (1 task, after all shards)

Shards write to `.staging/`; the commit publishes new samples into `samples/source=<name>/` with one
atomic rename, skipping ids the workspace already holds, so re-ingesting adds nothing and an
interrupted run resumes from its completed shards.
"""

import json
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from datatrove.pipeline.base import PipelineStep

from ..config import SourceConfig
from ..languages import Registry
from ..runner import quiet_datatrove_logs
from ..schema import QUARANTINE_SCHEMA, SAMPLE_COLUMNS, SAMPLE_SCHEMA
from .readers import RawRow, read_rows
from .samples import SampleBuilder

quiet_datatrove_logs()  # runs where tasks are unpickled (worker processes), see its docstring

ROW_GROUP = 20_000  # rows buffered per staged row group: bounds worker memory
BATCH = 8192  # rows travel between steps in lists of this size
_ORD = pa.field("_ord", pa.int64())
STAGED_SAMPLE_SCHEMA = SAMPLE_SCHEMA.append(_ORD)
STAGED_QUARANTINE_SCHEMA = QUARANTINE_SCHEMA.append(_ORD)


class ReadSource(PipelineStep):
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
        if batch:
            yield batch


class BuildSamples(PipelineStep):
    """A batch of RawRows -> (sample tuples, quarantine tuples, number of blank lines)."""

    name = "build samples"
    type = "INGEST"

    def __init__(self, source: SourceConfig, registry_path: str):
        super().__init__()
        self.source, self.registry_path = source, registry_path

    def run(self, data, rank: int = 0, world_size: int = 1):
        builder = SampleBuilder(self.source, Registry.load(Path(self.registry_path)))
        for batch in data:
            rows = [r for r in batch if r.error is None or r.error[0] != "blank"]
            samples, quarantined = builder.build_batch(rows)
            yield samples, quarantined, len(batch) - len(rows)


class WriteStaging(PipelineStep):
    """Writes this task's samples and quarantined rows to staging Parquet, plus its counts."""

    name = "write staging"
    type = "INGEST"

    def __init__(self, staging_dir: str):
        super().__init__()
        self.staging_dir = staging_dir

    def run(self, data, rank: int = 0, world_size: int = 1):
        out = Path(self.staging_dir)
        out.mkdir(parents=True, exist_ok=True)
        samples = _StagedWriter(out / f"samples-{rank:05d}.parquet", STAGED_SAMPLE_SCHEMA, rank)
        quarantine = _StagedWriter(out / f"quarantine-{rank:05d}.parquet", STAGED_QUARANTINE_SCHEMA, rank)
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
        _write_json_atomic(out / f"counts-{rank:05d}.json", counts)
        self.stat_update("rows_read", value=counts["rows_read"])
        return
        yield  # a generator that yields nothing: the last step of the pipeline


class _StagedWriter:
    """Buffers rows as columns and writes row groups; renamed into place on close."""

    def __init__(self, path: Path, schema: pa.Schema, rank: int):
        self.path, self.schema = path, schema
        self.tmp = path.with_name(path.name + ".tmp")
        self.rows: list[tuple] = []
        self.n = 0
        self.base = rank << 40  # `_ord` keeps input order across shards
        self.writer = pq.ParquetWriter(self.tmp, schema, compression="zstd")

    def add(self, rows: list[tuple]) -> None:
        self.rows += rows
        if len(self.rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if not self.rows:
            return
        columns = list(zip(*self.rows))  # rows -> columns at C speed
        order = pa.array(range(self.base + self.n, self.base + self.n + len(self.rows)), type=pa.int64())
        arrays = [pa.array(c, type=f.type) for c, f in zip(columns, self.schema)] + [order]
        self.writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
        self.n += len(self.rows)
        self.rows = []

    def close(self) -> int:
        self._flush()
        self.writer.close()
        os.replace(self.tmp, self.path)
        return self.n


class CommitSource(PipelineStep):
    """Publishes a source's staged shards: new samples (by id) into `samples/`, new quarantined rows
    into `quarantine/`, each as one Parquet file renamed into place. Idempotent."""

    name = "commit source"
    type = "INGEST"

    def __init__(self, source_name: str, staging_dir: str, workspace_root: str, run_id: str, memory_limit: str = "256MB"):
        super().__init__()
        self.source_name, self.staging_dir, self.root, self.run_id = source_name, staging_dir, workspace_root, run_id
        self.memory_limit = memory_limit

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        import duckdb

        staging, root = Path(self.staging_dir), Path(self.root)
        con = duckdb.connect()
        tmpdir = root / ".staging" / "duckdb-tmp"
        con.execute(f"SET threads = 2; SET memory_limit = '{self.memory_limit}'; SET temp_directory = '{tmpdir}'; SET preserve_insertion_order = true")
        counts = {}
        counts["samples_new"] = _publish(con, staging / "samples-*.parquet", root / "samples" / f"source={self.source_name}",
                                         "sample_id", list(SAMPLE_COLUMNS), self.run_id)
        counts["quarantined_new"] = _publish(con, staging / "quarantine-*.parquet", root / "quarantine" / f"source={self.source_name}",
                                             "quarantine_id", QUARANTINE_SCHEMA.names, self.run_id)
        con.close()
        _write_json_atomic(staging / "commit.json", counts)
        return
        yield


def _publish(con, staged_glob: Path, layer_dir: Path, key: str, columns: list[str], run_id: str) -> int:
    if not list(staged_glob.parent.glob(staged_glob.name)):
        return 0
    layer_dir.mkdir(parents=True, exist_ok=True)
    final = layer_dir / f"part-{run_id}.parquet"
    if final.exists():  # this run already published (resumed commit)
        return 0
    existing = [str(p) for p in layer_dir.glob("*.parquet")]
    cols = ", ".join(f's."{c}"' for c in columns)
    anti = f"AND s.{key} NOT IN (SELECT {key} FROM read_parquet({existing!r}))" if existing else ""
    query = f"""
        SELECT {cols} FROM read_parquet('{staged_glob}') s
        WHERE true {anti}
        QUALIFY row_number() OVER (PARTITION BY s.{key} ORDER BY s._ord) = 1
        ORDER BY s._ord
    """
    tmp = final.with_name(final.name + ".tmp")
    n = con.execute(f"COPY ({query}) TO '{tmp}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)").fetchone()[0]
    if n == 0:
        tmp.unlink(missing_ok=True)
        return 0
    os.replace(tmp, final)
    return n


def _write_json_atomic(path: Path, obj) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(obj, indent=1, sort_keys=True))
    os.replace(tmp, path)


def clear_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
