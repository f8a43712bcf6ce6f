"""The `langid` stage: every sample's text fields through the LID backend, into one annotation layer.

    AnnotateShard   (N datatrove tasks: task r takes every N-th pending sample of each source and
                     writes annotations/langid/source=<name>/part-<run_id>-<r>.parquet atomically)

Idempotent: samples already in the layer are skipped, so a re-run does no work and an interrupted
run resumes from the parts its finished tasks published. `force` re-annotates everything: the new
parts are staged, then moved in, then the old parts are removed (new files in, old files out), so
the layer is never empty in between. Code samples: only their natural-language side (the query) is
identified; their programming language comes from the registry's file extensions at ingest.
"""

import json
import os
import shutil
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from datatrove.pipeline.base import PipelineStep

from ..config import ExecutorConfig, config_hash, validate
from ..errors import ConfigError
from ..languages import LanguageNormalizer, Registry
from ..lifecycle import crash_point, exit_with_parent
from ..runner import make_executor, quiet_datatrove_logs, run_executor
from ..store import Workspace, write_parquet_atomic
from .annotate import LANGID_SCHEMA, STATUSES, Annotator, LidConfig, field_rows
from .backends import load_backend
from .vote import VoteAnnotator

quiet_datatrove_logs()  # runs where tasks are unpickled (worker processes)
exit_with_parent()  # a worker exits when the mlcurate process that started it dies

STAGE = "langid"
SAMPLE_COLUMNS = ["sample_id", "source", "query", "positive", "lang", "pos_lang", "code_lang"]


def layer_dir(ws: Workspace) -> Path:
    return ws.annotations / STAGE


def annotated_ids(source_dir: Path) -> set[str]:
    """Sample ids already in a source's part of the layer."""
    files = sorted(source_dir.glob("*.parquet"))
    if not files:
        return set()
    return set(pa.concat_tables(pq.read_table(p, columns=["sample_id"]) for p in files).column(0).to_pylist())


def pending_samples(ws_root: Path, source: str, rank: int, world_size: int, skip: bool) -> pa.Table:
    """This task's share of a source's samples that the layer does not hold yet."""
    files = sorted((ws_root / "samples" / f"source={source}").glob("*.parquet"))
    table = pa.concat_tables(pq.read_table(p, columns=SAMPLE_COLUMNS) for p in files)
    table = table.take(pa.array(range(rank, table.num_rows, world_size), type=pa.int64()))  # typed: an empty list is null-typed
    if skip:
        done = annotated_ids(ws_root / "annotations" / STAGE / f"source={source}")
        if done:
            keep = [sid not in done for sid in table.column("sample_id").to_pylist()]
            table = table.filter(pa.array(keep, type=pa.bool_()))
    return table


class AnnotateShard(PipelineStep):
    """Annotates this task's share of every source and writes one part per source into `out_dir`
    (the layer itself, or staging under --force), plus its counts into `staging`."""

    name = "langid annotate"
    type = "LANGID"

    def __init__(self, ws_root: str, sources: list[str], cfg: dict, registry_path: str, out_dir: str, staging: str,
                 run_id: str, force: bool):
        super().__init__()
        self.ws_root, self.sources, self.cfg, self.registry_path = ws_root, sources, cfg, registry_path
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
        for source in self.sources:
            samples = pending_samples(Path(self.ws_root), source, rank, world_size, skip=not self.force)
            parts = [annotator.annotate(*field_rows(batch, cfg.fields)) for batch in samples.to_batches(max_chunksize=cfg.batch_size)]
            table = pa.concat_tables(parts) if parts else LANGID_SCHEMA.empty_table()
            counts["samples"] += samples.num_rows
            counts["texts"] += table.num_rows
            for status in table.column("status").to_pylist():
                counts["status"][status] = counts["status"].get(status, 0) + 1
            if table.num_rows:
                write_parquet_atomic(table, Path(self.out_dir) / f"source={source}" / f"part-{self.run_id}-{rank:05d}.parquet")
                crash_point("langid:annotating")  # (tests) the main process dies while tasks write parts
        self.stat_update("texts", value=counts["texts"])
        _write_json(Path(self.staging) / f"counts-{rank:05d}.json", counts)
        return
        yield  # the last step of the pipeline yields nothing


def _write_json(path: Path, obj: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(obj))
    os.replace(tmp, path)


def load_config(section: dict, file: str = "configs/pipeline.yaml") -> LidConfig:
    return validate(LidConfig, section, file=file, prefix=STAGE)


def langid(ws: Workspace, cfg: LidConfig, executor: ExecutorConfig, registry_path: str | Path, *,
           force: bool = False, progress: bool = True, model: str | None = None) -> dict:
    """Run the stage over every source in the workspace; returns the counts recorded in `runs`."""
    ws.require()
    if model:
        cfg = cfg.model_copy(update={"model": model, "model_path": None})
    registry_path = str(Path(registry_path).resolve())
    backend = load_backend(cfg.model, model_path=cfg.model_path, workspace_root=ws.root, registry_path=registry_path)  # fail fast
    voters = [load_backend(name, workspace_root=ws.root, registry_path=registry_path) for name in cfg.vote]  # fail fast too
    if force and executor.kind == "slurm":
        raise ConfigError("--force needs the run to finish before old annotations are replaced; slurm jobs finish later",
                          key="executor.kind", fix="run `mlcurate langid --force --executor local` (or ray), or delete "
                          f"{layer_dir(ws)}/source=* and run without --force")
    ws.ensure_layer_schema(layer_dir(ws), LANGID_SCHEMA)
    with ws.connect(read_only=False, views=True):
        pass  # (re)create the views, so a workspace made before this stage existed gets its views
    sources = sorted(p.name.removeprefix("source=") for p in ws.samples.glob("source=*") if any(p.glob("*.parquet")))
    run_hash = config_hash({"cfg": cfg.model_dump(mode="json"),
                            "model": [_model_fingerprint(b.path) for b in (backend, *voters)]})
    with ws.run(STAGE, run_hash) as run:
        t0 = time.perf_counter()
        staging = ws.staging / STAGE / run.run_id
        # Without --force, tasks publish straight into the layer (each part atomically), so an
        # interrupted run keeps its finished parts and the next run skips their samples.
        out_dir = staging if force else layer_dir(ws)
        step = AnnotateShard(str(ws.root), sources, cfg.model_dump(mode="json"), registry_path, str(out_dir), str(staging), run.run_id, force)
        logs = ws.task_logs / STAGE / run.run_id
        run_executor(make_executor(executor, [step], str(logs)), "langid")
        crash_point("langid:after-annotate")
        if executor.kind == "slurm":
            run.status, run.counts = "submitted", {"submitted": True, "model": backend.name}
            return run.counts
        counts = _collect_counts(staging, sources)
        if force:
            _replace(ws, staging, sources, run.run_id)
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(logs, ignore_errors=True)
        counts.update(model="+".join(b.name for b in (backend, *voters)), seconds_annotating=round(time.perf_counter() - t0, 2))
        run.counts = counts
    return counts


def _model_fingerprint(path: str) -> list:
    p = Path(path)
    return [str(p), p.stat().st_size, int(p.stat().st_mtime)] if p.exists() else [str(p)]


def _collect_counts(staging: Path, sources: list[str]) -> dict:
    counts = {"sources": len(sources), "samples": 0, "texts": 0, "status": dict.fromkeys(STATUSES, 0)}
    for f in sorted(staging.glob("counts-*.json")):
        c = json.loads(f.read_text())
        counts["samples"] += c["samples"]
        counts["texts"] += c["texts"]
        for k, v in c["status"].items():
            counts["status"][k] = counts["status"].get(k, 0) + v
    return counts


def _replace(ws: Workspace, staging: Path, sources: list[str], run_id: str) -> None:
    """--force: move this run's staged parts into the layer, then remove the parts they replace."""
    for source in sources:
        target = layer_dir(ws) / f"source={source}"
        target.mkdir(parents=True, exist_ok=True)
        old = [p for p in target.glob("*.parquet") if not p.name.startswith(f"part-{run_id}-")]
        for part in sorted((staging / f"source={source}").glob("*.parquet")):
            os.replace(part, target / part.name)
        for part in old:
            part.unlink()
