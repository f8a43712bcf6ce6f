"""Structured pruning of an embedding model to a smaller shape (Minitron-style importance).

    mlcurate train prune configs/train/demo-minilm-small.yaml --workspace ws

One pass over calibration text (drawn from the workspace's `samples_clean`, every language in
turn) records, with forward hooks:

    depth    block influence of each layer: 1 - cos(layer input, layer output), per token
    width    mean |activation| of each hidden channel at every norm on the residual stream
    heads    mean L2 norm of each attention head's output (the input of the output projection)
    neurons  mean |activation| of each MLP neuron (the input of the down projection)

Then the least important layers, hidden channels, heads (whole KV groups first for GQA, then query
heads within the kept groups) and neurons are cut out of the weights, and a fresh model is built
from the smaller config and loaded strictly with the sliced tensors: the checkpoint's config
matches its weights by construction. The output loads with `AutoModel` and `SentenceTransformer`
(training.model.export), next to `prune_report.json` (what was removed, parameters before/after).

The target is a shape (`num_hidden_layers`, `hidden_size`, `num_attention_heads`,
`num_key_value_heads`, `intermediate_size`; any subset) or a parameter budget (`target_params:
160M`), from which `propose_shape` picks a shape: layers and width shrink by similar factors (see
its docstring). Families: Qwen3 (and Qwen2/Llama/Mistral-style decoders: GQA groups, q_norm/k_norm,
tied embeddings) and BERT-style encoders (head size fixed, so hidden = heads x head size).
"""

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import torch
import torch.nn.functional as F
from pydantic import BaseModel, ConfigDict, Field, field_validator

from curation.config import load_yaml, validate
from curation.errors import ConfigError

SHAPE_KEYS = ("num_hidden_layers", "hidden_size", "num_attention_heads", "num_key_value_heads", "intermediate_size")


# ---------------------------------------------------------------- config

def parse_count(value) -> int:
    """`160M`, `1.5B`, `800k` or a plain number -> int."""
    if isinstance(value, (int, float)):
        return int(value)
    m = re.fullmatch(r"\s*([0-9.]+)\s*([kKmMbB]?)\s*", str(value))
    if not m:
        raise ValueError(f"'{value}' is not a parameter count (e.g. 160M, 1.5B, 800k)")
    return int(float(m.group(1)) * {"": 1, "k": 1e3, "m": 1e6, "b": 1e9}[m.group(2).lower()])


class CalibrationConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    texts: int = Field(512, ge=8, description="calibration texts drawn from samples_clean (queries and positives, languages in turn)")
    max_length: int = Field(128, ge=8, description="tokens per calibration text")
    batch_size: int = Field(16, ge=1)


class PruneConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    target: dict[str, int] = Field(default_factory=dict, description=f"any of {', '.join(SHAPE_KEYS)}")
    target_params: int | None = Field(None, description="parameter budget (e.g. 160M); unset shape keys are proposed to fit it")
    calibration: CalibrationConfig = CalibrationConfig()
    dtype: str = Field("auto", description="auto: fp32 on CPU, bf16 on CUDA; or fp32 / bf16")

    @field_validator("target")
    @classmethod
    def _keys(cls, v):
        bad = sorted(set(v) - set(SHAPE_KEYS))
        if bad:
            raise ValueError(f"unknown shape keys {bad}; valid: {', '.join(SHAPE_KEYS)}")
        return v

    @field_validator("target_params", mode="before")
    @classmethod
    def _count(cls, v):
        return None if v is None else parse_count(v)


class PruneRun(BaseModel):
    """The keys of a training config file that pruning reads (the rest belong to training)."""
    model_config = ConfigDict(extra="ignore")
    name: str
    model: str
    prune: PruneConfig

    def out_dir(self, workspace: Path) -> Path:
        """<ws>/training/<name>/pruned (`final/` inside, so `init_from: <name>/pruned` finds it)."""
        return workspace / "training" / self.name / "pruned"


def load_prune_config(path: str | Path) -> PruneRun:
    data = load_yaml(path) or {}
    if not isinstance(data, dict) or "prune" not in data:
        raise ConfigError("no `prune:` section", file=str(path), key="prune",
                          fix="add `prune: {target: {num_hidden_layers: N, ...}}` or `prune: {target_params: 160M}`")
    if not data["prune"].get("target") and not data["prune"].get("target_params"):
        raise ConfigError("`prune:` gives neither a target shape nor target_params", file=str(path), key="prune.target",
                          fix="set prune.target (e.g. {num_hidden_layers: 3}) or prune.target_params (e.g. 160M)")
    return validate(PruneRun, data, file=str(path))


# ---------------------------------------------------------------- model families

@dataclass(frozen=True)
class Family:
    """Where a family keeps what pruning touches, and how each weight's axes map to pruned units.

    Axis kinds: h = hidden channel, q = query-head dims (head-major), kv = key/value-head dims,
    i = MLP neuron, None = untouched. Rules are (regex on the state-dict name, axes)."""
    name: str
    layers: str            # attribute path of the ModuleList of blocks
    attn_out: str          # within a block: the module whose input is the concatenated head outputs
    mlp_down: str          # within a block: the module whose input is the MLP neurons
    norm: str              # regex on module names: norms whose output is the residual stream
    rules: tuple
    gqa: bool

    def axes(self, name: str) -> tuple | None:
        for pattern, axes in self.rules:
            if re.search(pattern, name):
                return axes
        return None


DECODER = Family(
    "decoder", "layers", "self_attn.o_proj", "mlp.down_proj", r"(input_layernorm|post_attention_layernorm|^norm)$",
    ((r"embed_tokens\.weight$", (None, "h")),
     (r"q_proj\.weight$", ("q", "h")), (r"q_proj\.bias$", ("q",)),
     (r"[kv]_proj\.weight$", ("kv", "h")), (r"[kv]_proj\.bias$", ("kv",)),
     (r"o_proj\.weight$", ("h", "q")), (r"o_proj\.bias$", ("h",)),
     (r"[qk]_norm\.weight$", (None,)),
     (r"(gate_proj|up_proj)\.weight$", ("i", "h")), (r"down_proj\.weight$", ("h", "i")),
     (r"(layernorm|norm)\.weight$", ("h",))),
    gqa=True)

BERT = Family(
    "bert", "encoder.layer", "attention.output.dense", "output.dense", r"LayerNorm$",
    ((r"embeddings\.(word|position|token_type)_embeddings\.weight$", (None, "h")),
     (r"attention\.self\.(query|key|value)\.weight$", ("q", "h")), (r"attention\.self\.(query|key|value)\.bias$", ("q",)),
     (r"attention\.output\.dense\.weight$", ("h", "q")),
     (r"intermediate\.dense\.weight$", ("i", "h")), (r"intermediate\.dense\.bias$", ("i",)),
     (r"\d+\.output\.dense\.weight$", ("h", "i")),
     (r"pooler\.dense\.weight$", ("h", "h")),
     (r"(dense\.bias|LayerNorm\.(weight|bias))$", ("h",))),
    gqa=False)

FAMILIES = {"qwen3": DECODER, "qwen2": DECODER, "llama": DECODER, "mistral": DECODER, "bert": BERT}


def family_of(config) -> Family:
    fam = FAMILIES.get(config.model_type)
    if fam is None:
        raise ConfigError(f"pruning does not support model type '{config.model_type}'", key="model",
                          fix=f"use one of: {', '.join(sorted(FAMILIES))}")
    return fam


def head_dim(config) -> int:
    return getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads


def kv_heads(config) -> int:
    return getattr(config, "num_key_value_heads", None) or config.num_attention_heads


def get_path(obj, path: str):
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


# ---------------------------------------------------------------- shapes and parameter counts

def shape_of(config) -> dict[str, int]:
    return {"num_hidden_layers": config.num_hidden_layers, "hidden_size": config.hidden_size,
            "num_attention_heads": config.num_attention_heads, "num_key_value_heads": kv_heads(config),
            "intermediate_size": config.intermediate_size}


def shaped_config(config, shape: dict[str, int]):
    """A copy of `config` with the new shape (and per-layer lists cut to the new depth)."""
    new = config.__class__.from_dict(config.to_dict())
    for k, v in shape.items():
        if k == "num_key_value_heads" and not hasattr(config, "num_key_value_heads"):
            continue
        setattr(new, k, v)
    if hasattr(config, "head_dim") and config.head_dim:
        new.head_dim = config.head_dim  # decoders: head size stays, hidden is free
    if isinstance(getattr(new, "layer_types", None), list):
        new.layer_types = new.layer_types[: shape["num_hidden_layers"]]
    if hasattr(new, "max_window_layers") and new.max_window_layers is not None:
        new.max_window_layers = min(new.max_window_layers, shape["num_hidden_layers"])
    return new


def count_params(config) -> int:
    """Parameters of `AutoModel.from_config(config)`, counted on the meta device (no memory)."""
    from transformers import AutoModel

    with torch.device("meta"):
        model = AutoModel.from_config(config)
    return sum(p.numel() for p in model.parameters())


def _params_by_depth(config) -> tuple[int, int]:
    """(parameters outside the blocks, parameters per block) of a one-block `config`."""
    from transformers import AutoModel

    with torch.device("meta"):
        model = AutoModel.from_config(config)
    per_layer = sum(p.numel() for p in get_path(model, family_of(config).layers)[0].parameters())
    return sum(p.numel() for p in model.parameters()) - per_layer, per_layer


def check_shape(config, shape: dict[str, int]) -> None:
    """Raise ConfigError when `shape` cannot be cut out of `config`."""
    old = shape_of(config)
    for k, v in shape.items():
        if not 1 <= v <= old[k]:
            raise ConfigError(f"{k}: {v} is outside 1..{old[k]} (pruning only removes)", key=f"prune.target.{k}",
                              fix=f"choose {k} between 1 and {old[k]}")
    H, K = shape["num_attention_heads"], shape["num_key_value_heads"]
    if family_of(config).gqa:
        group = old["num_attention_heads"] // old["num_key_value_heads"]
        if H % K or H // K > group:
            raise ConfigError(f"{H} query heads over {K} KV groups: each group must keep the same number of heads, at most {group}",
                              key="prune.target.num_attention_heads", fix=f"use a multiple of {K} up to {K * group}")
    else:
        if K != H:
            raise ConfigError("this family has no KV groups", key="prune.target.num_key_value_heads",
                              fix="leave num_key_value_heads out (it follows num_attention_heads)")
        if shape["hidden_size"] != H * head_dim(config):
            raise ConfigError(f"hidden_size {shape['hidden_size']} != {H} heads x head size {head_dim(config)}",
                              key="prune.target.hidden_size",
                              fix=f"BERT-style models keep the head size: set hidden_size = heads x {head_dim(config)}")


def full_shape(config, target: dict[str, int]) -> dict[str, int]:
    """Fill unset keys: unchanged, except dependent ones (BERT heads follow hidden; KV follows heads)."""
    shape = {**shape_of(config), **target}
    if not family_of(config).gqa:
        if "hidden_size" in target and "num_attention_heads" not in target:
            shape["num_attention_heads"] = max(1, target["hidden_size"] // head_dim(config))
        elif "num_attention_heads" in target and "hidden_size" not in target:
            shape["hidden_size"] = target["num_attention_heads"] * head_dim(config)
        shape["num_key_value_heads"] = shape["num_attention_heads"]
    elif "num_key_value_heads" not in target and "num_attention_heads" in target:
        group = config.num_attention_heads // kv_heads(config)
        shape["num_key_value_heads"] = max(1, math.ceil(target["num_attention_heads"] / group))
    return shape


def propose_shape(config, budget: int, fixed: dict[str, int] | None = None) -> dict[str, int]:
    """A shape with at most `budget` parameters (embeddings included).

    Candidates scale depth by L'/L and width by h'/h (hidden in steps of 64 — finer for
    tiny models — or of the head size for BERT-style models); heads, KV groups and MLP width follow the width factor (same group size, same
    MLP ratio, MLP in steps of 64); keys in `fixed` stay as given. Among candidates within 10% under
    the budget, the one whose depth and width factors are closest (|log L'/L - log h'/h|) wins, then
    the larger: Minitron found neither depth-only nor width-only pruning best at large ratios, and
    a balanced cut keeps the aspect ratio the model was trained with. Otherwise the largest
    candidate under the budget."""
    fixed = fixed or {}
    old = shape_of(config)
    fam = family_of(config)
    step = head_dim(config) if not fam.gqa else max(8, min(64, old["hidden_size"] // 16))
    group = old["num_attention_heads"] // old["num_key_value_heads"]
    widths = [fixed["hidden_size"]] if "hidden_size" in fixed else list(range(old["hidden_size"], step - 1, -step))
    depths = [fixed["num_hidden_layers"]] if "num_hidden_layers" in fixed else list(range(old["num_hidden_layers"], 0, -1))
    scored = []
    for h in widths:
        r = h / old["hidden_size"]
        if fam.gqa:
            kv = fixed.get("num_key_value_heads", max(1, round(old["num_key_value_heads"] * r)))
            heads = fixed.get("num_attention_heads", kv * group)
        else:
            heads = kv = h // head_dim(config)
        inter = fixed.get("intermediate_size", max(64, int(round(old["intermediate_size"] * r / 64)) * 64))
        shape = {"num_hidden_layers": 1, "hidden_size": h, "num_attention_heads": heads,
                 "num_key_value_heads": kv, "intermediate_size": min(inter, old["intermediate_size"])}
        try:
            check_shape(config, shape)
        except ConfigError:
            continue
        base, per_layer = _params_by_depth(shaped_config(config, shape))
        fitting = [L for L in depths if base + L * per_layer <= budget]
        if fitting:  # the deepest that fits: shallower ones at this width are only smaller
            L = max(fitting)
            balance = abs(math.log(L / old["num_hidden_layers"]) - math.log(r))
            scored.append((base + L * per_layer, balance, {**shape, "num_hidden_layers": L}))
    if not scored:
        raise ConfigError(f"no shape fits {budget:,} parameters", key="prune.target_params",
                          fix="raise target_params (embeddings alone may exceed it) or fix fewer shape keys")
    near = [s for s in scored if s[0] >= 0.9 * budget]
    if near:
        return min(near, key=lambda s: (round(s[1], 6), -s[0]))[2]
    return max(scored, key=lambda s: s[0])[2]


# ---------------------------------------------------------------- importance

@dataclass
class Importance:
    layers: torch.Tensor                 # (L,) block influence
    hidden: torch.Tensor                 # (h,)
    heads: list[torch.Tensor]            # per layer (H,)
    neurons: list[torch.Tensor]          # per layer (I,)
    tokens: int = 0
    texts: int = 0
    extra: dict = field(default_factory=dict)


@torch.no_grad()
def estimate_importance(model, batches, progress: bool = False) -> Importance:
    """One pass over `batches` of (input_ids, attention_mask) with hooks; returns mean scores."""
    from tqdm import tqdm

    fam = family_of(model.config)
    blocks = get_path(model, fam.layers)
    L, h, H = len(blocks), model.config.hidden_size, model.config.num_attention_heads
    d = head_dim(model.config)
    acc = {"bi": torch.zeros(L, dtype=torch.float64), "hidden": torch.zeros(h, dtype=torch.float64),
           "heads": [torch.zeros(H, dtype=torch.float64) for _ in range(L)],
           "neurons": [torch.zeros(model.config.intermediate_size, dtype=torch.float64) for _ in range(L)]}
    state = {"mask": None}

    def masked_sum(x: torch.Tensor) -> torch.Tensor:  # (n, t, ...) -> (...) summed over real tokens
        m = state["mask"].to(x.dtype).reshape(*state["mask"].shape, *([1] * (x.dim() - 2)))
        return (x * m).sum((0, 1)).double().cpu()

    def on_block(i):
        def hook(module, args, kwargs, out):
            x = args[0] if args else kwargs["hidden_states"]
            y = out[0] if isinstance(out, tuple) else out
            acc["bi"][i] += masked_sum(1 - F.cosine_similarity(x.float(), y.float(), dim=-1).unsqueeze(-1))[0]
        return hook

    def on_norm(module, args, out):
        acc["hidden"] += masked_sum(out.float().abs())

    def on_attn_out(i):
        def hook(module, args):
            x = args[0].float()
            acc["heads"][i] += masked_sum(x.reshape(*x.shape[:2], -1, d).norm(dim=-1))
        return hook

    def on_mlp_down(i):
        def hook(module, args):
            acc["neurons"][i] += masked_sum(args[0].float().abs())
        return hook

    handles = []
    for i, block in enumerate(blocks):
        handles.append(block.register_forward_hook(on_block(i), with_kwargs=True))
        handles.append(get_path(block, fam.attn_out).register_forward_pre_hook(on_attn_out(i)))
        handles.append(get_path(block, fam.mlp_down).register_forward_pre_hook(on_mlp_down(i)))
    for name, module in model.named_modules():
        if re.search(fam.norm, name) and getattr(module, "weight", None) is not None and module.weight.shape == (h,):
            handles.append(module.register_forward_hook(on_norm))
    tokens = texts = 0
    try:
        for ids, mask in tqdm(batches, desc="prune: calibration", unit="batch", disable=not progress):
            state["mask"] = mask
            model(input_ids=ids, attention_mask=mask)
            tokens += int(mask.sum())
            texts += ids.shape[0]
    finally:
        for handle in handles:
            handle.remove()
    if tokens == 0:
        raise ConfigError("no calibration text", key="prune.calibration", fix="ingest samples into the workspace first")
    return Importance(layers=(acc["bi"] / tokens).float(), hidden=(acc["hidden"] / tokens).float(),
                      heads=[(x / tokens).float() for x in acc["heads"]],
                      neurons=[(x / tokens).float() for x in acc["neurons"]], tokens=tokens, texts=texts)


# ---------------------------------------------------------------- selection and slicing

def top(scores: torch.Tensor, k: int) -> torch.Tensor:
    """Indices of the k highest scores, in their original order."""
    return torch.sort(torch.topk(scores, k).indices).values


@dataclass
class Plan:
    layers: list[int]                    # kept blocks, original indices in order
    hidden: torch.Tensor                 # kept hidden channels
    heads: list[torch.Tensor]            # per kept layer: kept query heads
    kv: list[torch.Tensor]               # per kept layer: kept KV groups
    neurons: list[torch.Tensor]          # per kept layer: kept MLP neurons


def plan(config, imp: Importance, shape: dict[str, int]) -> Plan:
    fam = family_of(config)
    layers = top(imp.layers, shape["num_hidden_layers"]).tolist()
    H, K = config.num_attention_heads, kv_heads(config)
    group, new_group = H // K, shape["num_attention_heads"] // shape["num_key_value_heads"]
    heads, kvs, neurons = [], [], []
    for i in layers:
        score = imp.heads[i]
        if fam.gqa:  # whole KV groups by their best `new_group` heads, then those heads within each kept group
            per_group = score.reshape(K, group)
            best = torch.topk(per_group, new_group, dim=1)
            groups = top(best.values.sum(1), shape["num_key_value_heads"])
            kept = torch.cat([g * group + torch.sort(best.indices[g]).values for g in groups.tolist()])
            heads.append(kept)
            kvs.append(groups)
        else:
            kept = top(score, shape["num_attention_heads"])
            heads.append(kept)
            kvs.append(kept)
        neurons.append(top(imp.neurons[i], shape["intermediate_size"]))
    return Plan(layers, top(imp.hidden, shape["hidden_size"]), heads, kvs, neurons)


def _dims(units: torch.Tensor, size: int) -> torch.Tensor:
    """Head indices -> the row indices of their `size`-wide slices."""
    return (units[:, None] * size + torch.arange(size)[None, :]).reshape(-1)


def apply_plan(model, p: Plan, shape: dict[str, int]):
    """A new model of the smaller config holding the kept slices of `model`'s weights."""
    from transformers import AutoModel

    fam = family_of(model.config)
    d = head_dim(model.config)
    new_config = shaped_config(model.config, shape)
    new = AutoModel.from_config(new_config, dtype=next(model.parameters()).dtype)
    old = model.state_dict()
    layer_re = re.compile(rf"^{re.escape(fam.layers)}\.(\d+)\.")
    out = {}
    for name, target in new.state_dict().items():
        m = layer_re.match(name)
        j = int(m.group(1)) if m else None
        src = layer_re.sub(f"{fam.layers}.{p.layers[j]}.", name) if m else name
        tensor = old[src]
        axes = fam.axes(name) or (None,) * tensor.dim()
        index = {"h": p.hidden}
        if j is not None:
            index.update(q=_dims(p.heads[j], d), kv=_dims(p.kv[j], d), i=p.neurons[j])
        for dim, kind in enumerate(axes):
            if kind is not None:
                tensor = tensor.index_select(dim, index[kind].to(tensor.device))
        if tensor.shape != target.shape:
            raise RuntimeError(f"{name}: sliced {tuple(tensor.shape)} but the new config expects {tuple(target.shape)}")
        out[name] = tensor.clone()
    new.load_state_dict(out, strict=True)
    return new


def prune_model(model, batches, shape: dict[str, int], progress: bool = False) -> tuple[object, dict]:
    """(pruned model, report) for a loaded AutoModel and calibration batches."""
    check_shape(model.config, shape)
    imp = estimate_importance(model, batches, progress)
    p = plan(model.config, imp, shape)
    new = apply_plan(model, p, shape)
    L = model.config.num_hidden_layers
    removed_layers = [i for i in range(L) if i not in p.layers]
    report = {
        "family": family_of(model.config).name, "model_type": model.config.model_type,
        "shape_before": shape_of(model.config), "shape_after": shape_of(new.config),
        "params_before": sum(t.numel() for t in model.parameters()), "params_after": sum(t.numel() for t in new.parameters()),
        "calibration": {"texts": imp.texts, "tokens": imp.tokens},
        "layers_kept": p.layers, "layers_removed": removed_layers,
        "block_influence": [round(float(x), 6) for x in imp.layers],
        "hidden_channels_removed": model.config.hidden_size - len(p.hidden),
        "heads_kept": {str(i): p.heads[j].tolist() for j, i in enumerate(p.layers)},
        "kv_groups_kept": {str(i): p.kv[j].tolist() for j, i in enumerate(p.layers)} if family_of(model.config).gqa else None,
        "neurons_removed_per_layer": model.config.intermediate_size - shape["intermediate_size"],
    }
    return new, report


# ---------------------------------------------------------------- calibration text and the command

def calibration_texts(workspace: Path, n: int) -> list[str]:
    """`n` texts from samples_clean: queries and positives, one language after another (rows
    ordered by a hash of sample_id within each language), so small languages are represented."""
    from curation.store import Workspace

    ws = Workspace(workspace)
    ws.require()
    with ws.connect(read_only=True) as con:
        rows = con.execute(
            """SELECT query, positive FROM (
                 SELECT query, positive, row_number() OVER (PARTITION BY lang ORDER BY hash(sample_id)) AS k, hash(lang) AS l
                 FROM samples_clean)
               ORDER BY k, l LIMIT ?""", [n]).fetchall()
    texts = [t for row in rows for t in row if isinstance(t, str) and t.strip()]
    return texts[:n]


def token_batches(tokenizer, texts: list[str], max_length: int, batch_size: int, device) -> list:
    from .model import TokenizerWithEOS

    tok = TokenizerWithEOS(tokenizer, max_length)
    seqs = sorted(tok.ids(texts), key=len)
    return [tok.pad_batch(seqs[i:i + batch_size], device) for i in range(0, len(seqs), batch_size)]


def run_prune(config: Path, workspace: Path, texts: list[str] | None = None, progress: bool = True) -> dict:
    """Prune the config's model; write <ws>/training/<name>/pruned/{final/, prune_report.json}."""
    import os

    from transformers import AutoConfig

    from .model import Embedder, export, resolve_model_path
    from .train import load_tokenizer

    run = load_prune_config(config)
    cfg = run.prune
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    path = resolve_model_path(run.model)
    base = AutoConfig.from_pretrained(path)
    family_of(base)
    if cfg.target_params:
        shape = propose_shape(base, cfg.target_params, cfg.target)
        print(f"prune: proposed shape for {cfg.target_params:,} parameters: {shape}")
    else:
        shape = full_shape(base, cfg.target)
    check_shape(base, shape)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    dtype = cfg.dtype if cfg.dtype != "auto" else ("bf16" if device == "cuda" else "fp32")
    embedder = Embedder.load(path, dtype=dtype).to(device).eval()
    tokenizer = load_tokenizer(path)
    texts = texts if texts is not None else calibration_texts(workspace, cfg.calibration.texts)
    batches = token_batches(tokenizer, texts, cfg.calibration.max_length, cfg.calibration.batch_size, device)
    new, report = prune_model(embedder.model, batches, shape, progress)
    report.update(source=run.model, config=str(config), target=cfg.target, target_params=cfg.target_params)
    out = run.out_dir(workspace)
    pruned = Embedder(new, embedder.pooling)  # already in the loaded dtype
    export(pruned, tokenizer, out / "final", _max_len(path))
    (out / "prune_report.json").write_text(json.dumps(report, indent=1))
    report["final"] = str(out / "final")
    return report


def _max_len(path: str) -> int:
    st = Path(path) / "sentence_bert_config.json"
    if st.exists():
        return int(json.loads(st.read_text()).get("max_seq_length", 512))
    return 512


def format_report(r: dict) -> str:
    before, after = r["shape_before"], r["shape_after"]
    lines = [f"prune: {r['model_type']} {r['params_before']:,} -> {r['params_after']:,} parameters "
             f"({r['params_after'] / r['params_before']:.1%}), calibrated on {r['calibration']['texts']} texts "
             f"/ {r['calibration']['tokens']:,} tokens"]
    for k in SHAPE_KEYS:
        mark = "" if before[k] == after[k] else "   <- pruned"
        lines.append(f"  {k:22s} {before[k]:>6} -> {after[k]:<6}{mark}")
    if r["layers_removed"]:
        bi = r["block_influence"]
        lines.append("  layers removed (block influence): " + ", ".join(f"{i} ({bi[i]:.3f})" for i in r["layers_removed"]))
    lines.append(f"  model: {r['final']}   report: {Path(r['final']).parent / 'prune_report.json'}")
    return "\n".join(lines)
