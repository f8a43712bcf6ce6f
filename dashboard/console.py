"""The SQL console's query runner: one read-only SELECT, checked before it runs, with a row limit
and a timeout.

Two layers. The connection itself (db.open_connection) is read-only with external access
disabled and the configuration locked, so the engine refuses anything that escapes. Before that,
`check_query` parses the text with DuckDB's own parser and refuses, with a message saying why,
everything but a single SELECT and any file- or SQL-string-reading function, so users get a clear
answer instead of an engine error.
"""

import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from curation.sql import statement_kind

from .db import connect

# Table functions that read files or run SQL text (which would bypass the check below).
FILE_FUNCTION = re.compile(r"^(read_\w+|parquet_\w+|sniff_csv|glob|query|query_table|iceberg_\w+|delta_scan|"
                           r"sqlite_\w+|postgres_\w+|mysql_\w+|\w+_scan|load_\w+|getenv)$", re.IGNORECASE)
PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class QueryRefused(ValueError):
    """The console does not run this query; the message says why and what is allowed."""


@dataclass
class Result:
    frame: pd.DataFrame
    truncated: bool


def check_query(sql: str) -> None:
    """Raise QueryRefused unless `sql` is exactly one SELECT reading only catalog tables/views."""
    kind = statement_kind(sql, QueryRefused)
    if kind != duckdb.StatementType.SELECT:
        raise QueryRefused(f"read-only console: {kind.name} statements are refused (writes, COPY, ATTACH, "
                           "INSTALL/LOAD, SET, PRAGMA, ...); only SELECT queries run here")
    with duckdb.connect() as parser:  # private: the module-level default connection is shared across threads
        tree = json.loads(parser.execute("SELECT json_serialize_sql(?::VARCHAR)", [sql]).fetchone()[0])
    if tree.get("error"):
        raise QueryRefused(f"cannot check this query: {tree.get('error_message')}")
    for node in _walk(tree):
        fn = node.get("function_name")
        if isinstance(fn, str) and FILE_FUNCTION.match(fn):
            raise QueryRefused(f"file access is disabled in the dashboard: {fn}() is refused; "
                               "query the views (samples, coverage, quarantine, ...) instead")
        if node.get("type") == "BASE_TABLE" and not PLAIN_NAME.match(str(node.get("table_name", ""))):
            raise QueryRefused(f"file access is disabled in the dashboard: FROM '{node.get('table_name')}' is refused; "
                               "query the views (samples, coverage, quarantine, ...) instead")


def _walk(node):
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def run_query(root: str | Path, sql: str, limit: int = 1000, timeout: float = 10.0) -> Result:
    """Check and run `sql` on a locked-down connection: at most `limit` rows, interrupted after
    `timeout` seconds. Raises QueryRefused (refused or failed, with the reason)."""
    check_query(sql)
    with connect(root) as con:
        timer = threading.Timer(timeout, con.interrupt)
        timer.start()
        try:
            cur = con.execute(sql)
            columns = [d[0] for d in cur.description]
            rows = cur.fetchmany(limit + 1)
        except duckdb.InterruptException:
            raise QueryRefused(f"query stopped after the {timeout:g} s timeout; add filters or a LIMIT") from None
        except duckdb.PermissionException as e:
            raise QueryRefused(f"file access is disabled in the dashboard ({e})") from None
        except duckdb.Error as e:
            raise QueryRefused(f"{type(e).__name__}: {e}") from None
        finally:
            timer.cancel()
    return Result(pd.DataFrame(rows[:limit], columns=columns), truncated=len(rows) > limit)
