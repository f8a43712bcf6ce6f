"""datatrove steps of the ingest stage.

    ReadSource -> BuildSamples -> WriteStaging      (N tasks, one shard each)
    CommitSource                                    (N tasks, after all shards)

Shards write to `.staging/`; the commit publishes new samples into `samples/source=<name>/`, each
file by one atomic rename, skipping ids the workspace already holds, so re-ingesting adds nothing
and an interrupted run resumes from its completed shards.
"""

import contextlib
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..config import SourceConfig
from ..languages import Registry
from ..layer import Layer, write_counts
from ..lifecycle import crash_point
from ..runner import Step
from ..schema import QUARANTINE_SCHEMA, SAMPLE_SCHEMA
from ..store import atomic_file, atomic_parquet_writer, write_json_atomic
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
    into `quarantine/`, each file by one rename. Idempotent, and runs on any number of tasks: the
    first task to get there decides what to leave out (`plan_commit`, under a lock, once), then
    every task publishes its share of the staged files (`publish_share`), so the rewrites of
    files that have rows to leave out run in parallel. The result does not depend on the number
    of tasks: the plan is made once from the staged files in input order."""

    name = "commit source"
    type = "INGEST"
    fork_workers = True  # NumPy, pyarrow and lock files only (no DuckDB): a forkserver would import it all again

    def __init__(self, source_name: str, staging_dir: str, workspace_root: str, run_id: str):
        super().__init__()
        self.source_name, self.staging_dir, self.root, self.run_id = source_name, staging_dir, workspace_root, run_id

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        staging, root = Path(self.staging_dir), Path(self.root)
        crash_point("ingest:before-commit")
        layers = {prefix: root / prefix / f"source={self.source_name}" for prefix in LAYER_KEYS}
        plan = plan_commit(staging, layers, self.run_id)
        publish_share(plan, staging, layers, rank, world_size)
        return
        yield


LAYER_KEYS = {"samples": "sample_id", "quarantine": "quarantine_id"}  # staged file prefix = layer name -> id column


def plan_commit(staging: Path, layers: dict[str, Path], run_id: str) -> dict:
    """What to publish from `staging`: `commit.json` there (the new samples' and quarantined rows'
    counts, per staged file its rows and how many to leave out, and the run id that names the
    published parts), with the rows to leave out of a file in `<file>.leave-out` beside it. Made
    once, by whichever task takes the lock first, before any file is published: the other tasks,
    and a re-run after a crash, read the plan instead (files then move only out of `staging`, so a
    later plan would see a different input)."""
    plan_path = staging / "commit.json"
    with _locked(staging / "commit.lock"):
        if plan_path.exists():
            return json.loads(plan_path.read_text())
        plan = {"files": {}, "run_id": run_id}
        for prefix, key in LAYER_KEYS.items():
            staged = sorted(staging.glob(f"{prefix}-*.parquet"))
            existing = sorted(layers[prefix].glob("*.parquet"))
            leave_out = _leave_out(staged, existing, key)
            new = 0
            for f in staged:
                rows, drop = pq.ParquetFile(f).metadata.num_rows, leave_out.get(f)
                n_drop = 0 if drop is None else len(drop)
                if 0 < n_drop < rows:
                    _write_atomic(f.with_name(f.name + ".leave-out"), drop.astype("<i8").tobytes())
                plan["files"][f.name] = [rows, n_drop]
                new += rows - n_drop
            plan[f"{prefix}_new" if prefix == "samples" else "quarantined_new"] = new
        write_json_atomic(plan_path, plan)
        return plan


def publish_share(plan: dict, staging: Path, layers: dict[str, Path], rank: int, world_size: int) -> None:
    """Publish this task's files of `plan`: the rewrites dealt by rows over the tasks (`deal`, the
    same split on every task since all read one plan), the plain renames on rank 0. A file already
    published (by a crashed run) is no longer staged: skipped; one rewritten but still staged (a
    crash before its unlink) is rewritten again to the same name (the plan's run id), replacing it."""
    from ..runner import deal

    names = sorted(plan["files"])
    rewrite = [n for n in names if 0 < plan["files"][n][1] < plan["files"][n][0]]
    mine = {rewrite[j] for j in deal([plan["files"][n][0] for n in rewrite], world_size)[rank]} if rewrite else set()
    if rank == 0:
        mine |= set(names) - set(rewrite)
    for prefix, layer in layers.items():
        ordered = [n for n in names if n.startswith(prefix + "-")]  # input order: a part's number is its index
        for i, name in enumerate(ordered):
            if name not in mine:
                continue
            if i == 1:
                crash_point("ingest:mid-publish")  # one file published, the others still staged
            staged = staging / name
            if not staged.exists():
                continue
            rows, n_drop = plan["files"][name]
            final = layer / f"part-{plan['run_id']}-{i:05d}.parquet"
            if n_drop == 0:
                Layer(layer).publish_file(staged, final)
            elif n_drop < rows:
                _write_without(staged, final, np.fromfile(staged.with_name(name + ".leave-out"), dtype="<i8"))
                os.unlink(staged)
            else:
                os.unlink(staged)


@contextlib.contextmanager
def _locked(path: Path):
    """An exclusive lock between the tasks of one commit: an flock, as the stage lock, which the
    kernel drops when a task dies; on a cluster the workspace's filesystem must honour it across
    nodes (NFSv4 does)."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _write_atomic(path: Path, data: bytes) -> None:
    with atomic_file(path) as tmp:
        tmp.write_bytes(data)


def _leave_out(staged: list[Path], existing: list[Path], key: str) -> dict[Path, np.ndarray]:
    """Rows (sorted numbers) to leave out of each staged file: later copies of an id within the
    staged files (input order = file name, then row: the first copy is kept) and ids `existing`
    files already hold. NumPy decides on the ids' first 64 bits (`staged_prefixes`): only rows
    whose bits repeat, or match an existing id's, have their full ids read and compared. Ids that
    are not 32-digit hex digests are all compared in full."""
    prefixes = staged_prefixes(staged, key)
    if prefixes is None:  # not digests: every row is a candidate
        sizes = [pq.ParquetFile(f).metadata.num_rows for f in staged]
        candidates = np.arange(sum(sizes), dtype=np.int64)
        held = _existing_ids(existing, key, None)
    else:
        sizes = [len(p) for p in prefixes]
        every = np.concatenate(prefixes) if prefixes else np.zeros(0, np.uint64)
        ordered = np.sort(every)
        keys = ordered[1:][ordered[1:] == ordered[:-1]]  # prefixes that repeat
        held = _existing_ids(existing, key, ordered)
        held_prefixes = hex_prefix64(held)
        if held_prefixes is None:  # an existing id is not a digest: compare every row with it
            candidates = np.arange(len(every), dtype=np.int64)
        else:
            keys = np.unique(np.concatenate([keys, held_prefixes]))
            candidates = np.flatnonzero(_in_sorted(every, keys))
    if len(candidates) == 0:
        return {}
    ids = _ids_at(staged, sizes, candidates, key)
    codes = np.asarray(pc.dictionary_encode(ids, null_encoding="encode").indices)
    first = np.zeros(len(ids), dtype=bool)
    first[np.unique(codes, return_index=True)[1]] = True
    drop = ~first | np.asarray(pc.is_in(ids, value_set=held, skip_nulls=True).fill_null(False))
    starts = np.cumsum([0] + sizes)
    out = {}
    for f, lo, hi in zip(staged, starts[:-1], starts[1:]):
        rows = candidates[drop & (candidates >= lo) & (candidates < hi)] - lo
        if len(rows):
            out[f] = rows
    return out


def staged_prefixes(staged: list[Path], key: str) -> list[np.ndarray] | None:
    """The first 64 bits of each staged id, per file: from the `.ids` file a native worker writes
    beside its staged samples (`_NativeWriter`: 8 bytes a row, read instead of the ids), else from
    the file's ids. None when an id is null or not a 32-digit hex digest."""
    out = []
    for f in staged:
        pf = pq.ParquetFile(f)
        side = Path(f).with_suffix(".ids")
        if side.exists() and side.stat().st_size == 8 * pf.metadata.num_rows:
            out.append(np.fromfile(side, dtype="<u8"))
            continue
        parts = [hex_prefix64(pf.read_row_group(i, columns=[key]).column(0)) for i in range(pf.num_row_groups)]
        if any(p is None for p in parts):
            return None
        out.append(np.concatenate(parts) if parts else np.zeros(0, np.uint64))
    return out


def _existing_ids(existing: list[Path], key: str, ordered: np.ndarray | None) -> pa.Array:
    """The ids of `existing` files whose first 64 bits are among `ordered` (sorted staged
    prefixes), read row group by row group; every id when `ordered` is None or an id is not a digest."""
    kept = []
    for f in existing:
        pf = pq.ParquetFile(f)
        for i in range(pf.num_row_groups):
            ids = pf.read_row_group(i, columns=[key]).column(0).combine_chunks()
            p = None if ordered is None else hex_prefix64(ids)
            if p is None:
                kept.append(ids.cast(pa.string()))
                continue
            hit = _in_sorted(p, ordered)
            if hit.any():
                kept.append(ids.filter(pa.array(hit)))
    return pa.concat_arrays(kept) if kept else pa.array([], pa.string())


def _in_sorted(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """values[i] in `ordered` (sorted), by binary search: O(n log k), where np.isin would sort both."""
    if len(ordered) == 0:
        return np.zeros(len(values), dtype=bool)
    return ordered[np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)] == values


def _ids_at(staged: list[Path], sizes: list[int], rows: np.ndarray, key: str) -> pa.Array:
    """The ids at global row numbers `rows` (sorted; files in order, then rows), reading only the
    row groups that hold them."""
    out, start = [], 0
    for f, n in zip(staged, sizes):
        local = rows[(rows >= start) & (rows < start + n)] - start
        start += n
        if not len(local):
            continue
        pf = pq.ParquetFile(f)
        bounds = np.cumsum([0] + [pf.metadata.row_group(i).num_rows for i in range(pf.num_row_groups)])
        groups = np.unique(np.searchsorted(bounds, local, side="right") - 1)
        ids = pf.read_row_groups(groups.tolist(), columns=[key]).column(0)
        # positions of `local` within the read groups laid end to end
        base = np.cumsum([0] + [bounds[g + 1] - bounds[g] for g in groups])
        g_of = np.searchsorted(groups, np.searchsorted(bounds, local, side="right") - 1)
        out.append(ids.take(pa.array(base[g_of] + local - bounds[groups[g_of]])).combine_chunks().cast(pa.string()))
    return pa.concat_arrays(out) if out else pa.array([], pa.string())


def _write_without(staged: Path, final: Path, drop: np.ndarray) -> None:
    """Copy `staged` to `final` without its rows `drop` (sorted row numbers), row group by row
    group, with the staged file's schema (all nullable: every part of a layer has one schema),
    compression, dictionaries and statistics."""
    pf = pq.ParquetFile(staged)
    start = 0
    with atomic_parquet_writer(final, pf.schema_arrow, **_layout_of(pf)) as writer:
        for i in range(pf.num_row_groups):
            n = pf.metadata.row_group(i).num_rows
            lo, hi = np.searchsorted(drop, [start, start + n])
            table = pf.read_row_group(i)
            if hi > lo:
                keep = np.ones(n, dtype=bool)
                keep[drop[lo:hi] - start] = False
                table = table.filter(pa.array(keep))
            writer.write_table(table, row_group_size=max(table.num_rows, 1))
            start += n


def _layout_of(pf: pq.ParquetFile) -> dict:
    """Writer options that repeat a file's layout: its compression, and dictionaries and
    statistics on the columns that have them (the native writer keeps both off texts and ids)."""
    if pf.num_row_groups == 0:
        return {}
    group = pf.metadata.row_group(0)
    columns = [group.column(j) for j in range(group.num_columns)]
    return {"compression": columns[0].compression.lower(),
            "use_dictionary": [c.path_in_schema for c in columns if {"RLE_DICTIONARY", "PLAIN_DICTIONARY"} & set(c.encodings)],
            "write_statistics": [c.path_in_schema for c in columns if c.is_stats_set]}


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


def clear_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
