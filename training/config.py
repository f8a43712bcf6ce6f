"""The one training config: every knob of a stage, read from YAML.

A file holds shared keys plus optional `stage1:` / `stage2:` sections that override them for that
stage, so one file (configs/train/demo-minilm.yaml) can describe both stages. Outputs go to
`<workspace>/training/<name>/stage<N>/` (checkpoints/, final/, metrics.jsonl, eval/).
"""

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from curation.config import load_yaml, validate
from curation.errors import ConfigError

# Defaults marked "F2LLM" are facts from CodeFuse-Embeddings F2LLM/{run.py, utils.py, arguments.py,
# configs/config.json, configs/accelerate_config.yaml} at commit 1c5291549b9cee9eeab1cd9de6a67be4d0295da0.
DISTILL_LOSSES = ("f2llm_mse", "mse", "cosine", "kl")
# Tasks whose batches get the in-batch loss by default: F2LLM applies it to every dataset of its
# retrieval list, which holds retrieval, NLI, STS, paraphrase, bitext and code sets; classification
# and clustering sets only get the hard-negative loss.
F2LLM_INBATCH_TASKS = ["retrieval", "sts", "nli", "bitext", "code"]


class MatryoshkaConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dims: list[int] | None = Field(None, description="truncation sizes; default: powers of two from min_dim below hidden + hidden")
    min_dim: int = Field(8, description="smallest power of two used when `dims` is not given (F2LLM: 8)")
    weights: Literal["f2llm", "dims_count", "uniform"] | list[float] = Field(
        "f2llm", description="f2llm: 1/(rank*sqrt(hidden/dim)), rank 1 = full size (F2LLM utils.py); dims_count: "
        "1/(len(dims)*sqrt(hidden/dim)) (mlcurate before issue 18); uniform: 1 each; or one float per dim")


class EvalConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    holdout: float = Field(0.05, ge=0, lt=1, description="share of eval-task rows (by sample_id hash) never trained on")
    holdout_all_tasks: bool = Field(False, description="hold the same share out of every task's rows, not only the eval "
                                    "tasks' (F2LLM keeps 1% of every dataset for validation); only eval tasks are scored")
    tasks: list[str] = Field(["retrieval", "bitext", "code"], description="tasks whose held-out pairs are scored")
    every: int = Field(0, ge=0, description="evaluate every N steps during training (0: only at the end)")
    max_pairs: int = 5000
    batch_size: int = 64
    min_lang_queries: int = Field(5, description="languages with fewer held-out queries are only in the `all` row of the table")


class DistillConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    teacher: str = Field(description="teacher model: a folder, pkg:<module>/<sub>, a packaged name (all-minilm-l6-v2), "
                         "or a run of this workspace (<name>/stage2)")
    losses: list[Literal[DISTILL_LOSSES]] = Field(default_factory=lambda: ["mse"], description=(
        "any of f2llm_mse, mse, cosine, kl (summed). f2llm_mse: F2LLM's loss, element-wise MSE between the student's and "
        "the teacher's raw features (teacher cut to the student's width), full width only, for queries, passages and "
        "negatives, teacher run online; mse/cosine/kl: on unit vectors at every Matryoshka dim. `loss: NAME` is short for `losses: [NAME]`"))
    weight: float = Field(1.0, ge=0, description="weight of the distillation losses")
    contrastive_weight: float = Field(1.0, ge=0, description="weight of the contrastive loss (0: distillation only)")
    projection: bool = Field(False, description="learn a student->teacher width projection instead of truncating the teacher")
    kl_temperature: float = Field(0.05, gt=0)
    cache: bool | None = Field(None, description="encode the teacher once before training (reusing the mining cache) instead of "
                               "every step; default: true, except with f2llm_mse (raw features, teacher online as in F2LLM)")
    max_length: int | None = Field(None, description="teacher tokens per text (default: the longer of max_len_query / max_len_passage)")
    pooling: Literal["mean", "cls", "last"] | None = Field(None, description="teacher pooling (default: by architecture)")
    batch_tokens: int = Field(16384, ge=64, description="padded tokens per teacher batch")

    @model_validator(mode="before")
    @classmethod
    def _one_loss(cls, data):
        if isinstance(data, dict) and "loss" in data:
            data = dict(data)
            if "losses" in data:
                raise ValueError("give either `loss` or `losses`, not both")
            data["losses"] = [data.pop("loss")]
        return data

    @model_validator(mode="after")
    def _raw_needs_online(self):
        if self.cache is None:
            self.cache = "f2llm_mse" not in self.losses
        if "f2llm_mse" in self.losses and self.cache:
            raise ValueError("distill.loss f2llm_mse compares the teacher's raw (unnormalised) features, which the "
                             "embedding cache does not keep (it stores unit vectors): set `cache: false` (F2LLM runs the teacher online)")
        if "f2llm_mse" in self.losses and self.projection:
            raise ValueError("distill.loss f2llm_mse truncates the teacher to the student's width: set `projection: false`")
        return self


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
    inbatch_tasks: list[str] = Field(default_factory=lambda: list(F2LLM_INBATCH_TASKS), description=(
        "tasks whose batches add the in-batch loss (F2LLM: every set of its retrieval list, i.e. all but classification "
        "and clustering); mlcurate before issue 18 used [retrieval, bitext, code]"))
    inbatch_sources: list[str] | None = Field(None, description="when set, exactly these sources (dataset names) get the "
                                              "in-batch loss, as F2LLM's per-dataset retrieval list does; overrides inbatch_tasks")
    negatives: dict[str, int] = Field(default_factory=lambda: {"retrieval": 7, "clustering": 9, "classification": 1, "default": 7})
    temperature: float = 0.05
    matryoshka: MatryoshkaConfig = MatryoshkaConfig()
    batch_size: int = Field(16, description="global batch (all ranks, all chunks): in-batch negatives span it")
    chunk_size: int | None = Field(None, description="GradCache chunk per forward (rows); null: the whole local batch at once")
    max_len_query: int = Field(1024, description="tokens per query incl. EOS (F2LLM config.json max_seq_length: 1024)")
    max_len_passage: int = Field(1024, description="tokens per passage incl. EOS (F2LLM: the same 1024)")
    lr: float = Field(8e-6, description="peak learning rate (F2LLM config.json: 8e-6)")
    min_lr: float = Field(1e-7, description="cosine floor (F2LLM config.json: 1e-7)")
    weight_decay: float = Field(0.01, description="AdamW decoupled weight decay (F2LLM: 0.01)")
    decay: Literal["all", "matrices"] = Field("all", description="all: decay every parameter (F2LLM run.py, one group); "
                                             "matrices: no decay on biases and norm weights (mlcurate before issue 18)")
    betas: tuple[float, float] = Field((0.9, 0.98), description="AdamW betas (F2LLM run.py: 0.9, 0.98; torch default 0.9, 0.999)")
    warmup_steps: int = Field(500, description="linear warm-up in optimizer steps (F2LLM: 500; its x num_processes "
                              "cancels accelerate stepping the scheduler once per process, so it is also 500 optimizer steps)")
    grad_clip: float = Field(1.0, description="max gradient norm (F2LLM accelerate_config.yaml gradient_clipping: 1.0)")
    epochs: float = 2.0
    max_steps: int | None = Field(None, description="stop after this many steps (default: `epochs` over the data)")
    seed: int = 0
    checkpoint_every: int = 500
    keep_checkpoints: int = Field(2, ge=1, description="keep the last K checkpoints (older ones are deleted); "
                                  "`mlcurate train merge` averages them")
    merge_every: int = Field(0, ge=0, description="also checkpoint every N steps during the last keep_checkpoints x N "
                             "steps, so the last K are evenly spaced for merging (F2LLM: every 500 in the last 2500)")
    log_every: int = 1
    dtype: Literal["auto", "fp32", "bf16", "fp16"] = "auto"
    attention: Literal["auto", "sdpa", "eager", "flash_attention_2"] = "auto"
    pooling: Literal["auto", "mean", "cls", "last"] = "auto"
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
