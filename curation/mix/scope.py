"""Scope the catalog's layer views to one source's files while the export reads that source.

The views read whole layers (`read_parquet('samples/**/*.parquet')`, `annotations/<stage>/**`), so
each per-source export query used to open the footer of every file of every source and scan every
source's langid and dedup rows (`samples_clean` filters by them before the source filter can
apply): with 300 sources, 300 times the metadata and annotation reads of the whole workspace.
Every layer is partitioned by source (`source=<name>/`), and a sample's annotations live in its own
source's folder, so for one source the same views over only that source's files give the same
rows. `scope_to_source` creates TEMP views of the same names over those files; DuckDB binds view
names late (a catalog view that names `samples` sees the temp `samples`), so `samples_clean`,
`mined_negatives` and anything built on them follow without being rewritten.
"""

import re
from pathlib import Path

import duckdb

LAYER_GLOB = re.compile(r"'((?:samples|annotations/[A-Za-z0-9_]+))/\*\*/\*\.parquet'")
_CREATE = re.compile(r"^\s*CREATE\s+VIEW\s+(\S+)\s+AS\s", re.IGNORECASE)


def has_view(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [name]).fetchall()[0][0] > 0  # fetchall: no open result


SCOPABLE_VIEWS = ("samples", "samples_clean")


def scopable(view: str, where: str | None) -> bool:
    """Whether one source's files give the same rows: true for the per-sample views, unless the
    spec's `where` holds a subquery (it might aggregate over other sources, e.g. languages with
    enough samples overall); then every query reads the whole workspace, as before."""
    return view in SCOPABLE_VIEWS and not re.search(r"\bselect\b", where or "", re.IGNORECASE)


def layer_views(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, SELECT text) of the catalog views that read a source-partitioned layer by glob, in creation order."""
    rows = con.execute("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal AND NOT temporary ORDER BY view_oid").fetchall()
    out = []
    for name, sql in rows:
        m = _CREATE.match(sql)
        if m and LAYER_GLOB.search(sql):
            out.append((name, sql[m.end():].rstrip().rstrip(";")))
    return out


def _q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def source_files(root: Path, layer: str, source: str) -> list[str]:
    """The layer's schema file plus the source's parts, as paths relative to the workspace."""
    files = [f"{layer}/_empty.parquet"] if (root / layer / "_empty.parquet").exists() else []
    files += sorted(f"{layer}/source={source}/{p.name}" for p in (root / layer / f"source={source}").glob("*.parquet"))
    return files


def scope_to_source(con: duckdb.DuckDBPyConnection, root: Path, source: str, views: list[tuple[str, str]]) -> None:
    """TEMP views over `source`'s files only, shadowing the layer views `views` (from `layer_views`)."""
    def files(m: re.Match) -> str:
        found = source_files(Path(root), m.group(1), source)
        return "[" + ", ".join(_q(f) for f in found) + "]" if found else m.group(0)

    for name, body in views:
        con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {LAYER_GLOB.sub(files, body)}")


def unscope(con: duckdb.DuckDBPyConnection, views: list[tuple[str, str]]) -> None:
    for name, _ in views:
        con.execute(f"DROP VIEW IF EXISTS temp.{name}")
