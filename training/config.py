"""The one training config: every knob of a stage, read from YAML.

A file holds shared keys plus optional `stage1:` / `stage2:` sections that override them for that
stage, so one file (configs/train/demo-minilm.yaml) can describe both stages. Outputs go to
`<workspace>/training/<name>/stage<N>/` (checkpoints/, final/, metrics.jsonl, eval/).
"""

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from curation.config import load_yaml, validate
from curation.errors import ConfigError

DISTILL_LOSSES = ("mse", "cosine", "kl")


class MatryoshkaConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dims: list[int] | None = Field(None, description="truncation sizes; default: powers of two from min_dim below hidden + hidden")
    min_dim: int = 8
    weights: list[float] | None = Field(None, description="one per dim; default F2LLM's 1/(n*sqrt(hidden/dim))")


class EvalConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    holdout: float = Field(0.05, ge=0, lt=1, description="share of eval-task rows (by sample_id hash) never trained on")
    tasks: list[str] = ["retrieval", "bitext", "code"]
    every: int = Field(0, ge=0, description="evaluate every N steps during training (0: only at the end)")
    max_pairs: int = 5000
    batch_size: int = 64
    min_lang_queries: int = Field(5, description="languages with fewer held-out queries are only in the `all` row of the table")


class DistillConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    teacher: str = Field(description="teacher model: a folder, pkg:<module>/<sub>, a packaged name (all-minilm-l6-v2), "
                         "or a run of this workspace (<name>/stage2)")
    losses: list[Literal[DISTILL_LOSSES]] = Field(default_factory=lambda: ["mse"], description="any of mse, cosine, kl (summed)")
    weight: float = Field(1.0, ge=0, description="weight of the distillation losses")
    contrastive_weight: float = Field(1.0, ge=0, description="weight of the contrastive loss (0: distillation only)")
    projection: bool = Field(False, description="learn a student->teacher width projection instead of truncating the teacher")
    kl_temperature: float = Field(0.05, gt=0)
    cache: bool = Field(True, description="encode the teacher once before training (reusing the mining cache) instead of every step")
    max_length: int | None = Field(None, description="teacher tokens per text (default: the longer of max_len_query / max_len_passage)")
    pooling: Literal["mean", "cls", "last"] | None = Field(None, description="teacher pooling (default: by architecture)")
    batch_tokens: int = Field(16384, ge=64, description="padded tokens per teacher batch")


class TrainConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    stage: Literal[1, 2]
    model: str = Field(description="HF model folder or pkg:<module>/<subfolder> (loaded offline)")
    init_from: str | None = Field(None, description="start weights: a run of this workspace (`<name>/stage1`) or a model folder")
    mixture: str = Field(description="mixture name in <workspace>/mixtures, or a folder")
    layout: Literal["f2llm", "tokenized"] = "f2llm"
    tasks: list[str] | None = Field(None, description="train only on these tasks (stage 1: retrieval-like)")
    instructions: bool = Field(False, description="prefix queries with 'Instruct: <instruction>\\nQuery: ' when they have one")
    inbatch_tasks: list[str] = ["retrieval", "bitext", "code"]
    negatives: dict[str, int] = Field(default_factory=lambda: {"retrieval": 7, "clustering": 9, "classification": 1, "default": 7})
    temperature: float = 0.05
    matryoshka: MatryoshkaConfig = MatryoshkaConfig()
    batch_size: int = Field(16, description="global batch (all ranks, all chunks): in-batch negatives span it")
    chunk_size: int | None = Field(None, description="GradCache chunk per forward (rows); null: the whole local batch at once")
    max_len_query: int = 512
    max_len_passage: int = 1023
    lr: float = 8e-6
    min_lr: float = 1e-7
    weight_decay: float = 0.01
    warmup_steps: int = 500
    grad_clip: float = 1.0
    epochs: float = 2.0
    max_steps: int | None = Field(None, description="stop after this many steps (default: `epochs` over the data)")
    seed: int = 0
    checkpoint_every: int = 500
    keep_checkpoints: int = 2
    log_every: int = 1
    dtype: Literal["auto", "fp32", "bf16", "fp16"] = "auto"
    attention: Literal["auto", "sdpa", "eager", "flash_attention_2"] = "auto"
    pooling: Literal["auto", "mean", "last"] = "auto"
    gradient_checkpointing: bool = False
    deepspeed: str | None = Field(None, description="DeepSpeed JSON (configs/deepspeed/zero2.json); `accelerate launch` with a "
                                  "DeepSpeed accelerate config sets it too")
    eval: EvalConfig = EvalConfig()
    distill: DistillConfig | None = Field(None, description="train against a teacher's embeddings too (training/distill.py)")

    def out_dir(self, workspace: Path) -> Path:
        return workspace / "training" / self.name / f"stage{self.stage}"

    def mixture_dir(self, workspace: Path) -> Path:
        named = workspace / "mixtures" / self.mixture
        return named if named.exists() or not Path(self.mixture).exists() else Path(self.mixture)

    def start_weights(self, workspace: Path) -> str:
        """Weights to start from: `init_from`'s final export when it is a run here, else the model."""
        if self.init_from is None:
            return self.model
        run = workspace / "training" / self.init_from / "final"
        if run.exists():
            return str(run)
        if Path(self.init_from).exists() or self.init_from.startswith("pkg:"):
            return self.init_from
        raise ConfigError(f"init_from '{self.init_from}': no run at {run} and no such folder", key="init_from",
                          fix="train that stage first (`mlcurate train stage1 ...`) or point to a model folder")


def load_config(path: str | Path, stage: int) -> TrainConfig:
    """Shared keys + the `stage<N>:` section of the file, validated."""
    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of settings", file=str(path))
    merged = {k: v for k, v in data.items() if k not in ("stage1", "stage2", "prune")}  # prune: training/prune.py
    merged.update(data.get(f"stage{stage}") or {})
    merged.setdefault("stage", stage)
    cfg = validate(TrainConfig, merged, file=str(path))
    if cfg.stage != stage:
        raise ConfigError(f"this file is a stage-{cfg.stage} config", file=str(path), key="stage",
                          fix=f"run `mlcurate train stage{cfg.stage} {path}`")
    return cfg
