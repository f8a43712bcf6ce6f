"""`layout: codefuse`: the published F2LLM layout in -> mlcurate -> the same layout out, readable by
the public trainer as its README, tokenize script and run.py describe it (CodeFuse-Embeddings
`F2LLM/` @ 1c5291549b9cee9eeab1cd9de6a67be4d0295da0)."""

import json

import pyarrow.parquet as pq
import pytest

from curation.config import ExecutorConfig, load_sources
from curation.errors import ConfigError
from curation.ingest.f2llm import load_table
from curation.ingest.stage import ingest
from curation.languages import DEFAULT_REGISTRY
from curation.mix.spec import MixSpec
from curation.mix.stage import mix
from tests.ingest.f2llm_fixture import CLASSIFICATION, DATASETS, ROWS, rows_of, write_release

from .conftest import make_workspace, sample

SERIAL = ExecutorConfig(kind="local", tasks=1, workers=1)
TEMPLATE = "Instruct: {}\nQuery: {}"


@pytest.fixture(scope="module")
def release_ws(tmp_path_factory):
    root = tmp_path_factory.mktemp("f2llm")
    write_release(root / "release")
    (root / "f2llm.yaml").write_text("name: f2llm-v2\nkind: f2llm\npath: release\n")
    from curation.store import Workspace

    ws = Workspace(root / "ws")
    ingest(ws, load_sources(root / "f2llm.yaml"), SERIAL, DEFAULT_REGISTRY, progress=False)
    return ws


@pytest.fixture(scope="module")
def tokenizer_dir(tmp_path_factory):
    """A small byte-level BPE tokenizer (lossless decode, like Qwen's), trained on the fixture."""
    from tokenizers import ByteLevelBPETokenizer
    from transformers import PreTrainedTokenizerFast

    texts = [t for name in DATASETS for col in rows_of(name).values() for t in col]
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(texts, vocab_size=600, special_tokens=["<|endoftext|>"])
    out = tmp_path_factory.mktemp("tok")
    PreTrainedTokenizerFast(tokenizer_object=bpe._tokenizer, eos_token="<|endoftext|>").save_pretrained(out)
    return str(out)


def export(ws, **kw):
    spec = MixSpec(**{"name": "cf", "view": "samples", "total": 10_000, "alpha": 1.0, "layout": "codefuse", **kw})
    lines = []
    mix(ws, spec, echo=lines.append, force=True)
    return ws.mixtures / spec.name, "\n".join(lines)


def test_round_trip_gives_back_the_release(release_ws):
    out, _ = export(release_ws)
    for name in DATASETS:
        original = rows_of(name)
        n_neg = 1 if name in CLASSIFICATION else 24
        got = pq.read_table(out / f"{name}.parquet").to_pydict()
        assert list(got) == ["query", "passage", *[f"negative_{i}" for i in range(1, n_neg + 1)]]
        as_rows = lambda cols: sorted(zip(*cols.values()))  # noqa: E731 - row order is the mixture's shuffle
        assert as_rows(got) == as_rows(original), name


def test_contract_of_the_trainers_raw_reader(release_ws):
    """What tokenize_data_qwen.py and run.py rely on: file names in the trainer's lists, query,
    passage and negative_1..24 (classification: negative_1 only, no negative_2), no null
    negatives, the instruction template, and at least 2 rows (run.py's 0.99 train split)."""
    out, _ = export(release_ws)
    table = load_table()
    manifest = json.loads((out / "manifest.json").read_text())
    files = sorted(p.name for p in out.glob("*.parquet"))
    assert files == sorted(f"{n}.parquet" for n in DATASETS) == sorted(s["file"] for s in manifest["shards"])
    for f in files:
        name = f[: -len(".parquet")]
        info = table[name]  # KeyError = a name the trainer rejects
        cols = pq.read_table(out / f).to_pydict()
        n_neg = 1 if info.task == "classification" else 24
        assert ("negative_2" in cols) == (n_neg == 24)
        assert set(cols) == {"query", "passage", *(f"negative_{i}" for i in range(1, n_neg + 1))}
        assert len(cols["query"]) >= 2
        for i in range(1, n_neg + 1):
            assert None not in cols[f"negative_{i}"]
        assert all(q.startswith("Instruct: ") and "\nQuery: " in q for q in cols["query"])
    assert manifest["layout"] == "codefuse" and sum(manifest["rows_left_out_for_negatives"].values()) == 0


def test_trainer_tokenized_layout_resolves_and_decodes(release_ws, tokenizer_dir):
    from transformers import AutoTokenizer

    out, _ = export(release_ws, tokenizer=tokenizer_dir)
    tok = AutoTokenizer.from_pretrained(tokenizer_dir)
    tdir = out / "tokenized"
    corpus = pq.read_table(tdir / "corpus.parquet").to_pydict()
    assert list(corpus) == ["doc_id", "input_ids"]
    docs = dict(zip(corpus["doc_id"], corpus["input_ids"]))
    assert len(docs) == len(corpus["doc_id"])  # doc ids are unique across datasets
    assert sorted(p.name for p in tdir.glob("*_query.parquet")) == sorted(f"{n}_query.parquet" for n in DATASETS)
    decode = lambda ids: (ids[-1] == tok.eos_token_id, tok.decode(ids[:-1]))  # noqa: E731
    for name in ("banking77", "imdb", "mmarco_chinese"):
        raw = pq.read_table(out / f"{name}.parquet").to_pydict()
        ids = pq.read_table(tdir / f"{name}_query.parquet").to_pydict()
        n_neg = 1 if name in CLASSIFICATION else 24
        assert set(ids) == {"query_input_ids", "passage_input_ids", *(f"negative_{i}_input_ids" for i in range(1, n_neg + 1))}
        for i in range(ROWS):
            assert decode(ids["query_input_ids"][i]) == (True, raw["query"][i])
            assert decode(ids["query_input_ids"][i])[1] == TEMPLATE.format(DATASETS[name][0], raw["query"][i].split("\nQuery: ", 1)[1])
            assert ids["passage_input_ids"][i].startswith(f"{name}_")
            assert decode(docs[ids["passage_input_ids"][i]]) == (True, raw["passage"][i])
            assert decode(docs[ids[f"negative_{n_neg}_input_ids"][i]]) == (True, raw[f"negative_{n_neg}"][i])


def test_our_tokenized_layout_keeps_instructions(tmp_path, tokenizer_dir):
    from training.data import load_rows
    from transformers import AutoTokenizer

    rows = [sample("faq", "retrieval", i, "eng_Latn", query=f"the river {i}", positive=f"passage {i}", negatives=[f"neg {i}"],
                   instruction="Given a question, retrieve the answer") for i in range(6)]
    ws = make_workspace(tmp_path / "ws", {"faq": rows})
    mix(ws, MixSpec(name="t", total=6, tokenizer=tokenizer_dir, num_negatives={"retrieval": 1}), echo=lambda *_: None)
    tok = AutoTokenizer.from_pretrained(tokenizer_dir)
    t = pq.read_table(ws.mixtures / "t" / "tokenized" / "faq.parquet").to_pydict()
    for i in range(6):
        assert tok.decode(t["instructed_query_input_ids"][i][:-1]) == f"Instruct: {t['instruction'][i]}\nQuery: the river " + \
            tok.decode(t["query_input_ids"][i][:-1]).split("the river ")[1]
    stage2 = load_rows(ws.mixtures / "t", "tokenized", instructions=True)["faq"]
    stage1 = load_rows(ws.mixtures / "t", "tokenized")["faq"]
    assert all(tok.decode(r["query"][:-1]).startswith("Instruct: Given a question") for r in stage2)
    assert not any(tok.decode(r["query"][:-1]).startswith("Instruct:") for r in stage1)


def _own_source(tmp_path):
    rows = [sample("faq", "retrieval", i, "eng_Latn", positive=f"passage {i}", negatives=[f"neg {i}.{k}" for k in range(i % 4)])
            for i in range(40)]  # 10 rows each with 0, 1, 2, 3 negatives
    return make_workspace(tmp_path / "ws", {"faq": rows})


def test_own_source_needs_a_trainer_name_and_short_negatives_follow_the_policy(tmp_path):
    ws = _own_source(tmp_path)
    with pytest.raises(ConfigError, match=r"dataset 'faq'.*none of the F2LLM trainer's dataset lists.*\n  fix: map it to a retrieval-list"):
        export(ws)
    lines = []  # a dry run stops at the name too, before printing a plan the export could not write
    with pytest.raises(ConfigError, match=r"dataset 'faq'"):
        mix(ws, MixSpec(name="cf", view="samples", total=100, layout="codefuse"), dry_run=True, echo=lines.append)
    assert lines == []
    with pytest.raises(ConfigError, match="treats as clustering"):
        export(ws, dataset_names={"faq": "banking77"})
    out, _ = export(ws, dataset_names={"faq": "gooaq"})
    m = json.loads((out / "manifest.json").read_text())
    assert (m["rows_left_out_for_negatives"], m["negatives_padded"]) == ({"gooaq": 10}, {"gooaq": 30})
    got = pq.read_table(out / "gooaq.parquet").to_pylist()
    assert len(got) == 30 and all(r["negative_24"] is not None for r in got)
    two = next(r for r in got if r["passage"] == "passage 2")
    assert [two[f"negative_{i}"] for i in (1, 2, 3, 24)] == ["neg 2.0", "neg 2.1", "neg 2.0", "neg 2.1"]  # repeated in order
    out, _ = export(ws, dataset_names={"faq": "gooaq"}, pad_negatives="drop")
    m = json.loads((out / "manifest.json").read_text())
    assert m["rows_left_out_for_negatives"] == {"gooaq": 40} and not (out / "gooaq.parquet").exists()
    with pytest.raises(ValueError, match="trainer's counts"):
        MixSpec(name="x", total=1, layout="codefuse", num_negatives={"retrieval": 7})


def test_source_cap_is_planned_and_shown_in_the_dry_run(release_ws):
    spec = MixSpec(name="cap", view="samples", total=10_000, alpha=1.0, layout="codefuse", source_cap=5)
    lines = []
    counts = mix(release_ws, spec, dry_run=True, echo=lines.append)
    text = "\n".join(lines)
    assert counts["planned"] == 5 * len(DATASETS)
    assert f"source_cap 5: {len(DATASETS)} sources trimmed, {(ROWS - 5) * len(DATASETS)} usable samples left out" in text
    assert "renamed: {'xcodeeval_code2code_csharp': 'xcodeeval_code2code_C#'}" in text
    out, _ = export(release_ws, source_cap=5, name="cap")
    first = pq.read_table(out / "arguana.parquet").column("passage").to_pylist()
    again, _ = export(release_ws, source_cap=5, name="cap2")
    assert pq.read_table(again / "arguana.parquet").column("passage").to_pylist() == first  # seeded: the same rows
    other, _ = export(release_ws, source_cap=5, name="cap3", seed=1)
    assert sorted(pq.read_table(other / "arguana.parquet").column("passage").to_pylist()) != sorted(first)
