"""Near-duplicate clusters from datatrove's MinHash stages, for corpora that outgrow one machine.

    ReadUnits -> MinhashDedupSignature     (N tasks)    signatures, shingled by ShingleTokenizer
    MinhashDedupBuckets                    (bands tasks) LSH band collisions
    MinhashDedupCluster                    (1 task)      union-find, cluster ids
    ReadUnits -> MinhashDedupFilter -> JsonlWriter (N tasks) cluster id of every doc, kept and removed

on the configured executor (local, slurm, ray). `ShingleTokenizer` gives datatrove the same units
as the single-machine path (words, or characters for Han/Kana/Thai/...), so no spaCy or NLTK
model is downloaded. datatrove joins every LSH collision into a cluster, unverified; the driver
then verifies the pairs inside each datatrove cluster by exact shingle Jaccard, like the
single-machine path, so both give the same clusters (datatrove's own hashing and permutations
only change which candidates LSH finds). Without that check, pairs of Chinese dialect versions
of one UDHR paragraph at Jaccard 0.5-0.7 were joined.
"""

import functools
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import xxhash
from datatrove.data import Document
from datatrove.utils.word_tokenizers import WordTokenizer

from ..config import ExecutorConfig
from ..runner import Step, make_executor, run_executor
from .shingles import tokens



class ShingleTokenizer(WordTokenizer):
    """datatrove word tokenizer over normalised text: words, or characters for no-space scripts."""

    def __init__(self, mode: str = "word", n: int = 5):
        super().__init__("mlcurate")
        self.mode, self.n = mode, n

    def word_tokenize(self, text: str) -> list[str]:
        # (auto: the rows the engine shingles as words, task code, are tokenised as characters here;
        # datatrove only proposes candidates, the driver verifies them on the engine's own sets)
        return tokens(text, self.mode, self.n)[0]

    def sent_tokenize(self, text: str) -> list[str]:
        return [text]

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        return [(0, len(text))]


class ReadUnits(Step):
    """Yields this task's contiguous slice of the (idx, text) rows of a Parquet file as Documents,
    reading it batch by batch."""

    name = "read dedup units"
    type = "DEDUP"

    def __init__(self, path: str):
        super().__init__()
        self.path = path

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        f = pq.ParquetFile(self.path)
        n = f.metadata.num_rows
        lo, hi = n * rank // world_size, n * (rank + 1) // world_size
        at = 0
        for batch in f.iter_batches(columns=["idx", "text"]):
            a, b = max(lo - at, 0), min(hi - at, batch.num_rows)
            if a < b:
                for idx, text in zip(batch.column(0)[a:b].to_pylist(), batch.column(1)[a:b].to_pylist()):
                    yield Document(text=text, id=str(idx))
            at += batch.num_rows
            if at >= hi:
                break


def _cluster_record(self, doc: Document) -> dict:
    return {"id": doc.id, "cluster": doc.metadata.get("minhash_cluster_id", -1)}


_UNITS_SCHEMA = pa.schema([pa.field("idx", pa.int64()), pa.field("text", pa.string())])


def datatrove_near(executor: ExecutorConfig, workdir: Path):
    """A `near` finder factory for `engine.dedup_stream` that finds clusters with datatrove's MinHash stages."""
    return functools.partial(DatatroveCandidates, executor=executor, dt_dir=Path(workdir))


class DatatroveCandidates:
    """Candidate pairs inside datatrove's MinHash clusters (see the module docstring).

    During the engine's pass the texts that have shingles are appended to a Parquet spill; once
    the stream ends, the active ones (first copies) become datatrove's input units.
    """

    def __init__(self, params, workdir: Path, *, executor: ExecutorConfig, dt_dir: Path):
        self.params, self.executor, self.dir = params, executor, dt_dir
        shutil.rmtree(dt_dir, ignore_errors=True)  # every run recomputes all clusters
        dt_dir.mkdir(parents=True)
        self._texts = pq.ParquetWriter(dt_dir / "texts.parquet", _UNITS_SCHEMA)
        self.n = 0
        self.stats: dict = {}
        self._keys: list[np.ndarray] = []  # xxh3-64 of each text: the members' order in cluster_pairs

    def add(self, texts: list[str], values: np.ndarray, offsets: np.ndarray, partition: np.ndarray) -> None:
        rows = np.nonzero(np.diff(offsets) > 0)[0]
        picked = [texts[i] for i in rows.tolist()]
        self._texts.write_table(pa.table({"idx": rows + self.n, "text": picked}, schema=_UNITS_SCHEMA))
        keys = np.zeros(len(texts), dtype=np.uint64)
        keys[rows] = np.fromiter((xxhash.xxh3_64_intdigest(t.encode("utf-8")) for t in picked), dtype=np.uint64, count=len(picked))
        self._keys.append(keys)
        self.n += len(texts)

    def candidates(self, active: np.ndarray, partition: np.ndarray):
        self._texts.close()
        units = self.dir / "units.parquet"
        with pq.ParquetWriter(units, _UNITS_SCHEMA) as w:
            for batch in pq.ParquetFile(self.dir / "texts.parquet").iter_batches():
                w.write_batch(batch.filter(pa.array(active[batch.column(0).to_numpy()])))
        labels = datatrove_clusters(units, self.n, self.params, self.executor, self.dir)
        self.stats["datatrove_clustered"] = int((labels >= 0).sum())
        keys = np.concatenate(self._keys) if self._keys else np.zeros(0, dtype=np.uint64)
        yield from cluster_pairs(labels, partition, keys)


def datatrove_clusters(units: Path, n: int, params, executor: ExecutorConfig, workdir: Path) -> np.ndarray:
    """(n,) int64 datatrove cluster id per doc, -1 where it joined no cluster (or is not in `units`)."""
    from datatrove.pipeline.dedup.minhash import (MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster,
                                                  MinhashDedupFilter, MinhashDedupSignature)
    from datatrove.pipeline.writers import JsonlWriter
    from datatrove.utils.text import TextNormConfig

    norm = TextNormConfig(lowercase=False, norm_whitespace=False, remove_punctuation=False,
                          norm_unicode_diacritics=False, norm_numbers=False)
    mc = MinhashConfig(num_buckets=params.bands, hashes_per_bucket=params.rows, n_grams=params.ngram,
                       seed=params.seed, norm_config=norm)
    d = str(workdir)
    tasks = max(1, min(executor.tasks, pq.ParquetFile(units).metadata.num_rows))
    sig = make_executor(executor, [ReadUnits(str(units)), MinhashDedupSignature(f"{d}/sigs", mc, language=ShingleTokenizer(params.shingles, params.ngram))],
                        f"{d}/logs/sigs", tasks=tasks)
    buckets = make_executor(executor, [MinhashDedupBuckets(f"{d}/sigs", f"{d}/buckets", config=mc)], f"{d}/logs/buckets",
                            tasks=params.bands, depends=sig)
    cluster = make_executor(executor, [MinhashDedupCluster(f"{d}/buckets", f"{d}/clusters", config=mc, save_cluster_id=True)],
                            f"{d}/logs/clusters", tasks=1, depends=buckets)
    out = [ReadUnits(str(units)),
           MinhashDedupFilter(f"{d}/clusters", load_cluster_ids=True,
                              exclusion_writer=JsonlWriter(f"{d}/out", "removed-${rank}.jsonl", compression=None, adapter=_cluster_record)),
           JsonlWriter(f"{d}/out", "kept-${rank}.jsonl", compression=None, adapter=_cluster_record)]
    run_executor(make_executor(executor, out, f"{d}/logs/filter", tasks=tasks, depends=cluster), "dedup (datatrove MinHash)")
    return _read_labels(workdir / "out", n)


def _read_labels(out: Path, n: int) -> np.ndarray:
    import orjson

    labels = np.full(n, -1, dtype=np.int64)
    for f in out.glob("*.jsonl"):
        with open(f, "rb") as lines:
            for line in lines:
                rec = orjson.loads(line)
                labels[int(rec["id"])] = rec["cluster"]
    return labels


def cluster_pairs(labels: np.ndarray, partition: np.ndarray, keys: np.ndarray | None = None, all_pairs_up_to: int = 64,
                  block: int = 1 << 20):
    """Blocks of (pairs, 2) candidate pairs inside each datatrove cluster (split by partition): every
    pair in clusters of up to `all_pairs_up_to` docs, else each doc with the first and with its
    predecessor. Members are found by one sort, not a dict of lists.

    A large cluster's members are ordered by `keys` (a hash of each text; stream position breaks
    ties), not by their position in the stream: which pairs a large cluster proposes then depends on
    its texts alone, not on the order the samples' files were written in (1 or 2 ingest tasks write
    the same rows in different files, and the verified clusters must not differ)."""
    docs = np.nonzero(labels >= 0)[0]
    order_key = docs if keys is None else keys[docs]
    docs = docs[np.lexsort((docs, order_key, partition[docs], labels[docs]))]
    key_change = (labels[docs][1:] != labels[docs][:-1]) | (partition[docs][1:] != partition[docs][:-1])
    bounds = np.r_[0, np.nonzero(key_change)[0] + 1, docs.size]
    out, held = [], 0
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        m = docs[lo:hi]
        if m.size < 2:
            continue
        if m.size <= all_pairs_up_to:
            a, b = np.triu_indices(m.size, 1)
            pairs = np.stack([m[a], m[b]], axis=1)
        else:
            pairs = np.concatenate([np.stack([np.full(m.size - 1, m[0]), m[1:]], axis=1),
                                    np.stack([m[1:-1], m[2:]], axis=1)])
        out.append(pairs)
        held += len(pairs)
        if held >= block:
            yield np.concatenate(out)
            out, held = [], 0
    if out:
        yield np.concatenate(out)
