"""Synthetic workspaces for the mix tests: samples written straight into the sample layer."""

import hashlib

import pyarrow as pa
import pytest

from curation.schema import SAMPLE_SCHEMA
from curation.store import Workspace, write_parquet_atomic

# Skewed: the largest language has 400x the smallest.
SKEWED = {"eng_Latn": 4000, "deu_Latn": 1500, "fra_Latn": 600, "swh_Latn": 200, "yor_Latn": 60, "quy_Latn": 10}


def sample(source: str, task: str, i: int, lang: str, **kw) -> dict:
    row = {c: None for c in SAMPLE_SCHEMA.names}
    row.update(sample_id=hashlib.sha1(f"{source}:{lang}:{i}".encode()).hexdigest()[:16], source=source, split="train",
               task=task, query=f"query {lang} {i}", lang=lang)
    row.update(kw)
    return row


def write_samples(ws: Workspace, source: str, rows: list[dict]) -> None:
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=SAMPLE_SCHEMA), ws.samples / f"source={source}" / "part-0.parquet")


def make_workspace(root, sources: dict[str, list[dict]]) -> Workspace:
    ws = Workspace(root)
    ws.init()
    for name, rows in sources.items():
        write_samples(ws, name, rows)
    return ws


def skewed_retrieval(source: str = "web", counts: dict | None = None, negatives: int = 2) -> list[dict]:
    return [sample(source, "retrieval", i, lang, positive=f"passage {lang} {i}",
                   negatives=[f"neg {lang} {i} {k}" for k in range(negatives)])
            for lang, n in (counts or SKEWED).items() for i in range(n)]


@pytest.fixture(scope="session")
def skewed_ws(tmp_path_factory) -> Workspace:
    """Retrieval in 6 languages (4000 .. 10 samples) from one source."""
    return make_workspace(tmp_path_factory.mktemp("skewed") / "ws", {"web": skewed_retrieval()})
