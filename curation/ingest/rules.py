"""Bad-input rules of ingest: one small function per rule, shared by every reader and builder.

Each rule is documented in the README ("Bad input") and, where it has a choice, configured per
source (`SourceConfig.encoding`, `non_string`, `nul`, `max_text_chars`). A rule either returns
the cleaned value, raises `BadRecord` (the row goes to quarantine with that reason) or, for a
whole file that is not what the config says, raises `ConfigError` before anything is written.
"""

from collections import Counter
from pathlib import Path

import orjson

from ..errors import BadRecord, ConfigError

BOM = b"\xef\xbb\xbf"
PARQUET_MAGIC = b"PAR1"
GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
DAMAGE_REASONS = ("truncated archive", "corrupt archive")


def strip_bom(first_line: bytes) -> bytes:
    """A UTF-8 byte-order mark at the start of a file is not part of its first row."""
    return first_line[3:] if first_line.startswith(BOM) else first_line


def text_encoding(encoding: str) -> str:
    """The codec to decode a csv/tsv/text file with: UTF-8 files may start with a BOM, which is dropped."""
    return "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding


def scalar_text(value, rule: str, column: str, name: str) -> str:
    """A number or boolean where text is expected: its JSON spelling (`42`, `1.5`, `true`) when
    `rule` is `convert`; quarantined as `not text` when it is `reject`. Other types are not text."""
    if isinstance(value, (bool, int, float)):
        if rule == "convert":
            try:
                return orjson.dumps(value).decode()
            except orjson.JSONEncodeError:  # an integer beyond 64 bits
                return str(value)
        raise BadRecord("not text", f"{column} (source field '{name}') is {type(value).__name__}; "
                        "set `non_string: convert` to keep numbers and booleans as text")
    raise BadRecord("not text", f"{column} (source field '{name}') is {type(value).__name__}")


def clean_nul(text: str, rule: str, column: str) -> str:
    """NUL characters (U+0000, often from `\\u0000` escapes) are removed, or quarantine the row
    as `nul character` when `rule` is `quarantine`."""
    if "\x00" not in text:
        return text
    if rule == "remove":
        return text.replace("\x00", "")
    raise BadRecord("nul character", f"{column} holds {text.count(chr(0))} NUL character(s); set `nul: remove` to drop them")


def check_length(text: str, max_chars: int, column: str) -> str:
    """Texts longer than `max_chars` are quarantined as `too long` (one huge line would otherwise
    become one sample and blow up later stages' memory)."""
    if len(text) > max_chars:
        raise BadRecord("too long", f"{column} has {len(text):,} characters, more than max_text_chars = {max_chars:,}; "
                        "raise `max_text_chars` in the source config to keep it")
    return text


def undecodable_hint(encoding: str) -> str:
    """What to do about bytes that do not decode: name the `encoding:` key."""
    return (f"not valid {encoding}; if the file uses another encoding set `encoding:` in the source config "
            "(e.g. encoding: latin-1 or cp1252)")


# --- whole files -------------------------------------------------------------------------------


def sniff_kind(path: Path) -> str | None:
    """A best guess at what a file holds from its first bytes: parquet, jsonl, or None (unsure)."""
    with open(path, "rb") as f:
        head = f.read(4096)
    if head.startswith(PARQUET_MAGIC):
        return "parquet"
    if head.startswith(GZIP_MAGIC) or head.startswith(ZSTD_MAGIC):
        return None  # compressed: only jsonl/csv/tsv are read compressed, the reader finds out
    body = strip_bom(head).lstrip()
    if body.startswith(b"{"):
        return "jsonl"
    return None


def check_kind(source_name: str, kind: str, files: list[Path]) -> None:
    """Raise ConfigError when a file is plainly not what `kind` says: a non-Parquet file for
    `kind: parquet`, or a Parquet file for a text kind. Names the file and the right kind."""
    for f in files:
        guess = sniff_kind(f)
        if kind == "parquet" and not _is_parquet(f):
            right = guess or "jsonl, csv or tsv (by its content)"
            raise ConfigError(f"source '{source_name}': {f} is not a Parquet file (no PAR1 magic bytes)", key="kind",
                              fix=f"use `kind: {right}` for this file, or point `path:` at Parquet files")
        if kind in ("jsonl", "csv", "tsv", "text_folder") and guess == "parquet":
            raise ConfigError(f"source '{source_name}': {f} is a Parquet file, not {kind}", key="kind",
                              fix="use `kind: parquet` for this file, or point `path:` elsewhere")


def _is_parquet(path: Path) -> bool:
    size = path.stat().st_size
    if size < 12:
        return False
    with open(path, "rb") as f:
        head = f.read(4)
        f.seek(size - 4)
        return head == PARQUET_MAGIC and f.read(4) == PARQUET_MAGIC


# --- the run's summary -------------------------------------------------------------------------

FIXES = {
    "missing field": "check `fields:` names against the file's keys/columns",
    "not text": "check `fields:`; for numbers or booleans set `non_string: convert`",
    "undecodable bytes": "set `encoding:` (e.g. latin-1) to the files' encoding",
    "malformed json": "check the file is JSON Lines (one object per line) and `kind:` is right",
    "malformed row": "check the delimiter: `kind: csv` or `kind: tsv`",
    "unknown language code": "check `lang:` (a code, field or path_pattern) against the registry",
    "missing language": "check `lang.path_pattern`",
    "empty text": "check `fields.query` / `fields.positive` name the text fields",
    "too long": "raise `max_text_chars` if such long texts are wanted",
    "nul character": "set `nul: remove`",
    "truncated archive": "re-download or re-compress the file",
    "corrupt archive": "re-download or re-compress the file",
}


def source_warnings(name: str, counts: dict) -> list[str]:
    """Warnings for the summary: a source whose rows all went to quarantine (with the most common
    reason and its fix), and damaged archives."""
    out = []
    reasons = Counter(counts.get("reasons", {}))
    if counts.get("rows_read", 0) > 0 and counts.get("quarantined", 0) >= counts["rows_read"]:
        reason, n = reasons.most_common(1)[0] if reasons else ("?", 0)
        out.append(f"source '{name}': all {counts['rows_read']:,} rows were quarantined; most common reason "
                   f"'{reason}' ({n:,}); fix: {FIXES.get(reason, 'see the quarantine view')}")
    damaged = sum(reasons[r] for r in DAMAGE_REASONS)
    if damaged:
        out.append(f"source '{name}': {damaged} damaged archive(s): the rows before each break were ingested and the "
                   f"break is in quarantine (see: mlcurate sql \"SELECT origin, detail FROM quarantine WHERE reason LIKE '%archive'\")")
    return out
