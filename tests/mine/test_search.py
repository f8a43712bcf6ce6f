"""Search: chunked exact top-k equals a brute-force argsort; FAISS flat agrees; the FAISS switch
names its package when faiss is missing."""

import numpy as np
import pytest
import torch

from curation.mine import search


def unit(n, d, seed):
    x = np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def brute(q, p, k):
    s = q @ p.T
    idx = np.argsort(-s, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(s, idx, 1), idx


@pytest.mark.parametrize("chunk", [1, 7, 1000])
def test_exact_topk_equals_brute_force(chunk):
    q, p = unit(50, 16, 0), unit(300, 16, 1)
    s, i = search.exact_topk(q, p, 20, chunk=chunk)
    bs, bi = brute(q, p, 20)
    np.testing.assert_array_equal(i, bi)
    np.testing.assert_allclose(s, bs, atol=1e-5)


def test_k_larger_than_pool():
    s, i = search.exact_topk(unit(3, 8, 0), unit(5, 8, 1), 100)
    assert i.shape == (3, 5)


def test_faiss_flat_agrees_with_exact():
    pytest.importorskip("faiss", reason="pip install faiss-cpu")
    q, p = unit(40, 16, 2), unit(500, 16, 3)
    s, i = search.topk(q, p, 10, faiss_min_pool=100)
    np.testing.assert_array_equal(i, search.exact_topk(q, p, 10)[1])


def test_missing_faiss_names_the_package(monkeypatch):
    import builtins

    real = builtins.__import__
    monkeypatch.setattr(builtins, "__import__", lambda name, *a, **k: (_ for _ in ()).throw(ImportError(name)) if name == "faiss" else real(name, *a, **k))
    with pytest.raises(Exception, match="pip install faiss-cpu"):
        search.topk(unit(2, 8, 0), unit(20, 8, 1), 5, faiss_min_pool=10)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU (device top-k); the CPU path is tested above")
def test_cuda_topk_equals_cpu():
    q, p = unit(100, 32, 4), unit(2000, 32, 5)
    np.testing.assert_array_equal(search.exact_topk(q, p, 50, device="cuda")[1], search.exact_topk(q, p, 50)[1])
