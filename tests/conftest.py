"""Shared fixtures: a quickstart workspace built once per session."""

import pytest

from curation.cli import main
from curation.store import Workspace


@pytest.fixture(scope="session")
def quickstart_ws(tmp_path_factory) -> Workspace:
    root = tmp_path_factory.mktemp("quickstart") / "workspace"
    assert main(["quickstart", "--workspace", str(root), "--no-progress"]) == 0
    return Workspace(root)


@pytest.fixture
def ws(tmp_path) -> Workspace:
    return Workspace(tmp_path / "ws")
