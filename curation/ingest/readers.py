"""Readers: one generator per source kind, yielding `RawRow`s for one shard (`rank` of `world_size`).

A reader never raises on bad input: a row it cannot parse is yielded with `error` set, so the
builder quarantines it with the raw text. Sharding: a single plain JSONL file is split by byte
ranges aligned to line starts; otherwise files (or Parquet row groups) are dealt round-robin.
"""

import csv
import glob
import io
import os
import re
import zlib
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from tqdm.auto import tqdm

from ..config import SourceConfig
from ..errors import ConfigError
from .rules import strip_bom, text_encoding, undecodable_hint

DEFAULT_GLOBS = {
    "jsonl": "**/*.jsonl*",
    "parquet": "**/*.parquet",
    "csv": "**/*.csv*",
    "tsv": "**/*.tsv*",
    "text_folder": "**/*.txt",
    "code_folder": "**/*",
    "hf": "**/*",
    "f2llm": "*.parquet",
}
MAX_RAW_CHARS = 1_000_000  # quarantined raw text is cut here
_CHUNK = 1 << 20


class RawRow(NamedTuple):
    path: str  # file path relative to the source path (or dataset name)
    loc: int  # 1-based line number, or 0-based row index
    data: dict | None  # parsed row, None when `error` is set
    raw: bytes | str | None  # the row as read, kept for quarantine
    error: tuple[str, str] | None  # (reason, detail)

    @property
    def origin(self) -> str:
        return f"{self.path}:{self.loc}"


def read_rows(source: SourceConfig, rank: int = 0, world_size: int = 1, progress: bool = True) -> Iterator[RawRow]:
    return READERS[source.kind](source, rank, world_size, progress)


def list_files(source: SourceConfig) -> tuple[Path, list[Path]]:
    """The files of a source (sorted) and the base they are named relative to."""
    path = source.resolved_path()
    if any(ch in path for ch in "*?["):
        base = Path(path.split("*")[0].split("?")[0].split("[")[0]).parent
        files = [Path(p) for p in sorted(glob.glob(path, recursive=True))]
    elif os.path.isdir(path):
        base = Path(path)
        pattern = source.glob or DEFAULT_GLOBS[source.kind]
        files = sorted(p for p in base.glob(pattern) if p.is_file())
    elif os.path.isfile(path):
        base, files = Path(path).parent, [Path(path)]
    else:
        raise ConfigError(f"source '{source.name}': path {path} does not exist", key="path", fix="check `path:` (relative to the config file)")
    files = [f for f in files if not _excluded(f.relative_to(base), source.exclude)]
    if not files:
        raise ConfigError(f"source '{source.name}': no files match {path}", key="path", fix="check `path:` and `glob:`")
    return base, files


def _excluded(rel: Path, patterns: list[str]) -> bool:
    parts = rel.parts
    if any(p.startswith(".") for p in parts):  # hidden files and folders (.git, .cache)
        return True
    return any(fnmatch(str(rel), pat) or fnmatch(rel.name, pat) for pat in patterns)


def open_binary(path: Path):
    """Open a file for reading bytes, decompressing .gz and .zst transparently.

    A compressed file that ends early or is corrupt does not raise: reading stops at the last
    byte that could be decompressed and `archive_damage(f)` then says where and why."""
    name = path.name.lower()
    if name.endswith(".gz"):
        return io.BufferedReader(_Decompressed(path, "gzip"), buffer_size=_CHUNK)
    if name.endswith(".zst") or name.endswith(".zstd"):
        return io.BufferedReader(_Decompressed(path, "zstd"), buffer_size=_CHUNK)
    return open(path, "rb", buffering=_CHUNK)


def archive_damage(f) -> tuple[str, str] | None:
    """None for an intact (or uncompressed) file read by `open_binary`; else (reason, detail) with
    reason `truncated archive` or `corrupt archive` and a detail naming the file and where it
    breaks ("at compressed byte N of M (after decompressed byte K)")."""
    raw = getattr(f, "raw", None)
    return getattr(raw, "damage", None)


class _Decompressed(io.RawIOBase):
    """Decompresses a gzip (multi-member) or zstd (multi-frame) file and, unlike gzip.open, keeps
    every byte before a break: a truncated or corrupt file ends the stream and sets `damage`."""

    def __init__(self, path: Path, codec: str):
        super().__init__()
        self.file, self.codec = open(path, "rb"), codec
        self.size = os.path.getsize(path)
        self.pending = b""  # decompressed bytes not yet handed out
        self.out_pos = 0  # decompressed bytes handed out so far
        self.damage: tuple[str, str] | None = None  # (reason, detail)
        self.name_ = path.name
        self.dec = self._new()
        self.started = False  # the current member/frame has consumed input

    def _new(self):
        if self.codec == "gzip":
            return zlib.decompressobj(wbits=31)
        import zstandard

        return zstandard.ZstdDecompressor().decompressobj()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending:
            if not self._fill():
                return 0
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        self.out_pos += n
        return n

    def _fill(self) -> bool:
        """Decompress the next input chunk into `pending`; False at the end of the stream."""
        data = b""
        if self.dec.eof:  # a member/frame ended: what follows starts the next one
            data, self.dec, self.started = self.dec.unused_data, self._new(), False
        data = data or self.file.read(_CHUNK)
        if not data:
            if self.started:  # input ended inside a member/frame
                self.damage = ("truncated archive", f"{self.name_} ends inside a {self.codec} stream {self._where()}")
            return False
        self.started = True
        try:
            self.pending = self.dec.decompress(data)
        except Exception as e:  # noqa: BLE001 - zlib.error / zstandard.ZstdError: the rest is unreadable
            self.damage = ("corrupt archive", f"{self.name_}: {type(e).__name__}: {e} {self._where()}")
            return False
        return True

    def _where(self) -> str:
        return f"at compressed byte {self.file.tell():,} of {self.size:,} (after decompressed byte {self.out_pos + len(self.pending):,})"

    def close(self) -> None:
        self.file.close()
        super().close()


def _compressed(path: Path) -> bool:
    return path.name.lower().endswith((".gz", ".zst", ".zstd"))


def _bar(total: int, desc: str, rank: int, progress: bool, unit: str = "B"):
    return tqdm(total=total, desc=desc, unit=unit, unit_scale=True, position=rank, leave=False,
                disable=None if progress else True, mininterval=0.5)


# --- JSON Lines -------------------------------------------------------------------------------


def read_jsonl(source: SourceConfig, rank: int, world_size: int, progress: bool) -> Iterator[RawRow]:
    base, files = list_files(source)
    if len(files) == 1 and not _compressed(files[0]):
        yield from _jsonl_file(files[0], base, rank, world_size, rank, progress)
    else:
        for f in files[rank::world_size]:
            yield from _jsonl_file(f, base, 0, 1, rank, progress)


def _jsonl_file(path: Path, base: Path, part: int, parts: int, rank: int, progress: bool) -> Iterator[RawRow]:
    size = os.path.getsize(path)
    rel = str(path.relative_to(base))
    start, end = (size * part) // parts, (size * (part + 1)) // parts
    with open_binary(path) as f, _bar(end - start, f"{rel}", rank, progress) as bar:
        pos, lineno = 0, 1
        if start > 0:  # a line belongs to the part where it starts
            f.seek(start - 1)
            pos = start - 1 + len(f.readline())
            lineno = 1 + _count_newlines(path, pos)
        done, bounded, loads, new = 0, not _compressed(path), orjson.loads, tuple.__new__
        tail_reported = False
        for line in f:
            if bounded and pos >= end:
                break
            if not bounded and line[-1] != 10 and archive_damage(f):  # the cut last line of a broken archive
                yield RawRow(rel, lineno, None, line, archive_damage(f))
                tail_reported = True
                break
            pos += len(line)
            done += len(line)
            if lineno == 1:
                line = strip_bom(line)
            if done >= _CHUNK:
                bar.update(done)
                done = 0
            try:  # fast path inline: most lines are good objects
                obj = loads(line)
            except orjson.JSONDecodeError:
                obj = None
            if type(obj) is dict:
                yield new(RawRow, (rel, lineno, obj, line, None))  # RawRow(...) without its Python-level __new__
            else:
                yield _parse_json_line(line, rel, lineno)
            lineno += 1
        bar.update(done)
        if archive_damage(f) and not tail_reported:  # cut at a line end: record the damage all the same
            yield RawRow(rel, lineno, None, b"", archive_damage(f))


def _count_newlines(path: Path, upto: int) -> int:
    n = 0
    with open(path, "rb") as f:
        while upto > 0:
            chunk = f.read(min(_CHUNK * 8, upto))
            if not chunk:
                break
            n += chunk.count(b"\n")
            upto -= len(chunk)
    return n


_BLANK = RawRow("", 0, None, None, ("blank", ""))


def _parse_json_line(line: bytes, rel: str, lineno: int) -> RawRow:
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError as e:
        if not line.strip():
            return _BLANK
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as ue:
            return RawRow(rel, lineno, None, line.rstrip(b"\r\n"), ("undecodable bytes", str(ue)))
        return RawRow(rel, lineno, None, text.rstrip("\r\n"), ("malformed json", str(e)))
    if not isinstance(obj, dict):
        return RawRow(rel, lineno, None, line.rstrip(b"\r\n"), ("not a json object", type(obj).__name__))
    return RawRow(rel, lineno, obj, line, None)


# --- Parquet ----------------------------------------------------------------------------------


def read_parquet(source: SourceConfig, rank: int, world_size: int, progress: bool) -> Iterator[RawRow]:
    import pyarrow.parquet as pq

    base, files = list_files(source)
    units = []  # (file, row group) dealt round-robin over ranks
    for f in files:
        units += [(f, rg) for rg in range(pq.ParquetFile(f).num_row_groups)]
    mine = units[rank::world_size]
    with _bar(len(mine), source.name, rank, progress, unit="rg") as bar:
        for f, rg in mine:
            pf = pq.ParquetFile(f)
            offset = sum(pf.metadata.row_group(i).num_rows for i in range(rg))
            rel = str(f.relative_to(base))
            for i, row in enumerate(pf.read_row_group(rg).to_pylist()):
                yield RawRow(rel, offset + i, row, None, None)
            bar.update(1)


# --- CSV / TSV --------------------------------------------------------------------------------


def read_csv(source: SourceConfig, rank: int, world_size: int, progress: bool) -> Iterator[RawRow]:
    base, files = list_files(source)
    delimiter = "\t" if source.kind == "tsv" else ","
    for f in files[rank::world_size]:
        rel = str(f.relative_to(base))
        with open_binary(f) as fb:
            text = io.TextIOWrapper(fb, encoding=text_encoding(source.encoding), errors="surrogateescape", newline="")
            reader = csv.reader(text, delimiter=delimiter)
            try:
                header = next(reader)
            except StopIteration:
                header = None
            if header is not None:
                yield from _held_back(_csv_rows(reader, header, rel, source.encoding), fb, rel)
            if header is None and archive_damage(fb):
                yield RawRow(rel, 0, None, b"", archive_damage(fb))


def _held_back(rows: Iterator[RawRow], f, rel: str) -> Iterator[RawRow]:
    """Rows with a one-row delay: when the archive turns out broken, its last row (possibly cut
    mid-field, yet well-formed) goes to quarantine as the break instead of becoming a sample."""
    last = None
    for row in rows:
        if last is not None:
            yield last
        last = row
    damage = archive_damage(f)
    if damage is None:
        if last is not None:
            yield last
        return
    if last is None:
        yield RawRow(rel, 0, None, b"", damage)
    else:
        yield RawRow(rel, last.loc, None, last.raw, damage)


def _csv_rows(reader, header: list[str], rel: str, encoding: str = "utf-8") -> Iterator[RawRow]:
    n = len(header)
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield RawRow(rel, reader.line_num, None, "", ("malformed csv", str(e)))
            continue
        line = reader.line_num
        raw = "\t".join(values)
        if not values or values == [""]:
            continue
        if any(_has_surrogates(v) for v in values):
            yield RawRow(rel, line, None, raw.encode("utf-8", "surrogateescape"), ("undecodable bytes", undecodable_hint(encoding)))
        elif len(values) != n:
            yield RawRow(rel, line, None, raw, ("malformed row", f"{len(values)} fields, header has {n}"))
        else:
            yield RawRow(rel, line, dict(zip(header, values)), raw, None)


def _has_surrogates(s: str) -> bool:
    try:
        s.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


# --- Folders of text and of code ----------------------------------------------------------------


def _read_file_text(f: Path, rel: str, encoding: str = "utf-8") -> tuple[str | None, RawRow | None]:
    data = f.read_bytes()
    try:
        return data.decode(text_encoding(encoding)), None
    except UnicodeDecodeError as e:
        return None, RawRow(rel, 0, None, data[:MAX_RAW_CHARS], ("undecodable bytes", f"{e}; {undecodable_hint(encoding)}"))


def read_text_folder(source: SourceConfig, rank: int, world_size: int, progress: bool) -> Iterator[RawRow]:
    base, files = list_files(source)
    mine = files[rank::world_size]
    for f in tqdm(mine, desc=source.name, unit="file", position=rank, leave=False, disable=None if progress else True):
        rel = str(f.relative_to(base))
        text, bad = _read_file_text(f, rel, source.encoding)
        if bad:
            yield bad
            continue
        fields = {"path": rel, "name": f.stem, "dir": f.parent.name}
        if source.text_unit == "file":
            units = [text]
        elif source.text_unit == "paragraph":
            units = re.split(r"\n\s*\n", text)
        else:
            units = text.splitlines()
        for i, unit in enumerate(units):
            if unit.strip():
                yield RawRow(rel, i, {**fields, "text": unit}, unit, None)


def read_code_folder(source: SourceConfig, rank: int, world_size: int, progress: bool) -> Iterator[RawRow]:
    """One row per file: {path, name, code, code_lang_name, code_lang_strategy}: the language
    name (linguist's spelling) found from the content (curation/ingest/codelang.py). Binary, vendored,
    minified and generated files come out as error rows `skipped: <why>` (no raw text kept: the
    file is where it was); a file no strategy places has `code_lang_name` None."""
    from .codelang import CodeLanguageDetector

    detector = CodeLanguageDetector()  # names only: the builder maps them to its registry
    base, files = list_files(source)
    mine = files[rank::world_size]
    for f in tqdm(mine, desc=source.name, unit="file", position=rank, leave=False, disable=None if progress else True):
        rel = str(f.relative_to(base))
        found = detector.detect(rel.replace(os.sep, "/"), f.read_bytes())
        if found.skip:
            yield RawRow(rel, 0, None, b"", (f"skipped: {found.skip}", f"{rel}: {found.skip} file (linguist's rule), not ingested"))
            continue
        text, bad = _read_file_text(f, rel)
        if bad:
            yield bad
        else:
            yield RawRow(rel, 0, {"path": rel, "name": f.name, "code": text[: source.max_chars],
                                  "code_lang_name": found.name, "code_lang_strategy": found.strategy}, None, None)


_COMMENT = re.compile(r"^\s*(#|//|/\*+|\*/?|--|;+|%|\"\"\"|''')\s?")
_LEGAL = re.compile(r"copyright|license|licence|spdx|all rights reserved|^\s*!|-\*-", re.I)


def leading_doc(code: str, code_lang: str) -> str | None:
    """The first descriptive comment paragraph of a file (license headers and shebangs skipped)."""
    if code_lang == "python":
        import ast

        try:
            doc = ast.get_docstring(ast.parse(code))
        except (SyntaxError, ValueError):
            doc = None
        if doc:
            return doc.strip().split("\n\n")[0].strip()
    paragraphs, current = [], []
    for line in code.splitlines()[:80]:
        if line.startswith("#!"):
            continue
        m = _COMMENT.match(line)
        if not m:
            if line.strip():
                break
            if current:  # a blank line ends a comment paragraph
                paragraphs.append(" ".join(current))
                current = []
            continue
        body = line[m.end():].strip().rstrip("*/").strip()
        if body:
            current.append(body)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    for p in paragraphs:
        if len(p) >= 15 and not _LEGAL.search(p):
            return p
    return None


# --- Hugging Face datasets ----------------------------------------------------------------------


def read_hf(source: SourceConfig, rank: int, world_size: int, progress: bool) -> Iterator[RawRow]:
    ds = load_hf(source)
    name = source.path
    if hasattr(ds, "__len__"):  # an in-memory / on-disk Dataset: contiguous shards
        n = len(ds)
        lo, hi = (n * rank) // world_size, (n * (rank + 1)) // world_size
        for i in tqdm(range(lo, hi), desc=source.name, unit="row", position=rank, leave=False, disable=None if progress else True):
            yield RawRow(name, i, dict(ds[i]), None, None)
        return
    if rank != 0:  # a streaming dataset is read by one task
        return
    for i, row in enumerate(ds):
        yield RawRow(name, i, dict(row), None, None)


def load_hf(source: SourceConfig) -> Any:
    import datasets

    path = source.resolved_path()
    local = Path(path)
    try:
        if local.is_dir() and ((local / "dataset_info.json").exists() or (local / "dataset_dict.json").exists() or (local / "state.json").exists()):
            ds = datasets.load_from_disk(str(local))
            if isinstance(ds, datasets.DatasetDict):
                if source.hf_split not in ds:
                    raise ConfigError(f"split '{source.hf_split}' not in {list(ds)}", key="hf_split")
                ds = ds[source.hf_split]
            return ds
        return datasets.load_dataset(path, source.hf_config, split=source.hf_split, streaming=True)
    except ConfigError:
        raise
    except Exception as e:  # noqa: BLE001 - any loading failure is a config problem for the user
        raise ConfigError(
            f"source '{source.name}': could not load dataset '{path}': {type(e).__name__}: {e}",
            key="path", fix="give a local path (a folder saved with `save_to_disk`, or data files); hubs may be unreachable",
        ) from None


READERS = {
    "jsonl": read_jsonl,
    "parquet": read_parquet,
    "csv": read_csv,
    "tsv": read_csv,
    "text_folder": read_text_folder,
    "code_folder": read_code_folder,
    "hf": read_hf,
    "f2llm": read_parquet,  # one expanded source per release file (see f2llm.py)
}
