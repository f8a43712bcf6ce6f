"""The single-machine path and datatrove's MinHash stages give the same clusters on a fixture."""

import gzip
import json

import numpy as np
import pytest

from curation.config import ExecutorConfig
from curation.dedup.dt_path import datatrove_near
from curation.dedup.engine import NearParams, dedup
from curation.dedup.normalize import normalize
from curation.dedup.stage import DedupConfig, dedup_workspace
from curation.paths import PACKAGE_DIR
from tests.dedup.conftest import ARTICLE1, near_copy

LANGS = {"zh", "ja", "th", "km", "lo", "my", "ru", "hi", "ar", "de", "fr", "sw", "el", "ko"}


def fixture_texts() -> list[str]:
    """UDHR paragraphs in 14 languages (7 scripts without spaces or with), each third with a near copy."""
    texts = []
    with gzip.open(PACKAGE_DIR / "sample_data" / "udhr_pairs.jsonl.gz", "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    for i, r in enumerate(r for r in rows if r["lang"] in LANGS):
        texts.append(r["text"])
        if i % 3 == 0:
            texts.append(near_copy(r["text"], "zho" if r["lang"] in {"zh", "ja", "th", "km", "lo", "my"} else "eng"))
    return texts + list(ARTICLE1.values())


def clusters(rep: np.ndarray) -> set[frozenset]:
    groups = {}
    for i, r in enumerate(rep.tolist()):
        groups.setdefault(r, set()).add(i)
    return {frozenset(g) for g in groups.values() if len(g) > 1}


@pytest.mark.slow
def test_numpy_and_datatrove_paths_give_the_same_clusters(tmp_path):
    texts = [normalize(t) for t in fixture_texts()]
    n = len(texts)
    args = (texts, np.zeros(n, int), np.zeros(n, int), np.arange(n), NearParams())
    single = dedup(*args)
    scaled = dedup(*args, near=datatrove_near(ExecutorConfig(tasks=2, workers=2), tmp_path / "dt"))
    assert len(clusters(single.representative)) > 100
    assert clusters(single.representative) == clusters(scaled.representative)
    assert single.reason == scaled.reason


@pytest.mark.slow
def test_stage_with_datatrove_engine_annotates_like_numpy(tiny_workspace):
    ws = tiny_workspace
    dedup_workspace(ws, DedupConfig(bands=16, rows=8))
    with ws.connect() as con:
        single = con.execute("SELECT sample_id, cluster_id, reason FROM dedup ORDER BY 1").fetchall()
    dedup_workspace(ws, DedupConfig(bands=16, rows=8, engine="datatrove"), ExecutorConfig(tasks=2))
    with ws.connect() as con:
        scaled = con.execute("SELECT sample_id, cluster_id, reason FROM dedup ORDER BY 1").fetchall()
    assert single == scaled
