"""Shared fixtures of the fault suite: a tiny workspace and a hash of every file in it."""

import hashlib
from pathlib import Path

import pytest

from curation.ingest.stage import ingest
from curation.languages import DEFAULT_REGISTRY
from curation.store import Workspace
from tests.helpers import SERIAL, source, write_jsonl


def tree_hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under `root`, by relative path."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small_ws(tmp_path_factory) -> Workspace:
    """A workspace holding 1,500 samples of one source (more than the table's 1,000-row default)."""
    tmp = tmp_path_factory.mktemp("small")
    write_jsonl(tmp / "d.jsonl", [{"q": f"question {i}", "p": f"answer {i}"} for i in range(1500)])
    ws = Workspace(tmp / "ws")
    ingest(ws, [source(tmp, path="d.jsonl")], SERIAL, DEFAULT_REGISTRY, progress=False)
    return ws
