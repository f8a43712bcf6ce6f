"""The `dedup` stage: one annotation row per sample in `annotations/dedup/source=<name>/`.

Clusters are global (every source and language, within `partition_by`), so when new samples
arrive the stage recomputes all clusters over the whole corpus and replaces its layer (new files
first, then the old ones are removed): a new sample can join an old cluster and change its
representative. With no new samples and the same settings, a re-run does no work; a changed
`dedup:` section (its hash is stored on every row) counts as new work, `--force` redoes it anyway.

Where the work runs (numpy engine, the default):

    executor tasks (scan.py)   each task reads whole Parquet row groups of the samples (planned
                               from file metadata, balanced by rows) and writes per row group the
                               exact xxh3 hashes, shingle sets, MinHash LSH band keys, per-sample
                               length / source priority / age and the id rows to its own folder
                               under `.staging/dedup/scan` (renamed into place when complete)
    driver                     joins those folders in plan order (sample index = position in the
                               plan, so clusters and representatives do not depend on the number of
                               tasks) and finds the exact groups
    executor tasks (scan.py)   `VerifyBands`: task r takes the LSH bands b with b mod tasks = r,
                               finds their candidate pairs and verifies them block by block against
                               the stored shingle sets (exact Jaccard), writing the pairs at or
                               above the threshold
    driver                     NumPy union-find over the exact groups and those pairs,
                               representatives, Jaccard to the representative, then the layer

The driver holds no text: NumPy arrays of under 100 bytes per sample plus one band or block at a
time. The layer is written back per source batch by batch, each file through a temporary name,
the representatives' sample_ids merged in from a DuckDB join that keeps to `_DUCKDB_MEMORY` (and
spills beyond it). The staging folder is removed when the run ends. Each run's counts carry
`seconds`: wall and driver-CPU seconds of the phases scan / cluster / write. Measured with
`benchmarks/dedup_bench.py --stage` when everything ran in the driver (peak RSS of `mlcurate
dedup`): 324 MB at 94k samples, 367 MB at 945k, i.e. about 50 bytes per sample beyond the fixed
part; loading everything at once took 437 MB and 2.7 GB. Tasks vs driver: see README
"Deduplication" (`dedup_bench.py --stage --tasks 1,2`).

Slurm: the numpy engine joins its tasks' outputs in the running process, so `executor.kind:
slurm` is refused with a fix (run on a node with local or ray, or `engine: datatrove`). The
datatrove engine streams the samples through `engine.dedup_stream` in the driver, runs signatures,
buckets, clustering and filtering as datatrove steps on the configured executor and verifies its
clusters in the driver, reading the texts of its units from a Parquet spill.
"""

import contextlib
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..config import ExecutorConfig, config_hash
from ..contract import StageContext, StageCounts, StageResult
from ..schema import DEDUP_SCHEMA
from ..errors import ConfigError
from ..langid.stage import plan_units
from ..layer import AnnotationLayer
from ..lifecycle import crash_point
from ..runner import make_executor, run_executor, threads
from ..store import Workspace
from .config import PARTITION_COLUMNS, DedupConfig  # noqa: F401 (re-exported: the stage's config)
from .engine import Chunk, DedupArrays, dedup_stream, finish
from .minhash import MinHashLSH
from .normalize import unit_text
from .scan import IDS_SCHEMA as _IDS_SCHEMA, Joined, ScanUnits, ingest_age, verify_on_tasks  # ingest_age: semdedup's too

_BATCH = 16_384          # samples per chunk streamed in, and annotation rows per batch written out
_DUCKDB_MEMORY = "256MB"  # DuckDB's share; its sorts and joins spill to .staging/dedup beyond it


def run(ctx: StageContext, cfg: DedupConfig) -> StageResult:
    """The stage contract's entry: cluster every sample of `ctx.ws`."""
    counts = dedup_workspace(ctx.ws, cfg, ctx.executor, force=ctx.force)
    if "samples" not in counts:
        return StageResult("dedup", StageCounts(), [f"dedup: nothing to do ({counts.get('skipped')}); use --force to recompute"], counts)
    removed = counts["samples"] - counts["kept"]
    typed = StageCounts(inputs=counts["samples"], outputs=counts["samples"], flagged=removed)
    return StageResult("dedup", typed, summary_lines(counts), counts)


def summary_lines(counts: dict) -> list[str]:
    return [f"dedup: {counts['samples']:,} samples: kept {counts['kept']:,}, removed {counts['exact_removed']:,} exact and "
            f"{counts['near_removed']:,} near duplicates in {counts['clusters']:,} clusters",
            '  see: mlcurate sql "SELECT * FROM dedup_retention LIMIT 20", dedup_clusters, dedup_source_overlap']


def dedup_workspace(ws: Workspace, dc: DedupConfig, executor: ExecutorConfig | None = None, *, force: bool = False) -> dict:
    """Annotate every sample of the workspace; returns the counts recorded in `runs`."""
    ws.require()
    if dc.engine == "numpy" and executor is not None and executor.kind == "slurm":
        raise ConfigError("dedup's numpy engine joins its tasks' outputs in the running process; slurm jobs finish later",
                          key="executor.kind", fix="run `mlcurate dedup --executor local` (or ray) on one of the cluster's "
                          "nodes, or set `dedup: {engine: datatrove}`")
    layer = AnnotationLayer(ws, "dedup", DEDUP_SCHEMA)
    layer.ensure_schema()
    chash = config_hash(dc.model_dump(mode="json"))
    with ws.run("dedup", chash) as run:
        with ws.connect(read_only=False, views=True) as con:
            _drop_unfinished_parts(con, layer)
            pending = _pending(con, chash)
        if not force and pending == 0:
            run.counts = {"samples_new": 0, "skipped": "all samples already annotated with this config"}
            return run.counts
        work = ws.staging / "dedup"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        clock = Clock()
        try:
            result, ids = _cluster(ws, dc, executor, work, run.run_id, clock)
            crash_point("dedup:before-write")
            counts = _write_layer(layer, work, ids, result, dc, chash, run.run_id, pending)
            clock.lap("write")
            run.counts = {**counts, "seconds": clock.laps}
            crash_point("dedup:after-write")
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return run.counts


class Clock:
    """Wall and this process's own CPU seconds per phase (`laps`: phase -> [wall, driver cpu]); the
    driver's CPU beside the wall time shows the serial share of a run on several tasks."""

    def __init__(self):
        self.laps: dict[str, list[float]] = {}
        self._at = (time.perf_counter(), time.process_time())

    def lap(self, phase: str) -> None:
        now = (time.perf_counter(), time.process_time())
        self.laps[phase] = [round(now[0] - self._at[0], 2), round(now[1] - self._at[1], 2)]
        self._at = now


def _cluster(ws: Workspace, dc: DedupConfig, executor: ExecutorConfig | None, work: Path, run_id: str,
             clock: Clock) -> tuple[DedupArrays, list[str]]:
    """Every sample's cluster, and the id files ((idx, sample_id, source, lang) in sample order).

    numpy engine: the per-sample work on executor tasks (scan.py), candidates, verification and
    the union-find here. datatrove engine: samples streamed through `dedup_stream` here, its
    MinHash steps on the executor."""
    if dc.engine == "datatrove":
        with contextlib.closing(_stream_samples(ws, dc, work)) as chunks:
            result = dedup_stream(chunks, dc.near_params(), work / "engine", near=_near(dc, executor, ws))
        clock.lap("cluster")
        return result, [str(work / "ids.parquet")]
    executor = executor or ExecutorConfig(tasks=1, workers=1)  # a library call without one: in this process
    sources = sorted(p.name.removeprefix("source=") for p in ws.samples.glob("source=*") if any(p.glob("*.parquet")))
    units = plan_units(ws.root, sources)
    files = sorted({u[1] for u in units})
    ranks = dict(zip(files, _run_ranks(files).tolist()))
    out, logs = work / "scan", ws.task_logs / "dedup" / run_id

    def run_tasks(step, tasks: int) -> None:
        run_executor(make_executor(executor, [step], str(logs / step.name.split()[-1]), tasks=tasks), "dedup")

    if units:
        run_tasks(ScanUnits(units, [ranks[u[1]] for u in units], dc.model_dump(mode="json"), str(out)), min(executor.tasks, len(units)))
    clock.lap("scan")
    joined = Joined(out, len(units), dc.near_params(), work / "engine")
    link = verify_on_tasks(run_tasks, out, len(units), dc.model_dump(mode="json"), work / "verify", min(executor.tasks, dc.bands))
    result = finish(joined.scan, dc.near_params(), joined.store, joined.finder, joined.hash_path, link=link if units else None)
    shutil.rmtree(logs, ignore_errors=True)
    clock.lap("cluster")
    return result, joined.ids


def _drop_unfinished_parts(con, layer: AnnotationLayer) -> list[Path]:
    """Remove layer parts written by a dedup run that did not finish (killed between writing its
    parts and removing the older ones): a finished run's parts are the layer, so what they cover
    is recomputed. Runs under the stage lock, so no live run's parts are touched."""
    finished = {r for (r,) in con.execute("SELECT run_id FROM runs WHERE stage = 'dedup' AND status = 'ok'").fetchall()}
    dropped = []
    for p in layer.parts():
        if p.name.startswith("part-") and p.stem.removeprefix("part-") not in finished:
            p.unlink()
            dropped.append(p)
    return dropped


def _pending(con, chash: str) -> int:
    """Samples without a dedup row made with this config."""
    return con.execute(
        "SELECT count(*) FROM samples s ANTI JOIN (SELECT sample_id FROM dedup WHERE config_hash = ?) d USING (sample_id)",
        [chash],
    ).fetchone()[0]


def _limit_memory(con, work: Path) -> None:
    """DuckDB's sorts and joins spill to `work` beyond `_DUCKDB_MEMORY`."""
    # at most 2 threads: they share the small memory budget; fewer inside a task's CPU share
    con.execute(f"SET memory_limit = '{_DUCKDB_MEMORY}'; SET temp_directory = '{work / 'duckdb-tmp'}'; "
                f"SET threads = {min(threads(), 2)}; SET preserve_insertion_order = true; SET enable_progress_bar = false")


def _near(dc: DedupConfig, executor, ws: Workspace):
    if dc.engine == "datatrove":
        from .dt_path import datatrove_near

        return datatrove_near(executor or ExecutorConfig(), ws.staging / "dedup-datatrove")
    return MinHashLSH


def _stream_samples(ws: Workspace, dc: DedupConfig, work: Path) -> Iterator[Chunk]:
    """`Chunk`s of every sample in ingest order (file name = run id, then row), `_BATCH` at a time;
    (idx, sample_id, source, lang) of each go to `work/ids.parquet` for the annotation pass.

    No ORDER BY: the files are listed in name order and DuckDB, preserving insertion order, scans
    them in that order row by row, so nothing waits in a sort buffer (a sort would hold every
    text). Each batch checks the order it came in. The scan runs on a private DuckDB closed when
    the stream ends: the catalog stays unlocked, and what the scan's connection held is given back
    before clustering starts (peak RSS of the whole stage: the module docstring's numbers).
    """
    files = sorted(str(p) for p in ws.samples.glob("**/*.parquet"))
    run_rank = _run_ranks(files)
    part = ", ".join(dc.partition_by) if dc.partition_by else "''"
    texts = {"query": "query, NULL::VARCHAR AS positive", "positive": "NULL::VARCHAR AS query, positive"}.get(dc.unit, "query, positive")
    con = duckdb.connect()
    _limit_memory(con, work)
    con.execute("SET threads = 1")  # a second thread only reads ahead (more memory), no faster: Python is the bottleneck
    reader = con.sql(
        f"""SELECT sample_id, source, lang, {texts}, hash(concat_ws('|', {part})) AS part, coalesce(task = 'code', false) AS word_row,
                   (file_index::BIGINT << 40) + file_row_number AS position
            FROM read_parquet(?, union_by_name = true, file_row_number = true)""",
        params=[files],
    ).to_arrow_reader(_BATCH)
    ranked = pa.array(dc.source_priority, pa.string())
    n, last = 0, -1
    with contextlib.closing(con), contextlib.closing(reader), pq.ParquetWriter(work / "ids.parquet", _IDS_SCHEMA) as ids:
        for batch in reader:
            k = batch.num_rows
            position = batch.column("position").to_numpy()
            assert position[0] > last and (np.diff(position) > 0).all(), "samples not streamed in (file name, row) order"
            last = position[-1]
            ids.write_table(pa.table([pa.array(np.arange(n, n + k)), *(batch.column(c) for c in _IDS_SCHEMA.names[1:])],
                                     schema=_IDS_SCHEMA))
            units = [unit_text(q, p, dc.unit) for q, p in zip(batch.column("query").to_pylist(), batch.column("positive").to_pylist())]
            priority = pc.fill_null(pc.index_in(batch.column("source"), value_set=ranked), len(ranked))
            age = ingest_age(run_rank[(position >> 40).astype(np.int64)], batch.column("sample_id").to_pylist())
            yield Chunk(units, batch.column("part").to_numpy(), priority.to_numpy().astype(np.int64), age,
                        batch.column("word_row").to_numpy(zero_copy_only=False))
            n += k


def _run_ranks(files: list[str]) -> np.ndarray:
    """(files,) rank of the ingest run that wrote each samples file (`part-<run_id>-<i>.parquet`;
    run ids start with their UTC time, so they sort by age)."""
    runs = [re.sub(r"-\d+$", "", Path(f).stem.removeprefix("part-")) for f in files]
    order = {r: i for i, r in enumerate(sorted(set(runs)))}
    return np.array([order[r] for r in runs], dtype=np.int64)


def _write_layer(layer: AnnotationLayer, work: Path, ids: list[str], r: DedupArrays, dc: DedupConfig, chash: str, run_id: str, pending: int) -> dict:
    """One file per source for this run, written batch by batch, then every older file of the layer
    removed; returns the counts.

    The ids spill is read back in sample order; the representative's sample_id of each removed
    sample comes from a second stream, a DuckDB join of the removed samples with the ids spill
    sorted by sample index, merged in as both go (kept samples are their own representative).
    """
    con = duckdb.connect()
    _limit_memory(con, work)
    removed = np.nonzero(~r.keep)[0]
    con.register("removed", pa.table({"idx": removed, "rep": r.representative[removed]}))
    rep_ids = _RepIds(con.sql("""SELECT d.idx, s.sample_id FROM removed d JOIN read_parquet(?) s ON s.idx = d.rep
                                  ORDER BY d.idx""", params=[ids]).to_arrow_reader(_BATCH))
    samples = con.cursor().sql("SELECT idx, sample_id, source, lang FROM read_parquet(?)", params=[ids]).to_arrow_reader(_BATCH)
    groups = {"by_source": {}, "by_lang": {}}
    with contextlib.ExitStack() as files:
        writers = {}
        for batch in samples:
            lo = batch.column("idx")[0].as_py()
            hi = lo + batch.num_rows
            table = _annotation_batch(batch, rep_ids.until(hi), r, lo, hi, dc, chash, run_id)
            for name in pc.unique(batch.column("source")).to_pylist():
                if name not in writers:
                    writers[name] = files.enter_context(layer.part_writer(name, run_id))
                writers[name].write_table(table.filter(pc.equal(batch.column("source"), name)))
            _count(groups, batch, r.reason_code[lo:hi])
    con.close()
    crash_point("dedup:before-cleanup")  # new parts in, old ones not yet removed
    layer.replace(run_id)  # every part is this run's now: older ones go
    return {"samples": len(r), "samples_new": pending, "kept": int(r.keep.sum()), **r.stats, **groups}


class _RepIds:
    """Cursor over a stream of (idx, sample_id) batches sorted by idx."""

    def __init__(self, reader: pa.RecordBatchReader):
        self.reader, self.held = reader, []

    def until(self, hi: int) -> pa.Array:
        """The sample_ids of every row with idx < hi not handed out yet, in idx order."""
        rows = self.held
        while not rows or rows[-1].column(0)[-1].as_py() < hi:
            try:
                rows.append(self.reader.read_next_batch())
            except StopIteration:
                break
        table = pa.Table.from_batches(rows, schema=self.reader.schema)
        cut = int(np.searchsorted(table.column(0).to_numpy(), hi))
        self.held = table.slice(cut).to_batches()
        return table.column(1).slice(0, cut).combine_chunks()


def _annotation_batch(batch: pa.RecordBatch, rep_ids: pa.Array, r: DedupArrays, lo: int, hi: int, dc: DedupConfig,
                      chash: str, run_id: str) -> pa.Table:
    """DEDUP_SCHEMA rows of samples lo..hi-1: `batch` holds their sample_ids, `rep_ids` the
    representative's sample_id of each removed one, in order."""
    assert batch.column("idx")[-1].as_py() == hi - 1, "annotation rows out of sample order"
    keep = pa.array(r.keep[lo:hi])
    cluster_id = pc.replace_with_mask(batch.column("sample_id"), pc.invert(keep), rep_ids)
    n = hi - lo
    return pa.table(
        {
            "sample_id": batch.column("sample_id"),
            "exact_hash": r.exact_hashes(lo, hi),
            "cluster_id": cluster_id,
            "cluster_size": r.cluster_size[lo:hi],
            "keep": keep,
            "reason": r.reasons(lo, hi),
            "duplicate_of": pc.if_else(keep, pa.scalar(None, pa.string()), cluster_id),
            "similarity": r.similarity[lo:hi],
            "unit": pa.repeat(dc.unit, n),
            "config_hash": pa.repeat(chash, n),
            "run_id": pa.repeat(run_id, n),
        },
        schema=DEDUP_SCHEMA,
    )


def _count(groups: dict, batch: pa.RecordBatch, reason: np.ndarray) -> None:
    """Add a batch's per-source and per-language samples / kept / exact / near counts to `groups`."""
    flags = {"kept": reason == 0, "exact": reason == 1, "near": reason == 2}
    for key, col in (("by_source", "source"), ("by_lang", "lang")):
        t = pa.table({"g": batch.column(col), **flags}).group_by("g").aggregate([("kept", "count"), *((f, "sum") for f in flags)])
        for row in t.to_pylist():
            c = groups[key].setdefault(row["g"], {"samples": 0, "kept": 0, "exact": 0, "near": 0})
            c["samples"] += row["kept_count"]
            for f in flags:
                c[f] += row[f"{f}_sum"]
