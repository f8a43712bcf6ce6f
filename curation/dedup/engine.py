"""Exact + near deduplication of a stream of normalised texts, with memory bounded per document.

Input: chunks of samples in order, each with the normalised unit texts and per-sample partition,
source priority and (optionally) age. Output: per sample the exact hash, the cluster (index of its
representative), the cluster size, keep, reason and the Jaccard to the representative.

`dedup_stream` reads each chunk once and keeps no text: per chunk it hashes the texts (exact
hash + partition go to a file), shingles the first copy of each text in the chunk (the sets go
to a `ShingleStore` file) and hands the chunk to the near-duplicate finder (MinHash LSH writes
band keys to files; datatrove's path spills the texts). After the stream, exact groups come from
one sort of the hashes, candidate pairs from the finder band by band, verification from the
stored sets block by block, clusters from a NumPy union-find. What stays in memory is a few
arrays of 1-8 bytes per document (about 60 bytes in all at their peak) plus one chunk or block
at a time: peak RSS 276 MB at 100k documents and 313 MB at 1M in benchmarks/dedup_bench.py.

    result = dedup_stream(chunks, NearParams(), workdir)   # chunks: iterable of Chunk
    result.representative, result.keep, result.exact_hashes(0, 100)

`dedup` is the same over an in-memory list, for tests and small inputs. The stage (numpy engine)
runs `scan_chunk` on executor tasks, one spill folder per row group (scan.py), and `finish` in the
driver over the folders joined in plan order.
"""

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import xxhash

from .cluster import PairVerifier, UnionFind, representatives
from .minhash import MinHashLSH
from .shingles import shingle_sets
from .spill import ShingleStore

REASONS = (None, "exact-dup-of", "near-dup-of")  # DedupArrays.reason_code indexes this
_HASH_COLUMNS = 3  # rows of the exact spill: hash high, hash low, partition (uint64 each)
_CHUNK = 16_384    # docs per chunk when `dedup` cuts a list


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
    shingles: str = "word"  # word | char | auto (see shingles.py)


@dataclass
class Chunk:
    """A batch of samples, in stream order."""

    texts: list[str]             # normalised unit texts ("" = nothing to compare)
    partition: np.ndarray        # (k,) int: duplicates are looked for only within one partition value
    priority: np.ndarray         # (k,) int: 0 = most preferred source
    age: np.ndarray | None = None  # (k,) int ingest order, smaller = older; None = position in the stream
    word_rows: np.ndarray | None = None  # (k,) bool: shingled as words under `shingles: auto` (task code)


@dataclass
class DedupArrays:
    """Per-sample results of `dedup_stream` as arrays; the exact hashes stay on disk in `workdir`."""

    representative: np.ndarray  # (n,) int64 index of the cluster representative
    cluster_size: np.ndarray    # (n,) int64
    keep: np.ndarray            # (n,) bool
    reason_code: np.ndarray     # (n,) int8 index into REASONS
    similarity: np.ndarray      # (n,) float32 Jaccard to the representative (1.0 for exact dups / kept)
    empty: np.ndarray           # (n,) bool: the unit text was empty (no exact hash)
    stats: dict
    hash_path: Path

    def __len__(self) -> int:
        return self.keep.size

    def exact_hashes(self, lo: int, hi: int) -> list:
        """Hex xxh3-128 of the normalised texts lo..hi-1 (None for an empty text)."""
        rows = np.fromfile(self.hash_path, dtype=np.uint64, count=(hi - lo) * _HASH_COLUMNS,
                           offset=lo * _HASH_COLUMNS * 8).reshape(-1, _HASH_COLUMNS)
        text = rows[:, :2].astype(">u8").tobytes().hex()  # 32 hex digits per row, big-endian like hexdigest
        return [None if e else text[32 * k : 32 * k + 32] for k, e in enumerate(self.empty[lo:hi].tolist())]

    def reasons(self, lo: int, hi: int) -> list:
        return [REASONS[c] for c in self.reason_code[lo:hi].tolist()]


@dataclass
class DedupResult:
    exact_hash: list          # str per sample, None for an empty unit
    representative: np.ndarray  # (n,) int64 index of the cluster representative
    cluster_size: np.ndarray  # (n,) int64
    keep: np.ndarray          # (n,) bool
    reason: list              # None, "exact-dup-of" or "near-dup-of"
    similarity: np.ndarray    # (n,) float32 Jaccard to the representative (1.0 for exact dups / kept)
    stats: dict


@dataclass
class Scan:
    """What the pass over the chunks leaves in memory: small per-doc arrays, built chunk by chunk
    (length and priority as int32; age only where chunks give one)."""

    length: list = field(default_factory=list)
    priority: list = field(default_factory=list)
    age: list = field(default_factory=list)  # (first doc, ages or None) per chunk
    n: int = 0

    @classmethod
    def of(cls, length: np.ndarray, priority: np.ndarray, age: np.ndarray) -> "Scan":
        """The scan of a corpus whose columns were computed elsewhere (the stage's tasks)."""
        return cls([length], [priority], [(0, age)], length.size)

    def take(self, name: str) -> np.ndarray:
        """The column as one array; the per-chunk parts are dropped."""
        parts = getattr(self, name)
        setattr(self, name, [])
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)

    def take_age(self) -> np.ndarray:
        """(n,) int64 age: the chunks' own, else the position in the stream."""
        parts, self.age = self.age, []
        if all(a is None for _, a in parts):
            return np.arange(self.n, dtype=np.int64)
        ends = [lo for lo, _ in parts[1:]] + [self.n]
        return np.concatenate([np.arange(lo, end, dtype=np.int64) if a is None else a for (lo, a), end in zip(parts, ends)])


def dedup_stream(chunks: Iterable[Chunk], params: NearParams, workdir: Path, near=MinHashLSH) -> DedupArrays:
    """Exact groups first; near duplicates among their first members; then one cluster per
    connected component, its representative chosen by `cluster.representatives`.

    `near(params, workdir)` makes the candidate finder (`minhash.MinHashLSH`, or the datatrove
    path of dt_path.py). `workdir` receives the spill files and must outlive the result (its
    `exact_hashes` reads them).
    """
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    store = ShingleStore(workdir / "shingles.u32")
    finder = near(params, workdir / "near")
    scan = Scan()
    with open(workdir / "exact.u64", "wb") as hashes:
        for chunk in chunks:
            scan_chunk(chunk, params, scan, store, finder, hashes)
    store.close()
    return finish(scan, params, store, finder, workdir / "exact.u64")


def scan_chunk(chunk: Chunk, params: NearParams, scan: Scan, store: ShingleStore, finder, hashes) -> None:
    k = len(chunk.texts)
    partition = np.asarray(chunk.partition).astype(np.uint64)
    digests, first_in_chunk, seen = [], [], {}
    for i, (t, p) in enumerate(zip(chunk.texts, partition.tolist())):
        d = xxhash.xxh3_128_digest(t.encode("utf-8")) if t else b"\0" * 16
        digests.append(d)
        first_in_chunk.append(bool(t) and seen.setdefault((p, d), i) == i)
    rows = np.empty((k, _HASH_COLUMNS), dtype=np.uint64)
    rows[:, :2] = np.frombuffer(b"".join(digests), dtype=">u8").reshape(k, 2)
    rows[:, 2] = partition
    hashes.write(rows.tobytes())
    # later copies of a text in this chunk are exact duplicates: shingling them would be wasted
    shingled = [t if first else "" for t, first in zip(chunk.texts, first_in_chunk)]
    values, offsets = shingle_sets(shingled, params.ngram, params.shingles, chunk.word_rows)
    store.append(values, offsets)
    finder.add(shingled, values, offsets, partition)
    scan.length.append(np.fromiter(map(len, chunk.texts), dtype=np.int32, count=k))
    scan.priority.append(np.asarray(chunk.priority, dtype=np.int32))
    scan.age.append((scan.n, None if chunk.age is None else np.asarray(chunk.age, dtype=np.int64)))
    scan.n += k


def exact_groups(hash_path: Path, empty: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(n,) index of the first doc with the same (partition, exact hash), empty texts being their
    own group; and (n,) uint64 partition of every doc. One sort of the hash spill, compared a
    column at a time so the temporaries stay at a few arrays of 8 bytes per doc."""
    rows = np.fromfile(hash_path, dtype=np.uint64).reshape(-1, _HASH_COLUMNS)
    order = np.lexsort((rows[:, 1], rows[:, 0], rows[:, 2]))  # stable: a group's docs in stream order
    starts = np.zeros(order.size, dtype=bool)
    starts[:1] = True
    for c in range(_HASH_COLUMNS):
        col = rows[order, c]
        starts[1:] |= col[1:] != col[:-1]
    del col
    partition = rows[:, 2].copy()
    del rows
    first = order[np.maximum.accumulate(np.where(starts, np.arange(order.size), 0))]
    first_of = np.empty(order.size, dtype=np.int64)
    first_of[order] = first
    first_of[empty] = np.nonzero(empty)[0]
    return first_of, partition


def verify_here(finder, store: ShingleStore, threshold: float):
    """The `link` step of `finish` in this process: the finder's candidates, verified block by
    block, joined in the union-find."""
    def link(uf: UnionFind, first_of: np.ndarray, active: np.ndarray, partition: np.ndarray) -> dict:
        verifier, candidates = PairVerifier(uf, store, threshold), 0
        for pairs in finder.candidates(active, partition):
            candidates += len(pairs)
            verifier.add(pairs)
        return {**finder.stats, "candidate_pairs": candidates, "pairs_verified": verifier.checked}
    return link


def finish(scan: Scan, params: NearParams, store: ShingleStore, finder, hash_path: Path, link=None) -> DedupArrays:
    """Exact groups, then `link(uf, first_of, active, partition) -> stats` joins the verified near
    pairs into the union-find (default: `verify_here`; the stage shards it over executor tasks),
    then clusters, representatives, reasons and Jaccard values."""
    n = scan.n
    length = scan.take("length")
    empty = length == 0
    first_of, partition = exact_groups(hash_path, empty)
    uf = UnionFind(n, parent=first_of)  # exact duplicates hang under their group's first doc
    active = (first_of == np.arange(n)) & (store.sizes() > 0)
    link_stats = (link or verify_here(finder, store, params.threshold))(uf, first_of, active, partition)
    del partition, active
    roots = uf.roots()
    del uf
    rep = representatives(roots, scan.take("priority"), length, scan.take_age())
    del length
    size = np.bincount(roots, minlength=n)[roots]
    del roots
    keep = rep == np.arange(n)
    exact = ~keep & (first_of == first_of[rep])
    reason = np.where(keep, 0, np.where(exact, 1, 2)).astype(np.int8)
    similarity = np.ones(n, dtype=np.float32)
    near = np.nonzero(reason == 2)[0]
    similarity[near] = store.jaccard(np.stack([first_of[near], first_of[rep[near]]], axis=1))
    stats = {**link_stats, "exact_removed": int(exact.sum()), "near_removed": int(near.size),
             "clusters": int((np.bincount(rep, minlength=n) > 1).sum())}
    return DedupArrays(rep, size.astype(np.int64), keep, reason, similarity, empty, stats, hash_path)


def chunked(texts: list[str], partition: np.ndarray, priority: np.ndarray, age: np.ndarray, size: int = _CHUNK):
    """`Chunk`s of `size` docs over in-memory columns."""
    for lo in range(0, len(texts), size):
        yield Chunk(texts[lo : lo + size], partition[lo : lo + size], priority[lo : lo + size], age[lo : lo + size])


def dedup(texts: list[str], partition: np.ndarray, priority: np.ndarray, age: np.ndarray,
          params: NearParams = NearParams(), near=MinHashLSH) -> DedupResult:
    """`dedup_stream` over in-memory columns, with the per-sample results as lists."""
    with tempfile.TemporaryDirectory(prefix="mlcurate-dedup-") as tmp:
        r = dedup_stream(chunked(texts, np.asarray(partition), np.asarray(priority), np.asarray(age)), params, Path(tmp), near)
        n = len(r)
        return DedupResult(r.exact_hashes(0, n), r.representative, r.cluster_size, r.keep, r.reasons(0, n),
                           r.similarity, r.stats)
