"""The stage registry: the one list of stages `mlcurate run` and every stage command use.

Each entry names the stage, its config class (the pipeline file's section of the same name) and
where its `run(ctx, cfg) -> StageResult` lives (imported when the stage runs, so `mlcurate --help`
loads no stage code). Order is pipeline order. Adding a stage is one folder plus one line here;
see `curation.contract` and the README's architecture section.
"""

import dataclasses
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from .contract import StageContext, StageResult
from .decont.config import DecontConfig
from .dedup.config import DedupConfig
from .ingest.config import IngestConfig
from .langid.config import LidConfig
from .mine.config import MineConfig
from .mix.config import MixStageConfig
from .semdedup.config import SemDedupConfig
from .tokens.config import TokensConfig


@dataclass(frozen=True)
class Stage:
    name: str
    config: type[BaseModel]
    entry: str  # "module:function" of `run(ctx, cfg) -> StageResult`
    help: str

    def run(self, ctx: StageContext, cfg: BaseModel) -> StageResult:
        module, _, func = self.entry.partition(":")
        t0 = time.perf_counter()
        result = getattr(importlib.import_module(module), func)(ctx, cfg)
        if not result.seconds:
            result = dataclasses.replace(result, seconds=time.perf_counter() - t0)
        return result


STAGES: dict[str, Stage] = {s.name: s for s in (
    Stage("ingest", IngestConfig, "curation.ingest.stage:run", "read the configured sources into samples/ and quarantine/"),
    Stage("langid", LidConfig, "curation.langid.stage:run", "language identification of every text field (layer `langid`)"),
    Stage("dedup", DedupConfig, "curation.dedup.stage:run", "exact + MinHash near-duplicate clusters (layer `dedup`)"),
    Stage("decont", DecontConfig, "curation.decont.stage:run", "training samples overlapping evaluation sets (`role: eval` sources; layer `decont`)"),
    Stage("tokens", TokensConfig, "curation.tokens.stage:run", "tokens per sample field under one tokenizer (layer `tokens`)"),
    Stage("semdedup", SemDedupConfig, "curation.semdedup.stage:run",
          "semantic duplicates: k-means over cached embeddings, cosine pairs per cluster (layer `semdedup`)"),
    Stage("mine", MineConfig, "curation.mine.stage:run", "hard negatives per sample, F2LLM filter (layer `mine`)"),
    Stage("mix", MixStageConfig, "curation.mix.stage:run", "export the mixture specs in `mix.specs`"),
)}


def run_stages(ctx: StageContext, sections: dict[str, BaseModel], names: list[str],
               on_stage_done: Callable[[StageResult], None] | None = None) -> dict[str, StageResult]:
    """Run `names` in order with their config sections; `on_stage_done(result)` as each ends."""
    results = {}
    if len(names) > 1:  # the later stages' workers come from a forkserver: it imports while the first stage runs
        from .runner import start_workers_early

        start_workers_early(ctx.executor, [])
    for name in names:
        ctx.echo(f"== {name}")
        results[name] = STAGES[name].run(ctx, sections[name])
        if on_stage_done is not None:
            on_stage_done(results[name])
    return results
