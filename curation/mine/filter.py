"""False-negative filtering, F2LLM style, over one pool's top-k candidates.

Every candidate is removed by the first rule that matches, in this order, and counted under it:

    skip_top          raw retrieval rank <= skip_top (F2LLM skips the top 5 raw ranks, whatever
                      their scores; sentence-transformers' `range_min` instead skips the best
                      candidates left *after* its score filters)
    duplicate         the candidate is the positive, or a normalised-text duplicate of it or of the
                      query, or in the positive's dedup cluster (when the dedup layer exists)
    other_positive    the positive of another sample with the same query
    max_score         score >= max_score (0.8)
    relative          score >= relative * positive score (0.95; NV-Retriever TopK-PercPos)

The first `num_negatives` survivors in rank order are the negatives. With `mine.rerank`, the first
`rerank.candidates` survivors are rescored by a cross-encoder first (stage.py) and one more rule
applies to them, counted under its own reason:

    rerank            reranker score > rerank.max_score, or > rerank.relative * the positive's
                      reranker score (a likely false negative the bi-encoder could not tell)

Sample-level, not a candidate rule: with `mine.consistency_top_k`, a sample whose positive (or a
duplicate of it, or another positive of its query) is not within the top k of its own query's
retrieval is flagged `positive_rank` (KaLM-Embedding's consistency filter); `consistency_drop`
leaves it out of `samples_clean`.
"""

from dataclasses import dataclass

import numpy as np

REASONS = ("skip_top", "duplicate", "other_positive", "max_score", "relative", "rerank")
F2LLM_REASONS = REASONS[:5]


@dataclass
class Filtered:
    """Per query row: chosen candidate columns (best first) and per-reason drop counts (n,)."""

    chosen: list[np.ndarray]
    dropped: dict[str, np.ndarray]
    survivors: list[np.ndarray]  # every candidate column that passed, best first (chosen is its head)


def f2llm_filter(scores: np.ndarray, valid: np.ndarray, pos_score: np.ndarray, duplicate: np.ndarray,
                 other_positive: np.ndarray, *, skip_top: int, max_score: float, relative: float,
                 num_negatives: int) -> Filtered:
    """scores, valid, duplicate, other_positive: (n, k) in raw rank order; pos_score: (n,)."""
    n, k = scores.shape
    ranks = np.broadcast_to(np.arange(k), (n, k))
    rules = {
        "skip_top": ranks < skip_top,
        "duplicate": duplicate.astype(bool),
        "other_positive": other_positive.astype(bool),
        "max_score": scores >= max_score,
        "relative": scores >= relative * pos_score[:, None],
    }
    alive = valid.astype(bool)  # a copy
    dropped = {}
    for reason in F2LLM_REASONS:
        hit = alive & rules[reason]
        dropped[reason] = hit.sum(1)
        alive &= ~hit
    dropped["rerank"] = np.zeros(n, dtype=np.int64)
    survivors = [np.flatnonzero(row) for row in alive]
    return Filtered([s[:num_negatives] for s in survivors], dropped, survivors)


def rerank_drop(scores: np.ndarray, positive: float, *, max_score: float | None, relative: float | None) -> np.ndarray:
    """(c,) reranker scores of one sample's rescored candidates -> (c,) bool, true = a likely false negative."""
    drop = np.zeros(len(scores), dtype=bool)
    if max_score is not None:
        drop |= scores > max_score
    if relative is not None:
        drop |= scores > relative * positive
    return drop


def positive_rank(found: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """(n, k) bool "this candidate is the positive (or a duplicate / another positive of the query)"
    -> (n,) int32 1-based rank of the first such candidate, 0 when none is in the top k."""
    hit = found.astype(bool) & valid.astype(bool)
    first = hit.argmax(1) + 1
    return np.where(hit.any(1), first, 0).astype(np.int32)
