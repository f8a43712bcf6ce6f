"""`layout: codefuse`: a mixture the public F2LLM trainer reads unchanged.

Facts from CodeFuse-Embeddings `F2LLM/` at commit 1c5291549b9cee9eeab1cd9de6a67be4d0295da0:

- raw data (`tokenize_data_qwen.py` input): one `<dataset>.parquet` per dataset with `query`
  (instruction baked in as `Instruct: {instruction}\\nQuery: {query}`), `passage`, `negative_1`
  .. `negative_24`; classification datasets `negative_1` only (the script reads 24 negatives when
  `negative_2` exists, else 1);
- the dataset name is the file name, and must be in one of the lists of `utils.py`
  (`accelerate_train` raises "Unknown dataset" otherwise); the list sets the loss (only
  retrieval-list datasets get the in-batch loss; `run.py` uses 1 negative for classification,
  `num_hard_neg_clustering` for clustering, `num_hard_neg` of the 24 for the rest);
- tokenized data (`run.py` input): `<dataset>_query.parquet` with `query_input_ids`,
  `passage_input_ids` and `negative_<i>_input_ids` holding string doc ids `<dataset>_<j>`, and one
  `corpus.parquet` (`doc_id`, `input_ids`) that the README says to concatenate from the
  per-dataset corpus files; every id sequence ends with EOS.

Output of `mix` with this layout:

    mixtures/<name>/<dataset>.parquet                  query, passage, negative_1..N
    mixtures/<name>/tokenized/<dataset>_query.parquet  (given `tokenizer`) query_input_ids, passage_input_ids, negative_<i>_input_ids
    mixtures/<name>/tokenized/corpus.parquet           doc_id, input_ids
    mixtures/<name>/manifest.json                      counts, padded / left-out rows per dataset, checksums

Negatives policy (counted per dataset in manifest.json): rows with 1..N-1 negatives repeat theirs
in order up to N (`pad_negatives: repeat`, the default) or are left out (`drop`); rows with no
negative at all are always left out (the trainer indexes negative_<i> for every row).
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..errors import ConfigError
from ..ingest.f2llm import by_source_name, load_table, trainer_task
from .export import ROW_GROUP, count_tokens, one_chunk, sha256_file, tuple_batches
from .scope import has_view, layer_views, scopable, scope_to_source
from .spec import MixSpec

BOOKKEEPING = ("n_negs", "task", "lang", "source", "sample_id", "n_tokens")


@dataclass
class CodefuseCounts:
    rows: int = 0
    by_lang: Counter = field(default_factory=Counter)
    by_task: Counter = field(default_factory=Counter)
    by_source: Counter = field(default_factory=Counter)
    padded: Counter = field(default_factory=Counter)  # dataset -> rows whose negatives were repeated up to N
    left_out: Counter = field(default_factory=Counter)  # dataset -> rows left out for lack of negatives
    shards: list[dict] = field(default_factory=list)
    short_negatives: Counter = field(default_factory=Counter)  # kept for the manifest's common keys
    tokens_by_lang: Counter = field(default_factory=Counter)    # as ExportCounts
    tokens_by_source: Counter = field(default_factory=Counter)
    rows_without_tokens: int = 0


def dataset_names(spec: MixSpec, pairs: list[tuple[str, str]], file: str = "") -> dict[str, str]:
    """source -> trainer dataset name, checked against the trainer's lists (datasets.csv): the
    name must exist and its list must be the task the source trains as."""
    table = load_table()
    by_source = by_source_name(table)
    names: dict[str, str] = {}
    for source, task in pairs:
        name = spec.dataset_names.get(source) or (by_source[source].name if source in by_source else source)
        info = table.get(name)
        if info is None and not spec.allow_unknown_datasets:
            raise ConfigError(f"source '{source}' would be written as dataset '{name}', which is in none of the F2LLM trainer's "
                              "dataset lists (it stops with 'Unknown dataset')", file=file, key="dataset_names",
                              fix=f"map it to a {trainer_task(task)}-list name of configs/sources/f2llm/datasets.csv "
                                  f"(dataset_names: {{{source}: <name>}}), or add it to the trainer's utils.py and set "
                                  "allow_unknown_datasets: true")
        if info is not None and info.task != trainer_task(task):
            raise ConfigError(f"source '{source}' ({task}) maps to dataset '{name}', which the trainer treats as {info.task}",
                              file=file, key="dataset_names", fix=f"map it to a {trainer_task(task)}-list name")
        if name in names.values():
            other = next(s for s, n in names.items() if n == name)
            raise ConfigError(f"sources '{other}' and '{source}' both map to dataset '{name}' (one file per dataset)",
                              file=file, key="dataset_names", fix="give each source its own dataset name")
        names[source] = name
    return names


def export_codefuse(con: duckdb.DuckDBPyConnection, spec: MixSpec, pairs: list[tuple[str, str]], out_dir: Path,
                    mined: bool, names: dict[str, str], root: Path | None = None) -> CodefuseCounts:
    """One `<dataset>.parquet` per (source, task) in `pairs`; needs `mix_plan` registered. With the
    workspace `root`, each source's queries read only that source's files (mix/scope.py)."""
    counts = CodefuseCounts()
    views = layer_views(con) if root is not None and scopable(spec.view, spec.where) else []
    tokens = has_view(con, "tokens")
    for source, task in pairs:
        if views:
            scope_to_source(con, root, source, views)
        dataset = names[source]
        n_neg = spec.negatives_for(task)
        path = out_dir / f"{dataset}.parquet"
        tmp = path.with_name(path.name + ".tmp")
        writer, pending, written = None, [], 0
        for batch in tuple_batches(con, spec, source, task, mined, tokens):  # no other query on `con` while it streams
            table = _keep(pa.Table.from_batches([batch]), n_neg, spec.pad_negatives, dataset, counts)
            _count(table, counts)
            table = table.drop_columns(list(BOOKKEEPING))
            if table.num_rows == 0:
                continue
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema, compression="zstd")
            pending.append(table)
            if sum(t.num_rows for t in pending) >= ROW_GROUP:
                n, pending = _flush(writer, pending)
                written += n
        if writer is None:
            continue
        written += _flush(writer, pending, last=True)[0]
        writer.close()
        tmp.replace(path)
        counts.shards.append({"file": path.name, "dataset": dataset, "source": source, "task": task, "rows": written,
                              "negatives": n_neg, "sha256": sha256_file(path)})
    return counts


def _keep(table: pa.Table, n_neg: int, pad: str, dataset: str, counts: CodefuseCounts) -> pa.Table:
    have = pc.fill_null(table["n_negs"], 0)
    keep = pc.greater_equal(have, n_neg if pad == "drop" else 1)
    kept = pc.sum(keep).as_py() or 0
    counts.left_out[dataset] += table.num_rows - kept
    if pad == "repeat":
        counts.padded[dataset] += pc.sum(pc.and_(keep, pc.less(have, n_neg))).as_py() or 0
    return table.filter(keep) if kept < table.num_rows else table


def _count(table: pa.Table, counts: CodefuseCounts) -> None:
    count_tokens(table, counts)
    counts.rows += table.num_rows
    for col, counter in (("lang", counts.by_lang), ("task", counts.by_task), ("source", counts.by_source)):
        for item in pc.value_counts(table[col]).to_pylist():
            counter[item["values"]] += item["counts"]


def _flush(writer: pq.ParquetWriter, pending: list[pa.Table], last: bool = False) -> tuple[int, list[pa.Table]]:
    """Write the whole row groups of `pending` (all of it when `last`): (rows written, the rest).
    Every row group but a file's last holds ROW_GROUP rows, so the bytes do not depend on how the
    rows came batched."""
    if not pending:
        return 0, []
    table = pa.concat_tables(pending)
    end = table.num_rows if last else table.num_rows - table.num_rows % ROW_GROUP
    for start in range(0, end, ROW_GROUP):
        writer.write_table(one_chunk(table.slice(start, min(ROW_GROUP, end - start))), row_group_size=ROW_GROUP)
    return end, [table.slice(end)] if end < table.num_rows else []


# --- the trainer's tokenized layout -------------------------------------------------------------

QUERY_IDS = pa.list_(pa.int64())  # the tokenize script stores numpy int64 arrays


def write_codefuse_tokenized(shards: list[dict], shard_dir: Path, out_dir: Path, tokenizer_path: str, max_length: int | None,
                             batch_rows: int = 10_000) -> dict:
    """`<dataset>_query.parquet` per dataset + one `corpus.parquet`, from the written raw files.
    Doc ids are `<dataset>_<j>`, j counting the dataset's distinct passage/negative texts in
    first-seen order (the trainer's script numbers them in set order; any numbering resolves)."""
    from .tokenized import Tokenizer, load_tokenizer

    out_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = Tokenizer(load_tokenizer(tokenizer_path), max_length)
    corpus_schema = pa.schema([pa.field("doc_id", pa.string()), pa.field("input_ids", QUERY_IDS)])
    corpus_writer = pq.ParquetWriter(out_dir / "corpus.parquet", corpus_schema, compression="zstd")
    queries, docs = {}, 0
    for shard in shards:
        dataset = shard["dataset"]
        ids: dict[bytes, str] = {}
        writer = None
        for batch in pq.ParquetFile(shard_dir / shard["file"]).iter_batches(batch_size=batch_rows):
            data = batch.to_pydict()
            neg_cols = [c for c in data if c.startswith("negative_")]
            new_texts: list[str] = []

            def ref(text: str) -> str:
                key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
                found = ids.get(key)
                if found is None:
                    found = ids[key] = f"{dataset}_{len(ids)}"
                    new_texts.append(text)
                return found

            cols = {"query_input_ids": pa.array(tokenizer.encode(data["query"]), QUERY_IDS),
                    "passage_input_ids": pa.array([ref(p) for p in data["passage"]], pa.string())}
            for c in neg_cols:
                cols[f"{c}_input_ids"] = pa.array([ref(x) for x in data[c]], pa.string())
            table = pa.table(cols)
            if writer is None:
                writer = pq.ParquetWriter(out_dir / f"{dataset}_query.parquet", table.schema, compression="zstd")
            writer.write_table(table)
            if new_texts:
                start = len(ids) - len(new_texts)
                corpus_writer.write_table(pa.table({
                    "doc_id": pa.array([f"{dataset}_{j}" for j in range(start, len(ids))], pa.string()),
                    "input_ids": pa.array(tokenizer.encode(new_texts), QUERY_IDS)}, schema=corpus_schema))
        if writer is not None:
            writer.close()
            queries[dataset] = shard["rows"]
        docs += len(ids)
    corpus_writer.close()
    return {"layout": "codefuse", "tokenizer": tokenizer_path, "eos_token_id": tokenizer.eos, "corpus_docs": docs, "queries": queries}
