"""Shards in the F2LLM layout, streamed from DuckDB in bounded batches, plus their checksums.

One (source, task) at a time: `tuples_sql` selects its rows, `order.ordered` puts them in their
deterministic shuffled order (in bounded memory, spilling beside DuckDB's own), batches of
`spec.batch_rows` are cut into row groups of fixed size and written to `shard-<source>-<n>.parquet`
files of `spec.shard_size` rows, so a shard holds one source and the bytes do not depend on how
DuckDB happened to batch its output.
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
from ..layer import write_counts
from ..runner import Step
from .scope import has_view, layer_views, scopable, scope_to_source
from .spec import MixSpec, parse_bytes
from .order import ordered
from .tuples import is_prebuilt, tuples_sql

ROW_GROUP = 10_000
# Bytes of rows the final shuffle sorts in memory at once (at most a quarter of memory_limit); a
# source with more is bucket-sorted through files. A larger buffer was no faster: with 1 GB the
# codefuse export of `benchmarks/mix_export_bench.py --rows 300000` took the same time and peaked
# 1.4 GB higher.
ORDER_BUDGET = 256 * 2**20


@dataclass
class ExportCounts:
    rows: int = 0
    by_lang: Counter = field(default_factory=Counter)
    by_task: Counter = field(default_factory=Counter)
    by_source: Counter = field(default_factory=Counter)
    short_negatives: Counter = field(default_factory=Counter)  # source -> rows with fewer negatives than asked
    shards: list[dict] = field(default_factory=list)
    tokens_by_lang: Counter = field(default_factory=Counter)    # tokens (query + positive, `tokens` layer) of exported rows
    tokens_by_source: Counter = field(default_factory=Counter)
    rows_without_tokens: int = 0                                # exported rows the `tokens` layer has not counted

    def to_json(self) -> dict:
        return {"rows": self.rows, "by_lang": self.by_lang, "by_task": self.by_task, "by_source": self.by_source,
                "short_negatives": self.short_negatives, "shards": self.shards, "tokens_by_lang": self.tokens_by_lang,
                "tokens_by_source": self.tokens_by_source, "rows_without_tokens": self.rows_without_tokens}

    @classmethod
    def merged(cls, parts: list[dict]) -> "ExportCounts":
        """The counts of several tasks as one; shards in file-name order (source, then index), the
        order a single task writes them in."""
        out = cls()
        for p in parts:
            out.rows += p["rows"]
            out.rows_without_tokens += p["rows_without_tokens"]
            for key in ("by_lang", "by_task", "by_source", "short_negatives", "tokens_by_lang", "tokens_by_source"):
                getattr(out, key).update(p[key])
            out.shards += p["shards"]
        out.shards.sort(key=lambda s: s["file"])
        return out


BOOKKEEPING = ("n_tokens",)  # columns of the export query that are counted, not written


def count_tokens(table: pa.Table, counts) -> None:
    """Add the rows' `n_tokens` per language and source to `counts` (ExportCounts or CodefuseCounts)."""
    if "n_tokens" not in table.column_names:
        return
    tokens = table["n_tokens"]
    counts.rows_without_tokens += tokens.null_count
    grouped = pa.table({"lang": table["lang"], "source": table["source"], "n": pc.fill_null(tokens, 0)})
    for key, counter in (("lang", counts.tokens_by_lang), ("source", counts.tokens_by_source)):
        for row in grouped.group_by(key).aggregate([("n", "sum")]).to_pylist():
            counter[row[key]] += row["n_sum"]


def one_chunk(table: pa.Table) -> pa.Table:
    """`table` with one chunk a column, copied only when it has more: the Parquet writer's choices
    (a column's dictionary falling back to plain) follow chunk bounds, so a row group written
    from one chunk has the same bytes however its rows arrived batched."""
    return table.combine_chunks() if any(c.num_chunks > 1 for c in table.columns) else table


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class ShardWriter:
    """Writes rows of one source into numbered shards of `shard_size` rows, in fixed row groups."""

    def __init__(self, out_dir: Path, source: str, task: str, spec: MixSpec, counts: ExportCounts, first_index: int = 0):
        self.out_dir, self.source, self.task, self.spec, self.counts = out_dir, source, task, spec, counts
        self.index, self.writer, self.in_shard, self.pending, self.path = first_index, None, 0, [], None
        self.row_group = min(ROW_GROUP, spec.shard_size)

    def add(self, batch: pa.RecordBatch) -> None:
        self.pending.append(batch)
        while sum(b.num_rows for b in self.pending) >= self._next_group():
            self._flush(self._next_group())

    def _next_group(self) -> int:
        return min(self.row_group, self.spec.shard_size - self.in_shard)

    def _flush(self, rows: int) -> None:
        table = pa.Table.from_batches(self.pending)
        head, rest = one_chunk(table.slice(0, rows)), table.slice(rows)
        self.pending = rest.to_batches() if rest.num_rows else []
        count_tokens(head, self.counts)
        head = head.drop_columns([c for c in BOOKKEEPING if c in head.column_names])
        if self.writer is None:
            self.path = self.out_dir / f"shard-{self.source}-{self.index:05d}.parquet"
            self.writer = pq.ParquetWriter(self.path, head.schema, compression="zstd")
        self.writer.write_table(head, row_group_size=rows)
        self.in_shard += rows
        self._count(head)
        if self.in_shard >= self.spec.shard_size:
            self._close()

    def _count(self, table: pa.Table) -> None:
        self.counts.rows += table.num_rows
        for col, counter in (("lang", self.counts.by_lang), ("task", self.counts.by_task), ("source", self.counts.by_source)):
            for item in pc.value_counts(table[col]).to_pylist():
                counter[item["values"]] += item["counts"]
        n_neg = self.spec.negatives_for(self.task)
        if n_neg:
            self.counts.short_negatives[self.source] += table.num_rows - pc.sum(pc.is_valid(table[f"negative_{n_neg}"])).as_py()

    def _close(self) -> None:
        self.writer.close()
        self.counts.shards.append({"file": self.path.name, "source": self.source, "task": self.task, "rows": self.in_shard,
                                   "sha256": sha256_file(self.path)})
        self.index, self.writer, self.in_shard = self.index + 1, None, 0

    def finish(self) -> int:
        """Write what is pending; return the next free shard index."""
        while self.pending and sum(b.num_rows for b in self.pending):
            self._flush(min(self._next_group(), sum(b.num_rows for b in self.pending)))
        if self.writer is not None:
            self._close()
        return self.index


def tuple_batches(con: duckdb.DuckDBPyConnection, spec: MixSpec, source: str, task: str, mined: bool, tokens: bool):
    """The exported rows of one (source, task) in their final order (`tuples_sql`), in batches of at
    most `spec.batch_rows`. DuckDB streams them unordered; `order.ordered` sorts them holding at most
    ORDER_BUDGET bytes of rows at a time (a quarter of `memory_limit` when smaller; more rows: a
    bucket sort through files in DuckDB's `temp_directory`). Running out of `memory_limit` all the
    same is a config error that names the source and the fix."""
    prebuilt = is_prebuilt(con, spec, source, task)  # the F2LLM release's clustering tuples: no labels to build from
    planned = con.execute("SELECT sum(planned) FROM mix_plan WHERE source = ? AND task = ?", [source, task]).fetchall()[0][0]
    spill = con.execute("SELECT current_setting('temp_directory')").fetchall()[0][0] or None
    try:
        rows = con.sql(tuples_sql(spec, source, task, mined, prebuilt, tokens=tokens, ordered=False)).to_arrow_reader(spec.batch_rows)
        yield from ordered(rows, min(parse_bytes(spec.memory_limit) // 4, ORDER_BUDGET), spill, spec.batch_rows, expected_rows=planned)
    except duckdb.OutOfMemoryException as e:
        raise ConfigError(f"exporting source '{source}' ({task}) ran out of DuckDB's memory_limit ({spec.memory_limit}) "
                          f"({str(e).splitlines()[0]})", key="memory_limit",
                          fix="raise memory_limit in the mixture spec (e.g. memory_limit: 8GB), or lower source_cap") from None


def export_shards(con: duckdb.DuckDBPyConnection, spec: MixSpec, pairs: list[tuple[str, str]], out_dir: Path,
                  mined: bool, root: Path | None = None) -> ExportCounts:
    """Write the shards of every (source, task) in `pairs` into `out_dir`; needs `mix_plan` registered.
    With the workspace `root`, each source's queries read only that source's files (mix/scope.py)."""
    counts = ExportCounts()
    next_index: dict[str, int] = {}
    views = layer_views(con) if root is not None and scopable(spec.view, spec.where) else []
    tokens = has_view(con, "tokens")
    for source, task in pairs:
        if views:
            scope_to_source(con, root, source, views)
        writer = ShardWriter(out_dir, source, task, spec, counts, next_index.get(source, 0))
        for batch in tuple_batches(con, spec, source, task, mined, tokens):
            writer.add(batch)
        next_index[source] = writer.finish()
    return counts


def register_cells(con: duckdb.DuckDBPyConnection, cells: list[tuple]) -> None:
    """The planned counts as the temp table `mix_plan` (task, lang, source, planned) the export joins."""
    con.execute("CREATE OR REPLACE TEMP TABLE mix_plan (task VARCHAR, lang VARCHAR, source VARCHAR, planned BIGINT)")
    if cells:
        con.executemany("INSERT INTO mix_plan VALUES (?, ?, ?, ?)", cells)


def assign_sources(pairs: list[tuple[str, str]], world_size: int) -> list[list[tuple[str, str]]]:
    """(source, task) pairs per task: whole sources, round robin in source order (a source's
    shards are numbered by one task, so file names do not depend on the number of tasks)."""
    sources = sorted({s for s, _ in pairs})
    return [[p for p in pairs if p[0] in set(sources[r::world_size])] for r in range(world_size)]


class ExportSources(Step):
    """One executor task: the shards of its sources (`assign_sources`), read from the catalog over
    a read-only connection, written into the mixture's temporary folder, counts into `staging`."""

    name = "mix export"
    type = "MIX"

    def __init__(self, ws_root: str, spec: dict, cells: list[tuple], pairs: list[tuple[str, str]], out_dir: str,
                 mined: bool, staging: str):
        super().__init__()
        self.ws_root, self.spec, self.cells, self.pairs = ws_root, spec, cells, pairs
        self.out_dir, self.mined, self.staging = out_dir, mined, staging

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        from ..store import Workspace

        spec = MixSpec.model_validate(self.spec)
        spill = Path(self.staging) / f"spill-{rank:05d}"
        spill.mkdir(parents=True, exist_ok=True)
        with Workspace(self.ws_root).connect(read_only=True) as con:
            con.execute(f"SET memory_limit = '{spec.memory_limit}'")
            con.execute(f"SET temp_directory = '{spill}'")
            con.execute("SET enable_progress_bar = false")  # a task's progress is not the user's terminal
            register_cells(con, self.cells)
            counts = export_shards(con, spec, assign_sources(self.pairs, world_size)[rank], Path(self.out_dir), self.mined,
                                   root=Path(self.ws_root))
        write_counts(Path(self.staging), rank, counts.to_json())
        return
        yield  # the last step of the pipeline yields nothing
