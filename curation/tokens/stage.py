"""The `tokens` stage: tokens per sample field under one tokenizer, into `annotations/tokens/`.

    plan_units      (driver) every Parquet row group of every source's samples (as langid does)
    CountShard      (N datatrove tasks) task r counts its row groups with the fast tokenizer's batch
                    encode and writes annotations/tokens/source=<name>/part-<run_id>-<r>.parquet

Why a stage and not part of `mix`: coverage (the `coverage` view, the dashboard) needs tokens per
language before any mixture exists, and a token budget (`total_tokens` in a mixture spec) needs
them at planning time.

Idempotent: samples already counted with the same tokenizer and settings (`config_hash`) are
skipped. A different tokenizer (or `--force`) recounts every sample and replaces the layer (new
parts in first, then the old ones out), so the layer never mixes two tokenizers' counts.
"""

import shutil
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..config import ExecutorConfig, config_hash
from ..contract import StageContext, StageCounts, StageResult
from ..errors import ConfigError
from ..langid.stage import assign_units, plan_units
from ..layer import AnnotationLayer, merge_counts, write_counts
from ..runner import Step, make_executor, run_executor
from ..schema import TOKENS_SCHEMA
from ..store import Workspace
from .config import TokensConfig
from .counter import TokenCounter, fingerprint, resolve_tokenizer_path

STAGE = "tokens"
DEFAULT_TOKENIZER = "all-MiniLM-L6-v2"  # MineConfig's default model, used when no pipeline file names one
READ_COLUMNS = ["sample_id", "source", "task", "lang", "code_lang", "query", "positive", "negatives"]


def layer(ws_root: Path | Workspace) -> AnnotationLayer:
    return AnnotationLayer(ws_root, STAGE, TOKENS_SCHEMA)


def count_table(samples: pa.Table, counter: TokenCounter, cfg: TokensConfig, chash: str, run_id: str, name: str) -> pa.Table:
    """One layer row per sample of `samples` (READ_COLUMNS)."""
    n = samples.num_rows
    null32, null64 = pa.nulls(n, pa.int32()), pa.nulls(n, pa.int64())
    q = counter.count_array(samples["query"].combine_chunks()) if "query" in cfg.fields else null32
    p = counter.count_array(samples["positive"].combine_chunks()) if "positive" in cfg.fields else null32
    neg = counter.count_lists(samples["negatives"].combine_chunks()) if "negatives" in cfg.fields else null64
    total = pc.add(pc.fill_null(pc.cast(q, pa.int64()), 0), pc.fill_null(pc.cast(p, pa.int64()), 0))
    return pa.table({
        "sample_id": samples["sample_id"], "source": samples["source"], "task": samples["task"], "lang": samples["lang"],
        "code_lang": samples["code_lang"], "query_tokens": q, "positive_tokens": p, "negatives_tokens": neg, "tokens": total,
        "tokenizer": pa.array([name] * n, pa.string()), "config_hash": pa.array([chash] * n, pa.string()),
        "run_id": pa.array([run_id] * n, pa.string()),
    }, schema=TOKENS_SCHEMA)


class CountShard(Step):
    """Counts this task's row groups (`assign_units(units, world_size)[rank]`) and writes one part
    per source into `out_dir` (the layer, or staging when the layer is being replaced)."""

    name = "tokens count"
    type = "TOKENS"

    def __init__(self, ws_root: str, units: list, cfg: dict, path: str, name_: str, chash: str, out_dir: str, staging: str,
                 run_id: str, skip_done: bool):
        super().__init__()
        self.ws_root, self.units, self.cfg, self.path, self.name_, self.chash = ws_root, units, cfg, path, name_, chash
        self.out_dir, self.staging, self.run_id, self.skip_done = out_dir, staging, run_id, skip_done

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        cfg = TokensConfig.model_validate(self.cfg)
        counter = TokenCounter(self.path, cfg.special_tokens)
        counts = {"samples": 0, "tokens": 0, "negatives_tokens": 0}
        owned = assign_units(self.units, world_size)[rank]
        for source in dict.fromkeys(u[0] for u in owned):
            samples = pa.concat_tables(pq.ParquetFile(f).read_row_group(g, columns=READ_COLUMNS)
                                       for s, f, g, _ in owned if s == source)
            if self.skip_done:
                done = layer(Path(self.ws_root)).done_ids(source)
                if done:
                    samples = samples.filter(pc.invert(pc.is_in(samples["sample_id"], pa.array(list(done), pa.string()))))
            parts = [count_table(pa.Table.from_batches([b]), counter, cfg, self.chash, self.run_id, self.name_)
                     for b in samples.to_batches(max_chunksize=cfg.batch_size)]
            if not parts:
                continue
            table = pa.concat_tables(parts)
            counts["samples"] += table.num_rows
            counts["tokens"] += pc.sum(table["tokens"]).as_py() or 0
            counts["negatives_tokens"] += pc.sum(table["negatives_tokens"]).as_py() or 0
            layer(Path(self.ws_root)).write_part(table, source, self.run_id, rank, base=Path(self.out_dir))
        self.stat_update("samples", value=counts["samples"])
        write_counts(Path(self.staging), rank, counts)
        return
        yield  # the last step of the pipeline yields nothing


def run(ctx: StageContext, cfg: TokensConfig) -> StageResult:
    """The stage contract's entry: count tokens of every sample of `ctx.ws` on `ctx.executor`."""
    counts = count_tokens(ctx.ws, cfg, ctx.executor, force=ctx.force)
    if counts.get("submitted"):
        return StageResult(STAGE, StageCounts(), [f"tokens ({counts['tokenizer']}): submitted to the cluster"], counts)
    return StageResult(STAGE, StageCounts(inputs=counts["samples"], outputs=counts["samples"]), summary_lines(counts), counts)


def summary_lines(counts: dict) -> list[str]:
    if not counts["samples"]:
        return [f"tokens ({counts['tokenizer']}): every sample already counted (--force recounts)"]
    return [f"tokens ({counts['tokenizer']}): {counts['samples']:,} samples counted in {counts['seconds_counting']:.1f}s: "
            f"{counts['tokens']:,} query+positive tokens, {counts['negatives_tokens']:,} in source negatives"
            + (" (layer replaced: " + counts["replaced"] + ")" if counts.get("replaced") else ""),
            '  see: mlcurate sql "SELECT code, samples, chars, tokens FROM coverage WHERE samples > 0 ORDER BY tokens DESC"']


def count_tokens(ws: Workspace, cfg: TokensConfig, executor: ExecutorConfig, *, force: bool = False) -> dict:
    """Run the stage over every source of the workspace; returns the counts recorded in `runs`."""
    ws.require()
    name = cfg.tokenizer or DEFAULT_TOKENIZER
    path = resolve_tokenizer_path(name)
    TokenCounter(path, cfg.special_tokens)  # fail fast on a folder without a usable tokenizer
    chash = config_hash({"tokenizer": fingerprint(path), "fields": cfg.fields, "special_tokens": cfg.special_tokens})
    lay = layer(ws)
    lay.ensure_schema()
    with ws.connect(read_only=False, views=True) as con:
        other = [h for (h,) in con.execute("SELECT DISTINCT config_hash FROM tokens WHERE config_hash <> ?", [chash]).fetchall()]
    replace = force or bool(other)
    if replace and executor.kind == "slurm":
        raise ConfigError("replacing the tokens layer needs the run to finish first; slurm jobs finish later", key="executor.kind",
                          fix="run `mlcurate tokens --executor local` (or ray)")
    sources = sorted(p.name.removeprefix("source=") for p in ws.samples.glob("source=*") if any(p.glob("*.parquet")))
    with ws.run(STAGE, chash) as rec:
        t0 = time.perf_counter()
        staging = ws.staging / STAGE / rec.run_id
        staging.mkdir(parents=True, exist_ok=True)
        out_dir = staging if replace else lay.dir
        step = CountShard(str(ws.root), plan_units(ws.root, sources), cfg.model_dump(mode="json"), path, name, chash,
                          str(out_dir), str(staging), rec.run_id, skip_done=not replace)
        logs = ws.task_logs / STAGE / rec.run_id
        run_executor(make_executor(executor, [step], str(logs)), "tokens")
        if executor.kind == "slurm":
            rec.status, rec.counts = "submitted", {"submitted": True, "tokenizer": name}
            return rec.counts
        counts = merge_counts(staging, {"samples": 0, "tokens": 0, "negatives_tokens": 0})
        if replace:
            lay.replace(rec.run_id, staged=staging)
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(logs, ignore_errors=True)
        counts.update(tokenizer=name, sources=len(sources), seconds_counting=round(time.perf_counter() - t0, 2),
                      replaced="--force" if force else "tokenizer or settings changed" if other else "")
        rec.counts = counts
    return counts
