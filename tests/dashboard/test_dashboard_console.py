"""The SQL console refuses writes, COPY, ATTACH, INSTALL/LOAD and file reads, and the locked
connection refuses them again if the check were bypassed."""

import duckdb
import pytest

from dashboard.console import QueryRefused, check_query, run_query
from dashboard.db import connect

REFUSED = [
    ("SELECT * FROM read_csv('/etc/passwd')", r"file access is disabled in the dashboard: read_csv\(\) is refused"),
    ("SELECT * FROM read_text('/etc/passwd')", r"read_text\(\) is refused"),
    ("SELECT * FROM '/etc/passwd'", r"FROM '/etc/passwd' is refused"),
    ("WITH x AS (SELECT * FROM read_blob('/etc/hosts')) SELECT * FROM x", r"read_blob\(\) is refused"),
    ("SELECT (SELECT count(*) FROM read_parquet('samples/**/*.parquet'))", r"read_parquet\(\) is refused"),
    ("SELECT * FROM READ_CSV_AUTO('/etc/passwd')", r"read_csv_auto\(\) is refused"),
    ('SELECT * FROM "/etc/passwd"', r"FROM '/etc/passwd' is refused"),
    ("SUMMARIZE SELECT * FROM read_text('/etc/passwd')", r"read_text\(\) is refused"),
    ("SELECT * FROM samples, LATERAL (SELECT * FROM read_text('/etc/passwd'))", r"read_text\(\) is refused"),
    ("SELECT * FROM glob('/etc/*')", r"glob\(\) is refused"),
    ("SELECT * FROM query('SELECT 1')", r"query\(\) is refused"),
    ("SELECT getenv('HOME')", r"getenv\(\) is refused"),
    ("COPY (SELECT 1) TO '/tmp/x.csv'", r"COPY statements are refused"),
    ("ATTACH '/tmp/other.duckdb' AS o", r"ATTACH statements are refused"),
    ("INSTALL httpfs", r"LOAD statements are refused"),
    ("LOAD httpfs", r"LOAD statements are refused"),
    ("DELETE FROM runs", r"DELETE statements are refused"),
    ("DROP VIEW coverage", r"DROP statements are refused"),
    ("CREATE TABLE t AS SELECT 1", r"CREATE statements are refused"),
    ("SET enable_external_access = true", r"SET statements are refused"),
    ("PRAGMA database_list", r"PRAGMA statements are refused"),
    ("SELECT 1; DELETE FROM runs", r"one statement at a time, got 2"),
]


@pytest.mark.parametrize("sql,message", REFUSED)
def test_console_refuses(quickstart_ws, sql, message):
    with pytest.raises(QueryRefused, match=message):
        run_query(quickstart_ws, sql)


def test_select_over_views_runs_with_row_limit(quickstart_ws):
    result = run_query(quickstart_ws, "SELECT code, samples FROM coverage WHERE samples > 0", limit=10)
    assert len(result.frame) == 10 and result.truncated
    assert list(result.frame.columns) == ["code", "samples"]
    assert not run_query(quickstart_ws, "SELECT count(*) AS n FROM samples", limit=10).truncated


def test_timeout_interrupts_a_long_query(quickstart_ws):
    with pytest.raises(QueryRefused, match="timeout"):
        run_query(quickstart_ws, "SELECT count(*) FROM range(100000000000) a, range(1000) b", timeout=0.5)


def test_check_accepts_plain_selects():
    check_query("SELECT lang, count(*) FROM samples JOIN languages ON code = lang GROUP BY ALL")
    check_query("SELECT * FROM range(10)")
    check_query("FROM coverage LIMIT 2")
    check_query("DESCRIBE samples")
    check_query("SUMMARIZE coverage")


@pytest.mark.parametrize("sql", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('samples/../../../etc/passwd')",
    "COPY (SELECT 1) TO '/tmp/mlcurate-dash-escape.csv'",
    "ATTACH '/tmp/mlcurate-dash-escape.duckdb' AS o",
    "INSTALL httpfs",
    "LOAD httpfs",
    "CREATE TABLE t (a INT)",
])
def test_locked_connection_refuses_even_without_the_check(quickstart_ws, sql):
    with connect(quickstart_ws) as con, pytest.raises(duckdb.Error, match="disabled|read-only"):
        con.execute(sql).fetchall()


def test_configuration_cannot_be_unlocked(quickstart_ws):
    with connect(quickstart_ws) as con:
        for sql in ("SET enable_external_access = true", "SET lock_configuration = false", "RESET allowed_directories"):
            with pytest.raises(duckdb.Error, match="configuration has been locked"):
                con.execute(sql)
        assert con.execute("SELECT count(*) FROM samples").fetchone()[0] > 30000
