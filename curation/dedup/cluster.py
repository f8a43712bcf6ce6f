"""Union-find over verified pairs, and the representative policy of each cluster.

Everything is a NumPy array over document indices (8 bytes per document for the forest), and
pairs are joined a block at a time, so clusters of millions of documents cost no Python object
per document.
"""

import numpy as np

from .spill import ShingleStore

_VERIFY_BLOCK = 65_536  # candidate pairs filtered against the forest, verified and joined at a time


class UnionFind:
    """Disjoint sets over 0..n-1 as a parent array whose roots are the smallest index of their set.

    `union(a, b)` joins many pairs at once: every pass hooks the larger root of each pair under the
    smaller (parents only ever point down, so no cycle can form); pairs whose hook lost a write race
    to another pair are retried with their new roots until all pairs share a root.
    """

    def __init__(self, n: int, parent: np.ndarray | None = None):
        self.parent = np.arange(n, dtype=np.int64) if parent is None else parent.astype(np.int64)

    def find(self, x: np.ndarray) -> np.ndarray:
        """Roots of the docs `x` (an int array); their parents are set to those roots."""
        x = np.asarray(x, dtype=np.int64)
        p = self.parent
        r = p[x]
        while True:
            up = p[r]
            if np.array_equal(up, r):
                break
            r = up
        p[x] = r
        return r

    def union(self, a: np.ndarray, b: np.ndarray) -> None:
        """Join the sets of a[k] and b[k] for every k."""
        a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        joined = np.concatenate([a, b])
        while a.size:
            ra, rb = self.find(a), self.find(b)
            differ = ra != rb
            a, b = np.maximum(ra[differ], rb[differ]), np.minimum(ra[differ], rb[differ])
            self.parent[a] = b
        self.find(joined)  # shorten the paths of the docs just joined

    def roots(self) -> np.ndarray:
        """(n,) root of every doc, by pointer jumping; the forest is left flat."""
        p = self.parent
        while True:
            up = p[p]
            if np.array_equal(up, p):
                break
            p = up
        self.parent = p
        return p.copy()


class PairVerifier:
    """Joins the candidate pairs whose exact Jaccard is >= threshold, block by block.

    A pair whose ends are already in one set is skipped: it cannot change the clusters. A pair
    found below the threshold is remembered (8 bytes as i * n + j), so the other LSH bands that
    find it again do not verify it again. Pairs go `_VERIFY_BLOCK` at a time, so what one block
    joins spares the next its checks. `checked` counts the pairs whose Jaccard was computed.
    """

    def __init__(self, uf: UnionFind, store: ShingleStore, threshold: float, keep_edges: bool = False):
        self.uf, self.store, self.threshold = uf, store, threshold
        self.edges: list[np.ndarray] | None = [] if keep_edges else None  # (k, 2) pairs joined, per block
        self.n = np.int64(uf.parent.size)
        self.rejected = np.zeros(0, dtype=np.int64)  # sorted codes of pairs below the threshold
        self.checked = 0

    def add(self, pairs: np.ndarray) -> None:
        """(pairs, 2) int64 candidate pairs i < j."""
        for lo in range(0, len(pairs), _VERIFY_BLOCK):
            block = pairs[lo : lo + _VERIFY_BLOCK]
            block = block[self.uf.find(block[:, 0]) != self.uf.find(block[:, 1])]
            codes = block[:, 0] * self.n + block[:, 1]
            if self.rejected.size:
                at = np.minimum(np.searchsorted(self.rejected, codes), self.rejected.size - 1)
                fresh = self.rejected[at] != codes
                block, codes = block[fresh], codes[fresh]
            if not len(block):
                continue
            self.checked += len(block)
            similar = self.store.jaccard(block) >= self.threshold
            self.uf.union(block[similar, 0], block[similar, 1])
            if self.edges is not None:
                self.edges.append(block[similar])
            self.rejected = np.union1d(self.rejected, codes[~similar])


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
