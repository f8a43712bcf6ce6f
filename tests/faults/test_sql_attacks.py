"""`mlcurate sql` is read-only by construction: every attack is refused or stopped, with a clear
message, and the workspace's files are byte-identical afterwards."""

import json
import os
import subprocess
import sys
import tempfile
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from curation.cli import main
from curation.sql import SNAPSHOT_PREFIX, STALE_SNAPSHOT_S
from tests.faults.conftest import tree_hashes

RUNAWAY = "SELECT count(*) FROM range(100000000) a, range(100000) b WHERE a.range + b.range = -1"

ATTACKS = {
    "delete": ("DELETE FROM runs", "read-only"),
    "create table": ("CREATE TABLE t AS SELECT 1", "read-only"),
    "update": ("UPDATE sources SET license = 'x'", "read-only"),
    "copy over samples": ("COPY (SELECT * FROM samples LIMIT 3) TO 'samples/source=src/part-evil.parquet' (FORMAT parquet)", "read-only"),
    "copy outside": ("COPY (SELECT 1) TO '{outside}/copied.csv'", "read-only"),
    "attach read_write": ("ATTACH '{outside}/other.duckdb' AS o (READ_WRITE)", "read-only"),
    "attach then create": ("ATTACH '{outside}/other.duckdb' AS o (READ_WRITE); CREATE TABLE o.t AS SELECT 1", "one statement"),
    "install": ("INSTALL httpfs", "read-only"),
    "load": ("LOAD httpfs", "read-only"),
    "pragma": ("PRAGMA enable_profiling", "read-only"),
    "set": ("SET enable_external_access = true", "read-only"),
    "set allowed dirs": ("SET allowed_directories = ['/']", "read-only"),
    "read_csv": ("SELECT * FROM read_csv('/etc/passwd')", "file access"),
    "read_text": ("SELECT * FROM read_text('/etc/hostname')", "file access"),
    "read_blob": ("SELECT * FROM read_blob('/etc/hostname')", "file access"),
    "glob": ("SELECT * FROM glob('/etc/*')", "file access"),
    "replacement scan": ("SELECT * FROM '/etc/passwd'", "Error"),
    "parquet outside": ("SELECT * FROM read_parquet('{outside}/secret.parquet')", "file access"),
    "catalog file": ("SELECT * FROM read_blob('catalog.duckdb')", "file access"),
    "sql in a string": ("SELECT * FROM query('COPY (SELECT 1) TO ''samples/x.csv''')", "Error"),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_is_refused_and_the_workspace_is_untouched(small_ws, tmp_path, capsys, name):
    sql, message = ATTACKS[name]
    pq.write_table(pa.table({"secret": ["s3cr3t"]}), tmp_path / "secret.parquet")
    before, outside_before = tree_hashes(small_ws.root), tree_hashes(tmp_path)
    assert main(["sql", sql.format(outside=tmp_path), "-w", str(small_ws.root)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "s3cr3t" not in captured.out
    assert tree_hashes(small_ws.root) == before
    assert tree_hashes(tmp_path) == outside_before  # no file written outside either


def test_runaway_query_is_stopped_by_the_timeout(small_ws, capsys):
    before = tree_hashes(small_ws.root)
    t0 = time.monotonic()
    assert main(["sql", RUNAWAY, "-w", str(small_ws.root), "--timeout", "1"]) == 2
    assert time.monotonic() - t0 < 10
    assert "timeout" in capsys.readouterr().err
    assert tree_hashes(small_ws.root) == before


def _start_runaway(ws, env=None):
    return subprocess.Popen([sys.executable, "-m", "curation.cli", "sql", RUNAWAY, "-w", str(ws.root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_ctrl_c_stops_the_query_at_once(small_ws):
    import signal

    proc = _start_runaway(small_ws)
    time.sleep(3)  # well inside the query
    t0 = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and time.monotonic() - t0 < 5, err


def test_a_long_query_does_not_hold_the_catalog_lock(small_ws, tmp_path):
    proc = _start_runaway(small_ws, env={**os.environ, "TMPDIR": str(tmp_path)})  # its copy, left by kill(), dies with tmp_path
    try:
        time.sleep(3)
        t0 = time.monotonic()
        assert main(["status", "-w", str(small_ws.root)]) == 0  # would wait ~60 s and fail on the lock before
        assert time.monotonic() - t0 < 15
    finally:
        proc.kill()
        proc.wait()


def test_csv_and_json_stream_every_row_and_a_cut_is_announced(small_ws, capsys):
    ws = str(small_ws.root)
    assert main(["sql", "SELECT sample_id FROM samples", "-w", ws, "--csv"]) == 0
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 1 + 1500 and out.err == ""
    assert main(["sql", "SELECT sample_id FROM samples", "-w", ws, "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1500 and "sample_id" in json.loads(lines[0])
    assert main(["sql", "SELECT sample_id FROM samples", "-w", ws, "--json", "--limit", "10"]) == 0
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 10 and "cut at --limit 10" in out.err
    assert main(["sql", "SELECT sample_id FROM samples", "-w", ws]) == 0  # table: 1,000 by default, said on stderr too
    assert "cut at --limit 1000" in capsys.readouterr().err


@pytest.mark.parametrize("ext", ["csv", "jsonl", "parquet"])
def test_output_file_is_written_whole_by_mlcurate(small_ws, tmp_path, capsys, ext):
    out = tmp_path / f"res.{ext}"
    assert main(["sql", "SELECT sample_id, query FROM samples ORDER BY sample_id", "-w", str(small_ws.root), "--output", str(out)]) == 0
    if ext == "parquet":
        assert pq.read_table(out).num_rows == 1500
    else:
        assert len(out.read_text().splitlines()) == 1500 + (ext == "csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temp file left


def test_output_is_not_written_on_failure_nor_into_the_workspace(small_ws, tmp_path, capsys):
    out = tmp_path / "res.csv"
    assert main(["sql", RUNAWAY, "-w", str(small_ws.root), "--output", str(out), "--timeout", "1"]) == 2
    assert list(tmp_path.iterdir()) == []
    before = tree_hashes(small_ws.root)
    evil = small_ws.samples / "source=src" / "evil.parquet"
    assert main(["sql", "SELECT 1", "-w", str(small_ws.root), "--output", str(evil)]) == 2
    assert "inside the workspace" in capsys.readouterr().err
    assert tree_hashes(small_ws.root) == before


def test_a_killed_querys_catalog_copy_is_swept_once_stale(small_ws, tmp_path, monkeypatch):
    """SIGKILL (the OOM killer) skips the `finally` that removes a query's catalog copy; the next
    query removes copies whose process is gone and that are over an hour old, never a live one's."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    proc = _start_runaway(small_ws, env={**os.environ, "TMPDIR": str(tmp_path)})
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(f"{SNAPSHOT_PREFIX}{proc.pid}-*/catalog.duckdb")) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1)  # the query running on its copy
    proc.kill()
    proc.wait()
    left = list(tmp_path.glob(f"{SNAPSHOT_PREFIX}{proc.pid}-*"))
    assert len(left) == 1 and (left[0] / "catalog.duckdb").exists()
    mine = tmp_path / f"{SNAPSHOT_PREFIX}{os.getpid()}-live"  # this process's: running, however old
    mine.mkdir()
    old = time.time() - 2 * STALE_SNAPSHOT_S
    for d in (left[0], mine):
        os.utime(d, (old, old))
    dead_recent = tmp_path / f"{SNAPSHOT_PREFIX}{proc.pid}-recent"  # gone, but too recent to judge
    dead_recent.mkdir()
    assert main(["sql", "SELECT 1", "-w", str(small_ws.root)]) == 0
    assert not left[0].exists() and mine.exists() and dead_recent.exists()
    assert sorted(p.name for p in tmp_path.glob(f"{SNAPSHOT_PREFIX}*")) == sorted([mine.name, dead_recent.name])
