"""The workspace on disk and its DuckDB catalog.

    workspace/
      catalog.duckdb                  runs, sources, languages + views (sql/)
      samples/source=<name>/*.parquet
      annotations/<stage>/source=<name>/*.parquet
      quarantine/source=<name>/*.parquet
      cache/  mixtures/
      .staging/  .runs/               stage scratch and datatrove task logs (resume state)

Parquet layers are written to a temporary name and renamed when complete (`write_parquet_atomic`,
or `atomic_parquet_writer` for a file written batch by batch), so an interrupted run leaves no
half file. Each layer holds an empty `_empty.parquet` carrying its schema, so views work before
any data lands.
"""

import contextlib
import json
import os
import shutil
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__, lifecycle
from .errors import WorkspaceError
from .languages import REGISTRY_COLUMNS, Registry
from .paths import DEFAULT_REGISTRY, SQL_DIR
from .schema import ANNOTATION_SCHEMAS, QUARANTINE_SCHEMA, SAMPLE_SCHEMA

ENV_WORKSPACE = "MLCURATE_WORKSPACE"


def default_workspace() -> Path:
    return Path(os.environ.get(ENV_WORKSPACE, "workspace"))


def write_parquet_atomic(table: pa.Table, path: Path, **kwargs) -> None:
    """Write `table` to `path` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp-{uuid.uuid4().hex[:8]}")
    pq.write_table(table, tmp, compression=kwargs.pop("compression", "zstd"), **kwargs)
    os.replace(tmp, path)


def move_atomic(src: Path, dst: Path) -> None:
    """Move a finished file into place by one rename (same filesystem: the workspace)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    os.replace(src, dst)


def write_json_atomic(path: Path, obj) -> None:
    """Write `obj` as JSON through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp-{uuid.uuid4().hex[:8]}")
    tmp.write_text(json.dumps(obj, indent=1, sort_keys=True, default=str))
    os.replace(tmp, path)


@contextlib.contextmanager
def atomic_file(path: Path):
    """Yields a temporary path beside `path`; renamed to `path` when the block ends, removed if it raises."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp-{uuid.uuid4().hex[:8]}")
    try:
        yield tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)


def replace_folder(tmp: Path, target: Path) -> None:
    """Put the finished folder `tmp` at `target`, replacing what was there only once `tmp` is complete."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(target, old)
    os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def atomic_parquet_writer(path: Path, schema: pa.Schema, **kwargs):
    """A `pq.ParquetWriter` for tables written batch by batch to a temporary name; renamed to
    `path` when the block ends, removed if it raises."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp-{uuid.uuid4().hex[:8]}")
    writer = pq.ParquetWriter(tmp, schema, compression=kwargs.pop("compression", "zstd"), **kwargs)
    try:
        yield writer
    except BaseException:
        writer.close()
        tmp.unlink(missing_ok=True)
        raise
    writer.close()
    os.replace(tmp, path)


class Workspace:
    """Paths of one workspace and access to its catalog."""

    LAYERS = {"samples": SAMPLE_SCHEMA, "quarantine": QUARANTINE_SCHEMA}

    def __init__(self, root: str | Path | None = None):
        self.root = Path(root if root is not None else default_workspace()).resolve()
        self.catalog = self.root / "catalog.duckdb"
        self.samples = self.root / "samples"
        self.quarantine = self.root / "quarantine"
        self.annotations = self.root / "annotations"
        self.cache = self.root / "cache"
        self.mixtures = self.root / "mixtures"
        self.staging = self.root / ".staging"
        self.task_logs = self.root / ".runs"

    def exists(self) -> bool:
        return self.catalog.exists()

    def require(self) -> "Workspace":
        if not self.exists():
            raise WorkspaceError(
                f"no workspace at {self.root}: run `mlcurate init --workspace {self.root}` "
                f"(or pass --workspace / set {ENV_WORKSPACE})"
            )
        return self

    def init(self, registry_path: str | Path = DEFAULT_REGISTRY) -> None:
        """Create folders, layer schemas and the catalog. Idempotent."""
        for d in (self.samples, self.quarantine, self.annotations, self.cache, self.mixtures, self.staging, self.task_logs):
            d.mkdir(parents=True, exist_ok=True)
        for name, schema in self.LAYERS.items():
            self.ensure_layer_schema(self.root / name, schema)
        for stage, schema in ANNOTATION_SCHEMAS.items():
            self.ensure_layer_schema(self.annotations / stage, schema)
        with self.connect(read_only=False) as con:
            con.execute((SQL_DIR / "schema.sql").read_text())
            load_registry(con, registry_path)
            create_views(con)
            register_seen_languages(con)

    @staticmethod
    def ensure_layer_schema(layer_dir: Path, schema: pa.Schema) -> None:
        empty = layer_dir / "_empty.parquet"
        # A workspace made by an older version gets the layer's new columns here, so views that
        # name them work before the stage writes a part with them.
        if not empty.exists() or not pq.read_schema(empty).equals(schema, check_metadata=False):
            # from_batches, not schema.empty_table(): that one imports pandas, which the driver otherwise need not
            write_parquet_atomic(pa.Table.from_batches([], schema=schema), empty)

    @contextlib.contextmanager
    def connect(self, read_only: bool = True, views: bool = False):
        """A DuckDB connection to the catalog whose relative paths resolve in the workspace."""
        if read_only:
            self.require()
        con = _connect_waiting(self.catalog, read_only)
        try:
            con.execute("SET file_search_path = ?", [str(self.root)])
            if views and not read_only:
                create_views(con)
            yield con
        finally:
            con.close()

    @contextlib.contextmanager
    def run(self, stage: str, config_hash: str = "", command: str | None = None):
        """Record a row in `runs` around a command: 'running', then 'ok' or 'failed' with counts."""
        record = RunRecord(stage=stage, run_id=new_run_id(stage))
        command = command if command is not None else " ".join(["mlcurate", *sys.argv[1:]])
        # One run per stage at a time; a dead run's temp files and 'running' row are cleaned up here.
        first = lifecycle.acquire_stage(self.root, stage, command)
        try:
            if first:
                lifecycle.clean_stage_temp(self.root, stage)
            with self.connect(read_only=False) as con:
                lifecycle.mark_interrupted(con, self.root, just_locked=stage if first else None)
                con.execute(
                    "INSERT INTO runs (run_id, stage, command, config_hash, version, started_at, status) VALUES (?, ?, ?, ?, ?, ?, 'running')",
                    [record.run_id, stage, command, config_hash, __version__, _now()],
                )
        except BaseException:
            lifecycle.release_stage(stage)
            raise
        try:
            yield from self._recorded(record)
        finally:
            lifecycle.release_stage(stage)

    def _recorded(self, record: "RunRecord"):
        """The body of `run`: yields the record, then stores status, counts and message."""
        start = time.perf_counter()
        status, message = "ok", None
        try:
            yield record
        except BaseException as e:
            status, message = "failed", f"{type(e).__name__}: {e}"
            raise
        finally:
            with self.connect(read_only=False) as con:
                con.execute(
                    "UPDATE runs SET finished_at = ?, seconds = ?, status = ?, counts = ?, message = ? WHERE run_id = ?",
                    [_now(), time.perf_counter() - start, record.status or status, json.dumps(record.counts), message, record.run_id],
                )


    def record_readonly(self, stage: str, seconds: float, counts: dict) -> None:
        """Record a read-only command (sql, status). Best effort: a catalog locked by another
        process's writer must not fail the query the user asked for."""
        try:
            with self.connect(read_only=False) as con:
                con.execute(
                    "INSERT INTO runs (run_id, stage, command, version, started_at, finished_at, seconds, status, counts) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, 'ok', ?)",
                    [new_run_id(stage), stage, " ".join(["mlcurate", *sys.argv[1:]]), __version__, _now(), _now(), seconds, json.dumps(counts)],
                )
        except duckdb.Error as e:
            print(f"mlcurate: note: run not recorded ({e})", file=sys.stderr)


def _connect_waiting(catalog: Path, read_only: bool, wait_seconds: float = 60.0) -> duckdb.DuckDBPyConnection:
    """Open the catalog, waiting while another process (a dashboard query, another command) holds
    its file lock: DuckDB allows one writer process or many readers at a time."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(catalog), read_only=read_only)
        except duckdb.IOException as e:
            if "lock" not in str(e).lower() or time.monotonic() > deadline:
                raise WorkspaceError(f"the catalog {catalog} is locked by another process: {e}") from None
            time.sleep(0.2)


@dataclass
class RunRecord:
    stage: str
    run_id: str
    counts: dict = field(default_factory=dict)
    status: str | None = None  # overrides ok/failed, e.g. 'submitted' for cluster executors


def new_run_id(stage: str) -> str:
    return f"{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S')}-{stage}-{uuid.uuid4().hex[:6]}"


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def load_registry(con: duckdb.DuckDBPyConnection, path: str | Path) -> Registry:
    """(Re)load the `languages` table from the registry CSV, validated by `Registry.load`."""
    registry = Registry.load(Path(path).resolve())
    rows = [
        (e.code, e.kind, e.iso639_3 or None, e.script or None, e.name, e.tier or None, e.target, "|".join(e.extensions) or None, e.lat, e.lon)
        for e in registry.entries
    ]
    con.execute("BEGIN")
    con.execute("DELETE FROM languages")  # seen-but-unregistered rows are re-added by register_seen_languages
    _insert_languages(con, rows)
    con.execute("COMMIT")
    return registry


_LANGUAGE_TYPES = ("VARCHAR",) * 6 + ("BOOLEAN", "VARCHAR", "DOUBLE", "DOUBLE")  # REGISTRY_COLUMNS' types


def _insert_languages(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Insert rows in REGISTRY_COLUMNS order as one statement over one list per column (unnested
    side by side): `executemany` runs one statement a row, seconds for the registry's hundreds of
    rows on every ingest, and an Arrow table would import pandas (pyarrow's first conversion of
    Python values) into a driver that otherwise need not import it."""
    if not rows:
        return
    unnest = ", ".join(f"unnest(?::{t}[])" for t in _LANGUAGE_TYPES)
    con.execute(f"INSERT INTO languages ({', '.join(REGISTRY_COLUMNS)}) SELECT {unnest}", [list(c) for c in zip(*rows)])


def register_seen_languages(con: duckdb.DuckDBPyConnection) -> int:
    """Add languages found in samples but absent from the registry (target = false), with names
    from langcodes, so every code in the corpus has a name. Returns how many were added."""
    import langcodes

    rows = con.execute(
        """SELECT DISTINCT code FROM (SELECT lang AS code FROM samples UNION SELECT pos_lang FROM samples)
           WHERE code IS NOT NULL AND code NOT IN (SELECT code FROM languages)"""
    ).fetchall()
    new = []
    for (code,) in rows:
        iso, _, script = code.partition("_")
        name = langcodes.Language.get(iso).display_name() if iso != "und" else "Undetermined"
        new.append((code, "natural", iso, script or None, name, None, False, None, None, None))
    if new:
        _insert_languages(con, new)
    return len(new)


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    for sql_file in sorted((SQL_DIR / "views").glob("*.sql")):
        con.execute(sql_file.read_text())
