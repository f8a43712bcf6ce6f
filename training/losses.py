"""Contrastive losses as pure functions of embeddings, with thin nn.Module wrappers.

Shapes: `q` [n, d] queries, `p` [n, d] their positives, `negs` [n, k, d] hard negatives with
`neg_mask` [n, k] (True where a negative exists: rows may hold fewer stored negatives than asked).
Embeddings come in unnormalized; every loss L2-normalizes (cosine similarity / temperature).

In-batch negatives across devices: `gather` concatenates every rank's rows with an autograd-aware
all-gather, so the gradient of a rank's loss reaches the queries *and* passages of every other
rank (F2LLM gathers passages without gradient, which drops that part). Each rank's loss is the
mean over its own queries; with gradients averaged over ranks (DDP) that equals the single-process
mean over the full batch.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn

TEMPERATURE = 0.05


def gather(x: torch.Tensor) -> torch.Tensor:
    """Rows of `x` from every rank, in rank order, with gradients flowing back to their owners.
    Single process: `x` itself."""
    import torch.distributed as dist

    if not (dist.is_available() and dist.is_initialized()) or dist.get_world_size() == 1:
        return x
    from torch.distributed.nn.functional import all_gather

    return torch.cat(all_gather(x), dim=0)


def _rank_offset(n: int) -> int:
    import torch.distributed as dist

    if not (dist.is_available() and dist.is_initialized()):
        return 0
    return dist.get_rank() * n


def info_nce(q: torch.Tensor, p: torch.Tensor, temperature: float = TEMPERATURE) -> torch.Tensor:
    """InfoNCE with in-batch negatives: query i against every passage of the (gathered) batch,
    target its own passage. Mean over this rank's queries."""
    q, p = F.normalize(q, dim=-1), F.normalize(p, dim=-1)
    all_p = gather(p)
    logits = q @ all_p.T / temperature
    target = torch.arange(q.shape[0], device=q.device) + _rank_offset(q.shape[0])
    return F.cross_entropy(logits, target)


def hard_negative_loss(q: torch.Tensor, p: torch.Tensor, negs: torch.Tensor, neg_mask: torch.Tensor | None = None,
                       temperature: float = TEMPERATURE) -> torch.Tensor:
    """Cross-entropy of each query over [its positive + its own hard negatives] (target 0).
    Missing negatives (mask False) are left out of the softmax."""
    q, p, negs = F.normalize(q, dim=-1), F.normalize(p, dim=-1), F.normalize(negs, dim=-1)
    pos = (q * p).sum(-1, keepdim=True)
    neg = torch.einsum("nd,nkd->nk", q, negs)
    if neg_mask is not None:
        neg = neg.masked_fill(~neg_mask, float("-inf"))
    logits = torch.cat([pos, neg], dim=1) / temperature
    return F.cross_entropy(logits, torch.zeros(q.shape[0], dtype=torch.long, device=q.device))


def matryoshka_dims(hidden: int, min_dim: int = 8) -> list[int]:
    """Powers of two from `min_dim` below the hidden size, plus the hidden size."""
    dims, d = [], min_dim
    while d < hidden:
        dims.append(d)
        d *= 2
    return dims + [hidden]


# F2LLM facts in this module are from CodeFuse-Embeddings F2LLM/utils.py at commit
# 1c5291549b9cee9eeab1cd9de6a67be4d0295da0 (inbatch_loss, hard_loss, accelerate_train).
MATRYOSHKA_WEIGHTS = ("f2llm", "dims_count", "uniform")


def matryoshka_weights(dims: list[int], hidden: int | None = None, scheme: str = "f2llm") -> list[float]:
    """One weight per dim (same order as `dims`).

    f2llm       1 / (rank * sqrt(hidden / dim)), rank 1 for the full size, 2 for the next largest
                and so on (F2LLM's inbatch_loss / hard_loss): the full size weighs 1 and the sum
                grows with the number of dims (about 1.7 for 1024 -> 8).
    dims_count  1 / (len(dims) * sqrt(hidden / dim)): mlcurate's first reading of the paper; every
                dim divided by the count (sum about 0.4 for 1024 -> 8).
    uniform     1 for every dim (sentence-transformers' MatryoshkaLoss default)."""
    hidden = hidden or max(dims)
    if scheme == "f2llm":
        rank = {d: i + 1 for i, d in enumerate(sorted(dims, reverse=True))}
        return [1.0 / (rank[d] * math.sqrt(hidden / d)) for d in dims]
    if scheme == "dims_count":
        return [1.0 / (len(dims) * math.sqrt(hidden / d)) for d in dims]
    if scheme == "uniform":
        return [1.0 for _ in dims]
    raise ValueError(f"unknown Matryoshka weights '{scheme}': choose one of {', '.join(MATRYOSHKA_WEIGHTS)} or a list of floats")


def contrastive_loss(q: torch.Tensor, p: torch.Tensor, negs: torch.Tensor | None, neg_mask: torch.Tensor | None,
                     inbatch: bool, dims: list[int], weights: list[float],
                     temperature: float = TEMPERATURE) -> tuple[torch.Tensor, dict]:
    """Weighted sum over Matryoshka dims of [InfoNCE if `inbatch`] + [hard-negative loss if any
    negatives]. Returns the loss and its parts (floats, full-size dim) for logging."""
    total = q.new_zeros(())
    parts = {}
    has_negs = negs is not None and negs.shape[1] > 0 and (neg_mask is None or bool(neg_mask.any()))
    for dim, w in zip(dims, weights):
        qd, pd = q[:, :dim], p[:, :dim]
        loss = q.new_zeros(())
        if inbatch:
            ib = info_nce(qd, pd, temperature)
            loss = loss + ib
            parts["inbatch"] = float(ib.detach())
        if has_negs:
            hn = hard_negative_loss(qd, pd, negs[:, :, :dim], neg_mask, temperature)
            loss = loss + hn
            parts["hard"] = float(hn.detach())
        total = total + w * loss
    return total, parts


class InfoNCELoss(nn.Module):
    def __init__(self, temperature: float = TEMPERATURE):
        super().__init__()
        self.temperature = temperature

    def forward(self, q, p):
        return info_nce(q, p, self.temperature)


class HardNegativeLoss(nn.Module):
    def __init__(self, temperature: float = TEMPERATURE):
        super().__init__()
        self.temperature = temperature

    def forward(self, q, p, negs, neg_mask=None):
        return hard_negative_loss(q, p, negs, neg_mask, self.temperature)


class MatryoshkaContrastiveLoss(nn.Module):
    """The training loss: Matryoshka-weighted InfoNCE (+ hard negatives) over `dims`."""

    def __init__(self, dims: list[int], weights: list[float] | None = None, temperature: float = TEMPERATURE):
        super().__init__()
        self.dims, self.weights = dims, weights or matryoshka_weights(dims)
        self.temperature = temperature

    def forward(self, q, p, negs=None, neg_mask=None, inbatch: bool = True):
        return contrastive_loss(q, p, negs, neg_mask, inbatch, self.dims, self.weights, self.temperature)[0]
