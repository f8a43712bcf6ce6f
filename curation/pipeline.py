"""The pipeline file (`configs/pipeline.yaml`): one closed, typed model, validated whole before any
stage runs.

    workspace, languages, sources, stages, executor     the run as a whole
    ingest:, langid:, dedup:, mine:, mix:               one typed section per registered stage

Unknown sections and keys are errors naming the file, the key and the nearest valid key. The
source files and mixture specs the file names are validated with it. Overrides (`--set
dedup.threshold=0.8`, `--tasks 4`) are applied to the raw YAML and the result is validated again,
so nothing reaches a stage unvalidated.
"""

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, create_model

from .config import (ExecutorConfig, SourceConfig, Strict, apply_overrides, load_sources, load_yaml, unknown_key_fix,
                     validate)
from .contract import StageContext
from .errors import ConfigError
from .paths import CONFIGS_DIR
from .stages import STAGES
from .store import ENV_WORKSPACE, Workspace

DEFAULT_PIPELINE = CONFIGS_DIR / "pipeline.yaml"


class PipelineBase(Strict):
    """The run as a whole; `PipelineConfig` adds one typed section per registered stage."""

    workspace: str = Field("workspace", description="workspace folder (relative to the current directory)")
    languages: str = Field("languages.csv", description="language registry CSV, relative to this file")
    sources: list[str] = Field(default_factory=list, description="source config files, relative to this file")
    stages: list[str] = Field(default_factory=lambda: ["ingest"], description="stages to run in order")
    executor: ExecutorConfig = Field(default_factory=ExecutorConfig, description="datatrove executor every stage runs on")
    base_dir: str = Field("", description="(set by the loader) folder of the pipeline file", exclude=True)
    file: str = Field("", description="(set by the loader) the pipeline file", exclude=True)

    def path(self, rel: str | Path) -> Path:
        p = Path(rel)
        return p if p.is_absolute() else (Path(self.base_dir) / p).resolve()

    def section(self, stage: str) -> BaseModel:
        """The validated config section of `stage`."""
        return getattr(self, stage)

    def load_sources(self) -> list[SourceConfig]:
        return [s for rel in self.sources for s in load_sources(self.path(rel))]


PipelineConfig = create_model(
    "PipelineConfig",
    __base__=PipelineBase,
    __doc__="`configs/pipeline.yaml`: the stages `mlcurate run` runs, in order, and each stage's settings.",
    **{name: (stage.config, Field(default_factory=stage.config, description=stage.help)) for name, stage in STAGES.items()},
)


def load_pipeline(path: str | Path = DEFAULT_PIPELINE, overrides: Iterable[tuple[str, Any]] = ()) -> PipelineBase:
    """Load, override and validate a pipeline file with everything it names (sources, mixture specs)."""
    path = Path(path)
    data = load_yaml(path)
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of pipeline settings", file=str(path), fix="see configs/pipeline.yaml")
    meta = {"base_dir": str(path.resolve().parent), "file": str(path)}
    for key in ("base_dir", "file"):
        if key in data:
            raise ConfigError("unknown key", file=str(path), key=key, fix=unknown_key_fix(key, _top_keys()))
    cfg = validate(PipelineConfig, {**data, **meta}, file=str(path))
    overrides = list(overrides)
    if overrides:
        cfg = validate(PipelineConfig, {**apply_overrides(data, overrides), **meta}, file=f"{path} with overrides "
                       f"({', '.join(f'{k}={v!r}' for k, v in overrides)})")
    _check(cfg, str(path))
    return _default_tokenizer(cfg)


def _default_tokenizer(cfg: PipelineBase) -> PipelineBase:
    """`tokens.tokenizer` defaults to the mining model, so token counts match what mining encodes."""
    if cfg.tokens.tokenizer is not None:
        return cfg
    return cfg.model_copy(update={"tokens": cfg.tokens.model_copy(update={"tokenizer": cfg.mine.model})})


def _top_keys() -> list[str]:
    return [k for k, f in PipelineConfig.model_fields.items() if not f.exclude]


def _check(cfg: PipelineBase, file: str) -> None:
    """What a field validator cannot see: stage names, and the files the pipeline names."""
    for i, stage in enumerate(cfg.stages):
        if stage not in STAGES:
            raise ConfigError(f"unknown stage '{stage}'", file=file, key=f"stages.{i}",
                              fix=f"valid stages: {', '.join(STAGES)}" + _nearest(stage, list(STAGES)))
    for i, src in enumerate(cfg.sources):
        if not cfg.path(src).exists():
            raise ConfigError(f"source config {src} not found", file=file, key=f"sources.{i}",
                              fix="paths are relative to the pipeline file")
    cfg.load_sources()  # validates every source file now, before any stage runs
    from .mix.spec import load_spec

    for i, spec in enumerate(cfg.mix.specs):
        if not cfg.path(spec).exists():
            raise ConfigError(f"mixture spec {spec} not found", file=file, key=f"mix.specs.{i}",
                              fix="paths are relative to the pipeline file")
        load_spec(cfg.path(spec))


def _nearest(word: str, valid: list[str]) -> str:
    import difflib

    near = difflib.get_close_matches(word, valid, n=1, cutoff=0.6)
    return f" (did you mean `{near[0]}`?)" if near else ""


def resolve_workspace(cli: str | Path | None, cfg: PipelineBase | None) -> Workspace:
    """The one rule every command uses: --workspace, else $MLCURATE_WORKSPACE, else the pipeline
    file's `workspace:` (relative to the current directory), else ./workspace."""
    if cli is not None:
        return Workspace(cli)
    if os.environ.get(ENV_WORKSPACE):
        return Workspace(os.environ[ENV_WORKSPACE])
    return Workspace(cfg.workspace if cfg is not None else "workspace")


def make_context(cfg: PipelineBase, ws: Workspace, *, force: bool = False, progress: bool = True,
                 echo: Callable[[str], None] = print) -> StageContext:
    return StageContext(ws=ws, executor=cfg.executor, registry_path=cfg.path(cfg.languages), sources=tuple(cfg.load_sources()),
                        base_dir=Path(cfg.base_dir), file=cfg.file, force=force, progress=progress, echo=echo)


def effective_yaml(cfg: PipelineBase) -> str:
    """The effective config as YAML (what `--print-config` shows): defaults filled in, overrides applied."""
    return yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False, allow_unicode=True)
