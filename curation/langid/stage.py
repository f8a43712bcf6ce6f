"""The `langid` stage: every sample's text fields through the LID backend, into one annotation layer.

    plan_units      (driver, file metadata only) every Parquet row group of every source's samples
    AnnotateShard   (N datatrove tasks: task r reads only its row groups, balanced by rows, and
                     writes annotations/langid/source=<name>/part-<run_id>-<r>.parquet atomically)

Idempotent: samples already in the layer are skipped, so a re-run does no work and an interrupted
run resumes from the parts its finished tasks published. `force` re-annotates everything: the new
parts are staged, then moved in, then the old parts are removed (new files in, old files out), so
the layer is never empty in between. Code samples: only their natural-language side (the query) is
identified; their programming language comes from the registry's file extensions at ingest.
"""

import shutil
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..config import ExecutorConfig, config_hash
from ..contract import StageContext, StageCounts, StageResult
from ..errors import ConfigError
from ..languages import LanguageNormalizer, Registry
from ..layer import AnnotationLayer, merge_counts, write_counts
from ..lifecycle import crash_point
from ..runner import Step, deal, make_executor, run_executor
from ..store import Workspace
from .annotate import LANGID_SCHEMA, Annotator, field_rows
from .backends import load_backend, locate_backend
from .config import STATUSES, LidConfig
from .vote import VoteAnnotator

STAGE = "langid"
SAMPLE_COLUMNS = ["sample_id", "source", "query", "positive", "lang", "pos_lang", "code_lang"]


def layer_dir(ws: Workspace) -> Path:
    return ws.annotations / STAGE


def layer(ws_root: Path) -> AnnotationLayer:
    return AnnotationLayer(ws_root, STAGE, LANGID_SCHEMA)


Unit = tuple[str, str, int, int]  # (source, samples file, row group, rows)


def plan_units(ws_root: Path, sources: list[str]) -> list[Unit]:
    """Every Parquet row group of every source's sample files, in a fixed order (from file metadata)."""
    units = []
    for source in sources:
        for f in sorted((ws_root / "samples" / f"source={source}").glob("*.parquet")):
            meta = pq.ParquetFile(f).metadata
            units += [(source, str(f), g, meta.row_group(g).num_rows) for g in range(meta.num_row_groups)
                      if meta.row_group(g).num_rows]
    return units


def assign_units(units: list[Unit], world_size: int) -> list[list[Unit]]:
    """Row groups per task, balanced by rows (`runner.deal`), each task's list in plan order."""
    return [[units[i] for i in t] for t in deal([u[3] for u in units], world_size)]


def pending_samples(ws_root: Path, units: list[Unit], skip: bool) -> pa.Table:
    """The samples of `units` (one source's row groups) that the layer does not hold yet: only
    these row groups are read."""
    table = pa.concat_tables(pq.ParquetFile(f).read_row_group(g, columns=SAMPLE_COLUMNS) for _, f, g, _ in units)
    if skip:
        done = layer(ws_root).done_ids(units[0][0])
        if done:
            keep = [sid not in done for sid in table.column("sample_id").to_pylist()]
            table = table.filter(pa.array(keep, type=pa.bool_()))
    return table


class AnnotateShard(Step):
    """Annotates this task's row groups (`assign_units(units, world_size)[rank]`) and writes one
    part per source into `out_dir` (the layer itself, or staging under --force), plus its counts
    into `staging`. A task reads only the row groups it annotates."""

    name = "langid annotate"
    type = "LANGID"

    def __init__(self, ws_root: str, units: list[Unit], cfg: dict, registry_path: str, out_dir: str, staging: str,
                 run_id: str, force: bool):
        super().__init__()
        self.ws_root, self.units, self.cfg, self.registry_path = ws_root, units, cfg, registry_path
        self.out_dir, self.staging, self.run_id, self.force = out_dir, staging, run_id, force

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        cfg = LidConfig.model_validate(self.cfg)
        backend = load_backend(cfg.model, model_path=cfg.model_path, workspace_root=self.ws_root, registry_path=self.registry_path)
        normalizer = LanguageNormalizer(Registry.load(Path(self.registry_path)))
        if cfg.vote:
            voters = [backend] + [load_backend(name, workspace_root=self.ws_root, registry_path=self.registry_path) for name in cfg.vote]
            annotator = VoteAnnotator(voters, cfg, normalizer, self.run_id)
        else:
            annotator = Annotator(backend, cfg, normalizer, self.run_id)
        counts = {"samples": 0, "texts": 0, "status": {}}
        owned = assign_units(self.units, world_size)[rank]
        for source in dict.fromkeys(u[0] for u in owned):
            samples = pending_samples(Path(self.ws_root), [u for u in owned if u[0] == source], skip=not self.force)
            parts = [annotator.annotate(*field_rows(batch, cfg.fields)) for batch in samples.to_batches(max_chunksize=cfg.batch_size)]
            table = pa.concat_tables(parts) if parts else LANGID_SCHEMA.empty_table()
            counts["samples"] += samples.num_rows
            counts["texts"] += table.num_rows
            for status in table.column("status").to_pylist():
                counts["status"][status] = counts["status"].get(status, 0) + 1
            if table.num_rows:
                layer(Path(self.ws_root)).write_part(table, source, self.run_id, rank, base=Path(self.out_dir))
                crash_point("langid:annotating")  # (tests) the main process dies while tasks write parts
        self.stat_update("texts", value=counts["texts"])
        write_counts(Path(self.staging), rank, counts)
        return
        yield  # the last step of the pipeline yields nothing


def run(ctx: StageContext, cfg: LidConfig) -> StageResult:
    """The stage contract's entry: annotate every source of `ctx.ws` on `ctx.executor`."""
    counts = langid(ctx.ws, cfg, ctx.executor, ctx.registry_path, force=ctx.force, progress=ctx.progress)
    if counts.get("submitted"):
        return StageResult(STAGE, StageCounts(), [f"langid ({counts['model']}): submitted to the cluster"], counts)
    flagged = sum(counts["status"].get(s, 0) for s in cfg.drop)
    return StageResult(STAGE, StageCounts(inputs=counts["samples"], outputs=counts["texts"], flagged=flagged),
                       summary_lines(counts), counts)


def summary_lines(counts: dict) -> list[str]:
    return [f"langid ({counts['model']}): {counts['samples']:,} samples, {counts['texts']:,} texts annotated in "
            f"{counts['seconds_annotating']:.1f}s" + ("; " if counts["texts"] else " (all done already; --force redoes)")
            + ", ".join(f"{k} {v:,}" for k, v in counts["status"].items() if v),
            "  see: mlcurate sql \"SELECT * FROM lid_mismatch_sources\""]


def langid(ws: Workspace, cfg: LidConfig, executor: ExecutorConfig, registry_path: str | Path, *,
           force: bool = False, progress: bool = True, model: str | None = None) -> dict:
    """Run the stage over every source in the workspace; returns the counts recorded in `runs`."""
    ws.require()
    if model:
        cfg = LidConfig.model_validate({**cfg.model_dump(), "model": model, "model_path": None})
    registry_path = str(Path(registry_path).resolve())
    # fail fast on a wrong name or a missing file, without loading the models here: tasks load them
    models = [locate_backend(cfg.model, model_path=cfg.model_path, workspace_root=ws.root),
              *(locate_backend(name, workspace_root=ws.root) for name in cfg.vote)]
    if force and executor.kind == "slurm":
        raise ConfigError("--force needs the run to finish before old annotations are replaced; slurm jobs finish later",
                          key="executor.kind", fix="run `mlcurate langid --force --executor local` (or ray), or delete "
                          f"{layer_dir(ws)}/source=* and run without --force")
    layer(ws.root).ensure_schema()
    with ws.connect(read_only=False, views=True):
        pass  # (re)create the views, so a workspace made before this stage existed gets its views
    sources = sorted(p.name.removeprefix("source=") for p in ws.samples.glob("source=*") if any(p.glob("*.parquet")))
    run_hash = config_hash({"cfg": cfg.model_dump(mode="json"),
                            "model": [_model_fingerprint(path) for path in models]})
    with ws.run(STAGE, run_hash) as run:
        t0 = time.perf_counter()
        staging = ws.staging / STAGE / run.run_id
        # Without --force, tasks publish straight into the layer (each part atomically), so an
        # interrupted run keeps its finished parts and the next run skips their samples.
        out_dir = staging if force else layer_dir(ws)
        step = AnnotateShard(str(ws.root), plan_units(ws.root, sources), cfg.model_dump(mode="json"), registry_path, str(out_dir), str(staging), run.run_id, force)
        logs = ws.task_logs / STAGE / run.run_id
        run_executor(make_executor(executor, [step], str(logs)), "langid")
        crash_point("langid:after-annotate")
        if executor.kind == "slurm":
            run.status, run.counts = "submitted", {"submitted": True, "model": cfg.model}
            return run.counts
        counts = _collect_counts(staging, sources)
        if force:
            layer(ws.root).replace(run.run_id, staged=staging)
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(logs, ignore_errors=True)
        counts.update(model="+".join([cfg.model, *cfg.vote]), seconds_annotating=round(time.perf_counter() - t0, 2))
        run.counts = counts
    return counts


def _model_fingerprint(path: str) -> list:
    p = Path(path)
    return [str(p), p.stat().st_size, int(p.stat().st_mtime)] if p.exists() else [str(p)]


def _collect_counts(staging: Path, sources: list[str]) -> dict:
    return merge_counts(staging, {"sources": len(sources), "samples": 0, "texts": 0, "status": dict.fromkeys(STATUSES, 0)})
