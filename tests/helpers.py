"""Small helpers for tests: source configs and fixture writers."""

import json
import shutil
from pathlib import Path

from curation.config import ExecutorConfig, SourceConfig
from curation.store import Workspace

# In-process executor for unit tests: no process pool start-up per test.
SERIAL = ExecutorConfig(kind="local", tasks=2, workers=1)



def source(tmp_path: Path, **kw) -> SourceConfig:
    """A SourceConfig with paths relative to tmp_path and sensible defaults for tests."""
    data = {"name": "src", "kind": "jsonl", "task": "retrieval", "lang": "eng", "fields": {"query": "q", "positive": "p"}}
    data.update(kw)
    return SourceConfig.model_validate({**data, "base_dir": str(tmp_path)})


def write_jsonl(path: Path, rows: list) -> Path:
    """Rows are dicts (written as JSON) or raw bytes/str lines (written as they are)."""
    with open(path, "wb") as f:
        for r in rows:
            if isinstance(r, dict):
                f.write(json.dumps(r, ensure_ascii=False).encode() + b"\n")
            elif isinstance(r, str):
                f.write(r.encode() + b"\n")
            else:
                f.write(r + b"\n")
    return path


def query(ws: Workspace, sql: str) -> list[tuple]:
    with ws.connect(read_only=True) as con:
        return con.execute(sql).fetchall()


def copy_quickstart(quickstart_run: tuple[Path, str], dest: Path) -> Path:
    """A copy at `dest` of the session's quickstart workspace (`quickstart_run` in tests/conftest.py):
    the catalog resolves its layers from the folder it sits in, so the copy is a workspace of its own."""
    shutil.copytree(quickstart_run[0], dest)
    return dest
