"""Shingle sets kept on disk while the dedup engine streams, and exact Jaccard of pairs of them.

The engine appends each chunk's CSR shingle sets (sorted unique uint32 per document) to one flat
file and keeps only the row offsets in memory (8 bytes per document). Candidate pairs are then
verified block by block: the rows a block needs are read with `pread` into private memory, so
what a process holds is one block, not the corpus. (Not a memory map: each fault maps the whole
page-cache folio around it, so with large folios a block of a few hundred rows could map a hundred
times its size.)

    store = ShingleStore(workdir / "shingles.u32")
    store.append(values, offsets)          # per chunk, in document order
    store.close()
    sims = store.jaccard(pairs)            # (pairs,) float64 exact Jaccard of rows i and j

The stage's executor tasks each write the store of their own units; the driver reads them as one
store in the plan's order without copying them (`ShingleStore.join`).
"""

import os
from pathlib import Path

import numpy as np

_GAP = 1_024  # rows closer than this many shingles (4 KiB) are read by one pread
_BLOCK_SHINGLES = 500_000  # shingles of both sides per Jaccard block: about 30 MB of temporaries


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
        self._parts = [(self.path, 0)]  # (file, first shingle of the store it holds)

    @classmethod
    def join(cls, paths: list[Path], offsets: list[np.ndarray]) -> "ShingleStore":
        """A read-only store over closed stores' files, rows in the order given; `offsets[k]` is
        the (rows + 1,) row offsets of `paths[k]`."""
        store = cls.__new__(cls)
        store.path, store._file, store._offsets = None, None, []
        parts, rows, base = [], [np.zeros(1, dtype=np.int64)], 0
        for path, offs in zip(paths, offsets):
            parts.append((Path(path), base))
            rows.append(np.asarray(offs[1:], dtype=np.int64) + base)
            base += int(offs[-1])
        store._parts, store._size, store.offsets = parts or [(None, 0)], base, np.concatenate(rows)
        return store

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
        """CSR (values, offsets) of rows `docs` (sorted, unique), read with one `pread` per run of
        rows lying within `_GAP` shingles of each other."""
        starts = self.offsets[docs]
        lengths = self.offsets[docs + 1] - starts
        local = np.zeros(docs.size + 1, dtype=np.int64)
        np.cumsum(lengths, out=local[1:])
        if local[-1] == 0:
            return np.zeros(0, dtype=np.uint32), local
        ends = starts + lengths
        bases = np.array([b for _, b in self._parts], dtype=np.int64)
        part = np.searchsorted(bases, starts, side="right") - 1  # the file holding each row
        # first row of each run: far from the previous row, or in another file
        first = np.nonzero(np.r_[True, (starts[1:] - ends[:-1] > _GAP) | (part[1:] != part[:-1])])[0]
        run_lo, run_hi = starts[first], np.maximum.reduceat(ends, first)
        parts, files = [], {}
        try:
            for lo, hi, k in zip(run_lo.tolist(), run_hi.tolist(), part[first].tolist()):
                if k not in files:
                    files[k] = open(self._parts[k][0], "rb", buffering=0)
                parts.append(os.pread(files[k].fileno(), 4 * (hi - lo), 4 * (lo - self._parts[k][1])))
        finally:
            for f in files.values():
                f.close()
        flat = np.frombuffer(b"".join(parts), dtype=np.uint32)
        run_at = np.zeros(first.size, dtype=np.int64)
        np.cumsum((run_hi - run_lo)[:-1], out=run_at[1:])
        run = np.repeat(np.arange(first.size), np.diff(np.r_[first, docs.size]))
        return flat[ranges(run_at[run] + starts - run_lo[run], lengths)], local

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
