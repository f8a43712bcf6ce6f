"""Union-find over verified pairs, and the representative policy of each cluster."""

import numpy as np

from .minhash import jaccard


class UnionFind:
    """Disjoint sets over 0..n-1 with path halving and union by size."""

    def __init__(self, n: int):
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        p = self.parent
        while p[x] != x:
            p[x] = p[p[x]]
            x = p[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]

    def roots(self) -> np.ndarray:
        return np.fromiter((self.find(i) for i in range(len(self.parent))), dtype=np.int64, count=len(self.parent))


def verified_union(uf: UnionFind, pairs: np.ndarray, values: np.ndarray, offsets: np.ndarray, threshold: float) -> int:
    """Union the candidate pairs whose exact Jaccard is >= threshold; returns how many were checked.

    A pair whose ends are already in one set is skipped: it cannot change the clusters.
    """
    checked = 0
    for i, j in pairs.tolist():
        if uf.find(i) == uf.find(j):
            continue
        checked += 1
        if jaccard(values, offsets, i, j) >= threshold:
            uf.union(i, j)
    return checked


def representatives(cluster: np.ndarray, priority: np.ndarray, length: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Index of each doc's cluster representative: lowest priority rank, then longest, then oldest.

    cluster: (n,) int cluster key; priority: (n,) int (0 = most preferred source); length: (n,)
    text length; age: (n,) ingest order (smaller = older). Returns (n,) int64.
    """
    order = np.lexsort((age, -length.astype(np.int64), priority, cluster))
    c = cluster[order]
    is_first = np.r_[True, c[1:] != c[:-1]]
    first_pos = np.maximum.accumulate(np.where(is_first, np.arange(c.size), 0))
    rep = np.empty(c.size, dtype=np.int64)
    rep[order] = order[first_pos]
    return rep
