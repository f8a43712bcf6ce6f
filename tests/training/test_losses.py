"""Losses against straightforward loop implementations, and the cross-rank gather's gradients."""

import math
import os
import socket
import time

import pytest

torch = pytest.importorskip("torch")
import torch.multiprocessing as mp  # noqa: E402

from training.losses import (  # noqa: E402
    HardNegativeLoss, InfoNCELoss, MatryoshkaContrastiveLoss, contrastive_loss, hard_negative_loss, info_nce,
    matryoshka_dims, matryoshka_weights,
)


def cos(a, b):
    return float(a @ b / (a.norm() * b.norm()))


def ref_info_nce(q, p, t=0.05):
    total = 0.0
    for i in range(len(q)):
        logits = [cos(q[i], p[j]) / t for j in range(len(p))]
        total += -logits[i] + math.log(sum(math.exp(x) for x in logits))
    return total / len(q)


def ref_hard(q, p, negs, mask, t=0.05):
    total = 0.0
    for i in range(len(q)):
        logits = [cos(q[i], p[i]) / t] + [cos(q[i], negs[i, j]) / t for j in range(negs.shape[1]) if mask[i, j]]
        total += -logits[0] + math.log(sum(math.exp(x) for x in logits))
    return total / len(q)


def test_info_nce_matches_reference():
    g = torch.Generator().manual_seed(0)
    q, p = torch.randn(6, 16, generator=g), torch.randn(6, 16, generator=g)
    assert info_nce(q, p).item() == pytest.approx(ref_info_nce(q, p), rel=1e-5)
    assert InfoNCELoss(0.1)(q, p).item() == pytest.approx(ref_info_nce(q, p, 0.1), rel=1e-5)


def test_hard_negative_loss_matches_reference_and_skips_missing_negatives():
    g = torch.Generator().manual_seed(1)
    q, p, negs = torch.randn(5, 8, generator=g), torch.randn(5, 8, generator=g), torch.randn(5, 3, 8, generator=g)
    mask = torch.tensor([[1, 1, 1], [1, 0, 0], [1, 1, 0], [1, 1, 1], [0, 0, 0]], dtype=torch.bool)
    assert hard_negative_loss(q, p, negs, mask).item() == pytest.approx(ref_hard(q, p, negs, mask), rel=1e-5)
    assert HardNegativeLoss()(q, p, negs).item() == pytest.approx(ref_hard(q, p, negs, torch.ones(5, 3, dtype=torch.bool)), rel=1e-5)


def test_matryoshka_dims_and_weight_schemes():
    assert matryoshka_dims(384, 32) == [32, 64, 128, 256, 384]
    assert matryoshka_dims(1024) == [8, 16, 32, 64, 128, 256, 512, 1024]
    # F2LLM: the full size weighs 1, the next largest 1/(2*sqrt(4)), ...: rank, not the number of dims
    assert matryoshka_weights([256, 1024]) == pytest.approx([1 / (2 * 2), 1.0])
    assert matryoshka_weights([256, 1024], scheme="dims_count") == pytest.approx([1 / (2 * 2), 1 / 2])
    assert matryoshka_weights([256, 1024], scheme="uniform") == [1.0, 1.0]
    dims = matryoshka_dims(1024)
    assert sum(matryoshka_weights(dims)) == pytest.approx(1.717, abs=1e-3)  # the "about 1.7"
    assert sum(matryoshka_weights(dims, scheme="dims_count")) == pytest.approx(0.400, abs=1e-3)
    with pytest.raises(ValueError, match="f2llm, dims_count, uniform"):
        matryoshka_weights(dims, scheme="linear")


def ref_f2llm_total(q, p, negs, inbatch, t=0.05):
    """F2LLM's per-step contrastive loss written out plainly (utils.py inbatch_loss + hard_loss with
    use_mrl): dims = powers of two from 8 below d, plus d; walked from the largest with n = 1, 2, ...;
    each term divided by n * sqrt(d / dim); hard loss over [positive + own negatives]."""
    d = q.shape[1]
    dims = sorted([x for x in (2 ** i for i in range(3, 15)) if x < d] + [d], reverse=True)
    total = 0.0
    for n, dim in enumerate(dims, start=1):
        term = ref_hard(q[:, :dim], p[:, :dim], negs[:, :, :dim], torch.ones(negs.shape[:2], dtype=torch.bool), t)
        if inbatch:
            term += ref_info_nce(q[:, :dim], p[:, :dim], t)
        total += term / (n * math.sqrt(d / dim))
    return total


@pytest.mark.parametrize("inbatch", [True, False])
def test_default_loss_equals_f2llm_written_out(inbatch):
    g = torch.Generator().manual_seed(4)
    q, p, negs = torch.randn(5, 64, generator=g), torch.randn(5, 64, generator=g), torch.randn(5, 3, 64, generator=g)
    dims = matryoshka_dims(64)  # 8, 16, 32, 64
    loss, _ = contrastive_loss(q, p, negs, None, inbatch, dims, matryoshka_weights(dims, 64))
    assert loss.item() == pytest.approx(ref_f2llm_total(q, p, negs, inbatch), rel=1e-5)


def test_matryoshka_loss_is_the_weighted_sum_over_truncations():
    g = torch.Generator().manual_seed(2)
    q, p, negs = torch.randn(4, 16, generator=g), torch.randn(4, 16, generator=g), torch.randn(4, 2, 16, generator=g)
    mask = torch.ones(4, 2, dtype=torch.bool)
    dims, weights = [4, 8, 16], [0.5, 0.25, 1.0]
    expected = sum(w * (ref_info_nce(q[:, :d], p[:, :d]) + ref_hard(q[:, :d], p[:, :d], negs[:, :, :d], mask))
                   for d, w in zip(dims, weights))
    loss, parts = contrastive_loss(q, p, negs, mask, True, dims, weights)
    assert loss.item() == pytest.approx(expected, rel=1e-5)
    assert set(parts) == {"inbatch", "hard"}
    no_inbatch = MatryoshkaContrastiveLoss(dims, weights)(q, p, negs, mask, inbatch=False)
    assert no_inbatch.item() == pytest.approx(sum(w * ref_hard(q[:, :d], p[:, :d], negs[:, :, :d], mask)
                                                  for d, w in zip(dims, weights)), rel=1e-5)


# ---- two gloo ranks: gradients of the gathered loss equal the single-process full-batch ones

N_PER_RANK, DIM = 3, 8


def _data():
    g = torch.Generator().manual_seed(3)
    return torch.randn(2 * N_PER_RANK, DIM, generator=g), torch.randn(2 * N_PER_RANK, DIM, generator=g)


def _worker(rank: int, port: int, out_dir: str):
    import torch.distributed as dist

    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    dist.init_process_group("gloo", rank=rank, world_size=2)
    q_all, p_all = _data()
    sl = slice(rank * N_PER_RANK, (rank + 1) * N_PER_RANK)
    q, p = q_all[sl].clone().requires_grad_(), p_all[sl].clone().requires_grad_()
    loss = MatryoshkaContrastiveLoss([4, 8])(q, p)
    loss.backward()
    # DDP averages gradients over ranks: do the same to the embeddings' gradients
    gq, gp = q.grad.clone(), p.grad.clone()
    dist.all_reduce(loss)
    torch.save({"q": gq / 2, "p": gp / 2, "loss": loss.item() / 2}, os.path.join(out_dir, f"rank{rank}.pt"))
    dist.barrier()
    # Rank 0 hosts the store: if it tears down while rank 1 is still tearing down, rank 1 aborts
    # ("terminate called without an active exception"; seen in CI after a barrier alone). So rank 1
    # tears down first and says so in a file, and rank 0 waits for that file before its own teardown.
    done = os.path.join(out_dir, "rank1.done")
    if rank == 1:
        dist.destroy_process_group()
        open(done, "w").close()
        return
    deadline = time.monotonic() + 120
    while not os.path.exists(done) and time.monotonic() < deadline:
        time.sleep(0.02)
    dist.destroy_process_group()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gather_keeps_gradients_for_queries_and_passages_across_two_ranks(tmp_path):
    mp.spawn(_worker, args=(_free_port(), str(tmp_path)), nprocs=2, join=True)
    q_all, p_all = _data()
    q, p = q_all.clone().requires_grad_(), p_all.clone().requires_grad_()
    full = MatryoshkaContrastiveLoss([4, 8])(q, p)
    full.backward()
    got = [torch.load(tmp_path / f"rank{r}.pt") for r in (0, 1)]
    assert got[0]["loss"] == pytest.approx(full.item(), rel=1e-5)
    torch.testing.assert_close(torch.cat([g["q"] for g in got]), q.grad, rtol=1e-5, atol=1e-7)
    # passages get the gradient of *other* ranks' queries too (F2LLM's gather drops it)
    torch.testing.assert_close(torch.cat([g["p"] for g in got]), p.grad, rtol=1e-5, atol=1e-7)
