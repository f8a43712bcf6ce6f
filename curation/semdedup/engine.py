"""Semantic duplicates among embeddings on disk, with memory bounded whatever their number.

Input: a float32 file of (n, dim) unit vectors whose rows are grouped by partition (`bounds`: the
(lo, hi) row range of each), and per-row priority, length and age for the representative policy.
Per partition (SemDeDup, Abbas et al. 2023, as NeMo Curator runs it):

    train     spherical k-means (FAISS) on a uniform sample of at most `train_sample` rows,
              k = ceil(rows / cluster_size)
    assign    every row to its nearest centroid, `batch` rows read at a time
    compare   cluster by cluster: the rows of a group of clusters (at most `group_rows`) are
              gathered in one sequential pass over the partition, then each cluster's cosine
              similarities are computed block by block (at most `_BLOCK_FLOATS` at once); pairs at
              or above `threshold` are joined by union-find, and each group of joined rows keeps
              one representative by dedup's policy (source priority, then longest, then oldest)

Only pairs inside one k-means cluster are compared (the approximation SemDeDup makes: a
near-identical pair almost always lands in one cluster). What stays in memory: about 30 bytes per
row of result arrays, the k-means sample (`train_sample` x dim x 4 bytes), one read batch and one
group of clusters; never the whole matrix. benchmarks/semdedup_bench.py measures it at 1M rows.

    r = semdedup_file(path, dim, [(0, n)], priority, length, age, SemParams(threshold=0.95))
    r.keep, r.representative, r.similarity
"""

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..dedup.cluster import UnionFind, representatives

_BLOCK_FLOATS = 8 << 20  # similarity block of one cluster: 32 MB of float32


@dataclass(frozen=True)
class SemParams:
    threshold: float = 0.95       # cosine similarity at or above which two samples are duplicates
    cluster_size: int = 1_000     # target rows per k-means cluster: k = ceil(rows / cluster_size)
    train_sample: int = 100_000   # rows k-means trains on, per partition
    niter: int = 20               # k-means iterations
    seed: int = 1
    batch: int = 65_536           # rows read (and assigned) at a time
    group_rows: int = 131_072     # rows of the clusters gathered at once for comparison


@dataclass
class SemArrays:
    """Per-row results, in the rows' order in the input file."""

    representative: np.ndarray  # (n,) int64 row of the duplicate group's representative
    group_size: np.ndarray      # (n,) int64 rows in the duplicate group
    kmeans_cluster: np.ndarray  # (n,) int64 k-means cluster, unique across partitions (-1: not clustered)
    similarity: np.ndarray      # (n,) float32 cosine similarity to the representative (1 for itself)
    stats: dict

    @property
    def duplicate(self) -> np.ndarray:
        return self.representative != np.arange(self.representative.size)


def read_rows(path: Path, dim: int, lo: int, hi: int) -> np.ndarray:
    """(hi - lo, dim) float32 rows of the vector file, L2-normalised."""
    v = np.fromfile(path, dtype=np.float32, count=(hi - lo) * dim, offset=lo * dim * 4).reshape(-1, dim)
    norm = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.maximum(norm, 1e-12)


def semdedup_file(path: Path, dim: int, bounds: list[tuple[int, int]], priority: np.ndarray, length: np.ndarray,
                  age: np.ndarray, params: SemParams = SemParams()) -> SemArrays:
    """Semantic duplicate groups of every partition of the vector file at `path` (see the module)."""
    n = priority.size
    out = SemArrays(np.arange(n, dtype=np.int64), np.ones(n, dtype=np.int64), np.full(n, -1, dtype=np.int64),
                    np.ones(n, dtype=np.float32), {"partitions": 0, "kmeans_clusters": 0, "pairs_above_threshold": 0})
    next_cluster = 0
    for lo, hi in bounds:
        if hi - lo < 1:
            continue
        labels, k = _kmeans_labels(path, dim, lo, hi, params)
        out.kmeans_cluster[lo:hi] = labels + next_cluster
        next_cluster += k
        out.stats["partitions"] += 1
        out.stats["kmeans_clusters"] += k
        _compare_clusters(path, dim, lo, hi, labels, k, priority, length, age, params, out)
    out.stats["duplicates"] = int(out.duplicate.sum())
    out.stats["groups"] = int((np.bincount(out.representative, minlength=n) > 1).sum())
    return out


def _kmeans_labels(path: Path, dim: int, lo: int, hi: int, params: SemParams) -> tuple[np.ndarray, int]:
    """(hi - lo,) int64 cluster of each row of the partition, and k."""
    m = hi - lo
    k = max(1, math.ceil(m / params.cluster_size))
    if k == 1:
        return np.zeros(m, dtype=np.int64), 1
    import faiss

    rng = np.random.default_rng(params.seed)
    take = np.sort(rng.choice(m, size=min(m, params.train_sample), replace=False))
    sample = np.empty((take.size, dim), dtype=np.float32)
    at = 0
    for a in range(0, m, params.batch):  # one sequential pass picks the sampled rows
        b = min(a + params.batch, m)
        rows = take[(take >= a) & (take < b)]
        if rows.size:
            sample[at : at + rows.size] = read_rows(path, dim, lo + a, lo + b)[rows - a]
            at += rows.size
    k = min(k, take.size)
    km = faiss.Kmeans(dim, k, niter=params.niter, seed=params.seed, spherical=True, verbose=False,
                      max_points_per_centroid=max(1, math.ceil(take.size / k)), min_points_per_centroid=1)
    km.train(sample)
    del sample
    labels = np.empty(m, dtype=np.int64)
    for a in range(0, m, params.batch):
        b = min(a + params.batch, m)
        _, nearest = km.index.search(read_rows(path, dim, lo + a, lo + b), 1)
        labels[a:b] = nearest[:, 0]
    return labels, k


def _compare_clusters(path: Path, dim: int, lo: int, hi: int, labels: np.ndarray, k: int, priority: np.ndarray,
                      length: np.ndarray, age: np.ndarray, params: SemParams, out: SemArrays) -> None:
    """Duplicate groups inside each k-means cluster of the partition, clusters gathered in groups
    of at most `group_rows` rows (a cluster larger than that is a group of its own)."""
    m = hi - lo
    sizes = np.bincount(labels, minlength=k)
    first = 0
    while first < k:
        last, rows = first, 0
        while last < k and (last == first or rows + sizes[last] <= params.group_rows):
            rows += sizes[last]
            last += 1
        in_group = (labels >= first) & (labels < last)
        if sizes[first:last].max(initial=0) > 1:
            pos = np.nonzero(in_group)[0]  # partition-local rows of the group, in file order
            vecs = np.empty((pos.size, dim), dtype=np.float32)
            at = 0
            for a in range(0, m, params.batch):
                b = min(a + params.batch, m)
                sel = pos[(pos >= a) & (pos < b)]
                if sel.size:
                    vecs[at : at + sel.size] = read_rows(path, dim, lo + a, lo + b)[sel - a]
                    at += sel.size
            order = np.argsort(labels[pos], kind="stable")
            pos, vecs = pos[order], vecs[order]
            bounds = np.searchsorted(labels[pos], np.arange(first, last + 1))
            for c in range(last - first):
                a, b = bounds[c], bounds[c + 1]
                if b - a > 1:
                    _cluster_groups(vecs[a:b], pos[a:b] + lo, priority, length, age, params.threshold, out)
            del vecs
        first = last


def _cluster_groups(vecs: np.ndarray, rows: np.ndarray, priority: np.ndarray, length: np.ndarray, age: np.ndarray,
                    threshold: float, out: SemArrays) -> None:
    """vecs: (c, dim) unit vectors of one cluster's `rows`; joins pairs at cosine >= threshold."""
    c = rows.size
    block = max(1, _BLOCK_FLOATS // c)
    a_idx, b_idx = [], []
    for s in range(0, c, block):
        sim = vecs[s : s + block] @ vecs.T  # (block, c)
        i, j = np.nonzero(sim >= threshold)
        upper = j > i + s
        a_idx.append(i[upper] + s)
        b_idx.append(j[upper])
    a, b = np.concatenate(a_idx), np.concatenate(b_idx)
    if not a.size:
        return
    out.stats["pairs_above_threshold"] += int(a.size)
    uf = UnionFind(c)
    uf.union(a, b)
    roots = uf.roots()
    rep = representatives(roots, priority[rows], length[rows], age[rows])  # (c,) local index
    out.representative[rows] = rows[rep]
    out.group_size[rows] = np.bincount(roots, minlength=c)[roots]
    out.similarity[rows] = np.einsum("cd,cd->c", vecs, vecs[rep])
