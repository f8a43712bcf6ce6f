"""Materialised per-file statistics: what makes the coverage page fast on large workspaces.

Sample files are immutable (written once under a temporary name, then renamed), so their
per-(lang, code_lang, source, task) counts are computed once per file, in one DuckDB scan over all
new files, and kept in memory and under `<workspace>/cache/dashboard/filestats/` (best effort: a
read-only workspace just recomputes). A page then aggregates a few thousand stat rows instead of
scanning every sample text.
"""

import hashlib
import os
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .db import connect

STAT_COLUMNS = ("lang", "code_lang", "source", "task", "samples", "chars")
_MEMO: dict[str, pa.Table] = {}


def sample_files(root: Path) -> list[Path]:
    """Data files of the samples layer (the `_empty.parquet` schema file carries no rows)."""
    return sorted(p for p in (root / "samples").rglob("*.parquet") if p.name != "_empty.parquet")


def file_key(path: Path) -> str:
    st = path.stat()
    return hashlib.sha1(f"{path}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:20]


def scan_files(root: Path, files: list[Path]) -> dict[str, pa.Table]:
    """Per-file stats for `files`, from one scan. Returns {file path: stats table}."""
    names = [str(f) for f in files]
    with connect(root) as con:
        table = con.sql(
            """SELECT filename, lang, code_lang, source, task, count(*) AS samples,
                      sum(length(query) + coalesce(length(positive), 0))::BIGINT AS chars
               FROM read_parquet(?, filename = true, union_by_name = true)
               GROUP BY ALL""", params=[names]).to_arrow_table()
    out = {}
    for name in names:
        mask = pc.equal(table["filename"], name)
        out[name] = table.filter(mask).select(list(STAT_COLUMNS))
    return out


def file_stats(root: str | Path, persist: bool = True) -> pa.Table:
    """Stats rows (STAT_COLUMNS) for every sample file of the workspace at `root`."""
    root = Path(root).resolve()
    cache_dir = root / "cache" / "dashboard" / "filestats"
    parts, missing = [], []
    for f in sample_files(root):
        key = file_key(f)
        if key not in _MEMO and persist and (cache_dir / f"{key}.parquet").exists():
            _MEMO[key] = pq.read_table(cache_dir / f"{key}.parquet")
        (parts.append(_MEMO[key]) if key in _MEMO else missing.append((f, key)))
    if missing:
        scanned = scan_files(root, [f for f, _ in missing])
        for f, key in missing:
            _MEMO[key] = scanned[str(f)]
            parts.append(_MEMO[key])
            if persist:
                _save(cache_dir / f"{key}.parquet", _MEMO[key])
    if not parts:
        return pa.table({c: pa.array([], t) for c, t in zip(STAT_COLUMNS, (pa.string(),) * 4 + (pa.int64(),) * 2)})
    return pa.concat_tables(parts, promote_options="default")


def _save(path: Path, table: pa.Table) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.tmp-{uuid.uuid4().hex[:6]}")
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    except OSError:
        pass  # read-only workspace: the in-memory memo still serves this process


def clear_memo() -> None:
    """Forget in-memory stats (benchmarks use it to time a cold start)."""
    _MEMO.clear()
