"""The dashboard tests' quickstart workspace: their own copy of the session's quickstart run
(tests/conftest.py), as a folder path."""

from pathlib import Path

import pytest

from tests.helpers import copy_quickstart


@pytest.fixture(scope="session")
def quickstart_ws(quickstart_run, tmp_path_factory) -> Path:
    return copy_quickstart(quickstart_run, tmp_path_factory.mktemp("dash") / "ws")
