"""The numpy engine's per-sample work on executor tasks: one folder of spill files per unit of work.

    plan (driver, file metadata only)  every Parquet row group of every source's samples, in a fixed
                                       order (`langid.stage.plan_units`); a unit's first sample index
                                       is the rows of the units before it
    ScanUnits (N tasks)                task r reads only its row groups (`assign_units`, balanced by
                                       rows) and writes, per unit, `u<i>/`: exact hashes, shingle
                                       sets, LSH band keys (one file per band), the per-sample
                                       length / priority / age and the (idx, sample_id, source,
                                       lang) rows, first under `u<i>.tmp/`, renamed when complete
    join (driver)                      the units' folders in plan order: one exact-hash file (24 B
                                       per sample, copied), the shingle files read where they lie
                                       (`ShingleStore.join`), then `engine.finish` with
    VerifyBands (N tasks)              task r: candidates of bands r, r + N, ... read from every
                                       unit (`minhash.JoinedLSH`), verified, pairs >= threshold out
    union-find (driver)                over the exact groups and every task's verified pairs

Sample indices are positions in the plan, so they, the exact groups' first members and every
representative are the same whatever the number of tasks. A task keeps one record batch of texts
at a time and runs on one thread (Parquet reads without Arrow's thread pool, rensa's rayon pool
at one thread unless RAYON_NUM_THREADS says otherwise, no DuckDB).
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
import xxhash

from ..errors import ShardError
from ..runner import Step
from ..store import atomic_file, replace_folder, write_json_atomic
from .config import DedupConfig
from .engine import Chunk, Scan, scan_chunk
from .minhash import JoinedLSH, MinHashLSH
from .normalize import unit_text
from .spill import ShingleStore

BATCH = 16_384  # samples per record batch a task reads (one engine chunk)
Unit = tuple[str, str, int, int]  # (source, samples file, row group, rows): `langid.stage.plan_units`
IDS_SCHEMA = pa.schema([pa.field("idx", pa.int64()), pa.field("sample_id", pa.string()),
                        pa.field("source", pa.string()), pa.field("lang", pa.string())])
_READ = ["sample_id", "source", "lang", "split", "task", "query", "positive"]


def unit_dir(out: Path, i: int) -> Path:
    return Path(out) / f"u{i:06d}"


class ScanUnits(Step):
    """Scans this task's units (`assign_units(units, world_size)[rank]`) into `out/u<i>/`.

    units: the plan (source, samples file, row group, rows); ranks: the ingest-run rank of each
    unit's file (the first key of a sample's age); cfg: the `dedup:` section as a dict."""

    name = "dedup scan"
    type = "DEDUP"

    def __init__(self, units: list[Unit], ranks: list[int], cfg: dict, out: str):
        super().__init__()
        self.units, self.ranks, self.cfg, self.out = units, ranks, cfg, out

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        from ..langid.stage import assign_units

        dc = DedupConfig.model_validate(self.cfg)
        index = {u: i for i, u in enumerate(self.units)}
        starts = np.r_[0, np.cumsum([u[3] for u in self.units])]
        with _one_rayon_thread():
            for unit in assign_units(self.units, world_size)[rank]:
                i = index[unit]
                scan_unit(unit, int(starts[i]), self.ranks[i], dc, unit_dir(Path(self.out), i))
                self.stat_update("samples", value=unit[3])
        return
        yield  # the last step of the pipeline yields nothing


@contextlib.contextmanager
def _one_rayon_thread():
    """rensa's signatures run on a rayon pool as wide as the machine, made on first use from
    RAYON_NUM_THREADS: a task gets one thread (the executor runs one task per core), unless the
    environment already says how many. Restored afterwards, so Rust libraries that first start their
    pool later in this process (tokenizers in the driver) are not narrowed."""
    before = os.environ.get("RAYON_NUM_THREADS")
    os.environ.setdefault("RAYON_NUM_THREADS", "1")
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("RAYON_NUM_THREADS", None)


def scan_unit(unit: Unit, start: int, run_rank: int, dc: DedupConfig, final: Path) -> None:
    """One row group's exact hashes, shingle sets, band keys, per-sample columns and id rows into
    the folder `final` (written under a temporary name, renamed when complete)."""
    _, path, group, _ = unit
    tmp = final.with_name(final.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    params = dc.near_params()
    store, finder, scan = ShingleStore(tmp / "shingles.u32"), MinHashLSH(params, tmp), Scan()
    pf = pq.ParquetFile(path)
    columns = [c for c in _READ if c in pf.schema_arrow.names]
    with open(tmp / "exact.u64", "wb") as hashes, pq.ParquetWriter(tmp / "ids.parquet", IDS_SCHEMA) as ids:
        for batch in pf.iter_batches(BATCH, row_groups=[group], columns=columns, use_threads=False):
            lo = start + scan.n
            ids.write_table(pa.table([pa.array(np.arange(lo, lo + batch.num_rows)), *(batch.column(c) for c in IDS_SCHEMA.names[1:])],
                                     schema=IDS_SCHEMA))
            scan_chunk(sample_chunk(batch, dc, run_rank), params, scan, store, finder, hashes)
    store.close()
    finder.close()
    np.save(tmp / "offsets.npy", store.offsets)
    np.save(tmp / "length.npy", scan.take("length"))
    np.save(tmp / "priority.npy", scan.take("priority"))
    np.save(tmp / "age.npy", scan.take_age())
    replace_folder(tmp, final)  # (a retried task's earlier attempt is replaced once this one is whole)


def sample_chunk(batch: pa.RecordBatch, dc: DedupConfig, run_rank: int) -> Chunk:
    """The engine's `Chunk` of a batch of samples: unit texts, partition key, source priority, age
    (the ingest run's rank, then a hash of the sample_id) and word rows (task `code`)."""
    def col(name: str) -> pa.Array:
        return batch.column(name) if name in batch.schema.names else pa.nulls(batch.num_rows, pa.string())

    queries = col("query").to_pylist()
    positives = col("positive").to_pylist() if dc.unit != "query" else [None] * len(queries)
    texts = [unit_text(q, p, dc.unit) for q, p in zip(queries, positives)]
    ranked = pa.array(dc.source_priority, pa.string())
    priority = pc.fill_null(pc.index_in(col("source"), value_set=ranked), len(ranked)).to_numpy().astype(np.int64)
    age = ingest_age(np.full(batch.num_rows, run_rank, dtype=np.int64), col("sample_id").to_pylist())
    word_rows = pc.fill_null(pc.equal(col("task"), "code"), False).to_numpy(zero_copy_only=False)
    return Chunk(texts, partition_keys(batch, dc.partition_by), priority, age, word_rows)


def partition_keys(batch: pa.RecordBatch, columns: list[str]) -> np.ndarray:
    """(k,) uint64 key of each sample's `partition_by` values (xxh3 of them joined by '|'; all 0
    when there are none): duplicates are looked for only among samples with one key."""
    if not columns:
        return np.zeros(batch.num_rows, dtype=np.uint64)
    parts = [pc.cast(batch.column(c), pa.string()) if c in batch.schema.names else pa.nulls(batch.num_rows, pa.string())
             for c in columns]
    joined = pc.binary_join_element_wise(*parts, "|", null_handling="skip") if len(parts) > 1 else pc.fill_null(parts[0], "")
    codes = pc.dictionary_encode(joined).combine_chunks() if isinstance(joined, pa.ChunkedArray) else pc.dictionary_encode(joined)
    keys = np.fromiter((xxhash.xxh3_64_intdigest(v or "") for v in codes.dictionary.to_pylist()), dtype=np.uint64,
                       count=len(codes.dictionary))
    return keys[codes.indices.to_numpy(zero_copy_only=False)]


def ingest_age(run_rank: np.ndarray, sample_ids: list[str]) -> np.ndarray:
    """(k,) age of each sample for "keep the oldest": its ingest run first, then a hash of its
    sample_id. Not its position in the files, which depends on how many tasks ingested them, so
    the representative of a cluster does not either."""
    ids = np.fromiter((xxhash.xxh3_64_intdigest(s) >> 24 for s in sample_ids), dtype=np.int64, count=len(sample_ids))
    return (run_rank << 40) | ids


class Joined:
    """The tasks' unit folders read as one corpus in plan order (what `engine.finish` takes)."""

    def __init__(self, out: Path, n_units: int, params, engine_dir: Path):
        dirs = [unit_dir(out, i) for i in range(n_units)]
        missing = [d.name for d in dirs if not d.is_dir()]
        if missing:
            raise ShardError(f"dedup: {len(missing)} units have no scan output ({', '.join(missing[:5])}); "
                             "re-run the same command")
        self.scan = Scan.of(*(np.concatenate([np.load(d / f"{c}.npy") for d in dirs]) if dirs else np.zeros(0, dtype=dt)
                              for c, dt in (("length", np.int32), ("priority", np.int32), ("age", np.int64))))
        self.store = ShingleStore.join([d / "shingles.u32" for d in dirs], [np.load(d / "offsets.npy") for d in dirs])
        self.finder = JoinedLSH(params, dirs)
        engine_dir.mkdir(parents=True, exist_ok=True)
        self.hash_path = engine_dir / "exact.u64"
        with open(self.hash_path, "wb") as out_file:
            for d in dirs:
                with open(d / "exact.u64", "rb") as f:
                    shutil.copyfileobj(f, out_file)
        self.ids = [str(d / "ids.parquet") for d in dirs]


class VerifyBands(Step):
    """Candidate pairs of this task's LSH bands (band b goes to task b mod world_size), each verified
    by the exact Jaccard of its shingle sets (`cluster.PairVerifier` with a union-find of its own,
    started from the exact groups, so a pair already linked in this task is not verified again);
    writes the pairs at or above the threshold to `verify/edges-<rank>.npy` and its counts beside.

    The union of every task's edges and the exact groups has the same connected components as the
    in-process verification of all bands, so the clusters do not depend on the number of tasks
    (the counts of pairs verified do: a pair found in the bands of two tasks is verified by both)."""

    name = "dedup verify"
    type = "DEDUP"

    def __init__(self, scan_dir: str, n_units: int, cfg: dict, verify_dir: str):
        super().__init__()
        self.scan_dir, self.n_units, self.cfg, self.verify_dir = scan_dir, n_units, cfg, verify_dir

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        from .cluster import PairVerifier, UnionFind

        params = DedupConfig.model_validate(self.cfg).near_params()
        dirs = [unit_dir(Path(self.scan_dir), i) for i in range(self.n_units)]
        store = ShingleStore.join([d / "shingles.u32" for d in dirs], [np.load(d / "offsets.npy") for d in dirs])
        out = Path(self.verify_dir)
        uf = UnionFind(0, parent=np.load(out / "first_of.npy"))
        verifier, candidates = PairVerifier(uf, store, params.threshold, keep_edges=True), 0
        for pairs in JoinedLSH(params, dirs).candidates(np.load(out / "active.npy"), None, range(rank, params.bands, world_size)):
            candidates += len(pairs)
            verifier.add(pairs)
        edges = np.concatenate(verifier.edges) if verifier.edges else np.zeros((0, 2), dtype=np.int64)
        _save_atomic(out / f"edges-{rank:05d}.npy", edges)
        write_json_atomic(out / f"stats-{rank:05d}.json", {"candidate_pairs": candidates, "pairs_verified": verifier.checked})
        self.stat_update("pairs_verified", value=verifier.checked)
        return
        yield  # the last step of the pipeline yields nothing


def _save_atomic(path: Path, array: np.ndarray) -> None:
    with atomic_file(path) as tmp, open(tmp, "wb") as f:
        np.save(f, array)


def verify_on_tasks(run_tasks, scan_dir: Path, n_units: int, cfg: dict, verify_dir: Path, tasks: int):
    """`engine.finish`'s link step sharded by band over `tasks` executor tasks (`VerifyBands`):
    `run_tasks(step, tasks)` runs them; the driver joins their edges in its union-find."""
    def link(uf, first_of: np.ndarray, active: np.ndarray, partition: np.ndarray) -> dict:
        verify_dir.mkdir(parents=True, exist_ok=True)
        np.save(verify_dir / "first_of.npy", first_of)
        np.save(verify_dir / "active.npy", active)
        run_tasks(VerifyBands(str(scan_dir), n_units, cfg, str(verify_dir)), tasks)
        stats = {"candidate_pairs": 0, "pairs_verified": 0}
        for r in range(tasks):
            if not (verify_dir / f"stats-{r:05d}.json").exists():
                raise ShardError(f"dedup: verification task {r} left no output; re-run the same command")
            edges = np.load(verify_dir / f"edges-{r:05d}.npy")
            uf.union(edges[:, 0], edges[:, 1])
            for k, v in json.loads((verify_dir / f"stats-{r:05d}.json").read_text()).items():
                stats[k] += v
        return stats
    return link
