"""Tuples: clustering and classification samples become (query, passage, negatives) as in F2LLM;
mined negatives are used, required or fallen back from."""

import json

import duckdb
import pytest

from curation.errors import ConfigError
from curation.mix.spec import MixSpec
from curation.mix.stage import mix
from curation.store import write_parquet_atomic

from .conftest import make_workspace, sample, skewed_retrieval

LABELS = ["art1", "art2", "art3", "art4"]


@pytest.fixture(scope="module")
def labelled_ws(tmp_path_factory):
    """Clustering: 4 labels x 3 texts per language in eng/deu, plus fra with one text per label and a
    label that occurs once overall (no positive can be built). Classification: 2 labels."""
    clu = [sample("clu", "clustering", 10 * j + i, lang, query=f"{lang} {lab} text {i}", label=lab)
           for lang in ("eng_Latn", "deu_Latn") for j, lab in enumerate(LABELS) for i in range(3)]
    clu += [sample("clu", "clustering", 100 + j, "fra_Latn", query=f"fra_Latn {lab} text", label=lab) for j, lab in enumerate(LABELS)]
    clu += [sample("clu", "clustering", 999, "fra_Latn", query="fra_Latn lonely text", label="lonely")]
    cls = [sample("cls", "classification", i, "eng_Latn", query=f"review {i}", label="positive" if i % 2 else "negative") for i in range(40)]
    return make_workspace(tmp_path_factory.mktemp("labelled") / "ws", {"clu": clu, "cls": cls})


def rows(ws, name, task):
    con = duckdb.connect()
    rel = con.execute(f"SELECT * FROM '{ws.mixtures / name}/shard-*.parquet' WHERE task = '{task}'")
    cols = [d[0] for d in rel.description]
    return [dict(zip(cols, r)) for r in rel.fetchall()]


def label_of(text: str) -> str:
    return text.split()[1]


def test_clustering_tuples(labelled_ws):
    lines = []
    mix(labelled_ws, MixSpec(name="c", tasks={"clustering": 200}, max_epochs=1, num_negatives={"clustering": 3}), echo=lines.append)
    got = rows(labelled_ws, "c", "clustering")
    assert len(got) == 28  # 24 + 4 usable; the lonely label has no positive
    for r in got:
        assert r["passage"] != r["query"] and label_of(r["passage"]) == label_of(r["query"])
        negs = [r[f"negative_{i}"] for i in (1, 2, 3)]
        assert all(n is not None and label_of(n) != label_of(r["query"]) for n in negs)
        if r["lang"] != "fra_Latn":  # same language when the label has another text in it
            assert r["passage"].startswith(r["lang"]) and all(n.startswith(r["lang"]) for n in negs)
    manifest = json.loads((labelled_ws.mixtures / "c" / "manifest.json").read_text())
    assert manifest["unusable_samples"] == {"clustering": 1}
    assert any("1 samples without a positive" in line for line in lines)


def test_classification_tuples(labelled_ws):
    mix(labelled_ws, MixSpec(name="k", tasks={"classification": 40}), echo=lambda *_: None)
    got = rows(labelled_ws, "k", "classification")
    assert len(got) == 40 and "negative_2" not in got[0]  # 1 negative by default
    for r in got:
        i = int(r["query"].split()[1])
        assert r["passage"] == ("positive" if i % 2 else "negative")
        assert r["negative_1"] == ("negative" if i % 2 else "positive")


@pytest.fixture
def retrieval_ws(tmp_path):
    return make_workspace(tmp_path / "ws", {"web": skewed_retrieval(counts={"eng_Latn": 20}, negatives=1)})


def test_mined_without_mined_layer_fails(retrieval_ws):
    with pytest.raises(ConfigError, match="mined_negatives.*does not exist.*\n  fix: run `mlcurate mine` first"):
        mix(retrieval_ws, MixSpec(name="x", total=10, negatives="mined"), echo=lambda *_: None)
    assert not (retrieval_ws.mixtures / "x").exists()


def test_both_falls_back_to_source_with_a_note(retrieval_ws):
    lines = []
    mix(retrieval_ws, MixSpec(name="b", total=20, negatives="both"), echo=lines.append)
    assert any("using source negatives only" in line for line in lines)
    assert all(r["negative_1"].startswith("neg ") for r in rows(retrieval_ws, "b", "retrieval"))


def test_mined_negatives_are_used_first(retrieval_ws):
    import pyarrow as pa

    ids = [r[0] for r in duckdb.connect().execute(f"SELECT sample_id FROM '{retrieval_ws.samples}/**/*.parquet'").fetchall()]
    write_parquet_atomic(pa.table({"sample_id": ids, "negatives": [["mined a", "mined b"]] * len(ids)}),
                         retrieval_ws.annotations / "mine" / "source=web" / "part-0.parquet")
    with retrieval_ws.connect(read_only=False) as con:
        con.execute("CREATE OR REPLACE VIEW mined_negatives AS SELECT sample_id, negatives FROM read_parquet('annotations/mine/**/*.parquet')")
    mix(retrieval_ws, MixSpec(name="mined", total=20, negatives="mined", num_negatives={"retrieval": 3}), echo=lambda *_: None)
    mix(retrieval_ws, MixSpec(name="both", total=20, negatives="both", num_negatives={"retrieval": 3}), echo=lambda *_: None)
    assert {(r["negative_1"], r["negative_2"], r["negative_3"]) for r in rows(retrieval_ws, "mined", "retrieval")} == {("mined a", "mined b", None)}
    for r in rows(retrieval_ws, "both", "retrieval"):
        assert (r["negative_1"], r["negative_2"]) == ("mined a", "mined b") and r["negative_3"].startswith("neg ")


def test_samples_without_positive_are_counted(tmp_path):
    rows_ = skewed_retrieval(counts={"eng_Latn": 10}) + [sample("web", "retrieval", 50, "eng_Latn", positive=None)]
    ws = make_workspace(tmp_path / "ws", {"web": rows_})
    lines = []
    counts = mix(ws, MixSpec(name="u", total=100, max_epochs=1), echo=lines.append)
    assert counts["unusable"] == 1 and counts["rows"] == 10
