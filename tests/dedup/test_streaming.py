"""The dedup engine streams: memory holds one chunk of texts and arrays per document, never all
texts; results do not depend on how the stream is cut."""

import sys
import weakref

import numpy as np
import pytest

from curation.dedup.cluster import UnionFind
from curation.dedup.engine import Chunk, NearParams, dedup_stream
from curation.dedup.minhash import jaccard
from curation.dedup.normalize import normalize
from curation.dedup.shingles import shingle_sets
from curation.dedup.spill import ShingleStore
from curation.dedup.stage import DedupConfig, dedup_workspace
from tests.dedup.conftest import ARTICLE1, far_copy, near_copy


class Texts(list):
    """A list that can be weakly referenced."""


def corpus() -> list[str]:
    """Every article-1 text with a near copy, an exact variant and a far copy, in an order that
    puts copies in other chunks than their originals for small chunk sizes."""
    rows = [(lang, kind) for kind in range(4) for lang in ARTICLE1]
    make = (lambda lang: ARTICLE1[lang], lambda lang: near_copy(ARTICLE1[lang], lang),
            lambda lang: near_copy(ARTICLE1[lang], lang).upper() + " !", lambda lang: far_copy(ARTICLE1[lang]))
    return [normalize(make[kind](lang)) for lang, kind in rows]


def stream(texts, size):
    for lo in range(0, len(texts), size):
        k = len(texts[lo : lo + size])
        yield Chunk(texts[lo : lo + size], np.zeros(k, np.int64), np.zeros(k, np.int64))


def test_engine_holds_no_text_of_an_earlier_chunk(tmp_path):
    chunks_alive, refs = [], []

    def chunks():
        for k in range(12):
            # fresh (not interned) strings: the engine must not keep any of them
            texts = Texts(normalize(f"{text} chunk {k} copy {i}") for i, text in enumerate(ARTICLE1.values()))
            before = [sys.getrefcount(t) for t in texts]
            refs.append(weakref.ref(texts))
            yield Chunk(texts, np.zeros(len(texts), np.int64), np.zeros(len(texts), np.int64))
            # back here when the engine asks for the next chunk
            assert [sys.getrefcount(t) for t in texts] == before, "the engine kept texts of a chunk it has finished"
            del texts
            chunks_alive.append(sum(r() is not None for r in refs))

    r = dedup_stream(chunks(), NearParams(), tmp_path)
    assert len(r) == 12 * len(ARTICLE1)
    assert max(chunks_alive) <= 1  # at most the chunk the engine's loop still names
    assert all(ref() is None for ref in refs)


@pytest.mark.parametrize("size", [1, 3, 7])
def test_results_do_not_depend_on_chunk_size(tmp_path, size):
    texts = corpus()
    whole = dedup_stream(stream(texts, len(texts)), NearParams(), tmp_path / "whole")
    cut = dedup_stream(stream(texts, size), NearParams(), tmp_path / "cut")
    n = len(texts)
    assert whole.representative.tolist() == cut.representative.tolist()
    assert whole.reasons(0, n) == cut.reasons(0, n) and whole.exact_hashes(0, n) == cut.exact_hashes(0, n)
    assert np.array_equal(whole.similarity, cut.similarity) and np.array_equal(whole.cluster_size, cut.cluster_size)
    assert {"exact-dup-of", "near-dup-of"} <= set(cut.reasons(0, n))


def test_union_find_joins_many_pairs_like_one_at_a_time():
    rng = np.random.default_rng(0)
    n = 2_000
    pairs = rng.integers(0, n, size=(1_500, 2))
    pairs[:300, 1] = n - 1  # a star: many pairs race to hook one root
    uf = UnionFind(n)
    uf.union(pairs[:700, 0], pairs[:700, 1])
    uf.union(pairs[700:, 0], pairs[700:, 1])
    ref = list(range(n))

    def find(x):
        while ref[x] != x:
            x = ref[x]
        return x

    for a, b in pairs.tolist():
        ref[find(a)] = find(b)
    expected = np.array([find(i) for i in range(n)])
    roots = uf.roots()
    # same partition of 0..n-1; each root is the smallest member of its set
    assert len(set(zip(roots.tolist(), expected.tolist()))) == len(set(expected.tolist()))
    assert all(roots[i] <= i for i in range(n)) and np.array_equal(roots, roots[roots])


def test_stored_sets_give_the_exact_jaccard_across_gather_and_block_limits(tmp_path, monkeypatch):
    import curation.dedup.spill as spill

    monkeypatch.setattr(spill, "_GAP", 0)
    monkeypatch.setattr(spill, "_BLOCK_SHINGLES", 50)
    texts = corpus() + [""]
    store = ShingleStore(tmp_path / "s.u32")
    for lo in range(0, len(texts), 5):
        store.append(*shingle_sets(texts[lo : lo + 5]))
    store.close()
    values, offsets = shingle_sets(texts)
    assert np.array_equal(store.offsets, offsets)
    pairs = np.array([(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts)) if (i + j) % 3 == 0])
    assert store.jaccard(pairs).tolist() == [jaccard(values, offsets, i, j) for i, j in pairs.tolist()]


def test_stage_batches_and_spill_leave_the_annotations_unchanged(tiny_workspace, monkeypatch):
    import curation.dedup.stage as stage

    ws = tiny_workspace
    query = "SELECT * EXCLUDE (run_id) FROM dedup ORDER BY sample_id"
    dedup_workspace(ws, DedupConfig())
    with ws.connect() as con:
        whole = con.execute(query).fetchall()
    import curation.dedup.scan as scan

    monkeypatch.setattr(stage, "_BATCH", 3)
    monkeypatch.setattr(scan, "BATCH", 3)  # the tasks run in this process (no executor given)
    dedup_workspace(ws, DedupConfig(), force=True)
    with ws.connect() as con:
        cut = con.execute(query).fetchall()
    assert cut == whole and len(cut) == 32
    assert not (ws.staging / "dedup").exists()  # spill files go when the run ends
    assert not list((ws.annotations / "dedup").rglob("*.tmp-*"))
