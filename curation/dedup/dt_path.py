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

import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from datatrove.data import Document
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.word_tokenizers import WordTokenizer

from ..config import ExecutorConfig
from ..runner import make_executor, quiet_datatrove_logs, run_executor
from .cluster import UnionFind, verified_union
from .shingles import shingle_sets, tokens

quiet_datatrove_logs()  # runs where tasks are unpickled (worker processes), see its docstring


class ShingleTokenizer(WordTokenizer):
    """datatrove word tokenizer over normalised text: words, or characters for no-space scripts."""

    def __init__(self):
        super().__init__("mlcurate")

    def word_tokenize(self, text: str) -> list[str]:
        return tokens(text)[0]

    def sent_tokenize(self, text: str) -> list[str]:
        return [text]

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        return [(0, len(text))]


class ReadUnits(PipelineStep):
    """Yields this task's contiguous slice of the (idx, text) rows of a Parquet file as Documents."""

    name = "read dedup units"
    type = "DEDUP"

    def __init__(self, path: str):
        super().__init__()
        self.path = path

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        table = pq.read_table(self.path)
        n = table.num_rows
        lo, hi = n * rank // world_size, n * (rank + 1) // world_size
        for idx, text in zip(table.column("idx")[lo:hi].to_pylist(), table.column("text")[lo:hi].to_pylist()):
            yield Document(text=text, id=str(idx))


def _cluster_record(self, doc: Document) -> dict:
    return {"id": doc.id, "cluster": doc.metadata.get("minhash_cluster_id", -1)}


def datatrove_near(executor: ExecutorConfig, workdir: Path):
    """A `near` function for `engine.dedup` that finds clusters with datatrove's MinHash stages."""

    def near(texts, active, partition, params, uf=None):
        uf = uf or UnionFind(len(texts))
        labels = datatrove_clusters(texts, active, params, executor, workdir)
        pairs = cluster_pairs(labels, partition)
        values, offsets = shingle_sets([t if a else "" for t, a in zip(texts, active.tolist())], params.ngram)
        checked = verified_union(uf, pairs, values, offsets, params.threshold)
        return uf, {"datatrove_clustered": int((labels >= 0).sum()), "candidate_pairs": len(pairs),
                    "pairs_verified": checked, "_csr": (values, offsets)}

    return near


def datatrove_clusters(texts, active, params, executor: ExecutorConfig, workdir: Path) -> np.ndarray:
    """(n,) int64 datatrove cluster id per text, -1 where it joined no cluster (or is inactive)."""
    from datatrove.pipeline.dedup.minhash import (MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster,
                                                  MinhashDedupFilter, MinhashDedupSignature)
    from datatrove.pipeline.writers import JsonlWriter
    from datatrove.utils.text import TextNormConfig

    shutil.rmtree(workdir, ignore_errors=True)  # every run recomputes all clusters
    workdir.mkdir(parents=True)
    idx = np.nonzero(active)[0]
    units = workdir / "units.parquet"
    pq.write_table(pa.table({"idx": idx, "text": [texts[i] for i in idx.tolist()]}), units)
    norm = TextNormConfig(lowercase=False, norm_whitespace=False, remove_punctuation=False,
                          norm_unicode_diacritics=False, norm_numbers=False)
    mc = MinhashConfig(num_buckets=params.bands, hashes_per_bucket=params.rows, n_grams=params.ngram,
                       seed=params.seed, norm_config=norm)
    d = str(workdir)
    tasks = max(1, min(executor.tasks, len(idx)))
    sig = make_executor(executor, [ReadUnits(str(units)), MinhashDedupSignature(f"{d}/sigs", mc, language=ShingleTokenizer())],
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
    return _read_labels(workdir / "out", len(texts))


def _read_labels(out: Path, n: int) -> np.ndarray:
    import orjson

    labels = np.full(n, -1, dtype=np.int64)
    for f in out.glob("*.jsonl"):
        for line in f.read_bytes().splitlines():
            rec = orjson.loads(line)
            labels[int(rec["id"])] = rec["cluster"]
    return labels


def cluster_pairs(labels: np.ndarray, partition: np.ndarray, all_pairs_up_to: int = 64) -> np.ndarray:
    """(pairs, 2) candidate pairs inside each datatrove cluster (split by partition): every pair in
    clusters of up to `all_pairs_up_to` docs, else each doc with the first and with its predecessor."""
    groups: dict[tuple, list[int]] = {}
    for i in np.nonzero(labels >= 0)[0].tolist():
        groups.setdefault((int(labels[i]), int(partition[i])), []).append(i)
    pairs = []
    for members in groups.values():
        if len(members) <= all_pairs_up_to:
            pairs.extend((a, b) for k, a in enumerate(members) for b in members[k + 1 :])
        else:
            pairs.extend((members[0], b) for b in members[1:])
            pairs.extend(zip(members[1:-1], members[2:]))
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)
