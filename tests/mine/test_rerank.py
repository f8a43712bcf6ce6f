"""mine.rerank: the F2LLM filter's survivors rescored by a cross-encoder (a tiny one built here from
a transformers config); likely false negatives dropped under their own reason, reranker scores of
positive and kept negatives stored, counted in `runs`, and exported by a mixture as teacher scores."""

import json

import duckdb
import numpy as np
import pytest

from curation.errors import ConfigError
from curation.mine.filter import rerank_drop
from curation.mine.rerank import Reranker
from curation.mine.stage import MineConfig, mine
from tests.mine.conftest import _tokenizer, torch, transformers

FILTER = {"top_k": 30, "skip_top": 1, "max_score": 1.1, "relative": 2.0, "num_negatives": 4}  # score rules off: a random encoder scores all near 1


@pytest.fixture(scope="session")
def tiny_cross_encoder(tmp_path_factory) -> str:
    """A random 1-label BertForSequenceClassification: a cross-encoder in shape, saved to tmp."""
    d = tmp_path_factory.mktemp("tiny_ce")
    torch.manual_seed(1)
    cfg = transformers.BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                  intermediate_size=64, num_labels=1)
    model = transformers.BertForSequenceClassification(cfg).eval()
    # A random head gives almost the same logit to every pair: standardise it on a few pairs, so
    # scores spread over (0, 1) and differ far beyond float noise.
    tok = _tokenizer(eos=False)
    pairs = tok([f"what is fact {j} about cats?" for j in range(8)], [f"Fact {7 - j} about {t}" for j, t in enumerate("abcdefgh")],
                padding=True, return_tensors="pt")
    with torch.no_grad():
        logits = model(**pairs).logits[:, 0]
        model.classifier.weight.div_(logits.std())
        model.classifier.bias.sub_(logits.mean()).div_(logits.std())
    model.save_pretrained(d)
    _tokenizer(eos=False).save_pretrained(d)
    return str(d)


def reference_scores(path: str, queries: list[str], passages: list[str]) -> np.ndarray:
    """sigmoid of the model's logit for each pair, one pair at a time (no batching, no padding)."""
    tok = transformers.AutoTokenizer.from_pretrained(path)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(path).eval()
    out = []
    with torch.inference_mode():
        for q, p in zip(queries, passages):
            out.append(torch.sigmoid(model(**tok(q, p, return_tensors="pt")).logits[0, 0]).item())
    return np.array(out, dtype=np.float32)


def cfg(encoder: str, **kw) -> MineConfig:
    return MineConfig.model_validate({"model": encoder, "view": "samples", "filter": FILTER, **kw})


def rows(ws) -> dict:
    with ws.connect() as con:
        return {r["sample_id"]: r for r in con.sql("SELECT * FROM mine").to_arrow_table().to_pylist()}


def test_batched_scores_equal_pair_by_pair(tiny_cross_encoder):
    q = ["what is fact 1 about cats?", "tell me about rivers", "a"]
    p = ["Fact 1 about cats: cats are item 1.", "Rivers flow to the sea, mostly, and some of them are long.", "b c d"]
    got = Reranker(tiny_cross_encoder, batch_size=2).score(q, p)
    assert np.allclose(got, reference_scores(tiny_cross_encoder, q, p), atol=1e-5)
    assert ((got > 0) & (got < 1)).all()


def test_rerank_drop_rules():
    s = np.array([0.2, 0.6, 0.9])
    assert rerank_drop(s, 0.8, max_score=None, relative=0.95).tolist() == [False, False, True]
    assert rerank_drop(s, 0.8, max_score=0.5, relative=None).tolist() == [False, True, True]
    assert rerank_drop(s, 0.1, max_score=0.95, relative=0.95).tolist() == [True, True, True]


def test_scores_and_rule_match_sentence_transformers_cross_encoder(tiny_cross_encoder):
    """mine.rerank reads a cross-encoder as sentence-transformers' `mine_hard_negatives(cross_encoder=)` does:
    CrossEncoder.predict applies Sigmoid to a 1-label head, and its relative_margin m drops a candidate
    scoring above pos - |pos| * m, which for scores in [0, 1] is `relative: 1 - m`; max_score is the same."""
    st = pytest.importorskip("sentence_transformers")
    q = ["what is fact 1 about cats?", "tell me about rivers", "a", "what is fact 3 about cats?"] * 3
    p = ["Fact 1 about cats.", "Rivers flow to the sea.", "b c d", "Fact 3 about h"] + [f"Fact {j} about {t}" for j, t in enumerate("abcdefgh")]
    ours = Reranker(tiny_cross_encoder, batch_size=5).score(q, p)
    theirs = st.CrossEncoder(tiny_cross_encoder, device="cpu").predict(list(zip(q, p)), batch_size=5)
    assert np.allclose(ours, theirs, atol=1e-4)  # padding differs: float noise only
    margin, max_score = 0.05, 0.55
    for pos in (0.0, 0.3, 0.62, 0.99):
        st_drop = (ours > pos - abs(pos) * margin) | (ours > max_score)  # hard_negatives.py's two masks
        assert rerank_drop(ours, pos, max_score=max_score, relative=1 - margin).tolist() == st_drop.tolist()


def test_reranked_negatives_are_the_first_survivors_the_reranker_accepts(mine_ws, tiny_bert, tiny_cross_encoder):
    """Reference: mine without the reranker, with num_negatives = rerank.candidates, gives each
    sample's first survivors; scoring them pair by pair and dropping those above relative x the
    positive's score must give exactly the stage's negatives, scores and drop counts."""
    many = {**FILTER, "num_negatives": 10}
    mine(mine_ws, MineConfig.model_validate({"model": tiny_bert, "view": "samples", "filter": many}), progress=False)
    survivors = rows(mine_ws)
    rr = {"model": tiny_cross_encoder, "relative": 1.0, "max_score": None, "candidates": 10, "batch_size": 7}
    counts = mine(mine_ws, cfg(tiny_bert, rerank=rr), force=True, progress=False)
    got = rows(mine_ws)
    with mine_ws.connect() as con:
        pos = dict(con.execute("SELECT sample_id, positive FROM samples").fetchall())
        query = dict(con.execute("SELECT sample_id, query FROM samples").fetchall())
    dropped_total = 0
    for sid, row in got.items():
        cands = survivors[sid]["negatives"]
        s = reference_scores(tiny_cross_encoder, [query[sid]] * (len(cands) + 1), [pos[sid], *cands])
        keep = [c for c, x in zip(cands, s[1:]) if x <= s[0] + 1e-6]
        assert row["negatives"] == keep[:FILTER["num_negatives"]], sid
        assert row["dropped_rerank"] == len(cands) - len(keep)
        assert row["rerank_positive"] == pytest.approx(s[0], abs=1e-4)
        assert row["rerank_scores"] == pytest.approx([x for x in s[1:] if x <= s[0] + 1e-6][:FILTER["num_negatives"]], abs=1e-4)
        dropped_total += row["dropped_rerank"]
    assert dropped_total > 0  # a random reranker prefers some negatives over the positive
    assert counts["dropped"]["rerank"] == dropped_total
    with mine_ws.connect() as con:
        run = json.loads(con.execute("SELECT counts FROM runs WHERE stage = 'mine' ORDER BY started_at DESC LIMIT 1").fetchone()[0])
        assert run["dropped"]["rerank"] == dropped_total
        assert con.execute("SELECT sum(dropped_rerank) FROM mining_quality").fetchone()[0] == dropped_total
        assert con.execute("SELECT count(*) FROM mined_teacher_scores").fetchone()[0] == len(got)


def test_max_score_threshold(mine_ws, tiny_bert, tiny_cross_encoder):
    mine(mine_ws, cfg(tiny_bert, rerank={"model": tiny_cross_encoder, "relative": None, "max_score": 0.0}), progress=False)
    got = rows(mine_ws)
    assert all(r["negatives"] == [] and r["dropped_rerank"] > 0 for r in got.values() if r["candidates"] > FILTER["skip_top"] + 3)


def test_without_rerank_the_columns_are_null(mine_ws, tiny_bert):
    mine(mine_ws, cfg(tiny_bert), progress=False)
    r = next(iter(rows(mine_ws).values()))
    assert r["rerank_positive"] is None and r["rerank_scores"] is None and r["dropped_rerank"] == 0


def test_bad_rerankers_fail_with_the_fix(mine_ws, tiny_bert, tmp_path):
    with pytest.raises(ConfigError, match="cannot load reranker"):
        mine(mine_ws, cfg(tiny_bert, rerank={"model": str(tmp_path / "nope")}), progress=False)
    three = tmp_path / "three"
    transformers.BertForSequenceClassification(transformers.BertConfig(
        vocab_size=30522, hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64, num_labels=3)).save_pretrained(three)
    _tokenizer(eos=False).save_pretrained(three)
    with pytest.raises(ConfigError, match="3 labels"):
        Reranker(str(three))
    with pytest.raises(ValueError, match="max_score or relative"):
        cfg(tiny_bert, rerank={"model": "x", "relative": None})


def test_two_label_head_reads_p_label_1(tmp_path):
    two = tmp_path / "two"
    torch.manual_seed(2)
    transformers.BertForSequenceClassification(transformers.BertConfig(
        vocab_size=30522, hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64, num_labels=2)).save_pretrained(two)
    _tokenizer(eos=False).save_pretrained(two)
    tok = transformers.AutoTokenizer.from_pretrained(two)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(two).eval()
    with torch.inference_mode():
        want = torch.softmax(model(**tok("q", "p", return_tensors="pt")).logits, -1)[0, 1].item()
    assert Reranker(str(two)).score(["q"], ["p"])[0] == pytest.approx(want, abs=1e-5)


def test_mix_exports_teacher_scores(mine_ws, tiny_bert, tiny_cross_encoder):
    from curation.mix.spec import MixSpec
    from curation.mix.stage import mix

    mine(mine_ws, cfg(tiny_bert, rerank={"model": tiny_cross_encoder}), progress=False)
    spec = MixSpec.model_validate({"name": "t", "view": "samples", "tasks": {"retrieval": 50}, "negatives": "mined",
                                   "num_negatives": {"retrieval": 3}, "teacher_scores": True})
    mix(mine_ws, spec, echo=lambda *_: None, force=True)
    shards = str(mine_ws.mixtures / "t" / "shard-*.parquet")
    out = duckdb.connect().sql(f"SELECT sample_id, negative_1, negative_2, negative_3, teacher_scores FROM '{shards}'").fetchall()
    got = rows(mine_ws)
    assert out
    for sid, *negs, teacher in out:
        n = len([x for x in negs if x is not None])
        assert teacher == pytest.approx([got[sid]["rerank_positive"], *got[sid]["rerank_scores"][:n]], abs=1e-6)
    with pytest.raises(ValueError, match="teacher_scores"):
        MixSpec.model_validate({"name": "t", "tasks": {"retrieval": 50}, "negatives": "both", "teacher_scores": True})
