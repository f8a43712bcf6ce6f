"""A quickstart workspace built once per test session for the dashboard tests."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def quickstart_ws(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dash") / "ws"
    subprocess.run([sys.executable, "-m", "curation.cli", "quickstart", "--workspace", str(root), "--no-progress"],
                   check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    return root
