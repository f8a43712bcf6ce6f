"""Mixture shards -> homogeneous per-source batches with an exact, resumable position.

Input: `mixtures/<name>/` as `mlcurate mix` writes it: `manifest.json` + F2LLM-layout shards
(query, passage, negative_1..N, task, instruction, lang, source, sample_id), or the tokenized
layout (`tokenized/<source>.parquet` + `tokenized/corpus.parquet`) when `layout: tokenized`.

Order (as F2LLM's loader): per epoch each source's rows are shuffled (seed, epoch) and cut into
full batches of `batch_size` rows (the global batch; rank r trains on its slice). At each step the
source is drawn with probability proportional to its remaining batches, from one seeded generator
that every rank holds in the same state, so all ranks train on the same source. Negatives: each
row keeps `k` of its stored negatives (k per task, drawn by the same generator). The position
(epoch, batches taken per source, generator state) is all a checkpoint needs to resume exactly.

Held-out pairs: rows whose sample_id hashes below `holdout` are never trained on; evaluation
reads them (the same rows in stage 1 and stage 2).
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from curation.errors import ConfigError

DEFAULT_NEGATIVES = {"retrieval": 7, "clustering": 9, "classification": 1}
DEFAULT_K = 7


@dataclass
class Batch:
    source: str
    task: str
    queries: list
    passages: list
    negatives: list[list]  # per row, the negatives kept this step
    langs: list[str] = field(default_factory=list)
    instructions: list = field(default_factory=list)


def is_held_out(sample_id: str, holdout: float) -> bool:
    """Deterministic split on the sample_id hash (a hex digest): the same rows in every stage."""
    return int(sample_id[:8], 16) / 0xFFFFFFFF < holdout


def read_manifest(mixture: Path) -> dict:
    path = mixture / "manifest.json"
    if not path.exists():
        raise ConfigError(f"no mixture at {mixture} (manifest.json missing)", key="mixture",
                          fix="export one first, e.g. `mlcurate mix configs/mixtures/quickstart.yaml`")
    return json.loads(path.read_text())


def load_rows(mixture: Path, layout: str = "f2llm", tasks: list[str] | None = None,
              instructions: bool = False) -> dict[str, list[dict]]:
    """Rows per source as dicts (sample_id, query, passage, negatives, task, lang, instruction).
    Tokenized layout: with `instructions`, a row's query is its ids in the F2LLM template
    (`instructed_query_input_ids`, the instruction already inside, so `instruction` is None)."""
    manifest = read_manifest(mixture)
    if layout == "tokenized":
        return _load_tokenized(mixture, manifest, tasks, instructions)
    by_source: dict[str, list[dict]] = {}
    for shard in manifest["shards"]:
        if tasks and shard["task"] not in tasks:
            continue
        table = pq.read_table(mixture / shard["file"]).to_pydict()
        neg_cols = sorted((c for c in table if c.startswith("negative_")), key=lambda c: int(c.split("_")[1]))
        for i in range(len(table["query"])):
            by_source.setdefault(shard["source"], []).append({
                "sample_id": table["sample_id"][i], "query": table["query"][i], "passage": table["passage"][i],
                "negatives": [table[c][i] for c in neg_cols if table[c][i] is not None],
                "task": table["task"][i], "lang": table["lang"][i], "instruction": table["instruction"][i]})
    return by_source


def _load_tokenized(mixture: Path, manifest: dict, tasks: list[str] | None, instructions: bool = False) -> dict[str, list[dict]]:
    tok_dir = mixture / "tokenized"
    if not manifest.get("tokenized") or not (tok_dir / "corpus.parquet").exists():
        raise ConfigError(f"mixture {mixture} has no tokenized layout", key="layout",
                          fix="set `tokenizer:` in the mixture spec and re-export, or use `layout: f2llm`")
    corpus_table = pq.read_table(tok_dir / "corpus.parquet").to_pydict()
    corpus = dict(zip(corpus_table["corpus_id"], corpus_table["input_ids"]))
    by_source: dict[str, list[dict]] = {}
    for source in manifest["tokenized"]["queries"]:
        t = pq.read_table(tok_dir / f"{source}.parquet").to_pydict()
        instructed = t.get("instructed_query_input_ids") if instructions else None  # absent in exports before it existed
        for i in range(len(t["sample_id"])):
            if tasks and t["task"][i] not in tasks:
                continue
            query = instructed[i] if instructed and instructed[i] is not None else t["query_input_ids"][i]
            by_source.setdefault(source, []).append({
                "sample_id": t["sample_id"][i], "query": query, "passage": corpus[t["passage_id"][i]],
                "negatives": [corpus[j] for j in t["negative_ids"][i]], "task": t["task"][i], "lang": t["lang"][i],
                "instruction": None})
    return by_source


def split_holdout(by_source: dict[str, list[dict]], holdout: float, eval_tasks: list[str],
                  all_tasks: bool = False) -> tuple[dict, list[dict]]:
    """(training rows per source, held-out rows of `eval_tasks`). With `all_tasks`, rows of the other
    tasks that hash below `holdout` are left out of training too (F2LLM's per-dataset 99/1 split)
    but not returned (they are not scored)."""
    train, held = {}, []
    for source, rows in by_source.items():
        keep = []
        for r in rows:
            if not is_held_out(r["sample_id"], holdout):
                keep.append(r)
            elif r["task"] in eval_tasks:
                held.append(r)
            elif not all_tasks:
                keep.append(r)
        if keep:
            train[source] = keep
    return train, held


class Batches:
    """The step-by-step batch stream; `state()` / `load_state()` give its exact position."""

    def __init__(self, by_source: dict[str, list[dict]], batch_size: int, seed: int,
                 negatives: dict[str, int] | None = None):
        self.rows = {s: rows for s, rows in sorted(by_source.items()) if len(rows) >= batch_size}
        if not self.rows:
            raise ConfigError(f"no source has {batch_size} training rows", key="batch_size",
                              fix="lower batch_size or export a larger mixture")
        self.batch_size, self.seed = batch_size, seed
        self.negatives = {**DEFAULT_NEGATIVES, **(negatives or {})}
        self.epoch, self.taken = 0, {s: 0 for s in self.rows}
        self.rng = np.random.default_rng(seed)
        self._plan_epoch()

    def _plan_epoch(self) -> None:
        """Per source: a shuffled order cut into full batches (the last partial batch is dropped)."""
        self.order = {}
        for i, (source, rows) in enumerate(self.rows.items()):
            perm = np.random.default_rng([self.seed, self.epoch, i]).permutation(len(rows))
            n = len(rows) // self.batch_size
            self.order[source] = perm[: n * self.batch_size].reshape(n, self.batch_size)

    def batches_per_epoch(self) -> int:
        return sum(len(o) for o in self.order.values())

    def remaining(self) -> dict[str, int]:
        return {s: len(self.order[s]) - self.taken[s] for s in self.rows}

    def next(self) -> Batch:
        remaining = self.remaining()
        if not any(remaining.values()):
            self.epoch, self.taken = self.epoch + 1, {s: 0 for s in self.rows}
            self._plan_epoch()
            remaining = self.remaining()
        sources = list(remaining)
        counts = np.array([remaining[s] for s in sources], dtype=float)
        source = sources[self.rng.choice(len(sources), p=counts / counts.sum())]
        idx = self.order[source][self.taken[source]]
        self.taken[source] += 1
        rows = [self.rows[source][i] for i in idx]
        k = self.negatives.get(rows[0]["task"], self.negatives.get("default", DEFAULT_K))
        negs = [self._pick(r["negatives"], k) for r in rows]
        return Batch(source, rows[0]["task"], [r["query"] for r in rows], [r["passage"] for r in rows], negs,
                     [r["lang"] for r in rows], [r["instruction"] for r in rows])

    def _pick(self, stored: list, k: int) -> list:
        if k <= 0 or not stored:
            return []
        if len(stored) <= k:
            return list(stored)
        return [stored[i] for i in sorted(self.rng.choice(len(stored), size=k, replace=False))]

    def state(self) -> dict:
        return {"epoch": self.epoch, "taken": dict(self.taken), "rng": self.rng.bit_generator.state}

    def load_state(self, state: dict) -> None:
        self.epoch = state["epoch"]
        self._plan_epoch()
        self.taken = {s: state["taken"].get(s, 0) for s in self.rows}
        self.rng.bit_generator.state = state["rng"]
