"""Shared fixtures: the bundled quickstart, run once per session and handed out as copies."""

import subprocess
import sys
from pathlib import Path

import pytest

from curation.store import Workspace
from tests.helpers import copy_quickstart

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def quickstart_run(tmp_path_factory) -> tuple[Path, str]:
    """`mlcurate quickstart` as a user runs it (a fresh `python -m curation.cli` process): the workspace
    it left and what it printed. The one run of the session (it takes about a minute on 2 cores):
    tests read it through a copy (`copy_quickstart`), so what one test writes no other test sees."""
    root = tmp_path_factory.mktemp("quickstart") / "workspace"
    done = subprocess.run([sys.executable, "-m", "curation.cli", "quickstart", "--workspace", str(root), "--no-progress"],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, f"mlcurate quickstart failed ({done.returncode}):\n{done.stderr[-4000:]}"
    return root, done.stdout


@pytest.fixture(scope="session")
def quickstart_ws(quickstart_run, tmp_path_factory) -> Workspace:
    return Workspace(copy_quickstart(quickstart_run, tmp_path_factory.mktemp("quickstart-ws") / "workspace"))


@pytest.fixture
def ws(tmp_path) -> Workspace:
    return Workspace(tmp_path / "ws")
