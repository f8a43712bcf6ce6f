"""Shared fixtures of the fault suite: a tiny workspace and a hash of every file in it."""

import hashlib
from pathlib import Path

import pytest

from curation.ingest.stage import ingest
from curation.languages import DEFAULT_REGISTRY
from curation.store import Workspace
from tests.helpers import SERIAL, source, write_jsonl


def tagged_processes(tag: str) -> list[int]:
    """Live processes started with MLCURATE_TEST_TAG=tag in their environment (zombies excluded)."""
    pids = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if f"MLCURATE_TEST_TAG={tag}".encode() in (d / "environ").read_bytes().split(b"\0"):
                if (d / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                    pids.append(int(d.name))
        except OSError:
            continue
    return pids


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
