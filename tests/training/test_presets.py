"""The F2LLM-v2 presets and defaults match the authors' released models and code (README "Fidelity").

Parameter counts: mteb's model metadata for codefuse-ai/F2LLM-v2-{80M,160M,330M}; training settings:
CodeFuse-Embeddings F2LLM/ at commit 1c5291549b9cee9eeab1cd9de6a67be4d0295da0."""

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from training.config import F2LLM_INBATCH_TASKS, TrainConfig, load_config  # noqa: E402
from training.data import Batch, split_holdout  # noqa: E402
from training.prune import count_params, load_prune_config, shaped_config  # noqa: E402
from training.train import checkpoint_due, lr_lambda, param_groups, uses_inbatch  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
PUBLISHED = {"80m": (320, 80_084_288), "160m": (640, 159_185_024), "330m": (896, 334_349_184)}


def qwen3_0_6b_config():
    from transformers import Qwen3Config

    return Qwen3Config(vocab_size=151936, hidden_size=1024, num_hidden_layers=28, num_attention_heads=16, num_key_value_heads=8,
                       head_dim=128, intermediate_size=3072, max_position_embeddings=40960, tie_word_embeddings=True)


@pytest.mark.parametrize("size", sorted(PUBLISHED))
def test_preset_shapes_have_the_released_parameter_counts(size):
    hidden, published = PUBLISHED[size]
    preset = load_prune_config(REPO / "configs" / "train" / f"f2llm-v2-{size}.yaml")
    assert preset.prune.target["hidden_size"] == hidden
    assert count_params(shaped_config(qwen3_0_6b_config(), preset.prune.target)) == published


def test_the_80m_preset_is_the_released_config():
    """num_hidden_layers 8 and intermediate_size 2048 are in the released F2LLM-v2-80M config.json."""
    t = load_prune_config(REPO / "configs" / "train" / "f2llm-v2-80m.yaml").prune.target
    assert (t["num_hidden_layers"], t["intermediate_size"], t["num_attention_heads"], t["num_key_value_heads"]) == (8, 2048, 16, 8)


@pytest.mark.parametrize("size", sorted(PUBLISHED))
def test_presets_use_f2llm_training_defaults(size):
    for stage in (1, 2):
        cfg = load_config(REPO / "configs" / "train" / f"f2llm-v2-{size}.yaml", stage)
        assert cfg.matryoshka.weights == "f2llm" and cfg.distill.losses == ["f2llm_mse"] and cfg.distill.cache is False
        assert cfg.betas == (0.9, 0.98) and cfg.decay == "all" and cfg.grad_clip == 1.0
        assert cfg.max_len_query == cfg.max_len_passage == 1024
        assert cfg.inbatch_tasks == F2LLM_INBATCH_TASKS and cfg.eval.holdout_all_tasks and cfg.eval.holdout == 0.01
        assert cfg.keep_checkpoints == 5 and cfg.merge_every == 500


def test_code_defaults_are_f2llm_and_ours_stay_available():
    cfg = TrainConfig(name="x", stage=1, model="m", mixture="x")
    assert (cfg.betas, cfg.decay, cfg.weight_decay, cfg.warmup_steps, cfg.grad_clip) == ((0.9, 0.98), "all", 0.01, 500, 1.0)
    assert (cfg.lr, cfg.min_lr, cfg.temperature, cfg.max_len_query) == (8e-6, 1e-7, 0.05, 1024)
    assert cfg.matryoshka.weights == "f2llm"
    assert set(F2LLM_INBATCH_TASKS) == {"retrieval", "sts", "nli", "bitext", "code"}
    ours = TrainConfig(name="x", stage=1, model="m", mixture="x", betas=(0.9, 0.999), decay="matrices",
                       matryoshka={"weights": "dims_count"}, inbatch_tasks=["retrieval", "bitext", "code"])
    assert ours.decay == "matrices" and ours.matryoshka.weights == "dims_count"


def test_weight_decay_groups():
    model = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.LayerNorm(4))
    everything = param_groups(model, 0.01)
    assert len(everything) == 1 and len(everything[0]["params"]) == 4 and everything[0]["weight_decay"] == 0.01
    split = param_groups(model, 0.01, decay_all=False)
    assert [len(g["params"]) for g in split] == [1, 3] and split[1]["weight_decay"] == 0.0


def test_inbatch_by_task_or_by_source_list():
    cfg = TrainConfig(name="x", stage=1, model="m", mixture="x")
    batch = lambda source, task: Batch(source=source, task=task, queries=[], passages=[], negatives=[])  # noqa: E731
    assert uses_inbatch(cfg, batch("snli", "nli")) and uses_inbatch(cfg, batch("stsb", "sts"))
    assert not uses_inbatch(cfg, batch("banking77", "clustering"))
    by_name = cfg.model_copy(update={"inbatch_sources": ["snli"]})
    assert uses_inbatch(by_name, batch("snli", "nli")) and not uses_inbatch(by_name, batch("msmarco", "retrieval"))


def test_merge_checkpoints_are_the_last_k_evenly_spaced():
    cfg = TrainConfig(name="x", stage=1, model="m", mixture="x", checkpoint_every=1000, keep_checkpoints=5, merge_every=500)
    saved = [s for s in range(1, 5001) if checkpoint_due(cfg, s, 5000)]
    assert saved == [1000, 2000, 3000, 3500, 4000, 4500, 5000]  # the last 5 (kept): 3000 ... 5000


def test_holdout_of_every_task_keeps_them_out_of_training():
    rows = {"clus": [{"sample_id": f"{i:02x}" + "0" * 30, "task": "clustering"} for i in range(256)]}
    train_default, held = split_holdout(rows, 0.1, ["retrieval"])
    assert len(train_default["clus"]) == 256 and held == []
    train_all, held = split_holdout(rows, 0.1, ["retrieval"], all_tasks=True)
    assert 20 <= 256 - len(train_all["clus"]) <= 30 and held == []  # about 10% left out, none scored


def test_warmup_is_counted_in_optimizer_steps():
    assert lr_lambda(0, 500, 10_000, 0.0125) == pytest.approx(1 / 500)
    assert lr_lambda(499, 500, 10_000, 0.0125) == pytest.approx(1.0)
