"""Native ingest of Parquet sources (kinds `parquet` and `f2llm`): columns mapped, cleaned and
keyed with Arrow compute, the per-row Python builder kept for the rows that need its judgement.

Why: the row-by-row path turns every cell into a Python object (26 strings per row for the F2LLM
release) and spends most of its time there. Here a record batch stays columnar:

    texts      trimmed with exactly Python's `str.strip()` set of whitespace (`utf8_trim`), only
               the strings whose first or last bytes are whitespace
    template   `Instruct: ...\\nQuery: ...` split by one RE2 expression (`extract_regex`)
    negatives  negative_1..N (or a list column) -> one list column, nulls and empties dropped
    languages  distinct tags of a batch normalised once and joined back (`dictionary_encode`); a
               tag without a script: one normalisation per (tag, script of the text) pair
    ids        the same canonical key as `samples.sample_id`, joined by `binary_join_element_wise`;
               only the xxh3-128 of each key is computed per row
    batches    Parquet pages are streamed into record batches of about BATCH_BYTES (wide rows, small
               batches: a worker's memory stays flat); JSON Lines are parsed by Arrow's JSON reader
               in blocks of whole lines (JSONL_BLOCK_BYTES), without a Python step per line

Rows the vectorised masks doubt go through `SampleBuilder.build` with the same RawRow the
Parquet reader would give (same origin, same data), so ids, reasons and quarantine rows are the
same as the Python path's (tests/ingest/test_native.py compares the layers). Doubted: a missing
or empty text, a language that does not normalise, a text or negative holding NUL or longer
than the source's `max_text_chars`. A batch whose columns are not all strings
(numbers where text is expected, nested values) goes to the Python path whole, so conversion
rules live in one place (`samples.py` / the readers' rules).

All native sources of one ingest run in ONE executor run (units = (source, file, row group)
dealt over the tasks, a task's units taken source by source so that one source's writers are open
at a time) and one commit run: the per-source executor start-up of the Python path (about 2 s a
source here) would otherwise dominate a release of hundreds of small files. Each worker writes the
first 64 bits of its staged ids beside them (`.ids`), so the commit of a first ingest checks that
all ids are distinct with one NumPy sort and publishes by renames.

Measured (`python benchmarks/ingest_bench.py --replica DIR` on `f2llm_replica.py DIR --rows
1000000`, 2 tasks, loaded 2-core machine): 0.85x DuckDB `read_parquet` -> Parquet, peak RSS of the
process tree 1,437 MiB at 1M rows and 1,397 MiB at 100k (flat in rows). JSON Lines
(`python benchmarks/ingest_bench.py`, 1M rows, load average 15-18): 0.32x-0.46x DuckDB
`read_json`, CPU time 5.0-5.6 s against 1.8-2.1 s (6.2-7.1 s before the workers were forked from
the driver); on a quiet machine (`--repeat 3`, load average 1) 0.30x, CPU 4.9 s against 1.6 s:
see README "Benchmarks" for where it goes.
"""

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
from .readers import (
    _BLANK,
    RawRow,
    _compressed,
    _count_newlines,
    _jsonl_file,
    _parse_json_line,
    list_files,
)
from .rules import strip_bom
from .samples import _LIST_SEP, _SEP, SampleBuilder
from .steps import hex_prefix64

BATCH_ROWS = 4096  # rows per record batch at most
BATCH_BYTES = 8 << 20  # and about this many bytes of text: a batch's copies (keys, lists) stay small
# What str.strip() removes: every `str.isspace()` character (tests/ingest/test_native.py checks the
# list against all of Unicode; computing it here would cost a scan of 1.1M code points per import).
PY_WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                 "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_TEMPLATE_RE2 = r"(?s)^Instruct: (?P<ins>.*?)\nQuery: (?P<q>.*)$"  # = f2llm._TEMPLATE with fullmatch
_STRING_TYPES = (pa.string(), pa.large_string())


def strip(col: pa.Array) -> pa.Array:
    """`str.strip()` over a string column. Only strings that start or end with whitespace are
    trimmed; which ones is read from each string's first and last bytes (`_edge_whitespace`)."""
    need = _edge_whitespace(col)
    if not need.any():
        return col
    mask = pa.array(need)
    trimmed = pc.utf8_trim(col.filter(mask), characters=PY_WHITESPACE)
    return pc.replace_with_mask(col, mask, trimmed)


# Python's whitespace (`str.isspace`) in UTF-8: ASCII bytes, and 2- or 3-byte sequences (U+0085,
# U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
_ASCII_WS = np.zeros(256, dtype=bool)
_ASCII_WS[[ord(c) for c in PY_WHITESPACE if ord(c) < 0x80]] = True
_WS2 = np.array([int.from_bytes(c.encode(), "big") for c in PY_WHITESPACE if len(c.encode()) == 2], dtype=np.int64)
_WS3 = np.array([int.from_bytes(c.encode(), "big") for c in PY_WHITESPACE if len(c.encode()) == 3], dtype=np.int64)
assert all(len(c.encode()) <= 3 for c in PY_WHITESPACE)
_WS_LEAD = np.zeros(256, dtype=bool)  # first bytes of the 2- and 3-byte whitespace sequences
_WS_LEAD[[c.encode()[0] for c in PY_WHITESPACE if len(c.encode()) > 1]] = True


def _offsets_data(col: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(n + 1) byte offsets of a (large_)string array's values into its data buffer, and that buffer."""
    width = 8 if pa.types.is_large_string(col.type) else 4
    bufs = col.buffers()
    offsets = np.frombuffer(bufs[1], dtype=np.int64 if width == 8 else np.int32, count=len(col) + 1, offset=col.offset * width)
    data = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None and bufs[2].size else np.zeros(1, np.uint8)
    return offsets.astype(np.int64), data


def _np(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """NumPy copy of a null-free boolean or integer Arrow array, read from its buffers. (pyarrow's
    `to_numpy`/`np.asarray` import pandas the first time they run: half a second of CPU in each
    worker process.)"""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    n, off = len(arr), arr.offset
    assert arr.null_count == 0, "only null-free arrays are read this way"
    if pa.types.is_boolean(arr.type):
        if n == 0:
            return np.zeros(0, dtype=bool)
        bits = np.frombuffer(arr.buffers()[1], dtype=np.uint8, count=(off + n + 7) // 8)
        return np.unpackbits(bits, bitorder="little")[off:off + n].view(bool)
    dtype = np.dtype(str(arr.type))  # int32, int64, ...
    if n == 0:
        return np.zeros(0, dtype=dtype)
    return np.frombuffer(arr.buffers()[1], dtype=dtype, count=n, offset=off * dtype.itemsize)


def _byte_lengths(col: pa.Array) -> np.ndarray:
    offsets, _ = _offsets_data(col)
    return np.diff(offsets)


def _edge_whitespace(col: pa.Array) -> np.ndarray:
    """(n,) bool: the string's first or last character is whitespace for `str.isspace` (exact,
    from at most 3 bytes at each end: a scan of the whole text is not needed). False for nulls.
    One byte at each end decides most strings; the 2- and 3-byte sequences are compared only for
    strings that start with one of their lead bytes or end in a continuation byte."""
    n = len(col)
    if n == 0:
        return np.zeros(0, dtype=bool)
    offsets, data = _offsets_data(col)
    start, end = offsets[:-1], offsets[1:]
    top = len(data) - 1
    filled = end > start
    b0, z1 = data[np.clip(start, 0, top)], data[np.clip(end - 1, 0, top)]
    out = filled & (_ASCII_WS[b0] | _ASCII_WS[z1])
    wide = np.flatnonzero(filled & ~out & (_WS_LEAD[b0] | ((z1 & 0xC0) == 0x80)))
    if wide.size:
        s, e = start[wide], end[wide]
        length = e - s

        def byte(pos):
            return data[np.clip(pos, 0, top)].astype(np.int64)

        c0, c1, c2 = byte(s), byte(s + 1), byte(s + 2)
        y1, y2, y3 = byte(e - 1), byte(e - 2), byte(e - 3)
        hit = (length >= 2) & (np.isin((c0 << 8) | c1, _WS2) | np.isin((y2 << 8) | y1, _WS2))
        hit |= (length >= 3) & (np.isin((c0 << 16) | (c1 << 8) | c2, _WS3) | np.isin((y3 << 16) | (y2 << 8) | y1, _WS3))
        out[wide] = hit
    if col.null_count:
        out &= _np(pc.is_valid(col))
    return out


def _longer_than(col: pa.Array, max_chars: int) -> np.ndarray | None:
    """(n,) bool: strings of more than `max_chars` characters, or None when none is. A string of
    at most `max_chars` bytes cannot be, so characters are counted only for longer ones."""
    maybe = _byte_lengths(col) > max_chars
    if not maybe.any():
        return None
    idx = np.flatnonzero(maybe)
    chars = _np(pc.fill_null(pc.utf8_length(col.take(pa.array(idx))), 0))
    out = np.zeros(len(col), dtype=bool)
    out[idx[chars > max_chars]] = True
    return out if out.any() else None


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
        empty = (_byte_lengths(col) == 0) & _np(pc.is_valid(col))
        return pc.if_else(pa.array(empty), pa.scalar(None, pa.string()), col) if empty.any() else col

    def _vectorised(self, table: pa.Table, cols: dict) -> tuple[np.ndarray, dict]:
        src, b, n = self.source, self.py, table.num_rows
        q = self._text(table, b.f_query)
        instruction = pa.repeat(pa.scalar(src.instruction, pa.string()), n)
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
                if _may_hold_nul(text):  # one byte scan; the exact rows only when needed
                    bad = pc.or_kleene(bad, pc.fill_null(pc.match_substring(text, "\x00"), False))
                long = _longer_than(text, self.max_chars) if self.max_chars else None
                if long is not None:
                    bad = pc.or_(bad, pa.array(long))
        if negs is not None:
            values = pc.list_flatten(negs)
            if _may_hold_nul(values):
                bad = pc.or_(bad, _any_per_row(negs, pc.fill_null(pc.match_substring(values, "\x00"), False)))
            long = _longer_than(values, self.max_chars) if self.max_chars else None
            if long is not None:  # the builder quarantines it as `too long`, as the row path does
                bad = pc.or_(bad, _any_per_row(negs, pa.array(long)))
        ok = ~_np(pc.fill_null(bad, True))
        return ok, {"query": q, "positive": p, "instruction": instruction, "lang": lang, "pos_lang": pos_lang, "negatives": negs}

    def _lang(self, table: pa.Table, spec, texts: pa.Array) -> pa.Array:
        """Registry codes, null where the builder must judge the row. Distinct tags are normalised
        once and joined back; a tag without a script takes the dominant script of its row's text,
        as `SampleBuilder._resolve` does (`gld` over Cyrillic -> `gld_Cyrl`)."""
        n = table.num_rows
        if spec.code is not None:
            enc = pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int32)), pa.array([spec.code], pa.string()))
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
        index = _np(pc.fill_null(enc.indices, -1))
        rows = np.flatnonzero(np.isin(index, bare) & _np(pc.is_valid(texts)))
        if rows.size == 0:
            return codes
        scripts = _scripts_of(texts.take(pa.array(rows)))
        m = len(_SCRIPT_NAMES)  # each distinct (tag, script) pair is normalised once and joined back
        pair = index[rows].astype(np.int64) * m + scripts  # a small domain: counted, not sorted
        present = np.flatnonzero(np.bincount(pair, minlength=len(tags) * m))
        names = [norm.normalize_for_script(tags[k // m], _SCRIPT_NAMES[k % m]) for k in present.tolist()]
        slot = np.zeros(len(tags) * m, dtype=np.int32)
        slot[present] = np.arange(len(present), dtype=np.int32)
        mask = np.zeros(n, dtype=bool)
        mask[rows] = True
        return pc.replace_with_mask(codes, pa.array(mask), pa.array(names, pa.string()).take(pa.array(slot[pair])))

    def _negatives(self, table: pa.Table, cols: dict) -> tuple[pa.ListArray | None, np.ndarray | None]:
        """One list<string> per row: stripped, nulls and empties left out, in column order; plus the
        rows the builder must judge (a list column holding a null: `not text`)."""
        b, n = self.py, table.num_rows
        if not b.f_negatives:
            return None, None
        if cols["list_neg"]:
            lists = pc.fill_null(table.column(cols["list_neg"]).combine_chunks().cast(pa.list_(pa.string())),
                                 pa.scalar([], pa.list_(pa.string())))
            values, row_of = pc.list_flatten(lists), _np(pc.list_parent_indices(lists))
            doubt = np.zeros(n, dtype=bool)
            doubt[row_of[_np(pc.is_null(values))]] = True
            values = strip(values)
            return _regroup(values, row_of, n), doubt
        if not cols["neg_cols"]:
            return _empty_lists(n), None
        stacked = [self._neg_column(table, c) for c in cols["neg_cols"]]  # k arrays of n
        k = len(stacked)
        values = pa.concat_arrays(stacked)  # column-major: value (j, i) at j * n + i
        order = np.arange(k * n).reshape(k, n).T.reshape(-1)  # row-major positions
        values = strip(values.take(pa.array(order)))  # stripped once, not column by column
        return _regroup(values, np.repeat(np.arange(n), k), n), None

    def _neg_column(self, table: pa.Table, name: str) -> pa.Array:
        col = table.column(name).combine_chunks()
        if pa.types.is_null(col.type):
            return pa.nulls(table.num_rows, pa.string())
        return col.cast(pa.string())

    # --- output -------------------------------------------------------------------------------

    def _finish(self, table: pa.Table, out: dict, ok: np.ndarray, meta_rows=None) -> pa.Table:
        src, n = self.source, table.num_rows
        keep = pa.array(ok)
        take = (lambda a: a.filter(keep)) if not ok.all() else (lambda a: a)
        rows = int(ok.sum())
        const = lambda v: pa.repeat(pa.scalar(v, pa.string()), rows)
        same = lambda v: pa.scalar(v, pa.string())  # the key's constant parts: broadcast, not repeated
        q, p, ins, lang = take(out["query"]), take(out["positive"]) if out["positive"] is not None else None, take(out["instruction"]), take(out["lang"])
        pos_lang = take(out["pos_lang"]) if out["pos_lang"] is not None else None
        negs = take(out["negatives"]) if out["negatives"] is not None else _empty_lists(rows)
        code_lang = self.py.code_lang  # the registry code of a declared name or alias (`c++` -> `cpp`)
        parts = [same(src.name), same(src.task), lang, pos_lang if pos_lang is not None else same(""), same(code_lang or ""),
                 ins, q, p if p is not None else same(""), same(""), pc.binary_join(negs, _LIST_SEP)]
        keys = pc.binary_join_element_wise(*parts, _SEP, null_handling="replace", null_replacement="")
        ids = _xxh3_128_hex(keys)  # the one per-row step (one C call per key)
        meta = self._meta(table, keep if not ok.all() else None, meta_rows, ok)
        cols = {
            "sample_id": ids, "source": const(src.name), "split": const(src.split), "task": const(src.task),
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
        if exact:
            objects = _json_objects(sub)
            if objects is not None:
                return objects
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


def _xxh3_128_hex(keys: pa.Array) -> pa.Array:
    """`xxhash.xxh3_128_hexdigest` of each (non-null) string's UTF-8 bytes, as a string array.
    Keys are hashed in place (views of the Arrow buffer, not a Python bytes copy of each key: the
    F2LLM release's keys hold a row's 26 texts, about 13 kB); the raw 16-byte digests are joined
    and written as hex by NumPy into the array's own buffer, so no Python string is made per row."""
    n = len(keys)
    if n == 0:
        return pa.array([], pa.string())
    offsets, _ = _offsets_data(keys)
    data = keys.buffers()[2]
    view = memoryview(data) if data is not None else memoryview(b"")
    raw = b"".join(map(xxhash.xxh3_128_digest, map(view.__getitem__, map(slice, offsets[:-1].tolist(), offsets[1:].tolist()))))
    digest = np.frombuffer(raw, dtype=np.uint8).reshape(n, 16)
    digits = np.empty((n, 32), dtype=np.uint8)
    digits[:, 0::2] = _HEX_DIGITS[digest >> 4]
    digits[:, 1::2] = _HEX_DIGITS[digest & 15]
    bounds = np.arange(0, 32 * (n + 1), 32, dtype=np.int32)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(bounds), pa.py_buffer(digits)])


_HEX_DIGITS = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def _scripts_of(texts: pa.Array) -> np.ndarray:
    """(n,) index into `_SCRIPT_NAMES` of each text's script as `SampleBuilder._resolve` uses it:
    the dominant script, "" when mixed. ASCII texts are read without decoding: their letters are
    Latin, everything else in ASCII is Common (so `Zyyy` when they hold no letter)."""
    ascii_ = _np(pc.fill_null(pc.string_is_ascii(texts), False))
    out = np.empty(len(texts), dtype=np.int64)
    if ascii_.any():
        sub = texts.filter(pa.array(ascii_))
        letter = _np(pc.fill_null(pc.match_substring_regex(sub, "[A-Za-z]"), False))
        out[ascii_] = np.where(letter, _SCRIPT_INDEX["Latn"], _SCRIPT_INDEX["Zyyy"])
    if not ascii_.all():
        rest = np.flatnonzero(~ascii_)
        found = detect_scripts(texts.take(pa.array(rest)).to_pylist())
        out[rest] = [_script_index("" if r.mixed else r.script) for r in found]
    return out


_SCRIPT_NAMES: list[str] = ["", "Latn", "Zyyy"]
_SCRIPT_INDEX = {name: i for i, name in enumerate(_SCRIPT_NAMES)}


def _script_index(name: str) -> int:
    if name not in _SCRIPT_INDEX:
        _SCRIPT_INDEX[name] = len(_SCRIPT_NAMES)
        _SCRIPT_NAMES.append(name)
    return _SCRIPT_INDEX[name]


# Staged files are written all-nullable, as steps._StagedWriter does.
_STAGED_SCHEMA = pa.schema([f.with_nullable(True) for f in SAMPLE_SCHEMA])


_NEEDS_ESCAPE = r'[\x00-\x1f"\\]'  # what orjson escapes in a string; all else is written as it is


def _json_objects(sub: pa.Table) -> pa.Array | None:
    """`orjson.dumps({column: value})` of each row, with columns as sorted in `sub`, for columns of
    int64, bool or string without nulls; None when a string needs escaping (orjson then writes it)."""
    parts = []
    for i, name in enumerate(sub.column_names):
        col = sub.column(name).combine_chunks()
        if col.type == pa.int64():
            value = col.cast(pa.string())
        elif col.type == pa.bool_():
            value = pc.if_else(col, "true", "false")
        elif pc.any(pc.match_substring_regex(col, _NEEDS_ESCAPE)).as_py():
            return None
        else:
            value = pc.binary_join_element_wise(pa.scalar('"'), col, pa.scalar('"'), "")
        parts += [pa.scalar(("{" if i == 0 else ",") + orjson.dumps(name).decode() + ":"), value]
    return pc.binary_join_element_wise(*parts, pa.scalar("}"), "").cast(pa.string())


def _split_template(q: pa.Array, instruction: pa.Array) -> tuple[pa.Array, pa.Array]:
    """`f2llm.split_instruction` over a column: rows in the template give (instruction, query)."""
    parts = pc.extract_regex(q, _TEMPLATE_RE2)
    matched = pc.fill_null(pc.is_valid(parts), False)
    ins = strip(pc.struct_field(parts, "ins"))
    rest = strip(pc.struct_field(parts, "q"))
    use = pc.and_(matched, pc.fill_null(pc.not_equal(rest, ""), False))
    has_ins = pc.and_(use, pc.fill_null(pc.not_equal(ins, ""), False))
    return pc.if_else(use, rest, q), pc.if_else(has_ins, ins, instruction)


def _empty_lists(n: int) -> pa.ListArray:
    return pa.ListArray.from_arrays(pa.array(np.zeros(n + 1, dtype=np.int32)), pa.array([], pa.string()))


def _regroup(values: pa.Array, row_of: np.ndarray, n: int) -> pa.ListArray:
    """Values in row order (row index of each in `row_of`) -> list per row, dropping null/empty."""
    keep = _np(pc.fill_null(pc.not_equal(values, ""), False))
    if keep.all():  # the common case: no copy
        counts = np.bincount(row_of, minlength=n)
    else:
        counts = np.bincount(row_of[keep], minlength=n)
        values = values.filter(pa.array(keep))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def _may_hold_nul(strings: pa.Array) -> bool:
    """Whether any string of the array may hold a NUL byte: one scan of the bytes its values span
    (a null slot's bytes may answer yes too; the caller then checks row by row)."""
    if len(strings) == 0:
        return False
    offsets, data = _offsets_data(strings)
    lo, hi = int(offsets[0]), int(offsets[-1])
    return hi > lo and int(data[lo:hi].min()) == 0


def _any_per_row(lists: pa.ListArray, flags: pa.Array) -> pa.Array:
    rows = _np(pc.list_parent_indices(lists))[_np(flags)]
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


def batch_rows(row_group) -> int:
    """Rows per record batch for a Parquet row group: about BATCH_BYTES of uncompressed data.
    Wide rows (the F2LLM release: 24 negatives, about 13 kB a row) get small batches, which keeps
    a worker's memory flat and its allocations reused; narrow rows get BATCH_ROWS."""
    per_row = row_group.total_byte_size / max(row_group.num_rows, 1)
    return int(min(BATCH_ROWS, max(64, BATCH_BYTES // max(per_row, 1))))


class NativeIngest(Step):
    """This task's units -> staged samples/quarantine/counts per source (as WriteStaging names them)."""

    name = "native ingest"
    type = "INGEST"
    # Imported once, by the process the workers are forked from, rather than by each worker: pyarrow
    # imports pandas at its first Python -> Arrow conversion, langcodes its name tables at the first
    # tag it checks.
    worker_preload = ("pandas", "language_data.name_data", "pyarrow.json")
    # Workers are forked from the driver (runner.start_method): they need only what it has imported
    # and open no DuckDB; a forkserver would import it all a second time (1.1-1.2 s of CPU in
    # `python benchmarks/ingest_bench.py`, about what one worker spends on its half of the file).
    fork_workers = True

    def __init__(self, sources: list[SourceConfig], registry_path: str, staging_dirs: list[str]):
        super().__init__()
        self.sources, self.registry_path, self.staging_dirs = sources, registry_path, staging_dirs

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        registry = Registry.load(Path(self.registry_path))
        builders = [ArrowBuilder(s, registry) for s in self.sources]
        writers: dict[int, _NativeWriter] = {}
        done: dict[int, dict] = {}  # counts of the sources this task has finished
        units = units_of(self.sources, world_size)
        single = [u for u in units if u[4] > 1]  # parts of one plain JSONL file: part p on rank p
        mine = [u for u in single if u[3] == rank] + [u for u in units if u[4] <= 1][rank::world_size]
        # A source's units one after the other, so that its writer is closed before the next
        # source's opens: an open ParquetWriter holds its column buffers, and a release of 300
        # files would otherwise keep 600 of them open in each worker to the end.
        for si, path, rel, rg, parts in sorted(mine, key=lambda u: u[0]):
            w = writers.get(si)
            if w is None:
                for other in list(writers):
                    done[other] = writers.pop(other).close()
                w = writers[si] = _NativeWriter(Path(self.staging_dirs[si]), rank)
            if self.sources[si].kind == "jsonl":
                _jsonl_unit(builders[si], w, Path(path), rel, rg, max(parts, 1))
                crash_point("ingest:reading")  # (tests) the main process is killed while workers read
                continue
            pf = pq.ParquetFile(path, pre_buffer=False, buffer_size=1 << 20)  # pages streamed, not whole column chunks
            offset = sum(pf.metadata.row_group(i).num_rows for i in range(rg))
            for batch in pf.iter_batches(batch_size=batch_rows(pf.metadata.row_group(rg)), row_groups=[rg]):
                samples, quarantined = builders[si].build(batch, rel, offset)
                w.add(samples.drop_columns(["__row"]), quarantined)
                offset += batch.num_rows
                crash_point("ingest:reading")
        for si in list(writers):
            done[si] = writers.pop(si).close()
        for si in range(len(self.sources)):  # every source gets its counts file, even with no unit here
            counts = done.get(si) or {"rows_read": 0, "blank_lines": 0, "reasons": {}, "samples_staged": 0, "quarantined": 0}
            out = Path(self.staging_dirs[si])
            out.mkdir(parents=True, exist_ok=True)
            write_counts(out, rank, counts)
            self.stat_update("rows_read", value=counts["rows_read"])
        return
        yield


_SURROGATE_ESCAPE = re.compile(rb"\\[uU][dD][89a-fA-F]")  # JSON escapes orjson refuses and Arrow may not


JSONL_BLOCK_BYTES = 4 << 20  # bytes of whole lines parsed by Arrow's JSON reader at a time


class _Lines:
    """The lines (each with its end of line) of a block of bytes that holds whole lines: their
    bounds come from one NumPy scan for b"\n" (the line count, the blank-line check and the lines
    of rows the builder must see all read them)."""

    def __init__(self, data: bytes):
        self.data = data
        self.bytes = np.frombuffer(data, dtype=np.uint8)
        ends = np.flatnonzero(self.bytes == 10) + 1
        if not len(ends) or ends[-1] != len(data):
            ends = np.append(ends, len(data))
        self.bounds = np.concatenate([[0], ends])

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def __getitem__(self, i) -> bytes:
        i = int(i)
        return self.data[int(self.bounds[i]):int(self.bounds[i + 1])]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def any_blank(self) -> bool:
        """Whether a line holds nothing but whitespace (`bytes.strip()` leaves it empty): only the
        lines that do not start with `{` are looked at one by one."""
        if not len(self.data):
            return True
        others = np.flatnonzero(self.bytes[self.bounds[:-1]] != ord("{"))
        return any(not self[i].strip() for i in others.tolist())

    def any_surrogate_escape(self) -> bool:
        """Whether the bytes hold `_SURROGATE_ESCAPE` (a backslash, u or U, d or D, then one of
        89a-fA-F): one memchr for a backslash, then NumPy over the backslashes only."""
        if self.data.find(b"\\") < 0:
            return False
        at = np.flatnonzero(self.bytes[:-3] == 92) if len(self.bytes) > 3 else np.zeros(0, dtype=np.int64)
        b = self.bytes
        hit = (((b[at + 1] | 32) == ord("u")) & ((b[at + 2] | 32) == ord("d")) & _HIGH_SURROGATE_DIGIT[b[at + 3]])
        return bool(hit.any())


_HIGH_SURROGATE_DIGIT = np.zeros(256, dtype=bool)
_HIGH_SURROGATE_DIGIT[list(b"89abcdefABCDEF")] = True


def _jsonl_blocks(path: Path, part: int, parts: int, block_bytes: int = JSONL_BLOCK_BYTES):
    """(first line number, bytes of whole lines) blocks of a plain JSON Lines file or of its
    byte-range part `part` (a line belongs to the part where it starts, as readers._jsonl_file
    reads it; lines end at b"\n" only, as there)."""
    size = os.path.getsize(path)
    start, end = (size * part) // parts, (size * (part + 1)) // parts
    with open(path, "rb") as f:
        pos, lineno = 0, 1
        if start > 0:
            f.seek(start - 1)
            pos = start - 1 + len(f.readline())
            lineno = 1 + _count_newlines(path, pos)
        f.seek(pos)
        carry = b""
        while pos < end:
            chunk = f.read(block_bytes)
            data = carry + chunk if carry else chunk
            if not chunk:  # the file's last line, without an end of line
                if data:
                    yield lineno, data
                return
            cut = data.rfind(b"\n") + 1
            if cut == 0:  # a line longer than the block: read on
                carry = data
                continue
            if pos + cut > end:  # stop after the line holding byte end - 1: later lines are the next part's
                cut = data.index(b"\n", end - 1 - pos) + 1
            block, carry = data[:cut], data[cut:]
            yield lineno, block
            lineno += int(np.count_nonzero(np.frombuffer(block, dtype=np.uint8) == 10))  # 3x bytes.count's speed
            pos += cut


def _jsonl_unit(builder: "ArrowBuilder", writer: "_NativeWriter", path: Path, rel: str, part: int, parts: int) -> None:
    """One JSON Lines unit: each block parsed by Arrow's JSON reader; a block it cannot take as is
    (a malformed or blank line, mixed types, a suspicious escape) goes line by line through the
    row reader's parser and the builder, which name the reasons."""
    if _compressed(path):
        return _jsonl_rows_unit(builder, writer, path, rel, part, parts)
    for first, data in _jsonl_blocks(path, part, parts):
        if first == 1:
            data = strip_bom(data)
        lines = _Lines(data)
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


def _arrow_block(lines: _Lines) -> pa.Table | None:
    """The block as a table (one row per line), or None when Arrow cannot read it row for row: a
    blank line (Arrow skips it, the row reader counts it), an escape of a lone surrogate (orjson
    refuses it, Arrow may not), or anything Arrow's reader refuses or reads as more rows."""
    import pyarrow.json as pajson

    data = lines.data
    if lines.any_blank() or lines.any_surrogate_escape():
        return None
    try:
        table = pajson.read_json(pa.BufferReader(data), read_options=pajson.ReadOptions(use_threads=False, block_size=len(data) + 1))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return table if table.num_rows == len(lines) else None


def _tuples_table(samples: list[tuple]) -> pa.Table:
    if not samples:
        return _STAGED_SCHEMA.empty_table().append_column("__row", pa.array([], pa.int64()))
    arrays = [pa.array(c, type=f.type) for c, f in zip(zip(*samples), _STAGED_SCHEMA)]
    return pa.Table.from_arrays(arrays, schema=_STAGED_SCHEMA).append_column("__row", pa.array(range(len(samples)), pa.int64()))


_LOW_CARDINALITY = ["source", "split", "task", "instruction", "label", "lang", "pos_lang", "code_lang"]


class _NativeWriter:
    """Staged Parquet of one source on one task: the files WriteStaging writes, from Arrow tables."""

    def __init__(self, out: Path, rank: int):
        out.mkdir(parents=True, exist_ok=True)
        self.paths = (out / f"samples-{rank:05d}.parquet", out / f"quarantine-{rank:05d}.parquet")
        self.tmp = [p.with_name(p.name + ".tmp") for p in self.paths]
        # Dictionaries and min/max statistics only where they pay: on texts and ids (all distinct)
        # the writer would build a dictionary to drop it and keep statistics nothing prunes by.
        self.samples = pq.ParquetWriter(self.tmp[0], _STAGED_SCHEMA, compression="zstd", use_dictionary=_LOW_CARDINALITY,
                                        write_statistics=[*_LOW_CARDINALITY, "sample_id"])
        self.qschema = pa.schema([f.with_nullable(True) for f in QUARANTINE_SCHEMA])
        self.quarantine = pq.ParquetWriter(self.tmp[1], self.qschema, compression="zstd")
        # The first 64 bits of each staged id, for the commit's plan of what to leave out
        # (steps.staged_prefixes): 8 bytes a row, appended as written, so nothing accumulates here.
        self.ids_path = self.paths[0].with_suffix(".ids")
        self.ids_tmp = self.ids_path.with_name(self.ids_path.name + ".tmp")
        self.ids = open(self.ids_tmp, "wb")
        self.counts = {"rows_read": 0, "blank_lines": 0, "reasons": {}, "samples_staged": 0, "quarantined": 0}

    def blank(self, n: int) -> None:
        self.counts["blank_lines"] += n

    def add(self, samples: pa.Table, quarantined: list[tuple]) -> None:
        self.counts["rows_read"] += samples.num_rows + len(quarantined)
        self.counts["samples_staged"] += samples.num_rows
        if samples.num_rows:
            self.samples.write_table(samples)  # one row group per batch: nothing accumulates
            if self.ids is not None:
                prefixes = hex_prefix64(samples.column("sample_id"))
                if prefixes is None:  # not digests (cannot happen for sample ids): the commit reads the file
                    self.ids.close()
                    self.ids = None
                    os.unlink(self.ids_tmp)
                else:
                    self.ids.write(prefixes.astype("<u8").tobytes())
        if quarantined:
            arrays = [pa.array(c, type=f.type) for c, f in zip(zip(*quarantined), self.qschema)]
            self.quarantine.write_table(pa.Table.from_arrays(arrays, schema=self.qschema))
            self.counts["quarantined"] += len(quarantined)
            for values in quarantined:
                self.counts["reasons"][values[3]] = self.counts["reasons"].get(values[3], 0) + 1

    def close(self) -> dict:
        self.samples.close()
        self.quarantine.close()
        if self.ids is not None:  # before the samples: a staged file never has a stale .ids beside it
            self.ids.close()
            move_atomic(self.ids_tmp, self.ids_path)
        for tmp, final in zip(self.tmp, self.paths):
            move_atomic(tmp, final)
        return self.counts


class CommitSources(Step):
    """Publishes the staged shards of every native source (one CommitSource after another, on
    each of the commit's tasks: see CommitSource)."""

    name = "commit sources"
    type = "INGEST"
    fork_workers = True  # NumPy, pyarrow and lock files only (no DuckDB): forked like NativeIngest's workers

    def __init__(self, names: list[str], staging_dirs: list[str], workspace_root: str, run_id: str):
        super().__init__()
        self.names, self.staging_dirs, self.root, self.run_id = names, staging_dirs, workspace_root, run_id

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        from .steps import CommitSource

        for name, staging in zip(self.names, self.staging_dirs):
            yield from CommitSource(name, staging, self.root, self.run_id).run(rank=rank, world_size=world_size)


def read_counts(staging: Path) -> dict:
    """Per-source counts from the staged counts files and commit.json (as stage._ingest_source)."""
    counts = merge_counts(staging, {"rows_read": 0, "blank_lines": 0, "samples_staged": 0, "quarantined": 0, "reasons": {}})
    commit = staging / "commit.json"
    plan = json.loads(commit.read_text()) if commit.exists() else {}
    counts.update({k: plan[k] for k in ("samples_new", "quarantined_new") if k in plan})
    counts["duplicates_skipped"] = counts["samples_staged"] - counts.get("samples_new", 0)
    return counts
