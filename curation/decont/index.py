"""The reference index: hashes of every reference text (texts of `role: eval` sources), on disk.

    build_index(con, sources, cfg, out)   (driver) streams the reference samples from DuckDB in
                                          batches, hashes them, spills (hash, ref) rows to Parquet,
                                          sorts them with DuckDB (which spills beyond its memory
                                          limit) and writes the sorted columns as .npy files
    RefIndex(out)                         (each task) opens those files memory-mapped: the index
                                          is paged in from disk, never loaded whole
    RefIndex.probe(hashed, cfg)           (text, ref, kind, share) of every overlap of a batch

Files under `out/`:

    refs.parquet        ref (int32), sample_id, source, field, neg_index, eval_name, eval_split
    ref_grams.npy       (refs,) int32 unique n-grams of each reference text
    ngram_hash.npy      (rows,) uint64 sorted n-gram hashes, one row per (n-gram, reference)
    ngram_ref.npy       (rows,) int32 the reference of each row
    exact_hash.npy / exact_ref.npy   the same for exact hashes of whole normalised texts

Memory of a task: a batch's hashes plus the pages of the index its probes touch; the reference
ids (not their texts) for naming matches, about 100 bytes per reference.
"""

import contextlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .ngrams import Hashed, hash_texts

REF_SCHEMA = pa.schema([pa.field("ref", pa.int32()), pa.field("sample_id", pa.string()), pa.field("source", pa.string()),
                        pa.field("field", pa.string()), pa.field("neg_index", pa.int32()), pa.field("eval_name", pa.string()),
                        pa.field("eval_split", pa.string())])
_PAIRS = pa.schema([pa.field("hash", pa.uint64()), pa.field("ref", pa.int32())])
_BATCH = 4096


def sample_texts(batch: pa.RecordBatch | pa.Table, fields: list[str]) -> tuple[list, np.ndarray, list[str], np.ndarray]:
    """Every text of a batch of samples, flattened: (texts, row of each, field of each, negative
    index of each (-1 unless a negative)). Fields are taken in the order query, positive, negatives."""
    texts, rows, names, negs = [], [], [], []
    n = batch.num_rows
    for name in ("query", "positive"):
        if name in fields:
            texts += batch.column(name).to_pylist()
            rows.append(np.arange(n))
            names += [name] * n
            negs.append(np.full(n, -1))
    if "negatives" in fields:
        col = batch.column("negatives")
        lists = col.to_pylist()
        for r, values in enumerate(lists):
            for k, t in enumerate(values or ()):
                texts.append(t)
                rows.append(np.array([r]))
                names.append("negatives")
                negs.append(np.array([k]))
    row = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    neg = np.concatenate(negs) if negs else np.zeros(0, np.int64)
    return texts, row.astype(np.int64), names, neg.astype(np.int64)


def build_index(con: duckdb.DuckDBPyConnection, sources: dict[str, tuple[str, str]], cfg, out: Path) -> dict:
    """Index the texts of the reference `sources` ({source: (eval_name, eval_split)}) into `out`;
    `con` reads the workspace's samples and spills its sort to `out/duckdb-tmp`. Returns counts."""
    out.mkdir(parents=True, exist_ok=True)
    names = sorted(sources)
    reader = con.cursor().sql("SELECT sample_id, source, query, positive, negatives FROM samples WHERE source IN "
                              "(SELECT unnest(?)) ORDER BY source, sample_id", params=[names]).to_arrow_reader(_BATCH)
    ref0, texts_seen, too_short, grams = 0, 0, 0, []
    with contextlib.ExitStack() as stack:
        stack.enter_context(contextlib.closing(reader))
        refs_w = stack.enter_context(pq.ParquetWriter(out / "refs.parquet", REF_SCHEMA))
        ngram_w = stack.enter_context(pq.ParquetWriter(out / "ngram_pairs.parquet", _PAIRS))
        exact_w = stack.enter_context(pq.ParquetWriter(out / "exact_pairs.parquet", _PAIRS))
        for batch in reader:
            texts, row, field, neg = sample_texts(batch, cfg.fields)
            present = np.array([bool(t) for t in texts], dtype=bool)
            h = hash_texts(texts, cfg)
            texts_seen += int(present.sum())
            keep = np.nonzero(h.eligible)[0]
            too_short += int((present & ~h.eligible).sum())
            ref_of = np.full(len(texts), -1, dtype=np.int64)
            ref_of[keep] = np.arange(ref0, ref0 + keep.size)
            src = batch.column("source").take(pa.array(row[keep]))
            refs_w.write_table(pa.table({
                "ref": pa.array(ref_of[keep], pa.int32()),
                "sample_id": batch.column("sample_id").take(pa.array(row[keep])),
                "source": src,
                "field": pa.array([field[i] for i in keep.tolist()], pa.string()),
                "neg_index": pa.array(np.where(neg[keep] >= 0, neg[keep], 0), pa.int32(), mask=neg[keep] < 0),
                "eval_name": pa.array([sources[s][0] for s in src.to_pylist()], pa.string()),
                "eval_split": pa.array([sources[s][1] for s in src.to_pylist()], pa.string()),
            }, schema=REF_SCHEMA))
            grams.append(h.grams[keep].astype(np.int32))
            ngram_w.write_table(pa.table({"hash": h.gram_hash, "ref": ref_of[h.gram_text].astype(np.int32)}, schema=_PAIRS))
            exact_w.write_table(pa.table({"hash": h.exact[keep], "ref": ref_of[keep].astype(np.int32)}, schema=_PAIRS))
            ref0 += keep.size
    np.save(out / "ref_grams.npy", np.concatenate(grams) if grams else np.zeros(0, np.int32))
    rows = _sorted_npy(con.cursor(), out / "ngram_pairs.parquet", out / "ngram_hash.npy", out / "ngram_ref.npy")
    _sorted_npy(con.cursor(), out / "exact_pairs.parquet", out / "exact_hash.npy", out / "exact_ref.npy")
    return {"reference_texts": texts_seen, "references": ref0, "references_too_short": too_short, "reference_ngrams": rows}


def _sorted_npy(con: duckdb.DuckDBPyConnection, pairs: Path, hash_path: Path, ref_path: Path) -> int:
    """(hash, ref) rows of `pairs` sorted by DuckDB, streamed into two memory-mappable .npy files."""
    n = con.execute("SELECT count(*) FROM read_parquet(?)", [str(pairs)]).fetchall()[0][0]
    hashes = np.lib.format.open_memmap(hash_path, mode="w+", dtype=np.uint64, shape=(n,))
    refs = np.lib.format.open_memmap(ref_path, mode="w+", dtype=np.int32, shape=(n,))
    at = 0
    for batch in con.sql(f"SELECT hash, ref FROM read_parquet('{pairs}') ORDER BY hash, ref").to_arrow_reader(1 << 16):
        k = batch.num_rows
        hashes[at:at + k] = batch.column(0).to_numpy()
        refs[at:at + k] = batch.column(1).to_numpy()
        at += k
    hashes.flush()
    refs.flush()
    del hashes, refs
    pairs.unlink()
    return n


@dataclass(frozen=True)
class Overlaps:
    """Overlaps of a batch of texts with reference texts: one entry per (text, reference)."""

    text: np.ndarray    # (k,) int64 text index in the batch
    ref: np.ndarray     # (k,) int64 reference
    exact: np.ndarray   # (k,) bool: normalised texts equal (else an n-gram containment)
    share: np.ndarray   # (k,) float32 shared n-grams / n-grams of the shorter text (1.0 when exact)


class RefIndex:
    """The reference index of `build_index`, memory-mapped."""

    def __init__(self, root: str | Path):
        root = Path(root)
        self.ngram_hash = np.load(root / "ngram_hash.npy", mmap_mode="r")
        self.ngram_ref = np.load(root / "ngram_ref.npy", mmap_mode="r")
        self.exact_hash = np.load(root / "exact_hash.npy", mmap_mode="r")
        self.exact_ref = np.load(root / "exact_ref.npy", mmap_mode="r")
        self.ref_grams = np.load(root / "ref_grams.npy", mmap_mode="r")
        self.refs = pq.read_table(root / "refs.parquet")

    def __len__(self) -> int:
        return len(self.ref_grams)

    def probe(self, h: Hashed, cfg) -> Overlaps:
        """Every (text, reference) overlap of the texts hashed in `h`: exact (normalised texts equal;
        when `cfg.exact`) or an n-gram containment of at least `cfg.min_share`."""
        t_ng, r_ng, c_ng = _lookup(self.ngram_hash, self.ngram_ref, h.gram_text, h.gram_hash, cfg.common_ngram_refs)
        # count shared n-grams per (text, reference): pairs are unique per n-gram, so a count is a set size
        key = (t_ng.astype(np.int64) << 32) | r_ng
        pairs, shared = np.unique(key, return_counts=True)
        text, ref = pairs >> 32, pairs & 0xFFFFFFFF
        shorter = np.minimum(h.grams[text], np.asarray(self.ref_grams)[ref] if ref.size else np.zeros(0, np.int32))
        share = shared / np.maximum(shorter, 1)
        ok = share >= cfg.min_share
        text, ref, share = text[ok], ref[ok], share[ok].astype(np.float32)
        exact = np.zeros(text.size, dtype=bool)
        if cfg.exact:
            eligible = np.nonzero(h.eligible)[0]
            t_ex, r_ex, _ = _lookup(self.exact_hash, self.exact_ref, eligible, h.exact[eligible], None)
            text, ref = np.r_[t_ex, text], np.r_[r_ex, ref]
            share = np.r_[np.ones(t_ex.size, np.float32), share]
            exact = np.r_[np.ones(t_ex.size, bool), exact]
            first = np.unique((text << 32) | ref, return_index=True)[1]  # exact wins over n-grams (it comes first)
            text, ref, share, exact = text[first], ref[first], share[first], exact[first]
        return Overlaps(text.astype(np.int64), ref.astype(np.int64), exact, share)


def _lookup(sorted_hash: np.ndarray, refs: np.ndarray, text: np.ndarray, h: np.ndarray, max_refs: int | None):
    """(text, ref, hits) of every reference row whose hash equals a probed hash; hashes held by more
    than `max_refs` references are skipped (boilerplate shared by many references)."""
    if h.size == 0 or sorted_hash.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), 0
    lo = np.searchsorted(sorted_hash, h, side="left")
    hi = np.searchsorted(sorted_hash, h, side="right")
    width = hi - lo
    hit = width > 0
    if max_refs is not None:
        hit &= width <= max_refs
    lo, width, text = lo[hit], width[hit], text[hit]
    total = int(width.sum())
    if total == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), 0
    at = np.repeat(lo - (np.cumsum(width) - width), width) + np.arange(total)
    return np.repeat(text, width), np.asarray(refs[at], dtype=np.int64), total
