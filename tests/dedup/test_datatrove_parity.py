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


def test_a_large_clusters_pairs_do_not_depend_on_the_stream_order():
    """Two ingests (1 or 2 tasks) write the same rows in different files, so the datatrove engine
    streams them in different orders; a cluster too large for all pairs must still propose the same
    pairs (the chain follows the texts' hashes, not stream positions)."""
    from curation.dedup.dt_path import cluster_pairs

    rng = np.random.default_rng(0)
    n = 200  # one cluster of 150 docs (chained, > 64) and one of 10 (all pairs), the rest unclustered
    keys = rng.integers(1, 2**63, size=n, dtype=np.uint64)
    labels = np.full(n, -1, dtype=np.int64)
    labels[:150], labels[150:160] = 7, 3
    partition = np.zeros(n, dtype=np.uint64)

    def proposed(perm: np.ndarray, with_keys: bool) -> set[frozenset]:
        # perm[i]: the doc at stream position i; pairs named by the docs' keys, stream-independent
        pairs = np.concatenate(list(cluster_pairs(labels[perm], partition[perm], keys[perm] if with_keys else None)))
        return {frozenset((int(keys[perm[a]]), int(keys[perm[b]]))) for a, b in pairs.tolist()}

    one, other = np.arange(n), rng.permutation(n)
    assert proposed(one, True) == proposed(other, True)
    assert len(proposed(one, True)) == 149 + 148 + 45  # first-with-each + neighbours, and all pairs of 10
    assert proposed(one, False) != proposed(other, False)  # what stream positions alone would give
