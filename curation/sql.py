"""Read-only SQL over the catalog: the views in sql/views/ over the Parquet layers.

Read-only by construction, in three layers:

1. the text must parse (DuckDB's own parser, `duckdb.extract_statements`) as exactly one SELECT
   (or EXPLAIN) statement: COPY, ATTACH, INSTALL/LOAD, SET, PRAGMA, CALL and every write are
   refused before anything runs;
2. the query runs on the dashboard's locked connection (`dashboard.db.open_connection`): opened
   read-only, allowed to read only the workspace's data folders, external access off and the
   configuration locked, so no function can read `/etc/passwd`, reach the network or widen access;
3. it runs on a private copy of `catalog.duckdb` taken under a brief shared lock, so a long query
   never holds the catalog's file lock (`status`, `ingest` and other commands go on at once).

The query runs in a worker thread: the calling thread stays free to interrupt it (`con.interrupt`)
when `timeout` seconds pass or on Ctrl-C, so both stop a runaway query at once.
"""

import contextlib
import csv
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from .errors import MlcurateError
from .store import Workspace, _connect_waiting

DEFAULT_TIMEOUT = 60.0
FETCH_ROWS = 2048  # rows per fetch while streaming results
ALLOWED_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
HINT = ("hint: tables/views: runs, sources, languages, samples, samples_clean, quarantine, quarantine_reasons, coverage, "
        "coverage_summary, source_stats, task_stats, tokens, language_tokens, langid, lid_confidence, lid_mismatches, lid_mismatch_sources, "
        "lid_unsupported, decont_report, decont_matches, eval_sources")


class QueryError(MlcurateError):
    pass


def statement_kind(text: str, error: type[Exception] = None) -> "duckdb.StatementType":
    """The type of the one statement `text` holds, by DuckDB's own parser; raises `error` (default
    QueryError) for a syntax error or more than one statement. Shared with the dashboard's console."""
    error = error or QueryError
    try:
        statements = duckdb.extract_statements(text)
    except duckdb.Error as e:
        raise error(f"syntax error: {e}") from None
    if len(statements) != 1:
        raise error(f"one statement at a time, got {len(statements)}; run them one by one")
    return statements[0].type


def check_statement(text: str) -> None:
    """Raise QueryError unless `text` parses as exactly one SELECT/EXPLAIN statement."""
    kind = statement_kind(text)
    if kind not in ALLOWED_STATEMENTS:
        raise QueryError(f"read-only: {kind.name} statements are refused (writes, COPY, ATTACH, INSTALL/LOAD, SET, PRAGMA, "
                         "CALL); only SELECT queries run. To save results use `mlcurate sql ... --output FILE`")


SNAPSHOT_PREFIX = "mlcurate-sql-"  # + the owner's pid + "-": a snapshot folder in the temp dir
STALE_SNAPSHOT_S = 3600


def sweep_snapshots() -> list[Path]:
    """Remove the snapshot folders of processes that are gone: a query killed outright (SIGKILL,
    the OOM killer) leaves its catalog copy behind, since no `finally` runs. A folder goes only
    when its owner's pid is not running here and it is over an hour old: queries stop at their
    timeout (60 s unless raised), and the age also spares a process of another pid namespace that
    shares this temp dir. Returns the folders removed."""
    now = time.time()
    gone = []
    for d in Path(tempfile.gettempdir()).glob(f"{SNAPSHOT_PREFIX}*-*"):
        pid = d.name[len(SNAPSHOT_PREFIX):].split("-", 1)[0]
        try:
            if not pid.isdigit() or now - d.stat().st_mtime < STALE_SNAPSHOT_S or _running(int(pid)):
                continue
        except OSError:  # removed meanwhile
            continue
        shutil.rmtree(d, ignore_errors=True)
        gone.append(d)
    return gone


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


@contextlib.contextmanager
def snapshot_connection(ws: Workspace) -> Iterator[duckdb.DuckDBPyConnection]:
    """A locked-down read-only connection to a private copy of the catalog.

    The copy (with its WAL) is taken while a read-only connection holds the shared file lock, so no
    writer is half-way through it; the lock is released before the query starts."""
    from dashboard.db import DATA_DIRS, open_connection

    ws.require()
    sweep_snapshots()
    tmp = Path(tempfile.mkdtemp(prefix=f"{SNAPSHOT_PREFIX}{os.getpid()}-"))
    try:
        copy = tmp / "catalog.duckdb"
        holder = _connect_waiting(ws.catalog, read_only=True)
        try:
            shutil.copyfile(ws.catalog, copy)
            wal = ws.catalog.with_name(ws.catalog.name + ".wal")
            if wal.exists():
                shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
        finally:
            holder.close()
        con = open_connection(ws.root, catalog=copy, data_dirs=(*DATA_DIRS, "mixtures"))  # exported shards too
        try:
            yield con
        finally:
            con.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_query(ws: Workspace, text: str, limit: int | None = 1000,
              timeout: float = DEFAULT_TIMEOUT) -> tuple[list[str], list[tuple], bool]:
    """Run `text` read-only; returns (columns, at most `limit` rows, truncated). For tables and tests."""
    out: dict = {"rows": []}

    def sink(columns, batches):
        out["columns"] = columns
        for batch in batches:
            out["rows"] += batch

    truncated = stream_query(ws, text, sink, limit=limit, timeout=timeout)
    return out.get("columns", []), out["rows"], truncated


def stream_query(ws: Workspace, text: str, sink: Callable[[list[str], Iterator[list[tuple]]], None], *,
                 limit: int | None = None, timeout: float = DEFAULT_TIMEOUT) -> bool:
    """Check and run `text`, handing `sink(columns, batches)` the rows as lists of tuples (at most
    `limit` in all when given). Returns True when rows were left out by `limit`. Raises QueryError
    (refused, failed, timed out) and KeyboardInterrupt (after stopping the query)."""
    check_statement(text)
    with snapshot_connection(ws) as con:
        state: dict = {"done": threading.Event()}
        threading.Thread(target=_execute, args=(con, text, sink, limit, state), daemon=True).start()
        deadline = time.monotonic() + timeout
        try:
            while not state["done"].wait(0.05):
                if time.monotonic() > deadline:
                    state["timed_out"] = True
                    _stop(con, state)
        except KeyboardInterrupt:
            _stop(con, state)
            raise
    error = state.get("error")
    if error is not None:
        if state.get("timed_out") and isinstance(error, duckdb.InterruptException):
            raise QueryError(f"query stopped after the {timeout:g} s timeout; add filters or a LIMIT, or raise --timeout")
        if isinstance(error, duckdb.PermissionException):
            raise QueryError(f"file access outside the workspace's data folders is disabled ({str(error).splitlines()[0]}); "
                             "query the views (samples, coverage, quarantine, ...) instead")
        if isinstance(error, duckdb.Error):
            raise QueryError(f"{type(error).__name__}: {error}\n  {HINT}")
        raise error
    return state.get("truncated", False)


def _stop(con, state: dict) -> None:
    """Interrupt the running query until its thread ends (an interrupt sent just before the query
    starts is lost, hence the repeat)."""
    while not state["done"].wait(0.1):
        con.interrupt()


def _execute(con, text: str, sink, limit: int | None, state: dict) -> None:
    try:
        cur = con.execute(text)
        columns = [d[0] for d in cur.description] if cur.description else []
        sink(columns, _batches(cur, limit, state) if columns else iter(()))
    except BaseException as e:  # noqa: BLE001 - handed to the calling thread, which reports it
        state["error"] = e
    finally:
        state["done"].set()


def _batches(cur, limit: int | None, state: dict) -> Iterator[list[tuple]]:
    left = limit if limit is not None and limit > 0 else None
    while True:
        want = FETCH_ROWS if left is None else min(FETCH_ROWS, left + 1)
        rows = cur.fetchmany(want)
        if not rows:
            return
        if left is not None and len(rows) > left:
            state["truncated"] = True
            if left:
                yield rows[:left]
            return
        if left is not None:
            left -= len(rows)
        yield rows


# --- writers: stdout or an --output file (temp name + rename) -----------------------------------


def format_from_path(path: Path) -> str:
    """csv, json (JSON lines) or parquet, from the file's extension."""
    suffix = path.suffix.lower()
    formats = {".csv": "csv", ".json": "json", ".jsonl": "json", ".ndjson": "json", ".parquet": "parquet"}
    if suffix not in formats:
        raise QueryError(f"--output {path}: unknown extension '{suffix}'; use .csv, .jsonl/.json or .parquet (or give --csv/--json)")
    return formats[suffix]


def check_output_path(ws: Workspace, path: Path) -> Path:
    """The output may not land inside the workspace's catalog or data layers (mlcurate owns those)."""
    path = path.resolve()
    protected = [ws.catalog, ws.samples, ws.quarantine, ws.annotations, ws.cache, ws.mixtures]
    for p in protected:
        if path == p or p in path.parents or path.name.startswith("catalog.duckdb") and path.parent == ws.root:
            raise QueryError(f"--output {path} is inside the workspace's own data ({p}); write results elsewhere")
    return path


def csv_sink(out) -> Callable:
    def sink(columns, batches):
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        for batch in batches:
            w.writerows(batch)
    return sink


def json_sink(out) -> Callable:
    from .report import _json_default

    def sink(columns, batches):
        for batch in batches:
            for row in batch:
                out.write(json.dumps(dict(zip(columns, row)), ensure_ascii=False, default=_json_default) + "\n")
    return sink


def parquet_sink(path: Path) -> Callable:
    import pyarrow as pa
    import pyarrow.parquet as pq

    def sink(columns, batches):
        writer = None
        try:
            for batch in batches:
                table = pa.Table.from_pylist([dict(zip(columns, r)) for r in batch])
                if writer is None:
                    writer = pq.ParquetWriter(path, table.schema, compression="zstd")
                writer.write_table(table.cast(writer.schema))
            if writer is None:
                pq.write_table(pa.table({c: pa.array([], pa.null()) for c in columns}), path)
        finally:
            if writer is not None:
                writer.close()
    return sink


@contextlib.contextmanager
def atomic_output(path: Path, binary: bool = False):
    """Yields a temp path next to `path`; renamed onto `path` only if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex[:8]}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def announce_cut(limit: int) -> None:
    print(f"mlcurate sql: output cut at --limit {limit} rows; more rows match (drop --limit for all)", file=sys.stderr)

