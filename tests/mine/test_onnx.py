"""The encoder's ONNX Runtime backends: onnx gives torch's vectors (to float tolerance) and shares
its cache key; onnx-int8 gives close vectors under its own cache key; exports are reused; decoder
models are refused with the fix.

The tiny BERT is exported and fused once for the module (`tiny_bert_onnx`); each test works in its
own copy of that folder, as a second run finds an earlier run's export."""

import json
import shutil

import numpy as np
import pytest

from curation.errors import ConfigError
from curation.mine.encoder import Encoder
from .conftest import MINILM, TOPICS

pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

TEXTS = ["what is fact 1 about cats?", "Rivers flow to the sea, mostly, and some of them are very long indeed.", "a",
         "def f(x):\n    return x + 1", "Fact 3 about trains: trains are item 27."] * 3


@pytest.fixture(scope="module")
def tiny_bert_onnx(tiny_bert, tmp_path_factory):
    """An onnx_dir in which the tiny BERT has been exported and fused by the onnx backend (no int8 yet)."""
    onnx_dir = tmp_path_factory.mktemp("tiny_bert_onnx")
    Encoder(tiny_bert, batch_tokens=64, backend="onnx", onnx_dir=str(onnx_dir)).encode(TEXTS[:1])
    (folder,) = onnx_dir.iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["fusion.json", "model.fused.onnx", "model.onnx"]
    return onnx_dir


def copy_export(tiny_bert_onnx, dest, *names):
    """`dest` as an onnx_dir holding `names` (all when none) of the module's export folder."""
    (folder,) = tiny_bert_onnx.iterdir()
    (dest / folder.name).mkdir(parents=True)
    for p in folder.iterdir():
        if not names or p.name in names:
            shutil.copy2(p, dest / folder.name / p.name)
    return dest


def test_onnx_equals_torch_and_int8_is_close(tiny_bert, tiny_bert_onnx, tmp_path):
    copy_export(tiny_bert_onnx, tmp_path)
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
    assert int8.key != onnx.key and int8.key["quantization"].startswith("onnx-dynamic-int8-")
    import onnx as onnx_lib

    (graph,) = tmp_path.glob("*/model.fused.int8-*.onnx")  # the fused graph, quantised
    ops = [n.op_type for n in onnx_lib.load(str(graph)).graph.node]
    int8_matmuls = sum(op in ("MatMulInteger", "DynamicQuantizeMatMul") for op in ops)
    assert int8_matmuls == 2 and "Attention" in ops  # the FFN up-projection of each of the 2 layers; attention stays fp32


def test_decoders_and_unknown_backends_are_refused(tiny_qwen3, tmp_path):
    with pytest.raises(ConfigError, match="last-token pooling"):
        Encoder(tiny_qwen3, backend="onnx", onnx_dir=str(tmp_path)).encode(["x"])
    with pytest.raises(ConfigError, match="one of: torch, onnx, onnx-int8"):
        Encoder(tiny_qwen3, backend="tensorrt")


def _neighbours(v: np.ndarray, k: int = 3) -> np.ndarray:
    return np.argsort(-(v @ v.T), axis=1)[:, 1:k + 1]


def test_the_fused_graph_runs_and_gives_torchs_vectors_and_neighbours(tiny_bert, tiny_bert_onnx, tmp_path):
    from curation.mine import onnx as ox

    copy_export(tiny_bert_onnx, tmp_path)  # the fused graph and fusion.json as the export wrote them
    ref = Encoder(tiny_bert, batch_tokens=64).encode(TEXTS[:5])
    enc = Encoder(tiny_bert, batch_tokens=64, backend="onnx", onnx_dir=str(tmp_path))
    got = enc.encode(TEXTS[:5])
    folder = next(tmp_path.iterdir())
    info = json.loads((folder / "fusion.json").read_text())
    assert info["fused"] and info["fusions"]["Attention"] == 2 and info["max_abs_diff"] <= ox.FUSION_TOLERANCE
    assert enc.models[0]._model_path.endswith("model.fused.onnx")  # the session runs the fused graph
    assert np.abs(got - ref).max() < 1e-5 and (_neighbours(got) == _neighbours(ref)).all()
    assert not list(folder.glob("*.tmp-*"))


def test_minilm_fused_keeps_torchs_neighbours(tmp_path):
    """The real model (all-MiniLM-L6-v2): fused ONNX vectors equal torch's to float tolerance."""

    texts = [f"{w} number {i} is about {t}" for i, (w, t) in enumerate(zip(["fact", "note", "claim", "rule"] * 5, TOPICS * 2))] + TEXTS[:5]
    ref = Encoder(MINILM, batch_tokens=256).encode(texts)
    got = Encoder(MINILM, batch_tokens=256, backend="onnx", onnx_dir=str(tmp_path)).encode(texts)
    assert json.loads(next(tmp_path.glob("*/fusion.json")).read_text())["fused"]
    assert np.abs(got - ref).max() < 1e-5 and (got * ref).sum(1).min() > 1 - 1e-6
    assert (_neighbours(got, 5) == _neighbours(ref, 5)).all()


@pytest.mark.parametrize("case", ["unknown architecture", "optimizer fails", "fused graph differs"])
def test_fusion_falls_back_to_the_exported_graph_with_a_reason(tiny_bert, tiny_bert_onnx, tmp_path, monkeypatch, case):
    from curation.mine import onnx as ox

    copy_export(tiny_bert_onnx, tmp_path, "model.onnx")  # the exported graph only: fusion is tried in this test

    if case == "unknown architecture":
        monkeypatch.setattr(ox, "FUSABLE", {})
    elif case == "optimizer fails":
        import onnxruntime.transformers.optimizer as opt

        def boom(*a, **k):
            raise RuntimeError("no pattern for this graph")
        monkeypatch.setattr(opt, "optimize_model", boom)
    else:
        monkeypatch.setattr(ox, "FUSION_TOLERANCE", -1.0)  # no difference is small enough: the written graph is thrown away
    ref = Encoder(tiny_bert, batch_tokens=64).encode(TEXTS[:5])
    enc = Encoder(tiny_bert, batch_tokens=64, backend="onnx", onnx_dir=str(tmp_path))
    with pytest.warns(UserWarning, match="running the unfused graph"):
        got = enc.encode(TEXTS[:5])
    folder = next(tmp_path.iterdir())
    info = json.loads((folder / "fusion.json").read_text())
    reason = {"unknown architecture": "no fusions for model_type 'bert'", "optimizer fails": "optimizer failed: RuntimeError: no pattern",
              "fused graph differs": "differ from the exported graph's"}[case]
    assert not info["fused"] and reason in info["reason"]
    assert enc.models[0]._model_path.endswith("model.onnx")
    assert np.abs(got - ref).max() < 1e-5
    assert sorted(p.name for p in folder.iterdir()) == ["fusion.json", "model.onnx"]  # nothing half-written left
    monkeypatch.undo()  # the recorded outcome is reused: no new attempt, no new warning
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = Encoder(tiny_bert, batch_tokens=64, backend="onnx", onnx_dir=str(tmp_path))
        again.encode(TEXTS[:2])
    assert again.models[0]._model_path.endswith("model.onnx")
