"""The command line as a user meets it: help, quickstart, status, sql."""

import json
import os
import subprocess
import sys

import pytest

from curation.cli import COMMANDS as REGISTRY
from curation.cli import build_parser, main
from curation.paths import SQL_DIR
from tests.helpers import query

COMMANDS = list(REGISTRY)  # the real command table: a new command is checked without editing this file


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as e:
        main([command, "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert "example" in out and f"mlcurate {command}" in out or command == "quickstart"


def test_the_command_table_has_every_documented_command():
    assert set(COMMANDS) >= {"init", "ingest", "run", "langid", "dedup", "decont", "mine", "mix", "train", "sql", "status", "dashboard", "quickstart"}


def test_top_level_help_lists_commands():
    out = subprocess.run([sys.executable, "-m", "curation.cli", "--help"], capture_output=True, text=True, check=True).stdout
    for command in COMMANDS:
        assert command in out


def test_quickstart_covers_400_natural_and_5_programming_languages(quickstart_ws):
    natural, programming = query(quickstart_ws, """
        SELECT count(*) FILTER (WHERE kind = 'natural' AND samples > 0),
               count(*) FILTER (WHERE kind = 'programming' AND samples > 0) FROM coverage""")[0]
    assert natural >= 400 and programming >= 5
    assert query(quickstart_ws, "SELECT stage, status FROM runs WHERE stage = 'ingest'") == [("ingest", "ok")]


def test_status_prints_coverage_and_quarantine(quickstart_ws, capsys):
    assert main(["status", "--workspace", str(quickstart_ws.root)]) == 0
    out = capsys.readouterr().out
    assert "Coverage" in out and "udhr-bitext" in out and "missing field" in out and "python" in out


def test_sql_outputs_table_csv_and_json(quickstart_ws, capsys):
    ws = str(quickstart_ws.root)
    assert main(["sql", "SELECT code, samples FROM coverage WHERE code = 'swh_Latn'", "-w", ws, "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["code"] == "swh_Latn" and row["samples"] > 0
    assert main(["sql", "SELECT 1 AS a, 'x,y' AS b", "-w", ws, "--csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["a,b", '1,"x,y"']
    assert main(["sql", "SELECT * FROM range(5)", "-w", ws, "--limit", "2"]) == 0
    assert "truncated" in capsys.readouterr().out


def test_sql_is_read_only_and_errors_are_friendly(quickstart_ws, capsys):
    ws = str(quickstart_ws.root)
    assert main(["sql", "DELETE FROM runs", "-w", ws]) == 2
    assert "read-only" in capsys.readouterr().err
    assert main(["sql", "SELECT * FROM no_such_view", "-w", ws]) == 2
    assert "hint: tables/views" in capsys.readouterr().err


@pytest.mark.parametrize("example", sorted(p.name for p in (SQL_DIR / "examples").glob("*.sql")))
def test_example_queries_run_and_say_what_they_answer(quickstart_ws, example, capsys):
    path = SQL_DIR / "examples" / example
    assert path.read_text().startswith("-- ")
    assert main(["sql", "--file", str(path), "-w", str(quickstart_ws.root)]) == 0
    out = capsys.readouterr().out
    assert "row" in out
    if example == "random_samples_of_a_language.sql":  # USING SAMPLE beside WHERE sampled before filtering: 0 rows
        assert "(5 rows)" in out


def test_missing_workspace_names_the_fix(tmp_path, capsys):
    assert main(["status", "--workspace", str(tmp_path / "nope")]) == 2
    assert "mlcurate init" in capsys.readouterr().err


def test_parser_builds_without_side_effects(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    build_parser()
    assert list(tmp_path.iterdir()) == []


def test_the_console_script_exits_with_the_command_code_and_all_its_output(tmp_path):
    """`entry()` leaves with os._exit after the exit handlers: the command's code still comes out,
    and so does every line it printed (buffered stdout into a pipe, flushed before leaving)."""
    cmd = [sys.executable, "-m", "curation.cli"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # stdout block-buffered, as for users
    assert main(["init", "-w", str(tmp_path / "ws")]) == 0
    ok = subprocess.run([*cmd, "sql", "SELECT range AS i FROM range(50000)", "--csv", "-w", str(tmp_path / "ws")],
                        capture_output=True, text=True, timeout=120, env=env)
    assert ok.returncode == 0, ok.stderr
    lines = ok.stdout.splitlines()
    assert lines[0] == "i" and len(lines) == 50001 and lines[-1] == "49999"
    bad = subprocess.run([*cmd, "status", "--workspace", str(tmp_path / "nope")], capture_output=True, text=True, timeout=120, env=env)
    assert bad.returncode == 2 and "mlcurate init" in bad.stderr


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path):
    """`mlcurate sql ... --csv | head`: the closed pipe ends the command with 141 (as SIGPIPE
    would), not a BrokenPipeError traceback."""
    assert main(["init", "-w", str(tmp_path / "ws")]) == 0
    proc = subprocess.Popen([sys.executable, "-m", "curation.cli", "sql", "SELECT range AS i FROM range(2000000)", "--csv",
                             "-w", str(tmp_path / "ws")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline() == b"i\n"
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141, err
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_output_that_cannot_be_written_out_is_an_error_not_a_silent_success(tmp_path):
    """The console script's own final flush (the last lines sit in stdout's buffer when it leaves):
    into a full device (/dev/full) the command exits non-zero and says so on stderr."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "curation.cli", "init", "-w", str(tmp_path / "ws")],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120, env=env)
    assert proc.returncode == 120 and "output incomplete" in proc.stderr
    assert (tmp_path / "ws" / "catalog.duckdb").exists()  # the command's work itself was done
