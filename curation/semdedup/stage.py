"""The `semdedup` stage: semantic duplicates (near paraphrases MinHash cannot see) into `annotations/semdedup/`.

    select    the samples of `view` (default samples_deduped: after LID and dedup) with their unit
              text as the mining stage encodes it (queries with their instruction prefix), partition
              (`partition_by`, default task and language), source priority, length and ingest age
    vectors   from the mining stage's embedding cache (`cache/embeddings/<model-key>/`), read chunk
              by chunk through a sorted key index, written to a staging file grouped by partition;
              texts the cache lacks are encoded with the same encoder and cached (`encode_missing`),
              or counted and annotated `no-embedding`
    cluster   engine.py: k-means per partition on a sample, assignment in batches, cosine pairs
              inside each cluster >= `threshold`, one representative per group (dedup's policy)
    write     one row per sample, per source, then the older parts removed (as dedup)

Like dedup, groups are global, so new samples make the stage recompute everything; with no new
samples and the same settings a re-run does nothing (`--force` redoes it).
"""

import contextlib
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..config import config_hash
from ..contract import StageContext, StageCounts, StageResult
from ..dedup.stage import ingest_age
from ..errors import ConfigError
from ..layer import AnnotationLayer
from ..schema import SEMDEDUP_SCHEMA
from ..store import Workspace
from .config import SemDedupConfig
from .engine import SemArrays, semdedup_file

STAGE = "semdedup"
REASON = "semantic-dup-of"
NO_EMBEDDING = "no-embedding"
_BATCH = 16_384  # samples per batch streamed from DuckDB
_ENCODE = 4_096  # missing texts encoded (and cached) at a time


def run(ctx: StageContext, cfg: SemDedupConfig) -> StageResult:
    """The stage contract's entry: semantic duplicate groups over every sample of `cfg.view`."""
    counts = semdedup_workspace(ctx.ws, cfg, force=ctx.force, progress=ctx.progress)
    if "samples" not in counts:
        return StageResult(STAGE, StageCounts(), [f"semdedup: nothing to do ({counts.get('skipped')}); use --force to recompute"], counts)
    typed = StageCounts(inputs=counts["samples"], outputs=counts["samples"], flagged=counts["removed"])
    return StageResult(STAGE, typed, summary_lines(counts), counts)


def summary_lines(counts: dict) -> list[str]:
    action = "removed" if counts["remove"] else "flagged (kept: semdedup.remove is false)"
    lines = [f"semdedup ({counts['model']}, cosine >= {counts['threshold']}): {counts['samples']:,} samples in "
             f"{counts['partitions']:,} partitions, {counts['kmeans_clusters']:,} k-means clusters: {counts['duplicates']:,} "
             f"semantic duplicates {action} in {counts['groups']:,} groups; embeddings {counts['cached']:,} from the cache, "
             f"{counts['encoded']:,} encoded"]
    if counts["no_embedding"]:
        lines.append(f"  {counts['no_embedding']:,} samples had no cached embedding and were not compared (reason "
                     f"'{NO_EMBEDDING}'); run `mlcurate mine` first or set semdedup.encode_missing: true")
    lines.append('  see: mlcurate sql "SELECT * FROM semdedup_clusters LIMIT 20", semdedup_retention')
    return lines


def semdedup_workspace(ws: Workspace, cfg: SemDedupConfig, *, force: bool = False, progress: bool = False) -> dict:
    """Annotate every sample of `cfg.view`; returns the counts recorded in `runs`."""
    ws.require()
    layer = AnnotationLayer(ws, STAGE, SEMDEDUP_SCHEMA)
    layer.ensure_schema()
    chash = config_hash(cfg.model_dump(mode="json"))
    with ws.run(STAGE, chash) as run:
        with ws.connect(read_only=False, views=True) as con:
            pending = _pending(con, cfg, chash)
        if not force and pending == 0:
            run.counts = {"samples_new": 0, "skipped": "all samples already annotated with this config"}
            return run.counts
        encoder = _encoder(cfg)
        work = ws.staging / STAGE
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        try:
            scan = _scan(ws, cfg, encoder, work, progress)
            result = semdedup_file(work / "vectors.f32", encoder.dim, scan.bounds, scan.priority[scan.order],
                                   scan.length[scan.order], scan.age[scan.order], cfg.params())
            run.counts = _write_layer(layer, scan, result, cfg, chash, run.run_id)
            run.counts.update(samples_new=pending, cached=scan.cached, encoded=scan.encoded)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return run.counts


def _select(cfg: SemDedupConfig) -> str:
    part = ", ".join(cfg.partition_by) if cfg.partition_by else "''"
    return f"""SELECT v.sample_id, v.source, v.lang, v.query, v.positive, v.instruction,
                      hash(concat_ws('|', {part})) AS part, f.file
               FROM {cfg.view} v JOIN (SELECT sample_id, filename AS file
                                       FROM read_parquet('samples/**/*.parquet', union_by_name = true, filename = true)) f
               USING (sample_id) {f"WHERE ({cfg.where})" if cfg.where else ""}"""


def _pending(con, cfg: SemDedupConfig, chash: str) -> int:
    """Samples of the view without a semdedup row made with this config."""
    import duckdb

    try:
        where = f"WHERE ({cfg.where})" if cfg.where else ""
        return con.execute(f"SELECT count(*) FROM (SELECT * FROM {cfg.view} {where}) s ANTI JOIN "
                           "(SELECT sample_id FROM semdedup WHERE config_hash = ?) d USING (sample_id)", [chash]).fetchone()[0]
    except duckdb.Error as e:
        raise ConfigError(f"selecting samples failed: {e}", key="semdedup.view / semdedup.where",
                          fix="name a view of samples, e.g. samples_deduped, and a condition on its columns "
                              "(see `mlcurate sql \"DESCRIBE samples_deduped\"`)") from None


def _encoder(cfg: SemDedupConfig):
    try:
        from ..mine.encoder import Encoder
    except ImportError as e:
        raise ConfigError(f"semdedup needs the mining encoder's packages ({e.name})", key="semdedup",
                          fix="pip install 'mlcurate[mine]'") from None
    return Encoder(cfg.model, pooling=cfg.pooling, max_length=cfg.max_length, device=cfg.device)


class _Scan:
    """Per-sample columns of the selection (sample order = stream order), the rows of the vector
    file (`order`: sample index of each file row, grouped by partition; `bounds` per partition)."""

    def __init__(self):
        self.ids, self.sources, self.langs = [], [], []
        self.cols: dict[str, list] = {k: [] for k in ("part", "length", "priority", "age", "hi", "lo", "chunk", "row", "has_text")}
        self.cached = self.encoded = 0

    def finish(self) -> None:
        self.ids, self.sources, self.langs = (pa.concat_arrays(x) if x else pa.array([], pa.string())
                                              for x in (self.ids, self.sources, self.langs))
        for k, parts in self.cols.items():
            setattr(self, k, np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64))
        self.n = len(self.ids)


def _unit_texts(cfg: SemDedupConfig, batch: pa.RecordBatch) -> list[str | None]:
    """The texts as the mining stage encodes them (so their cached vectors are found)."""
    if cfg.unit == "positive":
        return batch.column("positive").to_pylist()
    from ..mine.encoder import query_prefix

    out = []
    for q, ins in zip(batch.column("query").to_pylist(), batch.column("instruction").to_pylist()):
        instruction = cfg.instruction or (ins if cfg.use_sample_instruction else None)
        out.append(None if not q else query_prefix(instruction) + q)
    return out


def _key_columns(texts: list) -> tuple[np.ndarray, np.ndarray]:
    from ..mine.cache import text_key

    raw = b"".join(text_key(t) if t else b"\0" * 16 for t in texts)
    k = np.frombuffer(raw, dtype="<u8").reshape(-1, 2)
    return k[:, 0].copy(), k[:, 1].copy()


def _scan(ws: Workspace, cfg: SemDedupConfig, encoder, work: Path, progress: bool) -> _Scan:
    """Stream the selection (texts looked up in the cache index as they go; only the texts it
    lacks are kept), then write the vector file (cache hits chunk by chunk, misses encoded)."""
    from ..mine.cache import EmbeddingCache

    cache = EmbeddingCache(ws.cache, encoder.key, encoder.dim)
    index = _cache_index(cache)
    ranks = _run_ranks(ws)
    scan, missing = _Scan(), {}
    ranked = pa.array(cfg.source_priority, pa.string())
    stack = contextlib.ExitStack()
    con = stack.enter_context(ws.connect(read_only=True))
    con.execute(f"SET memory_limit = '256MB'; SET temp_directory = '{work / 'duckdb-tmp'}'")
    reader = stack.enter_context(contextlib.closing(con.sql(_select(cfg)).to_arrow_reader(_BATCH)))
    c = scan.cols
    with stack:
        for batch in reader:
            texts = _unit_texts(cfg, batch)
            hi, lo = _key_columns(texts)
            chunk, row = _lookup(index, hi, lo)
            ids = batch.column("sample_id")
            scan.ids.append(ids)
            scan.sources.append(batch.column("source"))
            scan.langs.append(batch.column("lang"))
            c["part"].append(batch.column("part").to_numpy().astype(np.int64))
            c["length"].append(np.fromiter((len(t) if t else 0 for t in texts), dtype=np.int64, count=len(texts)))
            c["priority"].append(pc.fill_null(pc.index_in(batch.column("source"), value_set=ranked), len(ranked)).to_numpy().astype(np.int64))
            run_rank = np.array([ranks.get(_run_of(f), 0) for f in batch.column("file").to_pylist()], dtype=np.int64)
            c["age"].append(ingest_age(run_rank, ids.to_pylist()))
            c["hi"].append(hi)
            c["lo"].append(lo)
            c["chunk"].append(chunk)
            c["row"].append(row)
            c["has_text"].append(np.array([bool(t) for t in texts], dtype=bool))
            for i in np.nonzero(chunk < 0)[0].tolist():
                if texts[i]:
                    missing.setdefault((int(hi[i]), int(lo[i])), texts[i])
    scan.finish()
    found = (scan.chunk >= 0) & scan.has_text
    valid = found | (scan.has_text & cfg.encode_missing)
    scan.no_embedding = int((scan.has_text & ~valid).sum())
    order = np.nonzero(valid)[0]
    order = order[np.lexsort((order, scan.part[order]))]  # grouped by partition, in stream order inside
    scan.order = order
    starts = np.r_[0, np.nonzero(np.diff(scan.part[order]))[0] + 1, order.size] if order.size else np.zeros(1, dtype=np.int64)
    scan.bounds = [(int(a), int(b)) for a, b in zip(starts[:-1], starts[1:])]
    dest = np.full(scan.n, -1, dtype=np.int64)
    dest[order] = np.arange(order.size)
    _write_vectors(work / "vectors.f32", cache, encoder, scan, dest, found, list(missing.values()) if cfg.encode_missing else [],
                   progress)
    return scan


def _run_of(file: str) -> str:
    return re.sub(r"-\d+$", "", Path(file).stem.removeprefix("part-"))


def _run_ranks(ws: Workspace) -> dict[str, int]:
    """Rank of every ingest run that wrote samples files (`part-<run_id>[-<i>].parquet`; run ids
    start with their UTC time, so they sort by age), as dedup ranks them."""
    runs = sorted({_run_of(str(p)) for p in ws.samples.glob("**/*.parquet")})
    return {r: i for i, r in enumerate(runs)}


def _cache_index(cache) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(hi, lo, chunk, row) of every cached vector, sorted by key; keys only are read (16 B each)."""
    his, los, chunks, rows = [], [], [], []
    for c, path in enumerate(cache.chunks()):
        with np.load(path) as z:
            k = np.ascontiguousarray(z["keys"]).view("<u8").reshape(-1, 2)
        his.append(k[:, 0])
        los.append(k[:, 1])
        chunks.append(np.full(len(k), c, dtype=np.int32))
        rows.append(np.arange(len(k), dtype=np.int32))
    if not his:
        return (np.zeros(0, np.uint64),) * 2 + (np.zeros(0, np.int32),) * 2
    hi, lo, ch, rw = (np.concatenate(x) for x in (his, los, chunks, rows))
    o = np.lexsort((lo, hi))
    return hi[o], lo[o], ch[o], rw[o]


def _lookup(index, hi: np.ndarray, lo: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(chunk, row) of each key in the cache index, -1 where absent."""
    ihi, ilo, ich, irw = index
    chunk, row = np.full(hi.size, -1, dtype=np.int64), np.full(hi.size, -1, dtype=np.int64)
    if not ihi.size:
        return chunk, row
    at = np.searchsorted(ihi, hi)
    for _ in range(2):  # a 64-bit prefix shared by two keys (never seen) is checked one step on
        ok = at < ihi.size
        ok[ok] &= ihi[at[ok]] == hi[ok]
        hit = ok.copy()
        hit[ok] &= ilo[at[ok]] == lo[ok]
        chunk[hit], row[hit] = ich[at[hit]], irw[at[hit]]
        at = np.where(ok & ~hit, at + 1, ihi.size)
    return chunk, row


def _write_vectors(path: Path, cache, encoder, scan: _Scan, dest: np.ndarray, found: np.ndarray, todo: list[str],
                   progress: bool) -> None:
    """Each sample's vector to its row of the file: cached ones one cache chunk at a time, then the
    missing texts encoded (and cached) `_ENCODE` at a time; samples with one text share its vector."""
    from ..mine.stage import embed

    rowbytes = encoder.dim * 4
    with open(path, "wb") as f:
        f.truncate(int((dest >= 0).sum()) * rowbytes)
    fd = os.open(path, os.O_WRONLY)
    try:
        chunks = cache.chunks()
        take = np.nonzero(found & (dest >= 0))[0]
        take = take[np.argsort(scan.chunk[take], kind="stable")]
        bounds = np.searchsorted(scan.chunk[take], np.arange(len(chunks) + 1))
        for c, p in enumerate(chunks):
            sel = take[bounds[c] : bounds[c + 1]]
            if sel.size:
                with np.load(p) as z:
                    vecs = z["vecs"][scan.row[sel]].astype(np.float32)
                _pwrite_rows(fd, vecs, dest[sel], rowbytes)
        scan.cached = int(take.size)
        waiting = np.nonzero(~found & (dest >= 0))[0]  # samples whose text is encoded now
        for a in range(0, len(todo), _ENCODE):
            texts = todo[a : a + _ENCODE]
            _, vecs, _ = embed(encoder, cache, texts, progress)  # (distinct texts, dim), in first-seen order
            hi, lo = _key_columns(texts)
            index = (hi, lo, np.zeros(len(texts), np.int32), np.arange(len(texts), dtype=np.int32))
            o = np.lexsort((lo, hi))
            _, at = _lookup(tuple(x[o] for x in index), scan.hi[waiting], scan.lo[waiting])
            sel = at >= 0
            _pwrite_rows(fd, vecs[at[sel]], dest[waiting[sel]], rowbytes)
            scan.encoded += int(sel.sum())
    finally:
        os.close(fd)


def _pwrite_rows(fd: int, vecs: np.ndarray, rows: np.ndarray, rowbytes: int) -> None:
    for v, r in zip(np.ascontiguousarray(vecs, dtype=np.float32), rows.tolist()):
        os.pwrite(fd, v.tobytes(), r * rowbytes)


def _write_layer(layer: AnnotationLayer, scan: _Scan, r: SemArrays, cfg: SemDedupConfig, chash: str, run_id: str) -> dict:
    """One part per source, then the layer's older parts removed; returns the counts."""
    n, order = scan.n, scan.order
    rep = np.arange(n, dtype=np.int64)
    rep[order] = order[r.representative]
    size, kcl, sim = np.ones(n, dtype=np.int64), np.full(n, -1, dtype=np.int64), np.full(n, np.nan, dtype=np.float32)
    size[order], kcl[order], sim[order] = r.group_size, r.kmeans_cluster, r.similarity
    compared = np.zeros(n, dtype=bool)
    compared[order] = True
    dup = rep != np.arange(n)
    keep = ~(dup & cfg.remove)
    no_emb = scan.has_text & ~compared
    reason = np.where(dup, REASON, np.where(no_emb, NO_EMBEDDING, None))
    cluster_id = scan.ids.take(pa.array(rep))
    table = pa.table({
        "sample_id": scan.ids,
        "kmeans_cluster": pa.array(kcl, mask=kcl < 0),
        "cluster_id": cluster_id,
        "cluster_size": size,
        "duplicate": dup,
        "keep": keep,
        "reason": pa.array(reason.tolist(), pa.string()),
        "duplicate_of": pc.if_else(pa.array(dup), cluster_id, pa.scalar(None, pa.string())),
        "similarity": pa.array(sim, mask=~compared),
        "unit": pa.repeat(cfg.unit, n),
        "model": pa.repeat(cfg.model, n),
        "config_hash": pa.repeat(chash, n),
        "run_id": pa.repeat(run_id, n),
    }, schema=SEMDEDUP_SCHEMA)
    for name in pc.unique(scan.sources).to_pylist():
        with layer.part_writer(name, run_id) as w:
            w.write_table(table.filter(pc.equal(scan.sources, name)))
    layer.replace(run_id)
    by_lang = {}
    t = pa.table({"g": scan.langs, "dup": dup}).group_by("g").aggregate([("dup", "count"), ("dup", "sum")])
    for row in t.to_pylist():
        by_lang[row["g"]] = {"samples": row["dup_count"], "duplicates": row["dup_sum"]}
    return {"samples": n, "compared": int(compared.sum()), "duplicates": int(dup.sum()), "removed": int((~keep).sum()),
            "no_embedding": int(no_emb.sum()), "no_text": int((~scan.has_text).sum()), "remove": cfg.remove,
            "model": cfg.model, "threshold": cfg.threshold, **{k: v for k, v in r.stats.items() if k != "duplicates"},
            "by_lang": by_lang}
