"""The `mine` stage: hard negatives for every eligible sample, into `annotations/mine/`.

    select      eligible samples of `view` (a positive, not a labelled task), `where`, and at most
                `max_samples_per_source` per source in hash order (the quickstart's subset)
    pools       each sample's pool key (source, source+language, or an SQL expression); candidates
                are the distinct positives of the selected samples with the same key
    encode      queries (F2LLM instruction prefix) and passages, each distinct text once, through
                the embedding cache (only texts no chunk holds are encoded)
    search      top `top_k` per query inside its pool (exact matmul + topk, FAISS above a size)
    filter      filter.py; the layer keeps negatives, scores, raw ranks and per-reason drop counts
    rerank      (mine.rerank) the filter's first survivors rescored by a cross-encoder; likely false
                negatives dropped (`dropped_rerank`); reranker scores of positive and negatives kept
                (`rerank_positive`, `rerank_scores`: a mixture's teacher scores)
    consistency every sample's `positive_rank` in its own retrieval; with mine.consistency_top_k a
                positive outside the top k flags the sample (`flag = 'positive_rank'`), and with
                consistency_drop sets `keep = false`, which samples_clean leaves out

Mining reads `samples_clean` as it was before mining's own verdicts (`samples_clean_before_mine`),
so a sample it flagged is still there to be re-mined under --force.

Where it runs: the driver selects, writes the plan (the pools with something pending, one Parquet
row group each) and finds which texts no cache chunk holds, reading only the chunks' keys; it never
loads the model or torch. Then two executor runs: `EncodeShards` tasks encode those texts (shards of
`ENCODE_SHARD` texts, each task its own cache chunks, one task per GPU of a node) and `SearchPools`
tasks take whole pools (dealt by rows with `runner.deal`), read their vectors from the cache,
search, filter, rerank and check consistency, and write one part per source each. The driver merges
the tasks' counts. Results do not depend on the number of tasks (tests/test_executor_parity.py).

Idempotent: samples already in the layer are skipped (a run with nothing pending loads no model);
tasks write straight into the layer, so an interrupted run keeps its finished parts. `force`
re-mines the selection: tasks write to staging, then the new parts move in and the old go out.
"""

import shutil
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..config import ExecutorConfig, config_hash
from ..contract import StageContext, StageCounts, StageResult
from ..errors import ConfigError, ShardError
from ..layer import AnnotationLayer, merge_counts, write_counts
from ..lifecycle import crash_point
from ..runner import Step, deal, make_executor, run_executor
from ..schema import LABELLED_TASKS, MINE_SCHEMA
from ..store import Workspace
from ..textnorm import TEXT_EQ
from .cache import EmbeddingCache, text_key
from .config import FilterConfig, MineConfig, SearchConfig  # noqa: F401 (re-exported: the stage's config)
from .encoder import Encoder, describe, query_prefix
from .filter import REASONS, f2llm_filter, positive_rank, rerank_drop
from .rerank import Reranker
from .search import topk

STAGE = "mine"


def run(ctx: StageContext, cfg: MineConfig) -> StageResult:
    """The stage contract's entry: mine the selection of `cfg` in `ctx.ws`."""
    counts = mine(ctx.ws, cfg, force=ctx.force, progress=ctx.progress, executor=ctx.executor)
    typed = StageCounts(inputs=counts["selected"], outputs=counts["mined"], skipped=counts["already_mined"])
    return StageResult(STAGE, typed, summary_lines(counts), counts)


def summary_lines(counts: dict) -> list[str]:
    if not counts["mined"]:
        return [f"mine ({counts['model']}): {counts['selected']:,} samples selected, all mined already (--force redoes)"]
    drops = ", ".join(f"{k} {v:,}" for k, v in counts["dropped"].items())
    return [f"mine ({counts['model']}, {counts['pooling']} pooling, {counts['device']}, {counts.get('backend', 'torch')}): {counts['mined']:,} samples in "
            f"{counts['pools']:,} pools, {counts['negatives']:,} negatives; {counts['encoded']:,} texts encoded, "
            f"{counts['cached']:,} from cache; {counts['seconds']:.1f}s",
            f"  dropped: {drops}",
            *([f"  positive outside consistency_top_k: {counts['flagged_positive_rank']:,} samples flagged, "
               f"{counts['excluded_positive_rank']:,} left out of samples_clean"] if "flagged_positive_rank" in counts else []),
            "  see: mlcurate sql \"SELECT * FROM mining_report\""]


def layer_dir(ws: Workspace) -> Path:
    return ws.annotations / STAGE


def normalise(text: str) -> int:
    """64-bit key of a text under the project's text equality (`curation.textnorm.TEXT_EQ`, as dedup)."""
    return TEXT_EQ.key64(text)


def pool_expr(cfg: MineConfig) -> str:
    return {"source": "source", "language": "source || '/' || coalesce(pos_lang, lang)", "sql": f"({cfg.pool_sql})::VARCHAR"}[cfg.pool]


_SELECT_MEMORY = "512MB"  # DuckDB budget of the driver's selection query


def select_sql(cfg: MineConfig) -> str:
    labelled = ", ".join(f"'{t}'" for t in LABELLED_TASKS)
    where = f"AND ({cfg.where})" if cfg.where else ""
    view = "samples_clean_before_mine" if cfg.view == "samples_clean" else cfg.view  # not filtered by mining's own flags
    eligible = f"positive IS NOT NULL AND positive <> '' AND task NOT IN ({labelled}) {where}"
    columns = f"sample_id, source, lang, query, positive, instruction, {pool_expr(cfg)} AS pool"
    if not cfg.max_samples_per_source:
        return f"SELECT {columns} FROM {view} WHERE {eligible} ORDER BY pool, sample_id"
    # The per-source subset is ranked over ids alone, then the texts of the picked ids are read: a
    # window over every eligible row's texts held the whole corpus in the driver.
    return f"""WITH picked AS (
        SELECT sample_id FROM {view} WHERE {eligible}
        QUALIFY row_number() OVER (PARTITION BY source ORDER BY md5(sample_id), sample_id) <= {cfg.max_samples_per_source})
    SELECT {columns} FROM {view} WHERE {eligible} AND sample_id IN (SELECT sample_id FROM picked)
    ORDER BY pool, sample_id"""


def select_samples(ws: Workspace, cfg: MineConfig) -> pa.Table:
    import duckdb

    with ws.connect(read_only=True) as con:
        # the driver's DuckDB keeps to a bounded budget and spills beyond it (the selection joins
        # every annotation layer over the whole corpus)
        spill = ws.staging / "mine-select"
        spill.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET memory_limit = '{_SELECT_MEMORY}'; SET temp_directory = '{spill}'")
        try:
            return con.sql(select_sql(cfg)).to_arrow_table()
        except duckdb.Error as e:
            raise ConfigError(f"selecting samples failed: {e}", key="mine.where / mine.view / mine.pool_sql",
                              fix="check the SQL against `mlcurate sql \"DESCRIBE samples_clean\"`") from None
        finally:
            shutil.rmtree(spill, ignore_errors=True)


def layer(ws: Workspace) -> AnnotationLayer:
    return AnnotationLayer(ws, STAGE, MINE_SCHEMA)


def mined_ids(ws: Workspace) -> set[str]:
    return layer(ws).done_ids()


def dedup_clusters(ws: Workspace, ids: pa.Array | pa.ChunkedArray | None = None) -> dict[str, str]:
    """sample_id -> dedup cluster_id (of `ids` only, when given) when the dedup layer exists (issue 4), else {}."""
    files = [p for p in (ws.annotations / "dedup").glob("source=*/*.parquet")]
    if not files:
        return {}
    parts = []
    for p in files:
        t = pq.read_table(p, columns=["sample_id", "cluster_id"])
        if ids is not None:
            t = t.filter(pc.is_in(t.column("sample_id"), value_set=ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids))
        parts.append(t)
    t = pa.concat_tables(parts)
    return dict(zip(t.column(0).to_pylist(), t.column(1).to_pylist()))


def query_texts(cfg: MineConfig, samples: pa.Table) -> list[str]:
    """Queries as encoded: F2LLM instruction prefix (config instruction, else the sample's own)."""
    out = []
    for q, ins in zip(samples.column("query").to_pylist(), samples.column("instruction").to_pylist()):
        instruction = cfg.instruction or (ins if cfg.use_sample_instruction else None)
        out.append(query_prefix(instruction) + q)
    return out


RERANK_ROWS = 2048  # samples whose (query, candidate) pairs are tokenised and scored together
ENCODE_SHARD = 1024  # texts per encode shard, the unit of work of a task; batches form inside a shard,
                     # so the vectors do not depend on how many tasks there are. Small enough that a
                     # few thousand texts still give every task shards (8,192 left a 1,000-sample
                     # subset on one task: benchmarks/pipeline_bench.py --mine-subset 1000)


def embed(encoder: Encoder, cache: EmbeddingCache, texts: list[str], progress: bool) -> tuple[dict[bytes, int], np.ndarray, dict]:
    """In this process: each distinct text once, cached vectors read, the rest encoded and written to
    the cache in chunks, shard by shard (`ENCODE_SHARD` texts). Returns key -> row, the (distinct,
    dim) vectors and counts. (The stage itself encodes on executor tasks: `EncodeShards`.)"""
    row, distinct = distinct_texts(texts)
    found, vecs = cache.lookup([k for k, _ in distinct])
    missing = np.flatnonzero(~found)
    if len(missing):
        todo = [distinct[i][1] for i in missing]
        for start in range(0, len(todo), ENCODE_SHARD):
            encode_shard(encoder, cache, todo[start:start + ENCODE_SHARD], progress)
        again, fresh = cache.lookup([distinct[i][0] for i in missing])
        if not again.all():
            raise ShardError(f"mine: {int((~again).sum())} encoded texts are missing from the cache {cache.dir}; re-run to resume")
        vecs[missing] = fresh
    return row, vecs, {"texts": len(texts), "distinct_texts": len(distinct), "cached": int(found.sum()), "encoded": len(missing)}


def distinct_texts(texts: list[str]) -> tuple[dict[bytes, int], list[tuple[bytes, str]]]:
    """key -> row of each distinct text, and the distinct (key, text) pairs in first-seen order."""
    row: dict[bytes, int] = {}
    distinct = []
    for t in texts:
        k = text_key(t)
        if k not in row:
            row[k] = len(distinct)
            distinct.append((k, t))
    return row, distinct


def encode_shard(encoder: Encoder, cache: EmbeddingCache, texts: list[str], progress: bool = False) -> None:
    """Encode `texts` and write their vectors to the cache, chunk by chunk."""
    writer = cache.writer()
    encoder.encode(texts, progress=progress, on_batch=lambda b, v: writer.add([text_key(texts[i]) for i in b], v))
    writer.flush()


def task_device(device: str | None, rank: int) -> str | None:
    """A task's device: the configured one, else GPU `rank` of the node when there are GPUs."""
    if device is None:
        import torch

        if torch.cuda.is_available():  # one task per GPU of the node
            return f"cuda:{rank % torch.cuda.device_count()}"
    return device


class EncodeShards(Step):
    """Encoding tasks: the texts no cache chunk holds, in a Parquet file of `ENCODE_SHARD`-row groups;
    task r encodes row groups r, r + N, ... with its own model into its own cache chunks."""

    name = "mine encode"
    type = "MINE"

    def __init__(self, encoder: dict, planned_key: dict, cache_root: str, chunk_size: int, todo_file: str, staging: str):
        super().__init__()
        self.encoder, self.planned_key, self.cache_root, self.chunk_size = encoder, planned_key, cache_root, chunk_size
        self.todo_file, self.staging = todo_file, staging

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        f = pq.ParquetFile(self.todo_file)
        groups = range(rank, f.num_row_groups, world_size)
        if not groups:  # more tasks than shards: this one loads no model
            write_counts(Path(self.staging), rank, {"encoded_on_tasks": 0})
            return
        settings = dict(self.encoder)
        device = task_device(settings["device"], rank)
        if device != settings["device"]:
            settings["device"], settings["devices"] = device, None
        encoder = Encoder(**settings)
        if encoder.key != self.planned_key:
            raise ConfigError(f"the encoder on this task has cache key {encoder.key}, the plan {self.planned_key}",
                              key="mine.backend", fix="onnx-int8 runs on CPU only: set mine.device: cpu, or backend: torch")
        cache = EmbeddingCache(Path(self.cache_root), encoder.key, encoder.dim, self.chunk_size)
        n = 0
        for group in groups:
            encode_shard(encoder, cache, f.read_row_group(group).column("text").to_pylist())
            n += f.metadata.row_group(group).num_rows
        self.stat_update("texts", value=n)
        write_counts(Path(self.staging), rank, {"encoded_on_tasks": n, "device": encoder.devices[0], "backend": encoder.backend})
        return
        yield  # the last step of the pipeline yields nothing


def mine_pool(cfg: MineConfig, pool: pa.Table, pending: np.ndarray, qvec: np.ndarray, pvec_of: dict, clusters: dict,
              device: str, reranker: Reranker | None = None) -> tuple[pa.Table, np.ndarray]:
    """Search and filter one pool. pool: every selected sample of it (its positives are the
    candidates); pending: (len(pool),) bool, the samples to mine; qvec: (pending.sum(), dim) their
    query vectors; pvec_of: passage text -> (dim,) vector; clusters: sample_id -> dedup cluster;
    reranker: with mine.rerank, the cross-encoder that rescores the filter's survivors.
    Returns the layer rows and the per-reason drop totals (len(REASONS),)."""
    positives = pool.column("positive").to_pylist()
    passages = list(dict.fromkeys(positives))  # distinct passage texts of the pool
    pidx = {t: i for i, t in enumerate(passages)}
    pmat = np.stack([pvec_of[t] for t in passages])  # (m, dim)
    own = np.array([pidx[t] for t in positives])
    pnorm = np.array([normalise(t) for t in passages], dtype=np.uint64)
    qnorm = np.array([normalise(t) for t in pool.column("query").to_pylist()], dtype=np.uint64)
    ids = pool.column("sample_id").to_pylist()
    cl_codes = {c: i for i, c in enumerate(dict.fromkeys(clusters.get(s) for s in ids))}
    s_cl = np.array([cl_codes[clusters.get(s)] if clusters.get(s) is not None else -1 for s in ids])
    p_cl = np.full(len(passages), -1)
    for i in range(len(ids) - 1, -1, -1):  # first owner of each passage
        p_cl[own[i]] = s_cl[i]
    # (query group, passage) pairs of every sample: another sample with the same query owns these
    _, qgroup = np.unique(qnorm, return_inverse=True)
    pairs = np.unique(qgroup.astype(np.int64) * len(passages) + own)

    rows = np.flatnonzero(pending)
    scores, cand = topk(qvec, pmat, cfg.filter.top_k, device=device, chunk=cfg.search.chunk,
                        faiss_min_pool=cfg.search.faiss_min_pool, faiss_index=cfg.search.faiss_index, nprobe=cfg.search.nprobe)
    valid = cand >= 0
    cand = np.where(valid, cand, 0)
    pos_score = np.einsum("nd,nd->n", qvec, pmat[own[rows]])
    same = (cand == own[rows, None]) | (pnorm[cand] == pnorm[own[rows], None])  # the positive, or a copy of it
    same |= (p_cl[cand] == s_cl[rows, None]) & (s_cl[rows, None] >= 0)
    duplicate = same | (pnorm[cand] == qnorm[rows, None])
    other = np.isin(qgroup[rows, None].astype(np.int64) * len(passages) + cand, pairs)
    f = cfg.filter
    res = f2llm_filter(scores, valid, pos_score, duplicate, other, skip_top=f.skip_top, max_score=f.max_score,
                       relative=f.relative, num_negatives=f.num_negatives)
    prank = positive_rank(same | other, valid)  # (n,) 1-based, 0: not in the top k
    flagged = np.zeros(len(rows), dtype=bool)
    if cfg.consistency_top_k is not None:
        flagged = (prank == 0) | (prank > cfg.consistency_top_k)
    rr_pos, rr_neg = None, None
    if reranker is not None:
        queries = pool.column("query").take(pa.array(rows)).to_pylist()
        rr_pos, rr_neg = rescore(reranker, cfg, res, queries, [positives[i] for i in rows], passages, cand)
    lengths = np.array([len(c) for c in res.chosen], dtype=np.int32)
    offsets = pa.array(np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32))
    flat_row = np.repeat(np.arange(len(rows)), lengths)
    flat_col = np.concatenate(res.chosen) if len(rows) else np.zeros(0, dtype=np.int64)
    take = pa.array(rows)
    table = pa.table({
        "sample_id": pool.column("sample_id").take(take),
        "source": pool.column("source").take(take),
        "lang": pool.column("lang").take(take),
        "pool": pool.column("pool").take(take),
        "negatives": pa.ListArray.from_arrays(offsets, pa.array(passages, pa.string()).take(pa.array(cand[flat_row, flat_col]))),
        "scores": pa.ListArray.from_arrays(offsets, pa.array(scores[flat_row, flat_col], pa.float32())),
        "ranks": pa.ListArray.from_arrays(offsets, pa.array((flat_col + 1).astype(np.int32))),
        "positive_score": pos_score.astype(np.float32),
        "candidates": valid.sum(1).astype(np.int32),
        **{f"dropped_{r}": res.dropped[r].astype(np.int32) for r in REASONS},
        "positive_rank": pa.array(prank, pa.int32(), mask=prank == 0),
        "flag": pa.array(["positive_rank" if x else None for x in flagged], pa.string()),
        "keep": pa.array(~(flagged & cfg.consistency_drop)),
        "rerank_positive": pa.array(rr_pos, pa.float32()) if rr_pos is not None else pa.nulls(len(rows), pa.float32()),
        "rerank_scores": pa.array(rr_neg, pa.list_(pa.float32())) if rr_neg is not None else pa.nulls(len(rows), pa.list_(pa.float32())),
    })
    return table, np.array([res.dropped[r].sum() for r in REASONS])


def rescore(reranker: Reranker, cfg: MineConfig, res, queries: list[str], positives: list[str], passages: list[str],
            cand: np.ndarray) -> tuple[np.ndarray, list[list[float]]]:
    """Rescore each row's first `rerank.candidates` survivors and its positive with the cross-encoder
    (each distinct (query, passage) pair once, batched, `RERANK_ROWS` samples at a time); replace `res.chosen` by the
    first `num_negatives` candidates the reranker does not reject and count the rejected under
    `res.dropped["rerank"]`. Returns the positives' scores (n,) and the chosen negatives' scores."""
    rc = cfg.rerank
    heads = [s[:rc.candidates] for s in res.survivors]
    pos, neg_scores = np.zeros(len(heads), dtype=np.float32), []
    for start in range(0, len(heads), RERANK_ROWS):  # bounded memory: pairs of RERANK_ROWS samples at a time
        end = min(start + RERANK_ROWS, len(heads))
        pair_row: dict[tuple[str, str], int] = {}
        for i in range(start, end):
            for text in [positives[i], *(passages[c] for c in cand[i, heads[i]])]:
                pair_row.setdefault((queries[i], text), len(pair_row))
        flat = reranker.score([q for q, _ in pair_row], [p for _, p in pair_row])
        for i in range(start, end):
            pos[i] = flat[pair_row[(queries[i], positives[i])]]
            neg_scores.append(np.array([flat[pair_row[(queries[i], passages[c])]] for c in cand[i, heads[i]]], dtype=np.float32))
    kept = []
    for i, head in enumerate(heads):
        sc = neg_scores[i]
        drop = rerank_drop(sc, pos[i], max_score=rc.max_score, relative=rc.relative)
        res.dropped["rerank"][i] = int(drop.sum())
        keep = np.flatnonzero(~drop)[:cfg.filter.num_negatives]
        res.chosen[i] = head[keep]
        kept.append(sc[keep].tolist())
    return pos, kept


def mine(ws: Workspace, cfg: MineConfig, *, force: bool = False, progress: bool = True, max_samples: int | None = -1,
         executor: ExecutorConfig | None = None) -> dict:
    """Run the stage; returns the counts recorded in `runs`. `max_samples` (not -1) overrides
    `max_samples_per_source` (None: every sample). Encoding and search run on `executor`'s tasks
    (default: one local task, in this process); this process only plans and merges, and never
    loads the model (or torch) when the executor runs tasks in workers."""
    ws.require()
    if max_samples != -1:
        cfg = MineConfig.model_validate({**cfg.model_dump(), "max_samples_per_source": max_samples})
    executor = executor or ExecutorConfig(kind="local", tasks=1, workers=1)
    if executor.kind == "slurm":
        raise ConfigError("mine waits for its encoding tasks before searching; slurm jobs finish later", key="executor.kind",
                          fix="run `mlcurate mine --executor local` (or ray)")
    layer(ws).ensure_schema()
    with ws.connect(read_only=False, views=True):
        pass  # (re)create the views, so a workspace made before this stage existed gets them
    model = describe(cfg.model, pooling=cfg.pooling, max_length=cfg.max_length, backend=cfg.backend)
    with ws.run(STAGE, config_hash({"cfg": cfg.model_dump(mode="json"), "model": model["key"]})) as run:
        t0 = time.perf_counter()
        samples = select_samples(ws, cfg)
        done = set() if force else mined_ids(ws)
        ids = samples.column("sample_id").to_pylist()
        pending = np.array([s not in done for s in ids], dtype=bool)
        counts = {"model": cfg.model, "pooling": model["pooling"], "device": cfg.device or "auto", "backend": cfg.backend,
                  "selected": len(ids), "already_mined": int((~pending).sum()), "mined": 0, "encoded": 0, "cached": 0}
        if pending.any():
            counts.update(_mine_selected(ws, cfg, model, samples, pending, run.run_id, force, progress, executor))
        counts["seconds"] = round(time.perf_counter() - t0, 2)
        run.counts = counts
    return counts


PLAN_COLUMNS = ["sample_id", "source", "lang", "pool", "query", "qtext", "positive", "pending"]


def _mine_selected(ws: Workspace, cfg: MineConfig, model: dict, samples: pa.Table, pending: np.ndarray,
                   run_id: str, force: bool, progress: bool, executor: ExecutorConfig) -> dict:
    """Plan (pools with something pending, the texts no cache chunk holds), then two executor runs:
    encoding tasks fill the cache, search tasks mine their pools and write their layer parts."""
    t0 = time.perf_counter()
    staging = ws.staging / STAGE / run_id
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    logs = ws.task_logs / STAGE / run_id
    try:
        plan, units = _write_plan(cfg, samples, pending, staging / "plan.parquet")
        texts = pc.filter(plan.column("qtext"), plan.column("pending")).to_pylist() + plan.column("positive").to_pylist()
        del plan
        _, distinct = distinct_texts(texts)
        cache = EmbeddingCache(ws.cache, model["key"], model["dim"], cfg.cache_chunk)
        found = cache.has([k for k, _ in distinct])
        todo = [t for (_, t), f in zip(distinct, found) if not f]
        enc = {"texts": len(texts), "distinct_texts": len(distinct), "cached": int(found.sum()), "encoded": len(todo)}
        del texts, distinct
        info = _encode_on_tasks(ws, cfg, model, todo, executor, staging / "encode", logs / "encode") if todo else {}
        t_enc = time.perf_counter() - t0
        out_dir = staging / "layer" if force else layer_dir(ws)
        step = SearchPools(str(ws.root), str(staging / "plan.parquet"), units, cfg.model_dump(mode="json"), model,
                           str(out_dir), str(staging / "search"), run_id)
        run_executor(make_executor(executor, [step], str(logs / "search")), "mine search")
        found = merge_counts(staging / "search", {"mined": 0, "negatives": 0, f"fewer_than_{cfg.filter.num_negatives}": 0,
                                                  "dropped": dict.fromkeys(REASONS, 0)})
        if force:
            layer(ws).replace(run_id, staged=out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(logs, ignore_errors=True)
    consistency = {"flagged_positive_rank": found.pop("flagged", 0), "excluded_positive_rank": found.pop("excluded", 0)} \
        if cfg.consistency_top_k is not None else {}
    found.pop("flagged", None), found.pop("excluded", None)
    return {**consistency, **found, "device": info.get("device", found.get("device")), "backend": info.get("backend", cfg.backend),
            "pools": len(units), **enc, "dedup_layer": any((ws.annotations / "dedup").glob("source=*/*.parquet")),
            "seconds_encoding": round(t_enc, 2),
            "seconds_search_filter": round(time.perf_counter() - t0 - t_enc, 2)}


def _write_plan(cfg: MineConfig, samples: pa.Table, pending: np.ndarray, path: Path) -> tuple[pa.Table, list[tuple]]:
    """The pools with something pending, one Parquet row group each (pools are contiguous: the
    selection is ordered by pool); returns the plan and its units (pool, row group, rows)."""
    pools = samples.column("pool").to_pylist()
    bounds = [(p, a, b) for p, (a, b) in _runs(pools).items() if pending[a:b].any()]
    keep = np.zeros(len(pools), dtype=bool)
    for _, a, b in bounds:
        keep[a:b] = True
    plan = samples.append_column("qtext", pa.array(query_texts(cfg, samples), pa.string())) \
        .append_column("pending", pa.array(pending)).filter(pa.array(keep)).select(PLAN_COLUMNS)
    units, start = [], 0
    with pq.ParquetWriter(path, plan.schema) as writer:
        for group, (p, a, b) in enumerate(bounds):
            writer.write_table(plan.slice(start, b - a), row_group_size=max(b - a, 1))
            units.append((p, group, b - a))
            start += b - a
    return plan, units


def _encode_on_tasks(ws: Workspace, cfg: MineConfig, model: dict, todo: list[str], executor: ExecutorConfig,
                     staging: Path, logs: Path) -> dict:
    """`todo` into a file of `ENCODE_SHARD`-row groups, encoded by `EncodeShards` tasks; returns
    the device and backend the tasks report."""
    staging.mkdir(parents=True, exist_ok=True)
    todo_file = staging / "todo.parquet"
    pq.write_table(pa.table({"text": pa.array(todo, pa.string())}), todo_file, row_group_size=ENCODE_SHARD)
    settings = {"model": cfg.model, "pooling": cfg.pooling, "max_length": cfg.max_length, "device": cfg.device, "devices": cfg.devices,
                "batch_tokens": cfg.batch_tokens, "backend": cfg.backend, "onnx_dir": str(ws.cache / "onnx")}
    step = EncodeShards(settings, model["key"], str(ws.cache), cfg.cache_chunk, str(todo_file), str(staging))
    # every configured task, even with fewer shards: one task with workers > 1 would run in this
    # process (datatrove runs a single worker inline) and load the model here
    run_executor(make_executor(executor, [step], str(logs)), "mine encoding")
    return merge_counts(staging)


class SearchPools(Step):
    """Search tasks: task r mines the pools `runner.deal` gives it (balanced by rows): reads their
    row groups of the plan and their vectors from the embedding cache, searches, filters (reranks,
    checks consistency when configured) and writes one part per source into `out_dir` (the layer,
    or staging under --force), plus its counts into `staging`."""

    name = "mine search"
    type = "MINE"

    def __init__(self, ws_root: str, plan_file: str, units: list[tuple], cfg: dict, model: dict, out_dir: str, staging: str,
                 run_id: str):
        super().__init__()
        self.ws_root, self.plan_file, self.units, self.cfg, self.model = ws_root, plan_file, units, cfg, model
        self.out_dir, self.staging, self.run_id = out_dir, staging, run_id

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        cfg = MineConfig.model_validate(self.cfg)
        owned = [self.units[i] for i in deal([u[2] for u in self.units], world_size)[rank]]
        counts = {"mined": 0, "negatives": 0, f"fewer_than_{cfg.filter.num_negatives}": 0, "dropped": dict.fromkeys(REASONS, 0),
                  "flagged": 0, "excluded": 0}
        if owned:
            counts.update(self.mine_units(cfg, owned, rank))
        write_counts(Path(self.staging), rank, counts)
        return
        yield  # the last step of the pipeline yields nothing

    def mine_units(self, cfg: MineConfig, owned: list[tuple], rank: int) -> dict:
        ws = Workspace(Path(self.ws_root))
        f = pq.ParquetFile(self.plan_file)
        plan = f.read_row_groups([g for _, g, _ in owned])
        pend = plan.column("pending").to_numpy(zero_copy_only=False)
        qtexts = plan.column("qtext").to_pylist()
        row, vecs = self.vectors(ws, [q for q, t in zip(qtexts, pend) if t] + plan.column("positive").to_pylist())
        pvec_of = _VecLookup(row, vecs)
        clusters = dedup_clusters(ws, plan.column("sample_id"))
        device = task_device(cfg.device, rank) or "cpu"
        reranker = None
        if cfg.rerank is not None:
            rc = cfg.rerank
            reranker = Reranker(rc.model, max_length=rc.max_length, batch_size=rc.batch_size, device=rc.device)
        drops, parts, start = np.zeros(len(REASONS), dtype=np.int64), [], 0
        for _, _, n in owned:
            a, b = start, start + n
            start = b
            qv = np.stack([vecs[row[text_key(q)]] for q, t in zip(qtexts[a:b], pend[a:b]) if t])
            table, d = mine_pool(cfg, plan.slice(a, n), pend[a:b], qv, pvec_of, clusters, device, reranker)
            parts.append(table.append_column("run_id", pa.array([self.run_id] * table.num_rows, pa.string())).cast(MINE_SCHEMA))
            drops += d
        table = pa.concat_tables(parts)
        out = layer(ws)
        for source in sorted(set(table.column("source").to_pylist())):
            out.write_part(table.filter(pc.equal(table.column("source"), source)), source, self.run_id, rank, base=Path(self.out_dir))
            crash_point("mine:writing")  # (tests) killed with one source's part written
        n_neg = pc.list_value_length(table.column("negatives")).to_numpy(zero_copy_only=False)
        flagged = pc.sum(pc.is_valid(table.column("flag"))).as_py() or 0
        self.stat_update("samples", value=table.num_rows)
        return {"mined": table.num_rows, "negatives": int(n_neg.sum()), f"fewer_than_{cfg.filter.num_negatives}":
                int((n_neg < cfg.filter.num_negatives).sum()), "dropped": dict(zip(REASONS, drops.tolist())),
                "flagged": flagged, "excluded": flagged if cfg.consistency_drop else 0, "device": device}

    def vectors(self, ws: Workspace, texts: list[str]) -> tuple[dict[bytes, int], np.ndarray]:
        row, distinct = distinct_texts(texts)
        cache = EmbeddingCache(ws.cache, self.model["key"], self.model["dim"])
        found, vecs = cache.lookup([k for k, _ in distinct])
        if not found.all():
            raise ShardError(f"mine: {int((~found).sum())} texts are missing from the cache {cache.dir}; re-run to resume")
        return row, vecs


class _VecLookup(dict):
    """passage text -> vector, computed on access from the embed() result."""

    def __init__(self, row: dict, vecs: np.ndarray):
        super().__init__()
        self.row, self.vecs = row, vecs

    def __missing__(self, text: str) -> np.ndarray:
        return self.vecs[self.row[text_key(text)]]


def _runs(keys: list) -> dict:
    """Sorted keys -> {key: (start, end)} of their contiguous runs."""
    out, start = {}, 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            out[keys[start]] = (start, i)
            start = i
    return out
