"""Native ingest of Parquet sources (kinds `parquet` and `f2llm`): columns mapped, cleaned and
keyed with Arrow compute, the per-row Python builder kept for the rows that need its judgement.

Why: the row-by-row path turns every cell into a Python object (26 strings per row for the F2LLM
release) and spends most of its time there. Here a record batch stays columnar:

    texts      trimmed with exactly Python's `str.strip()` set of whitespace (`utf8_trim`)
    template   `Instruct: ...\\nQuery: ...` split by one RE2 expression (`extract_regex`)
    negatives  negative_1..N (or a list column) -> one list column, nulls and empties dropped
    languages  distinct tags of a batch normalised once and joined back (`dictionary_encode`)
    ids        the same canonical key as `samples.sample_id`, joined by `binary_join_element_wise`;
               only the xxh3-128 of each key is computed per row

Rows the vectorised masks doubt go through `SampleBuilder.build` with the same RawRow the
Parquet reader would give (same origin, same data), so ids, reasons and quarantine rows are the
same as the Python path's (tests/ingest/test_native.py compares the layers). Doubted: a missing
or empty text, a language that does not normalise, a text holding NUL, a text longer than the
source's `max_text_chars` (when the config has it). A batch whose columns are not all strings
(numbers where text is expected, nested values) goes to the Python path whole, so conversion
rules live in one place (`samples.py` / the readers' rules).

All native sources of one ingest run in ONE executor run (units = (source, file, row group)
dealt over the tasks) and one commit run: the per-source executor start-up of the Python path
(about 2 s a source here) would otherwise dominate a release of hundreds of small files.
"""

import io
import json
import os
import re
from pathlib import Path

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import xxhash

from ..config import SourceConfig
from ..languages import Registry
from ..layer import merge_counts, write_counts
from ..lifecycle import crash_point
from ..runner import Step
from ..schema import QUARANTINE_SCHEMA, SAMPLE_SCHEMA
from ..scripts import detect_scripts
from ..store import move_atomic
from .readers import _BLANK, RawRow, _compressed, _count_newlines, _jsonl_file, _parse_json_line, list_files, open_binary
from .rules import strip_bom
from .samples import _LIST_SEP, _SEP, SampleBuilder


BATCH_ROWS = 4096  # rows per record batch: bounds the memory of the joined keys (24 negatives a row)
PY_WHITESPACE = "".join(ch for ch in map(chr, range(0x110000)) if ch.isspace())  # what str.strip() removes
_TEMPLATE_RE2 = r"(?s)^Instruct: (?P<ins>.*?)\nQuery: (?P<q>.*)$"  # = f2llm._TEMPLATE with fullmatch
_STRING_TYPES = (pa.string(), pa.large_string())
_WS_SET = pa.array(list(PY_WHITESPACE), pa.string())


def strip(col: pa.Array) -> pa.Array:
    """`str.strip()` over a string column. Only strings that start or end with whitespace are
    trimmed (checking two characters per string instead of scanning them: most need nothing)."""
    first = pc.utf8_slice_codeunits(col, 0, 1)
    last = pc.utf8_slice_codeunits(col, -1)
    need = pc.fill_null(pc.or_(pc.is_in(first, value_set=_WS_SET), pc.is_in(last, value_set=_WS_SET)), False)
    if not pc.any(need).as_py():
        return col
    trimmed = pc.utf8_trim(col.filter(need), characters=PY_WHITESPACE)
    return pc.replace_with_mask(col, need, trimmed)


def native_eligible(source: SourceConfig) -> bool:
    """Sources the native path takes: Parquet or JSON Lines files whose mapping needs no per-row judgement."""
    fields = source.fields
    return (source.kind in ("parquet", "f2llm", "jsonl") and "label" not in fields and "instruction" not in fields
            and "code_lang" not in fields and source.lang.path_pattern is None
            and (source.pos_lang is None or source.pos_lang.path_pattern is None))


class ArrowBuilder:
    """Record batches of one source -> (sample table in SAMPLE_SCHEMA, quarantine tuples)."""

    def __init__(self, source: SourceConfig, registry: Registry):
        self.source, self.py = source, SampleBuilder(source, registry)
        self.max_chars = getattr(source, "max_text_chars", None)  # a rule of the readers when configured

    def build(self, batch: pa.RecordBatch | pa.Table, rel: str, offset: int, raw_rows=None, meta_rows=None) -> tuple[pa.Table, list[tuple]]:
        """`raw_rows(idx)`: the RawRows the row-by-row reader gives for rows `idx` (default: the
        Parquet reader's, from the batch); `meta_rows(idx)`: their meta JSON when the batch's own
        values cannot give it exactly (JSON Lines)."""
        table = batch if isinstance(batch, pa.Table) else pa.Table.from_batches([batch])
        raw_rows = raw_rows or (lambda idx: [RawRow(rel, offset + int(i), d, None, None)
                                             for i, d in zip(idx, table.take(pa.array(idx)).to_pylist())])
        cols = self._columns(table)
        if cols is None:  # not all strings: the Python path applies its conversion rules
            return self._python(raw_rows, np.ones(table.num_rows, dtype=bool))
        ok, out = self._vectorised(table, cols)
        samples = self._finish(table, out, ok, meta_rows)
        if ok.all():
            return samples, []
        slow, quarantined = self._python(raw_rows, ~ok)
        merged = pa.concat_tables([samples, slow]).sort_by("__row") if slow.num_rows else samples
        return merged, quarantined

    # --- columns ------------------------------------------------------------------------------

    def _columns(self, table: pa.Table) -> dict | None:
        """The source columns each sample column comes from, or None when a batch is not plain text."""
        b, names = self.py, table.column_names
        text_cols = [b.f_query] + ([b.f_positive] if b.f_positive else [])
        text_cols += [s.field for s in (self.source.lang, self.source.pos_lang) if s is not None and s.field]
        neg_cols = b.negative_columns.columns(dict.fromkeys(names)) if b.f_negatives else []
        list_neg = (b.f_negatives if isinstance(b.f_negatives, str) and not b.negative_columns.pattern
                    and b.f_negatives in names and pa.types.is_list(table.schema.field(b.f_negatives).type) else None)
        for c in text_cols + [c for c in neg_cols if c != list_neg and c in names]:
            if c not in names:
                continue  # missing everywhere: the rows fail in the mask below and the builder names it
            t = table.schema.field(c).type
            if t not in _STRING_TYPES and not pa.types.is_null(t):
                return None
        if list_neg and table.schema.field(list_neg).type.value_type not in _STRING_TYPES:
            return None
        return {"neg_cols": [c for c in neg_cols if c in names], "list_neg": list_neg}

    def _text(self, table: pa.Table, name: str | None) -> pa.Array | None:
        """Stripped text, null where missing or empty (as `samples._clean_texts`)."""
        if name is None:
            return None
        if name not in table.column_names:
            return pa.nulls(table.num_rows, pa.string())
        col = table.column(name).combine_chunks()
        if pa.types.is_null(col.type):
            return pa.nulls(table.num_rows, pa.string())
        col = strip(col.cast(pa.string()))
        return pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col)

    def _vectorised(self, table: pa.Table, cols: dict) -> tuple[np.ndarray, dict]:
        src, b, n = self.source, self.py, table.num_rows
        q = self._text(table, b.f_query)
        instruction = pa.array([src.instruction] * n, pa.string())
        if b.split_instruction:
            q, instruction = _split_template(q, instruction)
        p = self._text(table, b.f_positive)
        lang = self._lang(table, src.lang, q)
        pos_lang = self._lang(table, src.pos_lang, pc.coalesce(p, q) if p is not None else q) if b.pos_lang else None
        negs, doubt = self._negatives(table, cols)
        bad = pc.is_null(q)
        if doubt is not None and doubt.any():
            bad = pc.or_(bad, pa.array(doubt))
        for required in (p, lang, pos_lang):
            if required is not None:
                bad = pc.or_(bad, pc.is_null(required))
        for text in (q, p):  # rows a reader rule may change: the Python path decides them
            if text is not None:
                bad = pc.or_kleene(bad, pc.fill_null(pc.match_substring(text, "\x00"), False))
                if self.max_chars:
                    bad = pc.or_kleene(bad, pc.fill_null(pc.greater(pc.utf8_length(text), self.max_chars), False))
        if negs is not None and _may_hold_nul(negs.values):  # one byte scan; the exact rows only when needed
            has_nul = pc.fill_null(pc.match_substring(pc.list_flatten(negs), "\x00"), False)
            bad = pc.or_(bad, _any_per_row(negs, has_nul))
        ok = ~np.asarray(pc.fill_null(bad, True))
        return ok, {"query": q, "positive": p, "instruction": instruction, "lang": lang, "pos_lang": pos_lang, "negatives": negs}

    def _lang(self, table: pa.Table, spec, texts: pa.Array) -> pa.Array:
        """Registry codes, null where the builder must judge the row. Distinct tags are normalised
        once and joined back; a tag without a script takes the dominant script of its row's text,
        as `SampleBuilder._resolve` does (`gld` over Cyrillic -> `gld_Cyrl`)."""
        n = table.num_rows
        if spec.code is not None:
            enc = pa.array([spec.code] * n, pa.string()).dictionary_encode()
        elif spec.field not in table.column_names or pa.types.is_null(table.schema.field(spec.field).type):
            return pa.nulls(n, pa.string())
        else:
            enc = table.column(spec.field).combine_chunks().cast(pa.string()).dictionary_encode()
        norm, tags = self.py.normalizer, enc.dictionary.to_pylist()
        mapped, bare = [], []
        for k, tag in enumerate(tags):  # the batch's distinct tags
            try:
                mapped.append(norm.normalize(tag))
                if not norm.declares_script(tag):
                    bare.append(k)
            except Exception:  # noqa: BLE001 - BadRecord: the row goes to the builder, which names it
                mapped.append(None)
        codes = pc.take(pa.array(mapped, pa.string()), enc.indices)
        if not bare:
            return codes
        index = np.asarray(pc.fill_null(enc.indices, -1))
        rows = np.flatnonzero(np.isin(index, bare) & np.asarray(pc.is_valid(texts)))
        if rows.size == 0:
            return codes
        found = detect_scripts(texts.take(pa.array(rows)).to_pylist())
        values = codes.to_pylist()
        for row, r in zip(rows, found):
            values[row] = norm.normalize_for_script(tags[index[row]], "" if r.mixed else r.script)
        return pa.array(values, pa.string())

    def _negatives(self, table: pa.Table, cols: dict) -> tuple[pa.ListArray | None, np.ndarray | None]:
        """One list<string> per row: stripped, nulls and empties left out, in column order; plus the
        rows the builder must judge (a list column holding a null: `not text`)."""
        b, n = self.py, table.num_rows
        if not b.f_negatives:
            return None, None
        if cols["list_neg"]:
            lists = pc.fill_null(table.column(cols["list_neg"]).combine_chunks().cast(pa.list_(pa.string())),
                                 pa.scalar([], pa.list_(pa.string())))
            values, row_of = pc.list_flatten(lists), np.asarray(pc.list_parent_indices(lists))
            doubt = np.zeros(n, dtype=bool)
            doubt[row_of[np.asarray(pc.is_null(values))]] = True
            values = strip(values)
            return _regroup(values, row_of, n), doubt
        if not cols["neg_cols"]:
            return pa.array([[] for _ in range(n)], pa.list_(pa.string())), None
        stacked = [self._neg_column(table, c) for c in cols["neg_cols"]]  # k arrays of n
        k = len(stacked)
        values = pa.concat_arrays(stacked)  # column-major: value (j, i) at j * n + i
        order = np.arange(k * n).reshape(k, n).T.reshape(-1)  # row-major positions
        values = values.take(pa.array(order))
        return _regroup(values, np.repeat(np.arange(n), k), n), None

    def _neg_column(self, table: pa.Table, name: str) -> pa.Array:
        col = table.column(name).combine_chunks()
        if pa.types.is_null(col.type):
            return pa.nulls(table.num_rows, pa.string())
        return strip(col.cast(pa.string()))

    # --- output -------------------------------------------------------------------------------

    def _finish(self, table: pa.Table, out: dict, ok: np.ndarray, meta_rows=None) -> pa.Table:
        src, n = self.source, table.num_rows
        keep = pa.array(ok)
        take = (lambda a: a.filter(keep)) if not ok.all() else (lambda a: a)
        rows = int(ok.sum())
        const = lambda v: pa.array([v] * rows, pa.string())  # noqa: E731
        q, p, ins, lang = take(out["query"]), take(out["positive"]) if out["positive"] is not None else None, take(out["instruction"]), take(out["lang"])
        pos_lang = take(out["pos_lang"]) if out["pos_lang"] is not None else None
        negs = take(out["negatives"]) if out["negatives"] is not None else pa.array([[] for _ in range(rows)], pa.list_(pa.string()))
        code_lang = self.py.code_lang  # the registry code of a declared name or alias (`c++` -> `cpp`)
        parts = [const(src.name), const(src.task), lang, pos_lang if pos_lang is not None else const(""), const(code_lang or ""),
                 ins, q, p if p is not None else const(""), const(""), pc.binary_join(negs, _LIST_SEP)]
        keys = pc.binary_join_element_wise(*parts, _SEP, null_handling="replace", null_replacement="")
        ids = [xxhash.xxh3_128_hexdigest(k) for k in keys.cast(pa.binary()).to_pylist()]
        meta = self._meta(table, keep if not ok.all() else None, meta_rows, ok)
        cols = {
            "sample_id": pa.array(ids, pa.string()), "source": const(src.name), "split": const(src.split), "task": const(src.task),
            "instruction": ins, "query": q, "positive": p if p is not None else pa.nulls(rows, pa.string()), "negatives": negs,
            "label": pa.nulls(rows, pa.string()), "lang": lang, "pos_lang": pos_lang if pos_lang is not None else pa.nulls(rows, pa.string()),
            "code_lang": const(code_lang) if code_lang else pa.nulls(rows, pa.string()), "meta": meta,
        }
        schema = _STAGED_SCHEMA
        result = pa.Table.from_arrays([cols[f.name].cast(f.type) for f in schema], schema=schema)
        return result.append_column("__row", pa.array(np.flatnonzero(ok), pa.int64()))

    def _meta(self, table: pa.Table, keep: pa.Array | None, meta_rows=None, ok=None) -> pa.Array:
        b = self.py
        extra = [c for c in table.column_names if c not in b.mapped and c not in b.negative_columns.matched(dict.fromkeys(table.column_names))]
        rows = table.num_rows if keep is None else pc.sum(keep).as_py() or 0
        if not extra:
            return pa.nulls(rows, pa.string())
        sub = table.select(sorted(extra))
        exact = all(c.null_count == 0 and c.type in (pa.int64(), pa.string(), pa.bool_()) for c in sub.columns)
        if meta_rows is not None and not exact:  # JSON values Arrow may have retyped: from the lines
            return pa.array(meta_rows(np.flatnonzero(ok)), pa.string())
        if keep is not None:
            sub = sub.filter(keep)
        return pa.array([orjson.dumps(r, default=str).decode() for r in sub.to_pylist()], pa.string())

    def _python(self, raw_rows, mask: np.ndarray) -> tuple[pa.Table, list[tuple]]:
        """The rows in `mask` through the row-by-row builder, as the row reader hands them over."""
        idx = np.flatnonzero(mask)
        samples, quarantined, rows = [], [], []
        for i, raw in zip(idx, raw_rows(idx)):
            before = len(samples)
            self.py._build_one(raw, samples, quarantined)
            if len(samples) > before:
                rows.append(int(i))
        if not samples:
            return _STAGED_SCHEMA.empty_table().append_column("__row", pa.array([], pa.int64())), quarantined
        arrays = [pa.array(c, type=f.type) for c, f in zip(zip(*samples), _STAGED_SCHEMA)]
        t = pa.Table.from_arrays(arrays, schema=_STAGED_SCHEMA)
        return t.append_column("__row", pa.array(rows, pa.int64())), quarantined


# Staged files are written all-nullable, as steps._StagedWriter does.
_STAGED_SCHEMA = pa.schema([f.with_nullable(True) for f in SAMPLE_SCHEMA])


def _split_template(q: pa.Array, instruction: pa.Array) -> tuple[pa.Array, pa.Array]:
    """`f2llm.split_instruction` over a column: rows in the template give (instruction, query)."""
    parts = pc.extract_regex(q, _TEMPLATE_RE2)
    matched = pc.fill_null(pc.is_valid(parts), False)
    ins = strip(pc.struct_field(parts, "ins"))
    rest = strip(pc.struct_field(parts, "q"))
    use = pc.and_(matched, pc.fill_null(pc.not_equal(rest, ""), False))
    has_ins = pc.and_(use, pc.fill_null(pc.not_equal(ins, ""), False))
    return pc.if_else(use, rest, q), pc.if_else(has_ins, ins, instruction)


def _regroup(values: pa.Array, row_of: np.ndarray, n: int) -> pa.ListArray:
    """Values in row order (row index of each in `row_of`) -> list per row, dropping null/empty."""
    keep = np.asarray(pc.fill_null(pc.not_equal(values, ""), False))
    if keep.all():  # the common case: no copy
        counts = np.bincount(row_of, minlength=n)
    else:
        counts = np.bincount(row_of[keep], minlength=n)
        values = values.filter(pa.array(keep))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def _may_hold_nul(strings: pa.Array) -> bool:
    """Whether any string of the array may hold a NUL byte: one scan of its data buffer (bytes of
    a sliced-away part may answer yes too; the caller then checks row by row)."""
    data = strings.buffers()[2]
    if data is None or data.size == 0:
        return False
    return int(np.frombuffer(data, dtype=np.uint8).min()) == 0


def _any_per_row(lists: pa.ListArray, flags: pa.Array) -> pa.Array:
    rows = np.asarray(pc.list_parent_indices(lists))[np.asarray(flags)]
    out = np.zeros(len(lists), dtype=bool)
    out[rows] = True
    return pa.array(out)


# --- datatrove steps: all native sources in one run ------------------------------------------


def units_of(sources: list[SourceConfig], world_size: int = 1) -> list[tuple[int, str, str, int, int]]:
    """(source index, file, path relative to the source, part, parts): a Parquet row group (part
    = row group), a JSON Lines file, or a byte range of a single plain JSON Lines file (as the
    row reader shards it)."""
    units = []
    for si, s in enumerate(sources):
        base, files = list_files(s)
        for f in files:
            rel = str(f.relative_to(base))
            if s.kind == "jsonl":
                split = len(files) == 1 and not _compressed(f)
                units += [(si, str(f), rel, p, world_size) for p in range(world_size)] if split else [(si, str(f), rel, 0, 1)]
            else:
                units += [(si, str(f), rel, rg, 0) for rg in range(pq.ParquetFile(f).num_row_groups)]
    return units


class NativeIngest(Step):
    """This task's units -> staged samples/quarantine/counts per source (as WriteStaging names them)."""

    name = "native ingest"
    type = "INGEST"

    def __init__(self, sources: list[SourceConfig], registry_path: str, staging_dirs: list[str]):
        super().__init__()
        self.sources, self.registry_path, self.staging_dirs = sources, registry_path, staging_dirs

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        registry = Registry.load(Path(self.registry_path))
        builders = [ArrowBuilder(s, registry) for s in self.sources]
        writers: dict[int, _NativeWriter] = {}
        units = units_of(self.sources, world_size)
        single = [u for u in units if u[4] > 1]  # parts of one plain JSONL file: part p on rank p
        for si, path, rel, rg, parts in [u for u in single if u[3] == rank] + [u for u in units if u[4] <= 1][rank::world_size]:
            w = writers.get(si)
            if w is None:
                w = writers[si] = _NativeWriter(Path(self.staging_dirs[si]), rank)
            if self.sources[si].kind == "jsonl":
                _jsonl_unit(builders[si], w, Path(path), rel, rg, max(parts, 1))
                crash_point("ingest:reading")  # (tests) the main process is killed while workers read
                continue
            pf = pq.ParquetFile(path)
            offset = sum(pf.metadata.row_group(i).num_rows for i in range(rg))
            for batch in pf.iter_batches(batch_size=BATCH_ROWS, row_groups=[rg]):
                samples, quarantined = builders[si].build(batch, rel, offset)
                w.add(samples.drop_columns(["__row"]), quarantined)
                offset += batch.num_rows
                crash_point("ingest:reading")
        for si in range(len(self.sources)):  # every source gets its counts file, even with no unit here
            counts = writers[si].close() if si in writers else {"rows_read": 0, "blank_lines": 0, "reasons": {},
                                                               "samples_staged": 0, "quarantined": 0}
            out = Path(self.staging_dirs[si])
            out.mkdir(parents=True, exist_ok=True)
            write_counts(out, rank, counts)
            self.stat_update("rows_read", value=counts["rows_read"])
        return
        yield


_SURROGATE_ESCAPE = re.compile(rb"\\[uU][dD][89a-fA-F]")  # JSON escapes orjson refuses and Arrow may not


def _jsonl_blocks(path: Path, part: int, parts: int):
    """(first line number, lines) blocks of a JSON Lines file or of its byte-range part `part`
    (a line belongs to the part where it starts, as readers._jsonl_file reads it)."""
    size = os.path.getsize(path)
    start, end = (size * part) // parts, (size * (part + 1)) // parts
    bounded = not _compressed(path)
    with open_binary(path) as f:
        pos, lineno = 0, 1
        if start > 0:
            f.seek(start - 1)
            pos = start - 1 + len(f.readline())
            lineno = 1 + _count_newlines(path, pos)
        block = []
        for line in f:
            if bounded and pos >= end:
                break
            pos += len(line)
            block.append(line)
            if len(block) >= BATCH_ROWS:
                yield lineno, block
                lineno += len(block)
                block = []
        if block:
            yield lineno, block


def _jsonl_unit(builder: "ArrowBuilder", writer: "_NativeWriter", path: Path, rel: str, part: int, parts: int) -> None:
    """One JSON Lines unit: each block parsed by Arrow's JSON reader; a block it cannot take as is
    (a malformed or blank line, mixed types, a suspicious escape) goes line by line through the
    row reader's parser and the builder, which name the reasons."""
    if _compressed(path):
        return _jsonl_rows_unit(builder, writer, path, rel, part, parts)
    for first, lines in _jsonl_blocks(path, part, parts):
        if first == 1:
            lines[0] = strip_bom(lines[0])
        table = _arrow_block(lines)
        if table is None:
            rows = [_parse_json_line(line, rel, first + i) for i, line in enumerate(lines)]
            good = [r for r in rows if r is not _BLANK]
            samples, quarantined = builder.py.build_batch(good)
            writer.blank(len(rows) - len(good))
            writer.add(_tuples_table(samples).drop_columns(["__row"]), quarantined)
            continue

        def raw_rows(idx, lines=lines, first=first):
            return [_parse_json_line(lines[i], rel, first + int(i)) for i in idx]

        def meta_rows(idx, lines=lines):
            b = builder.py
            out = []
            for i in idx:
                d = orjson.loads(lines[i])
                extra = d.keys() - b.mapped - b.negative_columns.matched(d)
                out.append(orjson.dumps({k: d[k] for k in sorted(extra)}, default=str).decode() if extra else None)
            return out

        samples, quarantined = builder.build(table, rel, first, raw_rows, meta_rows)
        writer.add(samples.drop_columns(["__row"]), quarantined)


def _jsonl_rows_unit(builder: "ArrowBuilder", writer: "_NativeWriter", path: Path, rel: str, part: int, parts: int) -> None:
    """A compressed JSON Lines file goes through the row reader, in batches: it keeps every row
    before a break in the archive and quarantines the break as `truncated archive` / `corrupt
    archive` (README "Bad input"); decompression, not parsing, bounds its speed anyway."""
    base = path.parents[len(Path(rel).parts) - 1]
    batch: list[RawRow] = []

    def flush() -> None:
        samples, quarantined = builder.py.build_batch(batch)
        writer.add(_tuples_table(samples).drop_columns(["__row"]), quarantined)
        batch.clear()

    for row in _jsonl_file(path, base, part, parts, rank=0, progress=False):
        if row is _BLANK:
            writer.blank(1)
            continue
        batch.append(row)
        if len(batch) >= BATCH_ROWS:
            flush()
    if batch:
        flush()


def _arrow_block(lines: list[bytes]) -> pa.Table | None:
    """The block as a table (one row per line), or None when Arrow cannot read it row for row."""
    import pyarrow.json as pajson

    data = b"".join(lines)
    if _SURROGATE_ESCAPE.search(data) or any(not line.strip() for line in lines):
        return None
    try:
        table = pajson.read_json(io.BytesIO(data), read_options=pajson.ReadOptions(use_threads=False, block_size=len(data) + 1))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return table if table.num_rows == len(lines) else None


def _tuples_table(samples: list[tuple]) -> pa.Table:
    if not samples:
        return _STAGED_SCHEMA.empty_table().append_column("__row", pa.array([], pa.int64()))
    arrays = [pa.array(c, type=f.type) for c, f in zip(zip(*samples), _STAGED_SCHEMA)]
    return pa.Table.from_arrays(arrays, schema=_STAGED_SCHEMA).append_column("__row", pa.array(range(len(samples)), pa.int64()))


class _NativeWriter:
    """Staged Parquet of one source on one task: the files WriteStaging writes, from Arrow tables."""

    def __init__(self, out: Path, rank: int):
        out.mkdir(parents=True, exist_ok=True)
        self.paths = (out / f"samples-{rank:05d}.parquet", out / f"quarantine-{rank:05d}.parquet")
        self.tmp = [p.with_name(p.name + ".tmp") for p in self.paths]
        self.samples = pq.ParquetWriter(self.tmp[0], _STAGED_SCHEMA, compression="zstd")
        self.qschema = pa.schema([f.with_nullable(True) for f in QUARANTINE_SCHEMA])
        self.quarantine = pq.ParquetWriter(self.tmp[1], self.qschema, compression="zstd")
        self.counts = {"rows_read": 0, "blank_lines": 0, "reasons": {}, "samples_staged": 0, "quarantined": 0}

    def blank(self, n: int) -> None:
        self.counts["blank_lines"] += n

    def add(self, samples: pa.Table, quarantined: list[tuple]) -> None:
        self.counts["rows_read"] += samples.num_rows + len(quarantined)
        self.counts["samples_staged"] += samples.num_rows
        if samples.num_rows:
            self.samples.write_table(samples)  # one row group per batch: nothing accumulates
        if quarantined:
            arrays = [pa.array(c, type=f.type) for c, f in zip(zip(*quarantined), self.qschema)]
            self.quarantine.write_table(pa.Table.from_arrays(arrays, schema=self.qschema))
            self.counts["quarantined"] += len(quarantined)
            for values in quarantined:
                self.counts["reasons"][values[3]] = self.counts["reasons"].get(values[3], 0) + 1

    def close(self) -> dict:
        self.samples.close()
        self.quarantine.close()
        for tmp, final in zip(self.tmp, self.paths):
            move_atomic(tmp, final)
        return self.counts


class CommitSources(Step):
    """Publishes the staged shards of every native source (one CommitSource after another)."""

    name = "commit sources"
    type = "INGEST"

    def __init__(self, names: list[str], staging_dirs: list[str], workspace_root: str, run_id: str):
        super().__init__()
        self.names, self.staging_dirs, self.root, self.run_id = names, staging_dirs, workspace_root, run_id

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        from .steps import CommitSource

        for name, staging in zip(self.names, self.staging_dirs):
            if not (Path(staging) / "commit.json").exists():  # a resumed run skips what it committed
                yield from CommitSource(name, staging, self.root, self.run_id).run()
        return
        yield


def read_counts(staging: Path) -> dict:
    """Per-source counts from the staged counts files and commit.json (as stage._ingest_source)."""
    counts = merge_counts(staging, {"rows_read": 0, "blank_lines": 0, "samples_staged": 0, "quarantined": 0, "reasons": {}})
    commit = staging / "commit.json"
    counts.update(json.loads(commit.read_text()) if commit.exists() else {})
    counts["duplicates_skipped"] = counts["samples_staged"] - counts.get("samples_new", 0)
    return counts
