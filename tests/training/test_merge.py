"""Checkpoint merging: the last K checkpoints of a tiny run are averaged (uniform or weighted) into
an export that loads with SentenceTransformer and is evaluated beside the last checkpoint."""

import json

import pytest

torch = pytest.importorskip("torch")

from curation.cli import main  # noqa: E402
from curation.errors import ConfigError  # noqa: E402
from training.config import load_config  # noqa: E402
from training.merge import merge_run, merge_state_dicts  # noqa: E402
from training.model import Embedder  # noqa: E402

from .test_train import _write_config  # noqa: E402


def test_merge_state_dicts_is_the_weighted_mean():
    a = {"w": torch.tensor([1.0, 2.0]), "n": torch.tensor(3)}
    b = {"w": torch.tensor([3.0, 6.0]), "n": torch.tensor(4)}
    assert merge_state_dicts([a, b])["w"].tolist() == [2.0, 4.0]
    assert merge_state_dicts([a, b], [1, 3])["w"].tolist() == [2.5, 5.0]
    assert merge_state_dicts([a, b])["n"].item() == 4  # integer buffers: the last checkpoint's
    with pytest.raises(ValueError, match="non-negative"):
        merge_state_dicts([a, b], [1, -1])


def test_merge_the_last_three_checkpoints_of_a_run(train_ws, tiny_qwen3, tmp_path, capsys):
    st = pytest.importorskip("sentence_transformers")
    cfg_file = _write_config(tmp_path / "m.yaml", tiny_qwen3, "m", chunk_size=None, max_steps=8, checkpoint_every=0,
                             keep_checkpoints=3, merge_every=2)
    assert main(["train", "stage1", str(cfg_file), "--workspace", str(train_ws), "--no-progress"]) == 0
    out = train_ws / "training/m/stage1"
    kept = sorted(p.name for p in (out / "checkpoints").glob("step-*"))
    assert kept == ["step-000004", "step-000006", "step-000008"]  # every 2 in the last 3 x 2 steps, the last 3 kept

    capsys.readouterr()
    assert main(["train", "merge", str(cfg_file), "--last", "3", "--workspace", str(train_ws)]) == 0
    printed = capsys.readouterr().out
    merged = out / "merged"
    assert json.loads((merged / "merge.json").read_text())["checkpoints"] == kept
    states = [torch.load(out / "checkpoints" / k / "state.pt", weights_only=False)["model"] for k in kept]
    got = Embedder.load(str(merged), dtype="fp32").state_dict()
    for name in ("model.layers.0.mlp.up_proj.weight", "model.embed_tokens.weight"):
        torch.testing.assert_close(got[name], sum(s[name] for s in states) / 3)
    assert not torch.equal(got["model.layers.0.mlp.up_proj.weight"], states[-1]["model.layers.0.mlp.up_proj.weight"])

    emb = st.SentenceTransformer(str(merged), device="cpu").encode(["the river and the stone"])
    assert emb.shape == (1, 32)
    labels = [json.loads(x)["label"] for x in (train_ws / "training/m/eval/eval.jsonl").read_text().splitlines()]
    assert {str(out / "final").replace("/", "_"), str(merged).replace("/", "_")} == set(labels)
    assert "recall@10 before" in printed  # the last checkpoint -> merged comparison table

    # weighted: all weight on the newest checkpoint gives the last checkpoint back
    last_only = merge_run(load_config(cfg_file, 1), train_ws, 3, [0, 0, 1])
    torch.testing.assert_close(Embedder.load(str(last_only), dtype="fp32").state_dict()["model.norm.weight"],
                               states[-1]["model.norm.weight"])
    with pytest.raises(ConfigError, match="keep_checkpoints: 5"):
        merge_run(load_config(cfg_file, 1), train_ws, 5)
