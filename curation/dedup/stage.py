"""The `dedup` stage: one annotation row per sample in `annotations/dedup/source=<name>/`.

Clusters are global (every source and language, within `partition_by`), so when new samples
arrive the stage recomputes all clusters over the whole corpus and replaces its layer (new files
first, then the old ones are removed): a new sample can join an old cluster and change its
representative. With no new samples and the same settings, a re-run does no work; a changed
`dedup:` section (its hash is stored on every row) counts as new work, `--force` redoes it anyway.

The numpy engine runs in the driver (one process, memory bounded by the signatures being folded
into band keys chunk by chunk); the datatrove engine runs signatures, buckets, clustering and
filtering as datatrove steps on the configured executor and verifies its clusters in the driver.
"""

from pathlib import Path
from typing import Literal

import numpy as np
import pyarrow as pa
from pydantic import Field, model_validator

from ..config import ExecutorConfig, PipelineConfig, Strict, config_hash, validate
from ..schema import DEDUP_SCHEMA
from ..store import Workspace, write_parquet_atomic
from .engine import NearParams, dedup
from .normalize import unit_text

PARTITION_COLUMNS = ("task", "lang", "source", "split")


class DedupConfig(Strict):
    """`dedup:` section of configs/pipeline.yaml."""

    unit: Literal["query", "positive", "pair"] = Field("query", description="text compared: query, positive, or the pair")
    partition_by: list[Literal[PARTITION_COLUMNS]] = Field(
        default_factory=lambda: ["task"], description="duplicates are looked for only among samples sharing these columns ([] = all)")
    threshold: float = Field(0.7, gt=0, le=1, description="Jaccard of shingle sets at or above which two texts are near duplicates")
    num_perm: int = Field(128, ge=8, description="MinHash permutations")
    bands: int = Field(32, ge=1, description="LSH bands (bands x rows <= num_perm); more bands find more candidates below the threshold")
    rows: int = Field(4, ge=1, description="rows per LSH band")
    ngram: int = Field(5, ge=1, description="shingle size: words for space-delimited scripts, characters for Han/Kana/Thai/...")
    seed: int = Field(1, description="seed of the MinHash permutations")
    source_priority: list[str] = Field(default_factory=list, description="sources to keep first in a cluster (then longest, then oldest)")
    engine: Literal["numpy", "datatrove"] = Field(
        "numpy", description="numpy: single-machine vectorised path; datatrove: MinHash stages on the configured executor")

    @model_validator(mode="after")
    def _bands(self):
        if self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands x rows = {self.bands * self.rows} exceeds num_perm = {self.num_perm}; lower bands or rows")
        return self

    def near_params(self) -> NearParams:
        return NearParams(self.threshold, self.num_perm, self.bands, self.rows, self.ngram, self.seed)


def load_config(cfg: PipelineConfig) -> DedupConfig:
    return validate(DedupConfig, cfg.stage_section("dedup"), file=str(Path(cfg.base_dir) / "pipeline.yaml"), prefix="dedup")


def run_dedup(ws: Workspace, cfg: PipelineConfig, force: bool = False, progress: bool = True) -> dict:
    """Entry of STAGES["dedup"]."""
    return dedup_workspace(ws, load_config(cfg), cfg.executor, force=force)


def dedup_workspace(ws: Workspace, dc: DedupConfig, executor: ExecutorConfig | None = None, *, force: bool = False) -> dict:
    """Annotate every sample of the workspace; returns the counts recorded in `runs`."""
    ws.require()
    layer = ws.annotations / "dedup"
    ws.ensure_layer_schema(layer, DEDUP_SCHEMA)
    chash = config_hash(dc.model_dump(mode="json"))
    with ws.run("dedup", chash) as run:
        with ws.connect(read_only=False, views=True) as con:
            pending = _pending(con, chash)
        if not force and pending == 0:
            run.counts = {"samples_new": 0, "skipped": "all samples already annotated with this config"}
            return run.counts
        with ws.connect(read_only=True) as con:
            samples = _load_samples(con, dc)
        result = _compute(samples, dc, executor, ws)
        table = _annotation_table(samples, result, dc, chash, run.run_id)
        _replace_layer(layer, table, run.run_id)
        run.counts = _counts(samples, result, pending)
        return run.counts


def _pending(con, chash: str) -> int:
    """Samples without a dedup row made with this config."""
    return con.execute(
        "SELECT count(*) FROM samples s ANTI JOIN (SELECT sample_id FROM dedup WHERE config_hash = ?) d USING (sample_id)",
        [chash],
    ).fetchone()[0]


def _load_samples(con, dc: DedupConfig) -> dict:
    """Columns of every sample needed for dedup, in ingest order (file name = run id, then row)."""
    part = ", ".join(dc.partition_by) if dc.partition_by else "''"
    rows = con.sql(
        f"""SELECT sample_id, source, lang, query, positive, concat_ws('|', {part}) AS part
            FROM read_parquet('samples/**/*.parquet', union_by_name = true, filename = true, file_row_number = true)
            ORDER BY filename, file_row_number"""
    ).to_arrow_table()
    return {c: rows.column(c).to_pylist() for c in rows.column_names}


def _compute(samples: dict, dc: DedupConfig, executor, ws: Workspace):
    texts = [unit_text(q, p, dc.unit) for q, p in zip(samples["query"], samples["positive"])]
    _, partition = np.unique(np.array(samples["part"], dtype=object).astype(str), return_inverse=True)
    rank = {s: i for i, s in enumerate(dc.source_priority)}
    priority = np.array([rank.get(s, len(rank)) for s in samples["source"]], dtype=np.int64)
    age = np.arange(len(texts), dtype=np.int64)
    near = None
    if dc.engine == "datatrove":
        from .dt_path import datatrove_near

        near = datatrove_near(executor or ExecutorConfig(), ws.staging / "dedup-datatrove")
    return dedup(texts, partition, priority, age, dc.near_params(), **({"near": near} if near else {}))


def _annotation_table(samples: dict, r, dc: DedupConfig, chash: str, run_id: str) -> pa.Table:
    ids = samples["sample_id"]
    rep_ids = [ids[i] for i in r.representative.tolist()]
    n = len(ids)
    return pa.table(
        {
            "sample_id": ids,
            "exact_hash": r.exact_hash,
            "cluster_id": rep_ids,
            "cluster_size": r.cluster_size,
            "keep": r.keep,
            "reason": r.reason,
            "duplicate_of": [None if k else rid for k, rid in zip(r.keep.tolist(), rep_ids)],
            "similarity": r.similarity,
            "unit": [dc.unit] * n,
            "config_hash": [chash] * n,
            "run_id": [run_id] * n,
        },
        schema=DEDUP_SCHEMA,
    ).append_column("source", pa.array(samples["source"]))


def _replace_layer(layer: Path, table: pa.Table, run_id: str) -> None:
    """Write one file per source for this run, then remove every older file of the layer."""
    old = [p for p in layer.glob("source=*/*.parquet")]
    sources = table.column("source").to_pylist()
    for name in sorted(set(sources)):
        mask = pa.array([s == name for s in sources])
        write_parquet_atomic(table.filter(mask).drop_columns(["source"]), layer / f"source={name}" / f"part-{run_id}.parquet")
    for p in old:
        if run_id not in p.name:
            p.unlink(missing_ok=True)


def _counts(samples: dict, r, pending: int) -> dict:
    """Totals plus per-source and per-language samples / kept / exact / near counts."""
    counts = {"samples": len(r.keep), "samples_new": pending, "kept": int(r.keep.sum()), **r.stats,
              "by_source": {}, "by_lang": {}}
    for key, col in (("by_source", "source"), ("by_lang", "lang")):
        groups = counts[key]
        for g, keep, reason in zip(samples[col], r.keep.tolist(), r.reason):
            c = groups.setdefault(g, {"samples": 0, "kept": 0, "exact": 0, "near": 0})
            c["samples"] += 1
            c["kept"] += keep
            if reason:
                c["exact" if reason == "exact-dup-of" else "near"] += 1
    return counts
