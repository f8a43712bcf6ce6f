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

The first `num_negatives` survivors in rank order are the negatives.
"""

from dataclasses import dataclass

import numpy as np

REASONS = ("skip_top", "duplicate", "other_positive", "max_score", "relative")


@dataclass
class Filtered:
    """Per query row: chosen candidate columns (best first) and per-reason drop counts (n,)."""

    chosen: list[np.ndarray]
    dropped: dict[str, np.ndarray]


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
    for reason in REASONS:
        hit = alive & rules[reason]
        dropped[reason] = hit.sum(1)
        alive &= ~hit
    chosen = [np.flatnonzero(row)[:num_negatives] for row in alive]
    return Filtered(chosen, dropped)
