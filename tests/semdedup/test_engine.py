"""The semdedup engine on synthetic unit vectors: groups, partitions, representative policy, and
the same answer whatever the batch and group sizes that bound its memory."""

import numpy as np
import pytest

from curation.semdedup.engine import SemParams, semdedup_file

pytest.importorskip("faiss")
DIM = 32


def corpus(tmp_path, n=3000, seed=0):
    """n random unit vectors; rows 1 and 2 near copies of row 0 (cosine ~0.99), row 11 of row 10,
    row 2001 an exact copy of row 2000."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, DIM)).astype(np.float32)
    for copy, of in ((1, 0), (2, 0), (11, 10), (2001, 2000)):
        x[copy] = x[of] + (0.02 if copy != 2001 else 0.0) * rng.standard_normal(DIM)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    path = tmp_path / "v.f32"
    x.tofile(path)
    return path, x


def run(path, n, bounds=None, priority=None, length=None, age=None, **params):
    return semdedup_file(path, DIM, bounds or [(0, n)], np.zeros(n, np.int64) if priority is None else priority,
                         np.zeros(n, np.int64) if length is None else length, np.arange(n) if age is None else age,
                         SemParams(**{"threshold": 0.95, "cluster_size": 300, **params}))


def test_near_copies_join_one_group_and_distinct_rows_stay_apart(tmp_path):
    path, x = corpus(tmp_path)
    r = run(path, len(x))
    assert sorted(np.nonzero(r.duplicate)[0].tolist()) == [1, 2, 11, 2001]
    assert r.representative[[0, 1, 2, 10, 11, 2000, 2001]].tolist() == [0, 0, 0, 10, 10, 2000, 2000]  # oldest kept
    assert r.group_size[[0, 1, 2, 3]].tolist() == [3, 3, 3, 1]
    assert r.similarity[1] == pytest.approx(float(x[1] @ x[0]), abs=1e-5) and r.similarity[1] >= 0.95
    assert r.stats["kmeans_clusters"] == 10 and r.stats["duplicates"] == 4


def test_representative_policy_is_dedups_priority_then_longest_then_oldest(tmp_path):
    path, x = corpus(tmp_path)
    n = len(x)
    length = np.zeros(n, np.int64)
    length[2] = 50
    assert run(path, n, length=length).representative[[0, 1, 2]].tolist() == [2, 2, 2]  # longest
    priority = np.ones(n, np.int64)
    priority[1] = 0
    assert run(path, n, priority=priority, length=length).representative[[0, 1, 2]].tolist() == [1, 1, 1]  # priority first


def test_partitions_are_compared_apart(tmp_path):
    path, x = corpus(tmp_path)
    r = run(path, len(x), bounds=[(0, 1), (1, len(x))])  # row 0 alone: its copies 1 and 2 still join each other
    assert not r.duplicate[0] and r.representative[[1, 2]].tolist() == [1, 1]
    assert r.kmeans_cluster[0] != r.kmeans_cluster[1]


def test_small_batches_and_groups_give_the_same_result(tmp_path):
    path, x = corpus(tmp_path)
    whole = run(path, len(x))
    small = run(path, len(x), batch=128, group_rows=200)
    assert np.array_equal(whole.representative, small.representative)
    assert np.array_equal(whole.kmeans_cluster, small.kmeans_cluster)


def test_threshold_decides(tmp_path):
    path, x = corpus(tmp_path)
    assert run(path, len(x), threshold=0.999999).duplicate.sum() == 1  # only the exact copy
    assert run(path, len(x), threshold=0.97).duplicate.sum() == 4  # the near copies (cosine ~0.99) too
