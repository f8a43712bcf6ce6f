"""Structured pruning: exact slicing, importance-driven choices, shapes and parameter budgets, and
checkpoints that load with AutoModel and SentenceTransformer."""

import copy
import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from curation.cli import main  # noqa: E402
from curation.errors import ConfigError  # noqa: E402
from training.prune import (  # noqa: E402
    calibration_texts, check_shape, count_params, full_shape, load_prune_config, propose_shape, prune_model,
    run_prune, shape_of, shaped_config)

REPO = Path(__file__).resolve().parents[2]
TEXTS = [f"the {w} near the river number {i} is quiet today" for i, w in enumerate("stone light market winter garden letter".split() * 4)]


def tiny_qwen3_model(layers: int = 4, vocab: int = 1000):
    from transformers import Qwen3Config, Qwen3Model

    torch.manual_seed(0)
    cfg = Qwen3Config(vocab_size=vocab, hidden_size=64, num_hidden_layers=layers, num_attention_heads=4, num_key_value_heads=2,
                      head_dim=16, intermediate_size=128, max_position_embeddings=128, tie_word_embeddings=True)
    return Qwen3Model(cfg).eval()


def tiny_bert_model():
    from transformers import BertConfig, BertModel

    torch.manual_seed(0)
    cfg = BertConfig(vocab_size=1000, hidden_size=64, num_hidden_layers=4, num_attention_heads=4, intermediate_size=128,
                     max_position_embeddings=128, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    return BertModel(cfg).eval()


def batches(n: int = 3, vocab: int = 1000):
    g = torch.Generator().manual_seed(1)
    out = []
    for _ in range(n):
        ids = torch.randint(0, vocab, (4, 12), generator=g)
        mask = torch.ones_like(ids)
        mask[0, 9:] = 0
        out.append((ids, mask))
    return out


def hidden(model, ids):
    with torch.no_grad():
        return model(input_ids=ids).last_hidden_state


@pytest.mark.parametrize("make", [tiny_qwen3_model, tiny_bert_model])
def test_pruning_to_the_same_shape_changes_nothing(make):
    model = make()
    same, report = prune_model(model, batches(), shape_of(model.config))
    ids = batches(1)[0][0]
    torch.testing.assert_close(hidden(same, ids), hidden(model, ids), rtol=0, atol=0)
    assert report["params_after"] == report["params_before"]


def test_requested_qwen3_shape_runs_and_counts_match():
    model = tiny_qwen3_model()
    shape = full_shape(model.config, {"num_hidden_layers": 2, "hidden_size": 48, "num_attention_heads": 2, "intermediate_size": 64})
    assert shape["num_key_value_heads"] == 1  # 2 heads of a group of 2
    new, report = prune_model(model, batches(), shape)
    assert shape_of(new.config) == shape and report["shape_after"] == shape
    assert new.config.head_dim == 16 and new.layers[0].self_attn.q_norm.weight.shape == (16,)
    assert new.embed_tokens.weight.shape == (1000, 48)
    assert hidden(new, batches(1)[0][0]).shape == (4, 12, 48)
    n = sum(p.numel() for p in new.parameters())
    assert n == report["params_after"] == count_params(shaped_config(model.config, shape))
    # by hand: embeddings + per layer (q, k, v, o, q/k norms, 3 MLP matrices, 2 norms) + final norm
    per_layer = 48 * 32 + 2 * 48 * 16 + 32 * 48 + 2 * 16 + 3 * 48 * 64 + 2 * 48
    assert n == 1000 * 48 + 2 * per_layer + 48


def test_removed_heads_equal_masked_heads():
    """Cutting heads out gives exactly the original model with those heads' outputs zeroed."""
    model = tiny_qwen3_model()
    shape = full_shape(model.config, {"num_attention_heads": 2, "num_key_value_heads": 2})
    new, report = prune_model(model, batches(), shape)
    masked = copy.deepcopy(model)
    for layer, kept in report["heads_kept"].items():
        o = masked.layers[int(layer)].self_attn.o_proj.weight.data
        for head in set(range(4)) - set(kept):
            o[:, head * 16:(head + 1) * 16] = 0
    ids = batches(1)[0][0]
    torch.testing.assert_close(hidden(new, ids), hidden(masked, ids), rtol=1e-5, atol=1e-5)
    assert all(len(k) == 2 for k in report["heads_kept"].values())


def test_gqa_keeps_whole_groups():
    model = tiny_qwen3_model()
    shape = full_shape(model.config, {"num_attention_heads": 2, "num_key_value_heads": 1})
    _, report = prune_model(model, batches(), shape)
    for layer, heads in report["heads_kept"].items():
        (group,) = report["kv_groups_kept"][layer]
        assert [h // 2 for h in heads] == [group, group]  # both kept query heads read the kept KV group


def test_the_layer_that_does_nothing_is_removed_first():
    model = tiny_qwen3_model()
    with torch.no_grad():  # block 2 adds nothing to the residual stream: block influence 0
        model.layers[2].self_attn.o_proj.weight.zero_()
        model.layers[2].mlp.down_proj.weight.zero_()
    new, report = prune_model(model, batches(), full_shape(model.config, {"num_hidden_layers": 3}))
    assert report["layers_removed"] == [2]
    assert report["block_influence"][2] == pytest.approx(0, abs=1e-6)
    ids = batches(1)[0][0]
    torch.testing.assert_close(hidden(new, ids), hidden(model, ids), rtol=1e-5, atol=1e-5)


def test_bert_heads_and_hidden_move_together():
    model = tiny_bert_model()
    shape = full_shape(model.config, {"hidden_size": 32})
    assert shape["num_attention_heads"] == 2  # the head size (16) stays
    new, _ = prune_model(model, batches(), shape)
    assert hidden(new, batches(1)[0][0]).shape == (4, 12, 32)
    with pytest.raises(ConfigError, match="head size"):
        check_shape(model.config, {**shape, "num_attention_heads": 4, "num_key_value_heads": 4})


def test_impossible_shapes_name_the_fix():
    model = tiny_qwen3_model()
    with pytest.raises(ConfigError, match="multiple of"):
        check_shape(model.config, {**shape_of(model.config), "num_attention_heads": 3})
    with pytest.raises(ConfigError, match="pruning only removes"):
        check_shape(model.config, {**shape_of(model.config), "num_hidden_layers": 8})


def qwen3_0_6b_config():
    """Qwen3-0.6B's published shape (no weights needed to count parameters)."""
    from transformers import Qwen3Config

    return Qwen3Config(vocab_size=151936, hidden_size=1024, num_hidden_layers=28, num_attention_heads=16, num_key_value_heads=8,
                       head_dim=128, intermediate_size=3072, max_position_embeddings=40960, tie_word_embeddings=True)


@pytest.mark.parametrize("budget", ["80M", "160M", "330M"])
def test_budget_proposals_fit_and_match_the_presets(budget):
    cfg = qwen3_0_6b_config()
    assert count_params(cfg) == 596_049_920  # Qwen3-0.6B as published (tied embeddings)
    n = {"80M": 80e6, "160M": 160e6, "330M": 330e6}[budget]
    shape = propose_shape(cfg, int(n))
    check_shape(cfg, shape)
    params = count_params(shaped_config(cfg, shape))
    assert 0.9 * n <= params <= n  # the presets use the released shapes instead (tests/training/test_presets.py)


def test_budget_with_fixed_keys_keeps_them():
    cfg = qwen3_0_6b_config()
    shape = propose_shape(cfg, 160_000_000, {"num_hidden_layers": 14})
    assert shape["num_hidden_layers"] == 14
    assert count_params(shaped_config(cfg, shape)) <= 160_000_000


def test_calibration_text_comes_from_many_languages(quickstart_ws):
    texts = calibration_texts(quickstart_ws.root, 200)
    assert len(texts) == 200
    assert len(set(texts)) > 150
    with quickstart_ws.connect(read_only=True) as con:
        langs = {r[0] for r in con.execute(
            "SELECT DISTINCT lang FROM samples_clean WHERE query IN (SELECT unnest(?)) OR positive IN (SELECT unnest(?))",
            [texts, texts]).fetchall()}
    assert len(langs) >= 50  # one language after another, not the first source's rows


def _save(model, tokenizer_dir: str, out: Path) -> str:
    from transformers import AutoTokenizer

    model.save_pretrained(out)
    AutoTokenizer.from_pretrained(tokenizer_dir).save_pretrained(out)
    return str(out)


def test_pruned_qwen3_checkpoint_loads_with_automodel_and_sentence_transformers(tmp_path, tokenizer_dir):
    from transformers import AutoModel

    st = pytest.importorskip("sentence_transformers")
    source = _save(tiny_qwen3_model(vocab=30522), tokenizer_dir, tmp_path / "qwen3")
    config = tmp_path / "prune.yaml"
    config.write_text(f"name: small\nmodel: {source}\nprune:\n  target_params: 1.6M\n"
                      "  calibration: {texts: 16, max_length: 16, batch_size: 8}\n")
    report = run_prune(config, tmp_path / "ws", texts=TEXTS)
    final = Path(report["final"])
    assert report["params_after"] <= 1_600_000 < report["params_before"]
    loaded = AutoModel.from_pretrained(final)
    assert sum(p.numel() for p in loaded.parameters()) == report["params_after"]
    assert loaded.config.hidden_size == report["shape_after"]["hidden_size"]
    emb = st.SentenceTransformer(str(final), device="cpu").encode(["a stone by the river", "market day"])
    assert emb.shape == (2, report["shape_after"]["hidden_size"])
    saved = json.loads((final.parent / "prune_report.json").read_text())
    assert saved["layers_removed"] == report["layers_removed"] and saved["target_params"] == 1_600_000


def test_cli_prune_on_the_workspace(quickstart_ws, tmp_path, tokenizer_dir, capsys):
    source = _save(tiny_qwen3_model(vocab=30522), tokenizer_dir, tmp_path / "qwen3")
    config = tmp_path / "prune.yaml"
    config.write_text(f"name: cli-prune-test\nmodel: {source}\nprune:\n  target: {{num_hidden_layers: 2, intermediate_size: 64}}\n"
                      "  calibration: {texts: 32, max_length: 32}\n")
    assert main(["train", "prune", str(config), "--workspace", str(quickstart_ws.root)]) == 0
    out = capsys.readouterr().out
    assert "num_hidden_layers" in out and "4 -> 2" in out and "calibrated on 32 texts" in out
    assert (quickstart_ws.root / "training" / "cli-prune-test" / "pruned" / "final" / "model.safetensors").exists()


def test_config_without_a_target_names_the_fix(tmp_path):
    config = tmp_path / "p.yaml"
    config.write_text("name: x\nmodel: m\nprune: {calibration: {texts: 16}}\n")
    with pytest.raises(ConfigError, match="target_params"):
        load_prune_config(config)
