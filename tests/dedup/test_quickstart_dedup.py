"""End to end: `mlcurate quickstart` runs dedup; `mlcurate dedup` again does no work."""

import json
import subprocess
import sys

import pytest

from curation.store import Workspace
from tests.helpers import copy_quickstart


def cli(*args):
    return subprocess.run([sys.executable, "-m", "curation.cli", *args], capture_output=True, text=True, check=True).stdout


@pytest.mark.slow
def test_quickstart_dedups_every_sample_idempotently(quickstart_run, tmp_path):
    ws_dir, out = copy_quickstart(quickstart_run, tmp_path / "ws"), quickstart_run[1]  # the session's quickstart (tests/conftest.py)
    assert "dedup:" in out and "near duplicates" in out
    again = cli("dedup", "--workspace", str(ws_dir))
    assert "nothing to do" in again
    ws = Workspace(ws_dir)
    with ws.connect() as con:
        samples, annotated, clean, removed, removed_but_clean = con.execute(
            """SELECT (SELECT count(*) FROM samples), (SELECT count(DISTINCT sample_id) FROM dedup),
                      (SELECT count(*) FROM samples_clean), (SELECT count(*) FROM dedup WHERE NOT keep),
                      (SELECT count(*) FROM samples_clean JOIN dedup USING (sample_id) WHERE NOT keep)""").fetchone()
        counts = [json.loads(c) for (c,) in con.execute("SELECT counts FROM runs WHERE stage = 'dedup' ORDER BY started_at").fetchall()]
    # samples_clean leaves out every removed duplicate (and, since LID runs too, LID failures)
    assert annotated == samples and removed > 0 and removed_but_clean == 0 and clean <= samples - removed
    assert counts[0]["by_source"]["udhr-bitext"]["samples"] > 0 and "by_lang" in counts[0]
    assert counts[1]["samples_new"] == 0
