"""The encoder's ONNX Runtime backends (`mine.backend: onnx | onnx-int8`, CPU).

The Hugging Face model is exported once with `torch.onnx` (inputs `input_ids`, `attention_mask`;
output the last hidden state, (batch, seq, dim)), with eager attention so the padding mask is part
of the graph; `onnx-int8` adds ONNX Runtime's dynamic quantisation (int8 weights of the MatMuls,
activations quantised on the fly). Both files live under `onnx_dir/<model name>-<hash of the model
files>/`, written through a temporary name, so a changed checkpoint gets a new export and an
interrupted export leaves nothing half-written. Pooling stays in encoder.py, shared with torch.
"""

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


def quantized(fp32: Path) -> Path:
    """`model.int8.onnx` beside `fp32`: dynamic int8 quantisation of its weights (made when missing)."""
    path = fp32.with_name("model.int8.onnx")
    if not path.exists():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        with atomic_file(path) as tmp:
            quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8)
    return path


def ort_session(model_path: str, onnx_dir: Path, int8: bool, decoder: bool):
    """An onnxruntime CPU session for the model (exported, and quantised with `int8`, on first use)."""
    if decoder:
        raise ConfigError("the ONNX backends export encoder models (mean/cls pooling); last-token pooling of decoder LLMs runs on torch",
                          key="mine.backend", fix="set mine.backend: torch")
    try:
        import onnxruntime as ort
    except ImportError:
        raise ConfigError("mine.backend onnx needs onnxruntime", key="mine.backend", fix="pip install onnx onnxruntime, or set mine.backend: torch") from None
    import torch

    path = export(model_path, export_dir(model_path, onnx_dir))
    if int8:
        path = quantized(path)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = torch.get_num_threads()
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
