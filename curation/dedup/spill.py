"""Shingle sets kept on disk while the dedup engine streams, and exact Jaccard of pairs of them.

The engine appends each chunk's CSR shingle sets (sorted unique uint32 per document) to one flat
file and keeps only the row offsets in memory (8 bytes per document). Candidate pairs are then
verified block by block: the rows a block needs are gathered from a memory map of the file, whose
resident pages are released after every gather, so the pages a process holds stay bounded by one
block, not by the corpus.

    store = ShingleStore(workdir / "shingles.u32")
    store.append(values, offsets)          # per chunk, in document order
    store.close()
    sims = store.jaccard(pairs)            # (pairs,) float64 exact Jaccard of rows i and j
"""

import mmap
from pathlib import Path

import numpy as np

# Rows copied out of the map before its pages are released. Each row read maps up to 64 KiB around
# it (the kernel's fault-around), so 256 rows hold at most 16 MiB of file pages; at 4,096 rows the
# file pages reached 256 MiB at 1M documents.
_GATHER_DOCS = 256
_BLOCK_SHINGLES = 2_000_000  # shingles of both sides per Jaccard block: about 50 MB of temporaries


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated `arange(s, s + l)` for every (s, l), as one int64 array."""
    lengths = lengths.astype(np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    shift = np.repeat(starts.astype(np.int64) - (ends - lengths), lengths)
    return np.arange(total, dtype=np.int64) + shift


class ShingleStore:
    """Append-only CSR of shingle sets on disk; row offsets in memory."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(self.path, "wb")
        self._offsets = [np.zeros(1, dtype=np.int64)]
        self._size = 0
        self.offsets: np.ndarray | None = None  # (docs + 1,) int64, set by close()

    def append(self, values: np.ndarray, offsets: np.ndarray) -> None:
        """Add the rows of one chunk's CSR (values uint32, offsets int64 of len rows + 1)."""
        self._file.write(np.ascontiguousarray(values, dtype=np.uint32).tobytes())
        self._offsets.append(offsets[1:].astype(np.int64) + self._size)
        self._size += int(offsets[-1])

    def close(self) -> None:
        self._file.close()
        self.offsets = np.concatenate(self._offsets)
        self._offsets = []

    def sizes(self) -> np.ndarray:
        return np.diff(self.offsets)

    def gather(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """CSR (values, offsets) of rows `docs` (sorted), read through a memory map that gives its
        pages back every `_GATHER_DOCS` rows."""
        lengths = self.offsets[docs + 1] - self.offsets[docs]
        local = np.zeros(docs.size + 1, dtype=np.int64)
        np.cumsum(lengths, out=local[1:])
        values = np.empty(int(local[-1]), dtype=np.uint32)
        if values.size == 0:
            return values, local
        with open(self.path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            flat = np.frombuffer(m, dtype=np.uint32)
            for lo in range(0, docs.size, _GATHER_DOCS):
                hi = min(lo + _GATHER_DOCS, docs.size)
                values[local[lo] : local[hi]] = flat[ranges(self.offsets[docs[lo:hi]], lengths[lo:hi])]
                m.madvise(mmap.MADV_DONTNEED)
            del flat
        return values, local

    def jaccard(self, pairs: np.ndarray) -> np.ndarray:
        """(pairs,) exact Jaccard of the shingle sets of each (i, j) row of `pairs`; 0 when a set is empty."""
        out = np.zeros(len(pairs), dtype=np.float64)
        sizes = self.offsets[pairs + 1] - self.offsets[pairs]  # (pairs, 2)
        cost = np.cumsum(sizes.sum(axis=1))
        lo = 0
        while lo < len(pairs):
            hi = max(int(np.searchsorted(cost, (cost[lo - 1] if lo else 0) + _BLOCK_SHINGLES, side="right")), lo + 1)
            out[lo:hi] = self._jaccard_block(pairs[lo:hi])
            lo = hi
        return out

    def _jaccard_block(self, pairs: np.ndarray) -> np.ndarray:
        docs = np.unique(pairs)
        values, local = self.gather(docs)
        rows = np.searchsorted(docs, pairs)  # (pairs, 2) rows of the gathered CSR
        sides = []
        for side in (0, 1):
            r = rows[:, side]
            n = local[r + 1] - local[r]
            # (pair << 32) | shingle: each side is sorted by pair, then by shingle
            tag = np.repeat(np.arange(len(pairs), dtype=np.uint64), n) << np.uint64(32)
            sides.append((tag | values[ranges(local[r], n)], n))
        (a, na), (b, nb) = sides
        pos = np.minimum(np.searchsorted(b, a), max(b.size - 1, 0))
        hit = b[pos] == a if b.size else np.zeros(a.size, dtype=bool)
        inter = np.bincount((a[hit] >> np.uint64(32)).astype(np.int64), minlength=len(pairs))
        union = na + nb - inter
        return np.divide(inter, union, out=np.zeros(len(pairs)), where=(na > 0) & (nb > 0))
