"""Short-lived, locked-down DuckDB connections for the dashboard.

The catalog's views read Parquet under the workspace, so file access cannot simply be switched
off. Each connection is opened read-only, allowed to read only the workspace's data folders
(`samples/`, `quarantine/`, `annotations/`), then `enable_external_access=false` and
`lock_configuration=true` are set, so no statement can widen access again (no other files, no
ATTACH, COPY, INSTALL/LOAD, no network). These settings belong to the database instance, which
DuckDB shares between connections of one process that are open at the same time. Connections are opened per query and closed at once: a
read-only open holds a shared lock on catalog.duckdb that would make `mlcurate` writers wait.
"""

import contextlib
import hashlib
import os
import time
from pathlib import Path

import duckdb

DATA_DIRS = ("samples", "quarantine", "annotations")
LOCK_RETRY_SECONDS = 10.0


class CatalogBusy(RuntimeError):
    """The catalog is held by a writer (an `mlcurate` command is running)."""


def allowed_directories(root: Path, data_dirs: tuple[str, ...] = DATA_DIRS) -> list[str]:
    """Both spellings are needed: globs are checked as written (relative to file_search_path),
    opened files by their absolute path."""
    return [str(root / d) + "/" for d in data_dirs] + [d + "/" for d in data_dirs]


def open_connection(root: str | Path, catalog: str | Path | None = None,
                    data_dirs: tuple[str, ...] = DATA_DIRS) -> duckdb.DuckDBPyConnection:
    """A read-only connection to `<root>/catalog.duckdb` (or to `catalog`, e.g. a private copy of
    it that `mlcurate sql` queries) that can read only the workspace's `data_dirs` under `root`."""
    root = Path(root).resolve()
    catalog = Path(catalog) if catalog is not None else root / "catalog.duckdb"
    if not catalog.exists():
        raise FileNotFoundError(f"no catalog at {catalog}: run `mlcurate quickstart --workspace {root}` first")
    deadline = time.monotonic() + LOCK_RETRY_SECONDS
    while True:
        try:
            con = duckdb.connect(str(catalog), read_only=True)
            break
        except duckdb.IOException as e:  # a writer holds the file lock: wait for it briefly
            if "lock" not in str(e).lower() or time.monotonic() > deadline:
                raise CatalogBusy(f"the catalog is in use by a running mlcurate command; retry in a moment ({e})") from None
            time.sleep(0.2)
    if con.execute("SELECT current_setting('lock_configuration')").fetchone()[0]:
        return con  # the process's open instance of this catalog, already locked down below
    # GLOBAL: connections opened later on this shared instance (nested queries) inherit it.
    con.execute("SET GLOBAL file_search_path = ?", [str(root)])
    con.execute("SET allowed_directories = ?", [allowed_directories(root, data_dirs)])
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


@contextlib.contextmanager
def connect(root: str | Path):
    """`open_connection` as a context manager that always closes (releasing the file lock)."""
    con = open_connection(root)
    try:
        yield con
    finally:
        con.close()


def fingerprint(root: str | Path) -> str:
    """A hash of the catalog's and data files' names, sizes and mtimes: cache key that changes
    whenever a command writes to the workspace."""
    root = Path(root)
    h = hashlib.sha1()
    for d in ("catalog.duckdb", "catalog.duckdb.wal", *DATA_DIRS, "mixtures"):
        p = root / d
        files = [p] if p.is_file() else sorted(p.rglob("*")) if p.is_dir() else []
        for f in files:
            with contextlib.suppress(FileNotFoundError):
                st = f.stat()
                h.update(f"{f.relative_to(root)}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()[:16]


def workspace_from_env() -> Path:
    """The workspace the app shows: $MLCURATE_WORKSPACE (set by `mlcurate dashboard`), else ./workspace."""
    return Path(os.environ.get("MLCURATE_WORKSPACE", "workspace")).resolve()
