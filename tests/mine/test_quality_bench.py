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
