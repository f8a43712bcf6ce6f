"""Distillation: the student moves towards the teacher, the cached teacher equals the online one,
the mining embedding cache is shared, and the loss options behave as documented."""

import json
import math
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from curation.cli import main  # noqa: E402
from curation.errors import ConfigError  # noqa: E402
from training.config import TrainConfig  # noqa: E402
from training.data import load_rows, split_holdout  # noqa: E402
from training.distill import Teacher, distill_loss, training_texts  # noqa: E402
from training.model import Embedder, TokenizerWithEOS, encode  # noqa: E402
from training.train import load_tokenizer, train  # noqa: E402


@pytest.fixture(scope="module")
def wide_bert(tmp_path_factory, tokenizer_dir) -> str:
    """A 64-wide random BERT: a teacher wider than the 32-wide students."""
    from transformers import AutoTokenizer, BertConfig, BertModel

    torch.manual_seed(1)
    cfg = BertConfig(vocab_size=30522, hidden_size=64, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
                     max_position_embeddings=128, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    out = tmp_path_factory.mktemp("wide-bert")
    BertModel(cfg).save_pretrained(out)
    AutoTokenizer.from_pretrained(tokenizer_dir).save_pretrained(out)
    return str(out)


def _cfg(student: str, teacher: str, **distill) -> TrainConfig:
    return TrainConfig.model_validate(dict(
        name="kd", stage=1, model=student, mixture="synth", batch_size=8, max_len_query=16, max_len_passage=16,
        lr=2e-3, min_lr=1e-4, warmup_steps=2, max_steps=4, checkpoint_every=0, dtype="fp32", attention="sdpa",
        negatives={"retrieval": 2, "clustering": 2}, eval={"holdout": 0.2}, seed=3,
        distill={"teacher": teacher, **distill}))


def _metrics(ws: Path) -> list[dict]:
    return [json.loads(line) for line in (ws / "training" / "kd" / "stage1" / "metrics.jsonl").read_text().splitlines()]


def _gap(student: str, teacher: str, texts: list[str]) -> float:
    """Mean squared distance between the student's and the teacher's unit embeddings (student width)."""
    s_model = Embedder.load(student, dtype="fp32", attention="sdpa")
    t_model = Embedder.load(teacher, dtype="fp32", attention="sdpa")
    s = encode(s_model, TokenizerWithEOS(load_tokenizer(student), 16), texts)
    t = encode(t_model, TokenizerWithEOS(load_tokenizer(teacher), 16), texts)
    t = torch.nn.functional.normalize(t[:, : s.shape[1]], dim=-1)
    return float((s - t).pow(2).sum(-1).mean())


def test_distillation_lowers_the_student_teacher_gap(train_ws, tiny_bert, wide_bert):
    held = [r["query"] for r in split_holdout(load_rows(train_ws / "mixtures" / "synth"), 0.2, ["retrieval", "bitext"])[1]]
    assert len(held) >= 5  # texts the student never trained on
    before = _gap(tiny_bert, wide_bert, held)
    cfg = _cfg(tiny_bert, wide_bert, contrastive_weight=0.0).model_copy(update={"max_steps": 30})
    result = train(cfg, train_ws, progress=False)
    after = _gap(result["final"], wide_bert, held)
    assert after < 0.7 * before, (before, after)
    assert all("kd_mse" in m for m in _metrics(train_ws))


def test_cached_teacher_gives_the_same_losses_as_the_online_teacher(tmp_path, tiny_bert, wide_bert):
    from tests.training.conftest import write_mixture

    losses = {}
    for cache in (True, False):
        ws = tmp_path / f"cache-{cache}"
        write_mixture(ws, "synth", [("docs", "retrieval", 48, 4), ("fr", "bitext", 24, 0)])
        result = train(_cfg(tiny_bert, wide_bert, cache=cache, losses=["mse", "kl"]), ws, progress=False)
        losses[cache] = [(m["loss"], m["kd_mse"], m["kd_kl"]) for m in _metrics(ws)]
        assert (result["teacher"]["encoded"] > 0) == cache  # online: nothing precomputed
    for cached, online in zip(losses[True], losses[False]):
        assert cached == pytest.approx(online, rel=1e-4, abs=1e-6)


def test_a_second_run_reads_every_teacher_vector_from_the_cache(train_ws, tiny_bert, wide_bert):
    cfg = _cfg(tiny_bert, wide_bert).model_copy(update={"max_steps": 1})
    first = train(cfg, train_ws, progress=False, resume=False)["teacher"]
    second = train(cfg, train_ws, progress=False, resume=False)["teacher"]
    assert first["encoded"] == first["distinct_texts"] > 0
    assert second == {**first, "cached": first["distinct_texts"], "encoded": 0}


def test_teacher_shares_the_mining_embedding_cache(train_ws, wide_bert):
    """Same model, pooling and max length as a `mine:` section: the same cache folder and vectors."""
    from curation.mine.cache import EmbeddingCache
    from curation.mine.encoder import Encoder
    from curation.mine.stage import embed

    texts = ["a stone in the river", "the market in winter"]
    miner = Encoder(wide_bert, max_length=16, device="cpu")
    embed(miner, EmbeddingCache(train_ws / "cache", miner.key, miner.dim), texts, progress=False)  # what mining writes
    teacher = Teacher(_cfg(wide_bert, wide_bert).distill, train_ws, 16, "cpu", progress=False)
    assert teacher.prepare(texts) == {"distinct_texts": 2, "cached": 2, "encoded": 0}
    torch.testing.assert_close(teacher.embed(texts), torch.from_numpy(miner.encode(texts)), rtol=1e-5, atol=1e-6)


def test_training_texts_cover_queries_passages_and_all_negatives():
    rows = {"s": [{"query": "q", "instruction": "Find it", "passage": "p", "negatives": ["n1", "n2"]}]}
    assert training_texts(rows, instructions=False) == ["q", "p", "n1", "n2"]
    assert training_texts(rows, instructions=True)[0] == "Instruct: Find it\nQuery: q"


def test_losses_vanish_when_the_student_is_the_truncated_teacher():
    torch.manual_seed(0)
    teacher = [torch.randn(4, 64), torch.randn(4, 64), torch.randn(6, 64)]
    student = [t[:, :32] * 3.0 for t in teacher]  # same directions at every student dim, another scale
    loss, parts = distill_loss(student, teacher, ["mse", "cosine", "kl"], [8, 16, 32], [0.2, 0.3, 0.5])
    assert float(loss) == pytest.approx(0, abs=1e-5)
    assert set(parts) == {"kd_mse", "kd_cosine", "kd_kl"}
    moved = [s + torch.randn_like(s) for s in student]
    assert all(v > 1e-3 for v in distill_loss(moved, teacher, ["mse", "cosine", "kl"], [8, 16, 32], [0.2, 0.3, 0.5])[1].values())


def test_a_narrower_teacher_needs_a_projection(train_ws, tiny_bert, wide_bert):
    with pytest.raises(ConfigError, match="distill.projection"):
        train(_cfg(wide_bert, tiny_bert), train_ws, progress=False)
    result = train(_cfg(wide_bert, tiny_bert, projection=True).model_copy(update={"max_steps": 2}), train_ws, progress=False)
    assert result["steps"] == 2
    metrics = _metrics(train_ws)
    assert metrics[-1]["kd_mse"] > 0


def test_projection_resumes_from_a_checkpoint(train_ws, tiny_bert, wide_bert):
    """The learned projection is part of the checkpoint: a resumed run continues with the same losses."""
    cfg = _cfg(wide_bert, tiny_bert, projection=True).model_copy(update={"max_steps": 4, "checkpoint_every": 2})
    train(cfg, train_ws, progress=False)
    straight = [m["loss"] for m in _metrics(train_ws)]
    out = train_ws / "training" / "kd" / "stage1"
    (out / "metrics.jsonl").unlink()
    import shutil

    shutil.rmtree(out / "checkpoints" / "step-000004")
    train(cfg, train_ws, progress=False)  # resumes at step 2
    resumed = [m["loss"] for m in _metrics(train_ws)]
    assert resumed == pytest.approx(straight[2:], rel=1e-5)


def test_cli_distill_needs_a_distill_section(train_ws, tiny_bert, tmp_path, capsys):
    config = tmp_path / "plain.yaml"
    config.write_text(f"name: plain\nmodel: {tiny_bert}\nmixture: synth\n")
    assert main(["train", "distill", str(config), "--workspace", str(train_ws)]) != 0
    err = capsys.readouterr().err
    assert "no `distill:` section" in err and "fix: add `distill: {teacher:" in err


def test_cli_distill_runs_a_stage_with_the_teacher(train_ws, tiny_bert, wide_bert, tmp_path, capsys):
    config = tmp_path / "kd.yaml"
    config.write_text(f"name: kd\nmodel: {tiny_bert}\nmixture: synth\nbatch_size: 8\nmax_len_query: 16\nmax_len_passage: 16\n"
                      f"warmup_steps: 1\ncheckpoint_every: 0\ndtype: fp32\neval: {{holdout: 0.2}}\n"
                      f"distill: {{teacher: {wide_bert}, losses: [cosine]}}\n")
    assert main(["train", "distill", str(config), "--workspace", str(train_ws), "--max-steps", "2", "--no-progress"]) == 0
    assert "distill (stage 1): 2 steps" in capsys.readouterr().out
    assert "kd_cosine" in _metrics(train_ws)[-1]


# ---- distill.loss options against plain reference computations

def _groups(seed: int, ds: int, dt: int):
    g = torch.Generator().manual_seed(seed)
    student = [torch.randn(4, ds, generator=g), torch.randn(4, ds, generator=g), torch.randn(6, ds, generator=g)]
    teacher = [torch.randn(4, dt, generator=g), torch.randn(4, dt, generator=g), torch.randn(6, dt, generator=g)]
    return student, teacher


def test_f2llm_mse_is_the_elementwise_mse_of_raw_features_at_full_width():
    from training.distill import distill_loss

    student, teacher = _groups(5, 8, 12)
    expected = 0.0
    for s, t in zip(student, teacher):  # one mean over all elements per group, teacher cut to 8, summed
        expected += sum(float(s[i, j] - t[i, j]) ** 2 for i in range(s.shape[0]) for j in range(8)) / (s.shape[0] * 8)
    # dims/weights are ignored by f2llm_mse: full width only, raw features (no normalisation)
    loss, parts = distill_loss(student, teacher, ["f2llm_mse"], [4, 8], [0.5, 1.0])
    assert loss.item() == pytest.approx(expected, rel=1e-5)
    assert parts == {"kd_f2llm_mse": pytest.approx(expected, rel=1e-5)}
    scaled = [x * 3 for x in student]  # raw: a rescaled student is a different loss (unit-vector mse would not see it)
    assert distill_loss(scaled, teacher, ["f2llm_mse"], [8], [1.0])[0].item() != pytest.approx(expected, rel=1e-3)


@pytest.mark.parametrize("name", ["mse", "cosine"])
def test_unit_vector_losses_match_a_plain_reference(name):
    from training.distill import distill_loss

    student, teacher = _groups(6, 8, 12)
    s_all, t_all = torch.cat(student), torch.cat(teacher)
    dims, weights = [4, 8], [0.5, 1.0]
    expected = 0.0
    for dim, w in zip(dims, weights):
        acc = 0.0
        for i in range(s_all.shape[0]):
            s, t = s_all[i, :dim] / s_all[i, :dim].norm(), t_all[i, :dim] / t_all[i, :dim].norm()
            acc += float(((s - t) ** 2).sum()) if name == "mse" else 1 - float(s @ t)
        expected += w * acc / s_all.shape[0]
    assert distill_loss(student, teacher, [name], dims, weights)[0].item() == pytest.approx(expected, rel=1e-5)


def test_kl_matches_a_plain_reference():
    from training.distill import distill_loss

    student, teacher = _groups(7, 8, 8)
    t_ = 0.05
    docs_s, docs_t = torch.cat(student[1:]), torch.cat(teacher[1:])
    expected = 0.0
    for i in range(4):
        def probs(q, docs):
            sims = [float(q @ d / (q.norm() * d.norm())) / t_ for d in docs]
            z = max(sims)
            e = [math.exp(x - z) for x in sims]
            return [x / sum(e) for x in e]
        ps, pt = probs(student[0][i], docs_s), probs(teacher[0][i], docs_t)
        expected += sum(b * (math.log(b) - math.log(a)) for a, b in zip(ps, pt))
    loss = distill_loss(student, teacher, ["kl"], [8], [1.0], kl_temperature=t_)[0]
    assert loss.item() == pytest.approx(expected / 4, rel=1e-4)


def test_f2llm_mse_config_runs_the_teacher_online_and_names_the_fix():
    from training.config import DistillConfig

    assert DistillConfig(teacher="t", loss="f2llm_mse").cache is False
    assert DistillConfig(teacher="t").cache is True
    with pytest.raises(ValueError, match="cache: false"):
        DistillConfig(teacher="t", loss="f2llm_mse", cache=True)


def test_f2llm_mse_run_trains_against_the_raw_teacher(train_ws, tiny_bert, wide_bert):
    result = train(_cfg(tiny_bert, wide_bert, loss="f2llm_mse"), train_ws, progress=False)
    assert result["steps"] == 4 and result["teacher"]["encoded"] > 0  # online: the teacher encoded every step's texts
    rows = _metrics(train_ws)
    assert all(r["kd_f2llm_mse"] > 0 for r in rows)
    assert rows[-1]["kd_f2llm_mse"] < rows[0]["kd_f2llm_mse"]
