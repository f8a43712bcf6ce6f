"""The encoder's ONNX Runtime backends (`mine.backend: onnx | onnx-int8`, CPU).

The Hugging Face model is exported once with `torch.onnx` (inputs `input_ids`, `attention_mask`;
output the last hidden state, (batch, seq, dim)), with eager attention so the padding mask is part
of the graph. ONNX Runtime's transformer optimizer then fuses that graph (attention, embedding +
layer norm, skip + layer norm, bias + GeLU) for the architectures it knows (BERT, RoBERTa, XLM-R,
...), checked against the exported graph on a probe batch; otherwise, or when it fails, the
exported graph runs and `fusion.json` says why. On all-MiniLM-L6-v2 the fused graph's hidden states
differ from the exported graph's by at most 4.3e-6, its pooled vectors from torch's by at most
2.8e-7 (cosine 1.000000 on 400 unique texts), so `onnx` shares torch's embedding cache.
`onnx-int8` adds ONNX Runtime's dynamic quantisation to the FFN up-projections (INT8_VARIANT).
Every file lives under `onnx_dir/<model name>-<hash of the model files>/`, written through a
temporary name, so a changed checkpoint gets a new export and an interrupted export leaves nothing
half-written. Pooling stays in encoder.py, shared with torch.
"""

import json
import warnings
from pathlib import Path

from ..config import config_hash
from ..errors import ConfigError
from ..store import atomic_file


def export_dir(model_path: str, onnx_dir: Path) -> Path:
    from .encoder import _fingerprint

    return Path(onnx_dir) / f"{Path(model_path).name[:60]}-{config_hash({'path': model_path, 'files': _fingerprint(model_path)})}"


def export(model_path: str, out: Path) -> Path:
    """`out/model.onnx`, the fp32 graph of the model's last hidden state (exported when missing)."""
    path = out / "model.onnx"
    if path.exists():
        return path
    from .encoder import _torch

    torch, transformers = _torch()
    try:
        import onnx  # noqa: F401  torch.onnx needs it to serialise
    except ImportError:
        raise ConfigError("mine.backend onnx needs the `onnx` and `onnxruntime` packages", key="mine.backend",
                          fix="pip install onnx onnxruntime, or set mine.backend: torch") from None
    model = transformers.AutoModel.from_pretrained(model_path, attn_implementation="eager", dtype=torch.float32).eval()

    class Hidden(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            return self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state  # (batch, seq, dim)

    ids = torch.full((2, 16), 1000, dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    mask[1, 10:] = 0  # a padded row, so the traced graph carries the mask
    dynamic = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}, "hidden": {0: "batch", 1: "seq"}}
    import warnings

    with atomic_file(path) as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            torch.onnx.export(Hidden(model), (ids, mask), str(tmp), input_names=["input_ids", "attention_mask"], output_names=["hidden"],
                              dynamic_axes=dynamic, opset_version=17, dynamo=False)
        except Exception as e:  # noqa: BLE001  any exporter failure means: this model needs the torch backend
            raise ConfigError(f"exporting {model_path} to ONNX failed: {type(e).__name__}: {str(e)[:300]}", key="mine.backend",
                              fix="set mine.backend: torch") from None
    return path


# HF `model_type`s whose layers ONNX Runtime's BERT fusions match (its optimizer takes them all as
# model_type "bert"); others run the unfused graph.
FUSABLE = {"bert": "bert", "roberta": "bert", "xlm-roberta": "bert", "camembert": "bert", "distilbert": "bert", "electra": "bert",
           "mpnet": "bert"}
FUSION_TOLERANCE = 1e-4  # max abs difference of the fused graph's hidden states from the unfused one's on a probe batch


def fused(fp32: Path, model_path: str) -> tuple[Path, dict]:
    """`model.fused.onnx` beside `fp32`: ONNX Runtime's transformer optimizer (attention, embedding +
    layer norm, skip + layer norm and bias + GeLU fused into single kernels), made when missing.

    Returns the graph to run and what happened (`fusion.json` beside it): `{"fused": true,
    "fusions": {...}, "max_abs_diff": ...}`, or `{"fused": false, "reason": ...}` with the unfused
    `fp32` graph, when the architecture is not one the optimizer knows, it fails, it fuses no
    attention, or the fused graph's hidden states differ from the unfused ones by more than
    FUSION_TOLERANCE on a probe batch. The outcome is kept, so a fallback is decided once."""
    path, record = fp32.with_name("model.fused.onnx"), fp32.with_name("fusion.json")
    if record.exists():
        info = json.loads(record.read_text())
        if not info["fused"]:
            return fp32, info
        if path.exists():
            return path, info
    info = _fuse(fp32, path, model_path)
    with atomic_file(record) as tmp:
        tmp.write_text(json.dumps(info, indent=1))
    if not info["fused"]:
        warnings.warn(f"mine.backend onnx: running the unfused graph of {Path(model_path).name}: {info['reason']}", stacklevel=2)
    return (path if info["fused"] else fp32), info


def _fuse(fp32: Path, path: Path, model_path: str) -> dict:
    from .encoder import _torch, read_config

    import onnxruntime

    _, transformers = _torch()
    config = read_config(model_path, transformers)
    kind = config.get("model_type")
    base = {"onnxruntime": onnxruntime.__version__, "model_type": kind}
    if kind not in FUSABLE:
        return {**base, "fused": False, "reason": f"ONNX Runtime's transformer optimizer has no fusions for model_type '{kind}' "
                                                  f"(known: {', '.join(sorted(FUSABLE))})"}
    try:
        from onnxruntime.transformers.optimizer import optimize_model

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = optimize_model(str(fp32), model_type=FUSABLE[kind], num_heads=config.get("num_attention_heads", 0),
                                   hidden_size=config.get("hidden_size", 0), opt_level=0, use_gpu=False)
        fusions = {k: v for k, v in model.get_fused_operator_statistics().items() if v}
        if not fusions.get("Attention") and not fusions.get("MultiHeadAttention"):
            return {**base, "fused": False, "reason": f"the optimizer fused no attention in this graph (fusions: {fusions or 'none'})"}
        with atomic_file(path) as tmp:
            model.save_model_to_file(str(tmp))
            diff = _probe_diff(fp32, tmp)
            if not diff <= FUSION_TOLERANCE:  # (NaN too) the fused graph computes something else: keep the exported one
                raise _Mismatch(diff)
    except _Mismatch as e:
        return {**base, "fused": False, "reason": f"the fused graph's hidden states differ from the exported graph's by {e.args[0]:.2e} "
                                                  f"(> {FUSION_TOLERANCE:g})"}
    except Exception as e:  # noqa: BLE001  any optimizer failure: run the exported graph, say why
        return {**base, "fused": False, "reason": f"ONNX Runtime's optimizer failed: {type(e).__name__}: {str(e)[:300]}"}
    return {**base, "fused": True, "fusions": fusions, "max_abs_diff": diff}


class _Mismatch(Exception):
    """The fused graph's probe output differs from the exported graph's (args[0]: the max abs diff);
    raised inside `atomic_file` so the fused file is never published."""


def _probe_diff(a: Path, b: Path) -> float:
    """Max abs difference of two graphs' outputs on a fixed padded batch (rows of other lengths)."""
    import numpy as np

    rng = np.random.default_rng(0)
    ids = rng.integers(1000, 2000, size=(3, 24), dtype=np.int64)
    mask = np.ones_like(ids)
    mask[1, 17:], mask[2, 5:] = 0, 0
    outs = [session(p, 1).run(None, {"input_ids": ids, "attention_mask": mask})[0] for p in (a, b)]
    keep = mask.astype(bool)  # padded positions' states are never pooled
    return float(np.abs(outs[0][keep] - outs[1][keep]).max())


def session(path: Path, threads: int):
    """An ONNX Runtime CPU session with every graph optimisation on."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.intra_op_num_threads = threads
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


# `onnx-int8`: which MatMuls get int8 weights (per output channel; activations are quantised per
# tensor on the fly, ONNX Runtime's dynamic quantisation). Measured on all-MiniLM-L6-v2, 150 + 150
# unique pairs (600 texts), one thread, CPU time of encoding vs the fused fp32 graph and top-10
# neighbour agreement with fp32 in each source's pool (README, "Mining"):
#   every MatMul + attention, per tensor (the previous default)   2.13x  0.767
#   every MatMul + attention, per channel                         2.05x  0.897
#   the MatMuls only (attention kept fp32), per tensor            1.71x  0.767
#   every MatMul + attention but the FFN down-projection, per ch. 1.54x  0.923
#   FFN up-projection (hidden -> intermediate) only, per channel  1.31x  0.946
#   FFN down-projection only, per tensor                          1.21x  0.779
# The FFN down-projection reads the GeLU's output, whose outliers a per-tensor int8 scale cannot
# hold: quantising it costs most of the agreement. No variant reached 0.95.
INT8_VARIANT = "ffn-up-per-channel"


def int8_nodes(graph: Path) -> list[str]:
    """The MatMuls of the FFN up-projections: those whose output feeds a GeLU (fused: BiasGelu / Gelu /
    FastGelu; exported: the Add of the bias, then Div/Erf of erf-GeLU), or named `intermediate` by
    the Hugging Face export."""
    import onnx

    model = onnx.load(str(graph), load_external_data=False)
    users: dict[str, list] = {}
    for n in model.graph.node:
        for i in n.input:
            users.setdefault(i, []).append(n)

    def feeds_gelu(name: str, depth: int = 2) -> bool:
        for u in users.get(name, []):
            if u.op_type in ("Gelu", "BiasGelu", "FastGelu") or (u.op_type in ("Add", "Div") and depth and any(feeds_gelu(o, depth - 1) for o in u.output)):
                return True
            if u.op_type == "Erf":
                return True
        return False

    return [n.name for n in model.graph.node if n.op_type == "MatMul" and ("/intermediate/" in n.name or feeds_gelu(n.output[0]))]


def quantized(graph: Path) -> Path:
    """`<graph>.int8-<variant>.onnx` beside `graph`: dynamic int8 quantisation of the FFN up-projection
    weights, per output channel (INT8_VARIANT; made when missing)."""
    path = graph.with_name(f"{graph.stem}.int8-{INT8_VARIANT}.onnx")
    if not path.exists():
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        nodes = int8_nodes(graph)
        if not nodes:
            raise ConfigError(f"no FFN MatMul found to quantise in {graph.name}", key="mine.backend", fix="set mine.backend: onnx")
        with atomic_file(path) as tmp, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantize_dynamic(str(graph), str(tmp), weight_type=QuantType.QInt8, per_channel=True, op_types_to_quantize=["MatMul"],
                             nodes_to_quantize=nodes, extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    return path


def ort_session(model_path: str, onnx_dir: Path, int8: bool, decoder: bool):
    """An onnxruntime CPU session for the model: the fused fp32 graph (exported and fused on first
    use; the exported graph where fusion does not apply), or with `int8` its quantised variant."""
    if decoder:
        raise ConfigError("the ONNX backends export encoder models (mean/cls pooling); last-token pooling of decoder LLMs runs on torch",
                          key="mine.backend", fix="set mine.backend: torch")
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        raise ConfigError("mine.backend onnx needs onnxruntime", key="mine.backend", fix="pip install onnx onnxruntime, or set mine.backend: torch") from None
    import torch

    path, _ = fused(export(model_path, export_dir(model_path, onnx_dir)), model_path)
    if int8:
        path = quantized(path)
    return session(path, torch.get_num_threads())
