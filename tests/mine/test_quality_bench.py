"""benchmarks/mining_quality_bench.py: the reranker it trains never sees the fixture, and a reranker
that did not learn is recognised as such (the benchmark then prints no reranker row)."""

import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import mining_quality_bench as mq  # noqa: E402
from mining_fixtures import LANGS, body  # noqa: E402

from curation.mine.encoder import resolve_model  # noqa: E402


def test_training_data_is_disjoint_from_the_fixture():
    tok = transformers.AutoTokenizer.from_pretrained(resolve_model("all-MiniLM-L6-v2"))
    pools, info = mq.training_groups(tok, max_decls=6, max_functions=80)
    fixture = mq.fixture_texts()
    texts = {r["text"] for p in pools.values() for r in p["udhr"]} | {t for p in pools.values() for r in p["code"] for t in (r["query"], r["code"])}
    assert texts and not texts & fixture
    decls = {r["decl"] for p in pools.values() for r in p["udhr"]}
    assert decls and not {d.split("_")[0] for d in decls} & {d.split("_")[0] for d in LANGS}
    fixture_bodies = {mq._hash(body(r["code"])) for r in mq.docstrings()[:mq.TRAIN_CODE_FROM]}
    assert not {mq._hash(body(r["code"])) for p in pools.values() for r in p["code"]} & fixture_bodies
    assert not {r["decl"] for r in pools["train"]["udhr"]} & {r["decl"] for r in pools["val"]["udhr"]}
    assert info["udhr_decls_excluded_script"] > 0  # declarations the English word pieces cannot read are left out


def test_validation_metrics_and_learned():
    rule = {"max_score": 0.8, "relative": 0.95}
    flat = mq.validation_metrics(torch.zeros(10, 8), rule)  # an untrained head: every pair the same score
    assert flat["pos_mean"] == flat["neg_mean"] == 0.5 and flat["neg_dropped_by_rule"] == 1.0
    good = torch.full((10, 8), -3.0)
    good[:, 0] = 3.0
    trained = mq.validation_metrics(good, rule)
    assert trained["mrr"] == 1.0 and trained["pairwise_acc"] == 1.0 and trained["neg_dropped_by_rule"] == 0.0
    assert mq.learned(flat, trained) and not mq.learned(flat, flat)
    worse = good.clone()
    worse[:, 1] = 4.0  # a hard negative always above the positive
    assert not mq.learned(flat, mq.validation_metrics(worse, rule))


@pytest.mark.parametrize("first", [0, 2, 3])
def test_cached_top_layers_are_the_model(first):
    """Training runs the top layers on cached states of the frozen ones (the last for [CLS] alone);
    that path must give the saved model's own logits, or the benchmark would ship a different model."""
    torch.manual_seed(0)
    tok = transformers.AutoTokenizer.from_pretrained(resolve_model("all-MiniLM-L6-v2"))
    cfg = transformers.BertConfig(vocab_size=tok.vocab_size, hidden_size=32, num_hidden_layers=3, num_attention_heads=4,
                                  intermediate_size=64, num_labels=1)
    model = transformers.BertForSequenceClassification(cfg).eval()
    model.classifier.weight.data.mul_(50)  # logits well away from 0, so a wrong path shows
    pairs = [("Everyone has the right to life.", "Toute personne a droit à la vie."), ("a", "b c d e f g h"),
             ("Return the sum.", "def add(a, b):\n    return a + b"), ("short", "a much longer passage " * 6)]
    ref = mq.score_pairs(model, tok, pairs, max_length=24, batch=3)
    got = mq.score_cached(model, mq.lower_states(model, tok, pairs, first, max_length=24, batch=2), first)
    assert ref.abs().max() > 0.1 and torch.allclose(got, ref, atol=2e-2)
    model.classifier.bias.data.add_(1.0)
    assert not torch.allclose(mq.score_cached(model, mq.lower_states(model, tok, pairs, first, 24), first), ref, atol=0.5)


def test_tune_rule_prefers_the_rule_that_drops_further_positives_not_negatives():
    pos = torch.tensor([0.9, 0.8, 0.6])
    neg = torch.tensor([[0.1, 0.3, 0.5], [0.2, 0.65, 0.1], [0.05, 0.2, 0.4]])
    alt = torch.tensor([0.85, 0.75, 0.58, 0.7])  # further true positives of groups 0, 1, 2, 2
    rule = mq.tune_rule(pos, neg, [0, 1, 2, 2], alt)
    assert rule["alt_dropped"] == 1.0 and rule["neg_dropped"] == 0.0 and rule["j"] == 1.0
    drop_alt = (alt > rule["max_score"] if rule["max_score"] is not None else torch.zeros(4, dtype=torch.bool)) | \
        (alt > rule["relative"] * pos[[0, 1, 2, 2]] if rule["relative"] is not None else torch.zeros(4, dtype=torch.bool))
    assert drop_alt.all()
    # further positives that score like negatives: no rule separates them
    assert mq.tune_rule(pos, neg, [0, 1, 2, 2], torch.tensor([0.1, 0.2, 0.05, 0.3]))["j"] <= 0.34
