"""F2LLM filter rules against hand-made scores: raw-rank skip first, then duplicates, other
positives, the absolute and the relative score caps; the first survivors in rank order are kept."""

import numpy as np

from curation.mine.filter import f2llm_filter

ARGS = dict(skip_top=2, max_score=0.8, relative=0.95, num_negatives=2)


def run(scores, pos, dup=None, other=None, valid=None, **kw):
    scores = np.array(scores, dtype=np.float32)
    z = np.zeros_like(scores, dtype=bool)
    return f2llm_filter(scores, ~z if valid is None else np.array(valid), np.array(pos, dtype=np.float32),
                        z if dup is None else np.array(dup), z if other is None else np.array(other), **{**ARGS, **kw})


def test_top_ranks_are_skipped_whatever_their_score():
    # ranks 1-2 skipped although they pass the score filters (sentence-transformers' range_min would
    # skip the best candidates left after its score filters instead: here ranks 3 and 4)
    f = run([[0.5, 0.4, 0.3, 0.2, 0.1]], [0.9])
    assert f.chosen[0].tolist() == [2, 3]
    assert f.dropped["skip_top"].tolist() == [2]


def test_score_caps():
    # rank 3: 0.85 >= 0.8; rank 4: 0.7 >= 0.95 * 0.72; rank 5 and 6 pass
    f = run([[0.99, 0.9, 0.85, 0.7, 0.6, 0.5, 0.4]], [0.72])
    assert f.chosen[0].tolist() == [4, 5]
    assert f.dropped["max_score"].tolist() == [1] and f.dropped["relative"].tolist() == [1]


def test_each_candidate_counts_under_its_first_rule_only():
    f = run([[0.9, 0.9, 0.9, 0.5, 0.4, 0.3]], [0.95], dup=[[1, 0, 1, 0, 0, 0]], other=[[0, 0, 1, 1, 0, 0]])
    counts = {k: v.tolist()[0] for k, v in f.dropped.items()}
    assert counts == {"skip_top": 2, "duplicate": 1, "other_positive": 1, "max_score": 0, "relative": 0, "rerank": 0}
    assert f.chosen[0].tolist() == [4, 5]


def test_invalid_candidates_are_neither_kept_nor_counted():
    f = run([[0.5, 0.4, 0.3, 0.2]], [0.9], valid=[[1, 1, 1, 0]], num_negatives=5)
    assert f.chosen[0].tolist() == [2]
    assert sum(v[0] for v in f.dropped.values()) == 2


def test_fewer_survivors_than_asked():
    f = run([[0.5, 0.4, 0.3]], [0.9], num_negatives=24)
    assert f.chosen[0].tolist() == [2]
