"""The trainer on tiny random models: GradCache gradients, both stages, exact resume after a kill,
exports that load with AutoModel and SentenceTransformer, and the CLI wrappers."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from curation.cli import main  # noqa: E402
from curation.errors import ConfigError  # noqa: E402
from training.config import TrainConfig, load_config  # noqa: E402
from training.losses import matryoshka_dims, matryoshka_weights  # noqa: E402
from training.model import Embedder, TokenizerWithEOS  # noqa: E402
from training.train import forward_backward, load_tokenizer, make_loss, train  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def _cfg(model: str, **kw) -> TrainConfig:
    base = dict(name="t", stage=1, model=model, mixture="synth", batch_size=8, max_len_query=16, max_len_passage=16,
                lr=1e-3, min_lr=1e-5, warmup_steps=2, max_steps=6, checkpoint_every=0, dtype="fp32", attention="sdpa",
                negatives={"retrieval": 2, "clustering": 2}, eval={"holdout": 0.2})
    base.update(kw)
    return TrainConfig.model_validate(base)


@pytest.mark.parametrize("model_fixture", ["tiny_bert", "tiny_qwen3"])
def test_gradcache_gradients_equal_the_full_batch(model_fixture, request):
    path = request.getfixturevalue(model_fixture)
    tok = TokenizerWithEOS(load_tokenizer(path), 16)
    queries = [f"query number {i} about stones" for i in range(8)]
    groups = [tok.ids(queries), tok.ids([f"passage {i} on rivers" for i in range(8)]), tok.ids([f"neg {i}" for i in range(16)])]
    dims = matryoshka_dims(32, 8)
    grads = []
    for chunk in (None, 3):
        torch.manual_seed(0)
        model = Embedder.load(path, dtype="fp32", attention="sdpa")
        loss_of = make_loss(_cfg(path), dims, matryoshka_weights(dims), True, [2] * 8)
        loss, _ = forward_backward(model, tok, groups, loss_of, chunk, torch.device("cpu"))
        grads.append((loss, {n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None}))
    (l_full, g_full), (l_gc, g_gc) = grads
    assert float(l_gc) == pytest.approx(float(l_full), rel=1e-5)
    assert g_full.keys() == g_gc.keys()
    for name in g_full:
        torch.testing.assert_close(g_gc[name], g_full[name], rtol=1e-4, atol=1e-6, msg=name)


def test_pooling_follows_the_architecture(tiny_bert, tiny_qwen3):
    assert Embedder.load(tiny_bert, dtype="fp32").pooling == "mean"
    assert Embedder.load(tiny_qwen3, dtype="fp32").pooling == "last"


def test_eos_appended_and_max_length_kept(tiny_qwen3):
    tok = TokenizerWithEOS(load_tokenizer(tiny_qwen3), 6)
    ids = tok.ids(["a b c d e f g h i j", "a"])
    assert all(s[-1] == tok.eos and len(s) <= 6 for s in ids)
    assert tok.ids([[5, 6, 7]]) == [[5, 6, 7, tok.eos]]


def _losses(path: Path) -> dict[int, float]:
    """Last logged loss per step (a resumed run logs the steps after its checkpoint again)."""
    out = {}
    for line in path.read_text().splitlines():
        r = json.loads(line)
        out[r["step"]] = r["loss"]
    return out


def _write_config(path: Path, model: str, name: str, **kw) -> Path:
    import yaml

    cfg = dict(name=name, model=model, mixture="synth", batch_size=8, chunk_size=4, max_len_query=16, max_len_passage=16,
               lr=1e-3, min_lr=1e-5, warmup_steps=2, max_steps=10, checkpoint_every=2, dtype="fp32", attention="sdpa",
               negatives={"retrieval": 2, "clustering": 2}, eval={"holdout": 0.2}, seed=1)
    cfg.update(kw)
    path.write_text(yaml.safe_dump(cfg))
    return path


def test_killed_run_resumes_onto_the_uninterrupted_loss_curve(train_ws, tiny_bert, tmp_path):
    straight = _write_config(tmp_path / "a.yaml", tiny_bert, "straight")
    killed = _write_config(tmp_path / "b.yaml", tiny_bert, "killed")
    train(load_config(straight, 1), train_ws, progress=False)
    reference = _losses(train_ws / "training/straight/stage1/metrics.jsonl")

    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "training.train", "stage1", str(killed), "--workspace", str(train_ws),
                             "--no-progress"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ckpts = train_ws / "training/killed/stage1/checkpoints"
    deadline = time.time() + 120
    while not (ckpts / "step-000004").exists() and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not (train_ws / "training/killed/stage1/final").exists(), "the run finished before it was killed"

    result = train(load_config(killed, 1), train_ws, progress=False)
    assert result["steps"] == 10
    resumed = _losses(train_ws / "training/killed/stage1/metrics.jsonl")
    assert sorted(resumed) == list(range(1, 11))
    assert resumed == pytest.approx(reference, rel=1e-5, abs=1e-6)


def test_two_stages_export_loads_with_automodel_and_sentence_transformers(train_ws, tiny_qwen3, tmp_path):
    st = pytest.importorskip("sentence_transformers")
    from transformers import AutoModel

    cfg_file = _write_config(tmp_path / "two.yaml", tiny_qwen3, "two", chunk_size=None, max_steps=4, checkpoint_every=0,
                             stage1={"tasks": ["retrieval", "bitext"]},
                             stage2={"init_from": "two/stage1", "instructions": True, "max_steps": 3})
    assert main(["train", "stage1", str(cfg_file), "--workspace", str(train_ws), "--no-progress"]) == 0
    assert main(["train", "stage2", str(cfg_file), "--workspace", str(train_ws), "--no-progress"]) == 0
    stage2 = train_ws / "training/two/stage2"
    sources = {json.loads(x)["source"] for x in (stage2 / "metrics.jsonl").read_text().splitlines()}
    assert sources <= {"docs", "fr", "clus"}
    final = stage2 / "final"
    AutoModel.from_pretrained(final)
    model = st.SentenceTransformer(str(final), device="cpu")
    emb = model.encode(["the river and the stone"], convert_to_tensor=True)
    assert emb.shape == (1, 32) and float(emb.norm()) == pytest.approx(1.0, rel=1e-4)
    # the exported pipeline embeds as the trainer does (last-token pooling, normalized)
    mine = Embedder.load(str(final), dtype="fp32")
    tok = TokenizerWithEOS(load_tokenizer(str(final)), 16)
    ids, mask = tok.pad_batch(tok.ids(["the river and the stone"]), "cpu")
    with torch.no_grad():
        ref = torch.nn.functional.normalize(mine(ids, mask), dim=-1)
    torch.testing.assert_close(emb, ref, rtol=1e-4, atol=1e-5)

    eval_rows = [json.loads(x) for x in (stage2 / "eval" / "eval.jsonl").read_text().splitlines()]
    assert {r["dim"] for r in eval_rows} == {8, 16, 32}
    assert {"all", "eng_Latn", "fra_Latn"} <= {r["lang"] for r in eval_rows}
    assert main(["train", "eval", str(cfg_file), "--workspace", str(train_ws)]) == 0
    labels = {json.loads(x)["label"] for x in (train_ws / "training/two/eval/eval.jsonl").read_text().splitlines()}
    assert labels == {"base", "stage1", "stage2"}
    assert (train_ws / "training/two/eval/stage2.txt").read_text().startswith("lang")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return
    assert (train_ws / "training/two/eval/stage2.png").stat().st_size > 1000


def test_config_errors_name_the_fix(tmp_path, tiny_bert, train_ws):
    cfg_file = _write_config(tmp_path / "c.yaml", tiny_bert, "c", stage=2)
    with pytest.raises(ConfigError, match="this file is a stage-2 config"):
        load_config(cfg_file, 1)
    bad = _write_config(tmp_path / "d.yaml", tiny_bert, "d", init_from="nowhere/stage1")
    with pytest.raises(ConfigError, match="train that stage first"):
        load_config(bad, 1).start_weights(train_ws)
    with pytest.raises(ConfigError, match="batch_siz"):
        load_config(_write_config(tmp_path / "e.yaml", tiny_bert, "e", batch_siz=3), 1)


def test_shipped_configs_validate():
    for name, stages in (("stage1.yaml", [1]), ("stage2.yaml", [2]), ("demo-minilm.yaml", [1, 2])):
        for s in stages:
            assert load_config(REPO / "configs/train" / name, s).stage == s
