"""Registry of the stages `mlcurate run` knows, in pipeline order.

A stage entry is a function `(workspace, pipeline_config, force, progress) -> counts` that runs the
stage on the configured executor and records its own row in `runs`.
"""

from collections.abc import Callable
from pathlib import Path

from .config import PipelineConfig, load_sources
from .store import Workspace


def run_ingest(ws: Workspace, cfg: PipelineConfig, force: bool = False, progress: bool = True) -> dict:
    from .ingest.stage import ingest

    sources = [s for path in cfg.sources for s in load_sources(cfg.path(path))]
    return ingest(ws, sources, cfg.executor, cfg.path(cfg.languages), force=force, progress=progress)


def run_langid(ws: Workspace, cfg: PipelineConfig, force: bool = False, progress: bool = True) -> dict:
    from .langid.stage import langid, load_config

    lid = load_config(cfg.stage_section("langid"), file=str(Path(cfg.base_dir) / "pipeline.yaml"))
    return langid(ws, lid, cfg.executor, cfg.path(cfg.languages), force=force, progress=progress)
def run_dedup(ws: Workspace, cfg: PipelineConfig, force: bool = False, progress: bool = True) -> dict:
    from .dedup.stage import run_dedup as run

    return run(ws, cfg, force=force, progress=progress)


def run_mine(ws: Workspace, cfg: PipelineConfig, force: bool = False, progress: bool = True) -> dict:
    from .mine.stage import load_config, mine

    return mine(ws, load_config(cfg.stage_section("mine"), file=str(Path(cfg.base_dir) / "pipeline.yaml")), force=force, progress=progress)


def run_mix(ws: Workspace, cfg: PipelineConfig, force: bool = False, progress: bool = True) -> dict:
    from .mix.stage import run_mix as run

    return run(ws, cfg, force=force, progress=progress)


STAGES: dict[str, Callable[..., dict]] = {
    "ingest": run_ingest,
    "langid": run_langid,
    "dedup": run_dedup,
    "mine": run_mine,
    "mix": run_mix,
}


def run_pipeline(ws: Workspace, cfg: PipelineConfig, stages: list[str] | None = None, force: bool = False,
                 progress: bool = True, echo: Callable[[str], None] = print,
                 on_stage_done: Callable[[str, dict, float], None] | None = None) -> dict:
    """Run the stages in order; `on_stage_done(name, counts, seconds)` reports each as it ends."""
    import time

    results = {}
    for name in stages or cfg.stages:
        echo(f"== {name}")
        t0 = time.perf_counter()
        results[name] = STAGES[name](ws, cfg, force=force, progress=progress)
        if on_stage_done is not None:
            on_stage_done(name, results[name], time.perf_counter() - t0)
    return results
