"""The encoder's ONNX Runtime backends: onnx gives torch's vectors (to float tolerance) and shares
its cache key; onnx-int8 gives close vectors under its own cache key; exports are reused; decoder
models are refused with the fix."""

import numpy as np
import pytest

from curation.errors import ConfigError
from curation.mine.encoder import Encoder

pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

TEXTS = ["what is fact 1 about cats?", "Rivers flow to the sea, mostly, and some of them are very long indeed.", "a",
         "def f(x):\n    return x + 1", "Fact 3 about trains: trains are item 27."] * 3


def test_onnx_equals_torch_and_int8_is_close(tiny_bert, tmp_path):
    ref = Encoder(tiny_bert, batch_tokens=64).encode(TEXTS)
    onnx = Encoder(tiny_bert, batch_tokens=64, backend="onnx", onnx_dir=str(tmp_path))
    got = onnx.encode(TEXTS)
    assert np.abs(got - ref).max() < 1e-5
    assert onnx.key == Encoder(tiny_bert).key  # the same vectors: the same cache
    exported = list(tmp_path.glob("*/model.onnx"))
    assert len(exported) == 1
    mtime = exported[0].stat().st_mtime_ns
    int8 = Encoder(tiny_bert, batch_tokens=64, backend="onnx-int8", onnx_dir=str(tmp_path))
    q = int8.encode(TEXTS)
    assert exported[0].stat().st_mtime_ns == mtime  # the export is reused
    cos = (q * ref).sum(1)
    assert cos.min() > 0.95 and np.abs(q - ref).max() > 1e-6  # close, but other vectors
    assert int8.key != onnx.key and int8.key["quantization"] == "onnx-dynamic-int8"


def test_decoders_and_unknown_backends_are_refused(tiny_qwen3, tmp_path):
    with pytest.raises(ConfigError, match="last-token pooling"):
        Encoder(tiny_qwen3, backend="onnx", onnx_dir=str(tmp_path)).encode(["x"])
    with pytest.raises(ConfigError, match="one of: torch, onnx, onnx-int8"):
        Encoder(tiny_qwen3, backend="tensorrt")
