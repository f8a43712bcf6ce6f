"""Encoder: pooling chosen by architecture and overridable, padding-independent vectors, F2LLM
prefix, fp32 on CPU, and the real all-MiniLM-L6-v2 matching sentence-transformers."""

import numpy as np
import pytest
import torch
import transformers

from curation.errors import ConfigError
from curation.mine.encoder import Encoder, query_prefix, resolve_model

from .conftest import MINILM

TEXTS = ["a", "a much longer text with many more tokens than the first one", "medium length text here", "a"]


def reference(path: str, text: str, pooling: str) -> np.ndarray:
    """One text alone (no padding) through the plain model, pooled by hand."""
    tok = transformers.AutoTokenizer.from_pretrained(path)
    model = transformers.AutoModel.from_pretrained(path).eval()
    ids = tok(text)["input_ids"]
    if pooling == "last" and ids[-1] != tok.eos_token_id:
        ids = ids + [tok.eos_token_id]
    with torch.no_grad():
        h = model(input_ids=torch.tensor([ids])).last_hidden_state[0]  # (seq, dim)
    v = h.mean(0) if pooling == "mean" else h[0] if pooling == "cls" else h[-1]
    return (v / v.norm()).numpy()


def test_pooling_follows_the_architecture(tiny_bert, tiny_qwen3):
    assert Encoder(tiny_bert).pooling == "mean"
    assert Encoder(tiny_qwen3).pooling == "last"
    assert Encoder(tiny_qwen3, pooling="mean").pooling == "mean"


def test_unknown_pooling_names_the_valid_ones(tiny_bert):
    with pytest.raises(ConfigError, match="(?s)unknown pooling 'max'.*mean, cls, last"):
        Encoder(tiny_bert, pooling="max")


@pytest.mark.parametrize("pooling", ["mean", "cls"])
def test_bert_batched_equals_one_by_one(tiny_bert, pooling):
    enc = Encoder(tiny_bert, pooling=pooling, batch_tokens=64)
    got = enc.encode(TEXTS)
    assert got.dtype == np.float32 and enc.dtype == torch.float32
    for text, vec in zip(TEXTS, got):
        np.testing.assert_allclose(vec, reference(tiny_bert, text, pooling), atol=1e-5)


def test_qwen3_last_token_with_eos(tiny_qwen3):
    enc = Encoder(tiny_qwen3, batch_tokens=64)
    assert all(ids[-1] == enc.tokenizer.eos_token_id for ids in enc.tokenize(TEXTS))
    got = enc.encode(TEXTS)
    for text, vec in zip(TEXTS, got):
        np.testing.assert_allclose(vec, reference(tiny_qwen3, text, "last"), atol=1e-5)


def test_max_length_cuts_texts(tiny_qwen3):
    enc = Encoder(tiny_qwen3, max_length=8)
    assert max(len(x) for x in enc.tokenize(["word " * 50])) == 8


def test_batches_are_length_sorted_and_bounded(tiny_bert):
    enc = Encoder(tiny_bert, batch_tokens=40)
    ids = enc.tokenize(TEXTS * 5)
    batches = list(enc.batches(ids))
    assert sorted(np.concatenate(batches).tolist()) == list(range(len(ids)))
    lengths = [len(ids[i]) for b in batches for i in b]
    assert lengths == sorted(lengths, reverse=True)
    assert all(len(b) * max(len(ids[i]) for i in b) <= 40 or len(b) == 1 for b in batches)


def test_f2llm_query_prefix():
    assert query_prefix("Retrieve code") + "sort a list" == "Instruct: Retrieve code\nQuery: sort a list"
    assert query_prefix(None) == ""


def test_packaged_model_name_resolves_offline():
    assert resolve_model("all-MiniLM-L6-v2") == MINILM
    assert resolve_model("sentence-transformers/all-MiniLM-L6-v2") == MINILM


def test_minilm_matches_sentence_transformers():
    st = pytest.importorskip("sentence_transformers")
    texts = ["The cat sits outside", "Der Hund spielt im Garten", "def add(a, b): return a + b"]
    ours = Encoder("all-MiniLM-L6-v2").encode(texts)
    theirs = st.SentenceTransformer(MINILM, device="cpu").encode(texts, normalize_embeddings=True)
    np.testing.assert_allclose(ours, theirs, atol=1e-5)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU (bf16 path); the fp32 CPU path is tested above")
def test_cuda_bf16_close_to_cpu(tiny_qwen3):
    gpu = Encoder(tiny_qwen3, device="cuda")
    assert gpu.dtype == torch.bfloat16
    np.testing.assert_allclose(gpu.encode(TEXTS), Encoder(tiny_qwen3, device="cpu").encode(TEXTS), atol=3e-2)
