"""The `decont` stage: every training sample's texts against every reference text, into one layer.

    build_index   (driver) the texts of the reference sets (sources with `role: eval`) hashed into
                  a sorted index on disk (index.py): n-gram hashes and exact hashes
    DecontShard   (N datatrove tasks: task r reads only its row groups of the training samples,
                  balanced by rows) hashes query, positive and negatives of a batch of samples,
                  probes the memory-mapped index, and writes one row per sample to
                  annotations/decont/source=<name>/part-<run_id>-<r>.parquet

A sample is contaminated when any of its checked texts equals a reference text after normalisation,
or shares at least `min_share` of the shorter text's n-grams with one (word 13-grams, character
25-grams for scripts without spaces); samples_clean leaves it out. Texts shorter than
`min_words` / `min_chars` are never compared.

Idempotent: the layer's rows carry a hash of the `decont:` section and of the reference sets. With
the same hash, a re-run checks only samples without a row (new ingests); a changed config or
changed reference sets re-check everything, staged and then swapped in (new files in, old ones
out); `--force` does that too.
"""

import shutil
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..config import ExecutorConfig, config_hash
from ..contract import StageContext, StageCounts, StageResult
from ..errors import ConfigError
from ..layer import AnnotationLayer, merge_counts, write_counts
from ..lifecycle import crash_point
from ..runner import Step, forks_workers, in_child, make_executor, run_executor, threads
from ..schema import DECONT_MATCH, DECONT_SCHEMA
from ..store import Workspace
from .config import DecontConfig
from .index import RefIndex, build_index, sample_texts
from .ngrams import hash_texts

STAGE = "decont"
_COLUMNS = ["sample_id", "source", "query", "positive", "negatives"]
_DUCKDB_MEMORY = "256MB"


def layer(ws_root: Path) -> AnnotationLayer:
    return AnnotationLayer(ws_root, STAGE, DECONT_SCHEMA)


def run(ctx: StageContext, cfg: DecontConfig) -> StageResult:
    """The stage contract's entry: check every training sample of `ctx.ws` on `ctx.executor`."""
    counts = decont(ctx.ws, cfg, ctx.executor, force=ctx.force)
    if "samples" not in counts:
        return StageResult(STAGE, StageCounts(), [f"decont: nothing to do ({counts['skipped']})"], counts)
    typed = StageCounts(inputs=counts["samples"], outputs=counts["samples"], flagged=counts["contaminated"])
    return StageResult(STAGE, typed, summary_lines(counts), counts)


def summary_lines(counts: dict) -> list[str]:
    evals = ", ".join(f"{k} {v:,}" for k, v in sorted(counts["by_eval"].items())) or "none"
    return [f"decont: {counts['samples']:,} training samples ({counts['texts']:,} texts) against {counts['references']:,} reference "
            f"texts of {len(counts['reference_sets'])} evaluation sets: {counts['contaminated']:,} contaminated "
            f"({counts['exact']:,} exact, {counts['ngram']:,} n-gram); per evaluation set: {evals}",
            '  see: mlcurate sql "SELECT * FROM decont_report", decont_matches']


def reference_sets(con) -> dict[str, tuple[str, str]]:
    """{source: (eval_name, eval_split)} of the ingested sources with `role: eval`."""
    rows = con.execute("SELECT name, eval_name, eval_split FROM eval_sources ORDER BY name").fetchall()
    return {name: (eval_name, split) for name, eval_name, split in rows}


def training_sources(ws: Workspace, refs: dict) -> list[str]:
    return sorted(n for p in ws.samples.glob("source=*") if any(p.glob("*.parquet"))
                  and (n := p.name.removeprefix("source=")) not in refs)


def decont(ws: Workspace, cfg: DecontConfig, executor: ExecutorConfig | None = None, *, force: bool = False) -> dict:
    """Run the stage over the workspace; returns the counts recorded in `runs`."""
    ws.require()
    executor = executor or ExecutorConfig()
    if force and executor.kind == "slurm":
        raise ConfigError("--force needs the run to finish before old annotations are replaced; slurm jobs finish later",
                          key="executor.kind", fix="run `mlcurate decont --force --executor local` (or ray)")
    layer(ws.root).ensure_schema()
    with ws.connect(read_only=False, views=True) as con:
        refs = reference_sets(con)
        fingerprint = con.execute("SELECT source, count(*), bit_xor(hash(sample_id)) FROM samples WHERE source IN "
                                  "(SELECT unnest(?)) GROUP BY source ORDER BY source", [sorted(refs) or [""]]).fetchall()
        chash = config_hash({"cfg": cfg.model_dump(mode="json"), "refs": [list(map(str, r)) for r in fingerprint],
                             "sets": sorted(refs.items())})
        sources = training_sources(ws, refs)
        pending = con.execute("SELECT count(*) FROM samples s ANTI JOIN (SELECT sample_id FROM decont WHERE config_hash = ?) d "
                              "USING (sample_id) WHERE s.source IN (SELECT unnest(?))", [chash, sources or [""]]).fetchone()[0]
        stale = con.execute("SELECT count(*) FROM decont WHERE config_hash <> ?", [chash]).fetchone()[0]
    if not refs:
        return {"skipped": "no reference sets: mark an evaluation set's source `role: eval` and ingest it"}
    if not force and pending == 0:
        return {"skipped": "every training sample is checked against these reference sets with this config; --force redoes it"}
    full = force or stale > 0
    with ws.run(STAGE, chash) as run:
        t0 = time.perf_counter()
        work = ws.staging / STAGE / run.run_id
        index_dir = work / "index"
        args = (str(ws.root), refs, cfg.model_dump(mode="json"), str(work))
        built = in_child(build_workspace_index, *args) if forks_workers(executor) else build_workspace_index(*args)
        seconds_index = time.perf_counter() - t0
        staging = work / "layer"
        out_dir = staging if full else layer(ws.root).dir
        from ..langid.stage import plan_units

        step = DecontShard(str(ws.root), plan_units(ws.root, sources), cfg.model_dump(mode="json"), str(index_dir), str(out_dir),
                           str(work), run.run_id, chash, skip=not full)
        logs = ws.task_logs / STAGE / run.run_id
        run_executor(make_executor(executor, [step], str(logs)), "decont")
        crash_point("decont:after-check")
        if executor.kind == "slurm":
            run.status, run.counts = "submitted", {"submitted": True}
            return run.counts
        counts = merge_counts(work, {"samples": 0, "texts": 0, "texts_too_short": 0, "contaminated": 0, "exact": 0, "ngram": 0,
                                     "by_source": {}, "by_eval": {}})
        if full:
            layer(ws.root).replace(run.run_id, staged=staging)
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(logs, ignore_errors=True)
        counts.update(built, reference_sets={k: list(v) for k, v in refs.items()}, samples_pending=pending, full=full,
                      seconds_index=round(seconds_index, 2), seconds=round(time.perf_counter() - t0, 2))
        run.counts = counts
    return counts


def build_workspace_index(ws_root: str, refs: dict, cfg: dict, work: str) -> dict:
    """The reference index of the workspace's reference sets, in `work/index`; returns its counts."""
    con = _private_duckdb(Workspace(ws_root), Path(work))
    try:
        return build_index(con, refs, DecontConfig.model_validate(cfg), Path(work) / "index")
    finally:
        con.close()


def _private_duckdb(ws: Workspace, work: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB over the workspace's samples (the catalog stays unlocked while the index
    builds), keeping to `_DUCKDB_MEMORY` and spilling to `work` beyond it."""
    work.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{_DUCKDB_MEMORY}'; SET temp_directory = '{work / 'duckdb-tmp'}'; SET threads = {min(threads(), 2)}; "
                "SET preserve_insertion_order = false; SET enable_progress_bar = false")
    con.execute(f"CREATE VIEW samples AS SELECT * FROM read_parquet('{ws.samples}/**/*.parquet', union_by_name = true)")
    return con


class DecontShard(Step):
    """Checks this task's row groups of the training samples (`assign_units(units, world_size)[rank]`)
    and writes one part per source into `out_dir` (the layer itself, or staging for a full re-check),
    plus its counts into `work`. `skip`: samples the layer already holds are not checked again."""

    name = "decont check"
    type = "DECONT"

    def __init__(self, ws_root: str, units: list, cfg: dict, index_dir: str, out_dir: str, work: str, run_id: str,
                 chash: str, skip: bool):
        super().__init__()
        self.ws_root, self.units, self.cfg, self.index_dir = ws_root, units, cfg, index_dir
        self.out_dir, self.work, self.run_id, self.chash, self.skip = out_dir, work, run_id, chash, skip

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        from ..langid.stage import assign_units

        cfg = DecontConfig.model_validate(self.cfg)
        index = RefIndex(self.index_dir)
        counts = {"samples": 0, "texts": 0, "texts_too_short": 0, "contaminated": 0, "exact": 0, "ngram": 0,
                  "by_source": {}, "by_eval": {}}
        owned = assign_units(self.units, world_size)[rank]
        lay = layer(Path(self.ws_root))
        for source in dict.fromkeys(u[0] for u in owned):
            done = lay.done_ids(source) if self.skip else set()
            with lay.part_writer(source, self.run_id, rank, base=Path(self.out_dir)) as writer:
                for _, f, g, _ in (u for u in owned if u[0] == source):
                    for batch in pq.ParquetFile(f).iter_batches(cfg.batch_size, row_groups=[g], columns=_COLUMNS):
                        if done:
                            batch = batch.filter(pa.array([s not in done for s in batch.column("sample_id").to_pylist()], pa.bool_()))
                        if batch.num_rows:
                            writer.write_table(check_batch(batch, index, cfg, self.chash, self.run_id, counts))
                        pa.default_memory_pool().release_unused()  # Arrow's allocator keeps freed pages otherwise
        self.stat_update("samples", value=counts["samples"])
        write_counts(Path(self.work), rank, counts)
        return
        yield  # the last step of the pipeline yields nothing


def check_batch(batch: pa.RecordBatch, index: RefIndex, cfg: DecontConfig, chash: str, run_id: str, counts: dict) -> pa.Table:
    """DECONT_SCHEMA rows of one batch of training samples; adds to `counts`."""
    texts, row, field, neg = sample_texts(batch, cfg.fields)
    h = hash_texts(texts, cfg)
    ov = index.probe(h, cfg)
    n = batch.num_rows
    present = np.array([bool(t) for t in texts], dtype=bool)
    counts["samples"] += n
    counts["texts"] += int(present.sum())
    counts["texts_too_short"] += int((present & ~h.eligible).sum())
    sample = row[ov.text]
    ref_meta = index.refs.take(pa.array(ov.ref)).to_pydict() if ov.text.size else {}
    ref_order = ref_meta.get("sample_id", [])
    # best first: exact before n-gram, then by share, then by reference id (deterministic)
    order = sorted(range(ov.text.size), key=lambda k: (int(sample[k]), not ov.exact[k], -float(ov.share[k]), ref_order[k],
                                                       ref_meta["field"][k], ref_meta["neg_index"][k] or 0, int(ov.text[k])))
    matched: list[list | None] = [None] * n
    n_matches = np.zeros(n, dtype=np.int32)
    for k in order:
        s = int(sample[k])
        n_matches[s] += 1
        if matched[s] is None:
            matched[s] = []
        if len(matched[s]) < cfg.max_matches:
            t = int(ov.text[k])
            matched[s].append({"field": field[t], "neg_index": int(neg[t]) if neg[t] >= 0 else None,
                               "ref_id": ref_meta["sample_id"][k], "ref_source": ref_meta["source"][k],
                               "ref_field": ref_meta["field"][k], "ref_neg_index": ref_meta["neg_index"][k],
                               "eval_name": ref_meta["eval_name"][k], "eval_split": ref_meta["eval_split"][k],
                               "kind": "exact" if ov.exact[k] else "ngram", "share": float(ov.share[k])})
    best = [m[0] if m else {} for m in matched]
    contaminated = n_matches > 0
    _count(counts, batch, matched, contaminated)
    return pa.table({
        "sample_id": batch.column("sample_id"),
        "source": batch.column("source"),
        "contaminated": pa.array(contaminated),
        "matches": pa.array(n_matches),
        **{c: pa.array([b.get(c) for b in best], DECONT_SCHEMA.field(c).type)
           for c in ("field", "ref_id", "ref_source", "ref_field", "eval_name", "eval_split", "kind", "share")},
        "matched": pa.array(matched, pa.list_(DECONT_MATCH)),
        "config_hash": pa.repeat(chash, n),
        "run_id": pa.repeat(run_id, n),
    }, schema=DECONT_SCHEMA)


def _count(counts: dict, batch: pa.RecordBatch, matched: list, contaminated: np.ndarray) -> None:
    sources = batch.column("source").to_pylist()
    for i, (src, m) in enumerate(zip(sources, matched)):
        c = counts["by_source"].setdefault(src, {"samples": 0, "contaminated": 0})
        c["samples"] += 1
        if not m:
            continue
        c["contaminated"] += 1
        counts["contaminated"] += 1
        counts[m[0]["kind"]] += 1
        for key in {f"{x['eval_name']}/{x['eval_split']}" for x in m}:
            counts["by_eval"][key] = counts["by_eval"].get(key, 0) + 1
