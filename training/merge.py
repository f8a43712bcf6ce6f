"""Checkpoint merging: average the weights of a stage's last K checkpoints into one exported model.

    mlcurate train stage2 configs/train/demo-minilm.yaml --workspace ws     # keep_checkpoints: 3
    mlcurate train merge configs/train/demo-minilm.yaml --stage 2 --last 3 --workspace ws
    mlcurate train merge ... --weights 1,2,3                               # weighted, oldest first

F2LLM saves a checkpoint every 500 steps in the last 2500 of a run "for ckpt merging"
(CodeFuse-Embeddings F2LLM/utils.py, accelerate_train, commit 1c5291549b9cee9eeab1cd9de6a67be4d0295da0);
set `keep_checkpoints` and `merge_every` to keep such a series. The merge reads the model weights of
each checkpoint (`state.pt`, written by training/train.py), takes their weighted mean in float32,
loads it into the run's architecture and exports it like `final/` (AutoModel + SentenceTransformer).
Output: <workspace>/training/<name>/stage<N>/merged/ with merge.json (checkpoints, weights).
"""

import json
import os
import shutil
from pathlib import Path

import torch

from curation.errors import ConfigError

from .config import TrainConfig


def merge_state_dicts(states: list[dict], weights: list[float] | None = None) -> dict:
    """Weighted mean (weights normalised to sum 1; default uniform) of state dicts with the same keys.
    Floating tensors are averaged in float32 and cast back; others (integer buffers) come from the last."""
    if not states:
        raise ValueError("nothing to merge")
    w = torch.tensor(weights if weights is not None else [1.0] * len(states), dtype=torch.float64)
    if len(w) != len(states) or (w < 0).any() or w.sum() <= 0:
        raise ValueError(f"weights {weights}: need {len(states)} non-negative values with a positive sum")
    w = (w / w.sum()).tolist()
    keys = states[-1].keys()
    for i, s in enumerate(states):
        if s.keys() != keys:
            raise ValueError(f"checkpoint {i} has different parameters than the last one: not the same architecture")
    merged = {}
    for k in keys:
        last = states[-1][k]
        if not torch.is_floating_point(last):
            merged[k] = last.clone()
            continue
        acc = torch.zeros_like(last, dtype=torch.float32)
        for wi, s in zip(w, states):
            acc += wi * s[k].float()
        merged[k] = acc.to(last.dtype)
    return merged


def pick_checkpoints(out: Path, last: int) -> list[Path]:
    """The stage's last `last` checkpoints, oldest first; a clear error when there are fewer."""
    from .train import checkpoints

    found = checkpoints(out)
    if len(found) < last:
        raise ConfigError(f"{len(found)} checkpoint(s) in {out / 'checkpoints'}, {last} requested", key="keep_checkpoints",
                          fix=f"train with `keep_checkpoints: {last}` (and `merge_every: N` for evenly spaced ones), or merge fewer with --last")
    chosen = found[-last:]
    for c in chosen:
        if not (c / "state.pt").exists():
            raise ConfigError(f"{c} has no state.pt (a DeepSpeed checkpoint?)", key="deepspeed",
                              fix="convert it with DeepSpeed's zero_to_fp32.py first, or merge checkpoints of a non-DeepSpeed run")
    return chosen


def parse_weights(text: str | None) -> list[float] | None:
    """'1,2,3' -> [1.0, 2.0, 3.0]; None stays None (uniform)."""
    if not text:
        return None
    try:
        return [float(x) for x in text.split(",")]
    except ValueError:
        raise ConfigError(f"--weights '{text}' is not a comma-separated list of numbers", key="--weights",
                          fix="e.g. --weights 1,2,3 (one per merged checkpoint, oldest first)") from None


def merge_run(cfg: TrainConfig, workspace: Path, last: int, weights: list[float] | None = None) -> Path:
    """Average the last `last` checkpoints of `cfg`'s stage and export the result; returns its folder."""
    from .model import Embedder, export
    from .train import load_tokenizer

    out = cfg.out_dir(workspace)
    chosen = pick_checkpoints(out, last)
    if weights is not None and len(weights) != len(chosen):
        raise ConfigError(f"{len(weights)} weights for {len(chosen)} checkpoints", key="--weights",
                          fix=f"give {len(chosen)} comma-separated weights, oldest checkpoint first")
    states = [torch.load(c / "state.pt", map_location="cpu", weights_only=False)["model"] for c in chosen]
    merged = merge_state_dicts(states, weights)
    arch = str(out / "final") if (out / "final").exists() else cfg.start_weights(workspace)
    model = Embedder.load(arch, cfg.pooling, cfg.attention, "fp32")
    model.load_state_dict(merged)
    target = out / "merged"
    tmp = target.with_name("merged.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    export(model, load_tokenizer(arch), tmp, max(cfg.max_len_query, cfg.max_len_passage))
    (tmp / "merge.json").write_text(json.dumps({"checkpoints": [c.name for c in chosen], "weights": weights or [1.0] * len(chosen)}, indent=2))
    shutil.rmtree(target, ignore_errors=True)
    os.replace(tmp, target)
    return target
