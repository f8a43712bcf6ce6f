"""MinHash signatures and LSH banding over CSR shingle sets, with the band keys on disk.

Two signature backends, picked by measurement (`python benchmarks/dedup_bench.py --systems
mlcurate,mlcurate-numpy` times both on the same corpus): `rensa` (Rust R-MinHash over the flat
shingle buffer, the faster one, the default) and `numpy` (dependency-free). The numpy backend uses multiply-shift hashing: perm_i(x) = ((a_i * x + b_i) mod 2^64) >> 32 with random odd
a_i, over uint32 shingles, computed for a whole batch of documents as one (shingles, perms) array
and reduced per document with `np.minimum.reduceat`.

Recall comes from the banding (defaults 32 bands x 4 rows: a pair at Jaccard 0.7 becomes a
candidate with probability 1 - (1 - 0.7^4)^32 = 0.9998, at 0.5 with 0.87), precision from
`cluster.PairVerifier`, which computes the exact Jaccard of the two shingle sets of every
candidate pair (not the signature agreement, whose spread at 128 permutations, about ±0.04,
would lose pairs just above the threshold).
"""

from collections.abc import Iterator
from pathlib import Path

import numpy as np

_MAX32 = np.uint32(0xFFFFFFFF)
_BATCH_SHINGLES = 4_096  # rows of the (shingles, perms) temporary: 4k x 128 x 8 B = 4 MiB, cache-sized


def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) uint64 parameters of `num_perm` hash permutations; a is odd."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


def signatures(values: np.ndarray, offsets: np.ndarray, num_perm: int = 128, seed: int = 1,
               backend: str = "rensa") -> np.ndarray:
    """(docs, num_perm) uint32 MinHash signatures of CSR shingle sets (rows of empty sets are
    meaningless: exclude them from LSH). backend: "rensa" or "numpy"."""
    if backend == "rensa":
        return _rensa_signatures(values, offsets, num_perm, seed)
    if backend != "numpy":
        raise ValueError(f"unknown MinHash backend {backend!r}; valid: rensa, numpy")
    return _numpy_signatures(values, offsets, num_perm, seed)


def _rensa_signatures(values: np.ndarray, offsets: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    from rensa import RMinHash

    matrix = RMinHash.digest_matrix_from_flat_token_hashes(values.astype(np.uint64), offsets.astype(np.uint64), num_perm, seed)
    return np.array(matrix.to_rows(), dtype=np.uint32).reshape(-1, num_perm)


def _numpy_signatures(values: np.ndarray, offsets: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    a, b = permutations(num_perm, seed)
    n = offsets.size - 1
    sigs = np.full((n, num_perm), _MAX32, dtype=np.uint32)
    sizes = np.diff(offsets)
    buf = np.empty((_BATCH_SHINGLES + int(sizes.max(initial=0)), num_perm), dtype=np.uint64)
    start = 0
    while start < n:
        # a batch of whole documents holding about _BATCH_SHINGLES shingles
        stop = int(np.searchsorted(offsets, offsets[start] + _BATCH_SHINGLES, side="right")) - 1
        stop = min(max(stop, start + 1), n)
        lo, hi = offsets[start], offsets[stop]
        if hi > lo:
            h = buf[: hi - lo]  # (batch shingles, num_perm)
            np.multiply(values[lo:hi, None].astype(np.uint64), a, out=h)
            np.add(h, b, out=h)
            np.right_shift(h, np.uint64(32), out=h)
            nonempty = np.nonzero(sizes[start:stop])[0]
            starts = (offsets[start:stop][nonempty] - lo).astype(np.int64)
            sigs[start + nonempty] = np.minimum.reduceat(h, starts, axis=0)
        start = stop
    return sigs


def band_keys(values: np.ndarray, offsets: np.ndarray, bands: int, rows: int, num_perm: int = 128, seed: int = 1,
              backend: str = "rensa", chunk: int = 2_048) -> np.ndarray:
    """(docs, bands) uint64 LSH bucket keys, one per band (its `rows` signature values folded).

    Signatures are made `chunk` documents at a time and dropped once folded, so memory holds
    8 x bands bytes per document of the call (one engine chunk) instead of the whole (docs,
    num_perm) signature matrix. rensa hands signatures back as Python ints (num_perm objects of
    about 40 bytes per document: tens of MB for a chunk of thousands), so chunks of 2,048 keep
    that temporary small.
    """
    n = offsets.size - 1
    keys = np.empty((n, bands), dtype=np.uint64)
    for lo in range(0, n, chunk):
        hi = min(lo + chunk, n)
        sub = offsets[lo : hi + 1]
        sigs = signatures(values[sub[0] : sub[-1]], sub - sub[0], num_perm, seed, backend)
        with np.errstate(over="ignore"):
            for band in range(bands):
                k = np.full(hi - lo, band, dtype=np.uint64)
                for c in range(band * rows, (band + 1) * rows):
                    k = k * np.uint64(0x9E3779B97F4A7C15) + sigs[:, c].astype(np.uint64)
                keys[lo:hi, band] = k
    return keys


class MinHashLSH:
    """Near-duplicate candidates from LSH over MinHash signatures, with the band keys on disk.

    The engine calls `add` per chunk of documents (in order) and `candidates` once all are in:
    signatures are folded into band keys chunk by chunk and each band's keys (mixed with the
    document's partition, so only documents of one partition meet) are appended to a file of their
    own, 8 bytes per document. `candidates` then loads one band at a time and yields the pairs
    sharing a bucket: each bucket links its members to its first member and to their predecessor in
    it, enough edges for union-find, few enough to verify (a bucket of k docs gives < 2k pairs).
    """

    def __init__(self, params, workdir: Path):
        self.params = params
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._files = [open(self._band_path(b), "wb") for b in range(params.bands)]
        self.stats: dict = {}

    def _band_path(self, band: int) -> Path:
        return self.workdir / f"band-{band:03d}.u64"

    def add(self, texts: list[str], values: np.ndarray, offsets: np.ndarray, partition: np.ndarray) -> None:
        p = self.params
        keys = band_keys(values, offsets, p.bands, p.rows, p.num_perm, p.seed, p.backend)  # (docs, bands)
        with np.errstate(over="ignore"):
            keys = keys * np.uint64(0x100000001B3) + partition.astype(np.uint64)[:, None]
        for band, f in enumerate(self._files):
            f.write(np.ascontiguousarray(keys[:, band]).tobytes())

    def close(self) -> None:
        """Flush the band files (after the last `add`)."""
        for f in self._files:
            f.close()

    def band(self, band: int) -> np.ndarray:
        """(docs,) uint64 keys of one band."""
        return np.fromfile(self._band_path(band), dtype=np.uint64)

    def candidates(self, active: np.ndarray, partition: np.ndarray, bands=None) -> Iterator[np.ndarray]:
        """(pairs, 2) int64 index pairs i < j sharing a bucket, band by band (all, or the `bands`
        given); `active` (bool per doc) leaves docs out, e.g. empty texts or exact duplicates."""
        self.close()
        idx = np.nonzero(active)[0]
        for band in range(self.params.bands) if bands is None else bands:
            key = self.band(band)[idx]
            pairs = _bucket_pairs(key, idx)
            del key
            pairs.sort(axis=1)
            yield pairs


class JoinedLSH(MinHashLSH):
    """The band keys that executor tasks wrote (a `MinHashLSH` folder per unit of work), read as
    one corpus in the order of `dirs`: band by band, each band the units' files one after another."""

    def __init__(self, params, dirs: list[Path]):
        self.params, self.dirs, self._files, self.stats = params, [Path(d) for d in dirs], [], {}

    def add(self, *args) -> None:
        raise TypeError("JoinedLSH reads band keys written by the tasks; it takes no documents")

    def band(self, band: int) -> np.ndarray:
        parts = [np.fromfile(d / f"band-{band:03d}.u64", dtype=np.uint64) for d in self.dirs]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)


def _bucket_pairs(key: np.ndarray, idx: np.ndarray) -> np.ndarray:
    order = np.argsort(key, kind="stable")
    k = key[order]
    same = k[1:] == k[:-1]  # position p+1 shares the bucket of position p
    if not same.any():
        return np.zeros((0, 2), dtype=np.int64)
    pos = np.arange(k.size)
    first = np.maximum.accumulate(np.where(np.r_[True, ~same], pos, 0))
    member = np.nonzero(np.r_[False, same])[0]
    docs = idx[order]
    to_first = np.stack([docs[first[member]], docs[member]], axis=1)
    to_prev = np.stack([docs[member - 1], docs[member]], axis=1)
    return np.concatenate([to_first, to_prev[first[member] != member - 1]])


def jaccard(values: np.ndarray, offsets: np.ndarray, i: int, j: int) -> float:
    """Exact Jaccard of the shingle sets i and j of a CSR."""
    a = values[offsets[i] : offsets[i + 1]]
    b = values[offsets[j] : offsets[j + 1]]
    if a.size == 0 or b.size == 0:
        return 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)
