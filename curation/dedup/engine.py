"""Exact + near deduplication of a batch of normalised texts, in memory on one machine.

Input: one normalised unit text per sample plus per-sample partition, source priority, length and
age. Output: per sample the exact hash, the cluster (index of its representative), the cluster
size, keep, reason and the Jaccard to the representative. `near_clusters` is the part the
datatrove path (dt_path.py) replaces.
"""

from dataclasses import dataclass

import numpy as np

from .cluster import UnionFind, representatives, verified_union
from .minhash import band_keys, candidate_pairs, jaccard
from .normalize import exact_hash
from .shingles import shingle_sets


@dataclass(frozen=True)
class NearParams:
    """MinHash LSH settings: 128 permutations as 32 bands x 4 rows, verified at Jaccard 0.7."""

    threshold: float = 0.7
    num_perm: int = 128
    bands: int = 32
    rows: int = 4
    ngram: int = 5
    seed: int = 1
    backend: str = "rensa"  # MinHash signatures: rensa or numpy (see minhash.py)


@dataclass
class DedupResult:
    exact_hash: list          # str per sample, None for an empty unit
    representative: np.ndarray  # (n,) int64 index of the cluster representative
    cluster_size: np.ndarray  # (n,) int64
    keep: np.ndarray          # (n,) bool
    reason: list              # None, "exact-dup-of" or "near-dup-of"
    similarity: np.ndarray    # (n,) float32 Jaccard to the representative (1.0 for exact dups / kept)
    stats: dict


def exact_groups(texts: list[str], partition: np.ndarray) -> tuple[list, np.ndarray]:
    """Hashes (None for empty texts) and, per sample, the index of the first sample with the same
    (partition, hash); empty texts are their own group."""
    hashes, first_of, seen = [], np.arange(len(texts), dtype=np.int64), {}
    for i, (t, p) in enumerate(zip(texts, partition.tolist())):
        if not t:
            hashes.append(None)
            continue
        h = exact_hash(t)
        hashes.append(h)
        first_of[i] = seen.setdefault((p, h), i)
    return hashes, first_of


def near_clusters(texts: list[str], active: np.ndarray, partition: np.ndarray, params: NearParams,
                  uf: UnionFind | None = None) -> tuple[UnionFind, dict]:
    """Union-find of the active texts joined by verified near-duplicate pairs, plus stats."""
    uf = uf or UnionFind(len(texts))
    values, offsets = shingle_sets([t if a else "" for t, a in zip(texts, active.tolist())], params.ngram)
    keys = band_keys(values, offsets, params.bands, params.rows, params.num_perm, params.seed, params.backend)
    active = active & (np.diff(offsets) > 0)
    pairs = candidate_pairs(keys, active, partition)
    del keys
    checked = verified_union(uf, pairs, values, offsets, params.threshold)
    return uf, {"candidate_pairs": int(len(pairs)), "pairs_verified": checked, "_csr": (values, offsets)}


def dedup(texts: list[str], partition: np.ndarray, priority: np.ndarray, age: np.ndarray,
          params: NearParams = NearParams(), near=near_clusters) -> DedupResult:
    """Exact groups first; near duplicates among their first members; then one cluster per
    connected component, its representative chosen by `cluster.representatives`."""
    n = len(texts)
    hashes, first_of = exact_groups(texts, partition)
    nonempty = np.array([h is not None for h in hashes], dtype=bool)
    uf = UnionFind(n)
    for i in np.nonzero(first_of != np.arange(n))[0].tolist():
        uf.union(i, int(first_of[i]))
    uf, stats = near(texts, nonempty & (first_of == np.arange(n)), partition, params, uf)
    roots = uf.roots()
    length = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    rep = representatives(roots, priority, length, age)
    _, inverse, counts = np.unique(roots, return_inverse=True, return_counts=True)
    keep = rep == np.arange(n)
    reason, sim = [], np.ones(n, dtype=np.float32)
    csr = stats.pop("_csr", None)
    for i in range(n):
        r = int(rep[i])
        if keep[i]:
            reason.append(None)
        elif hashes[i] == hashes[r]:
            reason.append("exact-dup-of")
        else:
            reason.append("near-dup-of")
            if csr is not None:
                sim[i] = jaccard(*csr, int(first_of[i]), int(first_of[r]))
    stats.update(exact_removed=reason.count("exact-dup-of"), near_removed=reason.count("near-dup-of"),
                 clusters=int((counts > 1).sum()))
    return DedupResult(hashes, rep, counts[inverse].astype(np.int64), keep, reason, sim, stats)
