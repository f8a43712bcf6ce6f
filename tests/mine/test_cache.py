"""Embedding cache: a re-run encodes nothing it has seen; a killed run keeps its finished chunks."""

import numpy as np
import pytest

from curation.mine.cache import EmbeddingCache, model_dir
from curation.mine.stage import embed


class CountingEncoder:
    """Deterministic fake vectors; counts what it encodes; can fail after `fail_after` batches."""

    dim = 4

    def __init__(self, fail_after: int | None = None, batch: int = 3):
        self.encoded, self.fail_after, self.batch = [], fail_after, batch

    def encode(self, texts, progress=False, on_batch=None):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for n, start in enumerate(range(0, len(texts), self.batch)):
            if self.fail_after is not None and n == self.fail_after:
                raise KeyboardInterrupt
            idx = np.arange(start, min(start + self.batch, len(texts)))
            vecs = np.array([[len(texts[i]), i % 7, 1, 0] for i in idx], dtype=np.float32)
            self.encoded += [texts[i] for i in idx]
            out[idx] = vecs
            if on_batch:
                on_batch(idx, vecs)
        return out


KEY = {"model": "fake", "pooling": "mean", "max_length": 8}


def test_rerun_encodes_nothing(tmp_path):
    texts = [f"text {i}" for i in range(10)] + ["text 1", "text 2"]  # identical texts are encoded once
    enc = CountingEncoder()
    row, vecs, counts = embed(enc, EmbeddingCache(tmp_path, KEY, 4, chunk_size=4), texts, progress=False)
    assert counts == {"texts": 12, "distinct_texts": 10, "cached": 0, "encoded": 10} and len(enc.encoded) == 10
    again = CountingEncoder()
    row2, vecs2, counts2 = embed(again, EmbeddingCache(tmp_path, KEY, 4, chunk_size=4), texts + ["new"], progress=False)
    assert again.encoded == ["new"] and counts2["cached"] == 10
    for t in texts:
        from curation.mine.cache import text_key

        np.testing.assert_array_equal(vecs[row[text_key(t)]], vecs2[row2[text_key(t)]])


def test_killed_run_loses_at_most_one_chunk(tmp_path):
    texts = [f"text {i}" for i in range(20)]
    cache = EmbeddingCache(tmp_path, KEY, 4, chunk_size=6)
    with pytest.raises(KeyboardInterrupt):
        embed(CountingEncoder(fail_after=5), cache, texts, progress=False)  # 15 encoded, chunks of 6 flushed: 12
    assert cache.size() == 12 and not list(cache.dir.glob("*.tmp"))
    rerun = CountingEncoder()
    embed(rerun, cache, texts, progress=False)
    assert len(rerun.encoded) == 8


def test_settings_get_their_own_folder(tmp_path):
    assert model_dir(tmp_path, KEY) != model_dir(tmp_path, {**KEY, "max_length": 16})
    assert model_dir(tmp_path, KEY) != model_dir(tmp_path, {**KEY, "pooling": "last"})


def test_keys_ending_in_zero_bytes_round_trip(tmp_path):
    cache = EmbeddingCache(tmp_path, KEY, 4)
    keys = [b"a" * 15 + b"\x00", b"\x00" * 16, b"b" * 16]
    w = cache.writer()
    w.add(keys, np.eye(3, 4, dtype=np.float32))
    w.flush()
    found, vecs = cache.lookup(keys)
    assert found.all()
    np.testing.assert_array_equal(vecs, np.eye(3, 4, dtype=np.float32))
