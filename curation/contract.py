"""The stage contract: every stage has one shape.

A stage is a folder `curation/<stage>/` with a pydantic config class in `<stage>/config.py` (its
section of the pipeline file) and a function `run(ctx, cfg) -> StageResult` in `<stage>/stage.py`;
one line in `curation.stages.STAGES` registers it. `mlcurate run` and every stage command build a
`StageContext` from the validated pipeline file and call `STAGES[name].run(ctx, cfg)` the same way.

    ctx   where and how to run: workspace, executor, force, progress, the pipeline file's paths
    cfg   the stage's own validated section (e.g. `DedupConfig` for `dedup:`)
    ->    StageResult: typed counts the CLI reads, the summary lines it prints, and the detailed
          counts recorded in the `runs` table

Stages write their layer through `curation.layer.AnnotationLayer` and run their work on the
executor `ctx.executor` (datatrove's local, ray or slurm) via `curation.runner`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .config import ExecutorConfig, SourceConfig
from .store import Workspace


@dataclass(frozen=True)
class StageContext:
    """Everything a stage needs besides its own config section.

    `sources` are the validated source configs the ingest stage reads; relative paths of the
    pipeline file resolve against `base_dir` (`ctx.path("mixtures/x.yaml")`). `echo` receives
    progress text meant for the user (the CLI passes `print`; library callers may pass a logger).
    """

    ws: Workspace
    executor: ExecutorConfig = field(default_factory=ExecutorConfig)
    registry_path: Path | None = None
    sources: tuple[SourceConfig, ...] = ()
    base_dir: Path = Path(".")
    file: str = "pipeline.yaml"
    force: bool = False
    progress: bool = True
    echo: Callable[[str], None] = print

    def path(self, rel: str | Path) -> Path:
        p = Path(rel)
        return p if p.is_absolute() else (self.base_dir / p).resolve()

    def record(self, stage: str, config_hash: str = ""):
        """The `runs` record around a stage's work (`with ctx.record("dedup", h) as run: run.counts = ...`)."""
        return self.ws.run(stage, config_hash)


@dataclass(frozen=True)
class StageCounts:
    """The counts every stage reports, whatever its layer holds.

    inputs: rows the stage considered (samples, source rows, planned mixture rows);
    outputs: rows it wrote this run (samples, annotation rows, mixture rows);
    skipped: inputs already done by an earlier run (idempotent re-runs skip them);
    flagged: inputs set aside with a reason (quarantined, duplicates removed, LID mismatches).
    """

    inputs: int = 0
    outputs: int = 0
    skipped: int = 0
    flagged: int = 0


@dataclass(frozen=True)
class StageResult:
    """What a stage hands back: typed `counts`, `summary` lines for the user, `details` (the
    counts dict recorded in `runs`, stage-specific), wall `seconds`, and `warnings` (input that
    was damaged: the CLI prints them on stderr and `--strict` turns them into exit code 3)."""

    stage: str
    counts: StageCounts
    summary: list[str]
    details: dict = field(default_factory=dict)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
