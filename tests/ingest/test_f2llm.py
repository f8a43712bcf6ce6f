"""The published F2LLM layout: the dataset table, `kind: f2llm` ingest, generic negatives."""

import csv
import importlib.util
import warnings

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from curation.config import load_sources
from curation.ingest.f2llm import DEFAULT_TABLE, SkippedInput, load_table, split_instruction
from curation.ingest.stage import ingest
from curation.languages import DEFAULT_REGISTRY, LanguageNormalizer, Registry
from tests.helpers import SERIAL, query, source
from tests.ingest.f2llm_fixture import CLASSIFICATION, DATASETS, write_release

BUILDER = DEFAULT_TABLE.with_name("build_datasets.py")


def _builder():
    spec = importlib.util.spec_from_file_location("build_datasets", BUILDER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_table_maps_every_trainer_name_to_a_task_and_a_language():
    table = load_table()
    assert len(table) >= 500  # the trainer's three lists hold 502 names at the pinned commit
    assert {d.task for d in table.values()} == {"retrieval", "clustering", "classification"}
    normalizer, registry = LanguageNormalizer(Registry.load()), Registry.load()
    for d in table.values():
        assert d.lang, d.name
        for tag in filter(None, (d.lang, d.pos_lang)):
            if tag not in ("mul", "und", "zxx"):
                normalizer.normalize(tag)  # raises on a tag that is not a language
        assert not d.code_lang or registry.by_code[d.code_lang].kind == "programming"
    assert len({d.source_name for d in table.values()}) == len(table)
    assert table["xcodeeval_code2code_C#"].source_name == "xcodeeval_code2code_csharp"
    assert (table["unpc_ar2en"].lang, table["unpc_ar2en"].pos_lang) == ("ar", "en")
    assert table["banking77"].task == "clustering" and table["imdb"].task == "classification"


def test_builder_rebuilds_the_shipped_table_from_a_file_of_the_trainers_shape(tmp_path):
    """The CSV is exactly what the script gives for lists holding the CSV's names (so the table
    and its rebuild script cannot drift apart)."""
    table = load_table()
    lists = {t: [n for n, d in table.items() if d.task == t] for t in ("classification", "clustering", "retrieval")}
    utils = "\n".join(f"{t.upper()}_DATASETS = {names!r}" for t, names in lists.items())
    assert _builder().build(utils) == DEFAULT_TABLE.read_text(encoding="utf-8")


def test_builder_refuses_a_name_it_has_no_language_for():
    with pytest.raises(SystemExit, match="no language rule for dataset 'brand_new_set'"):
        _builder().build("RETRIEVAL_DATASETS = ['brand_new_set']\nCLUSTERING_DATASETS = []\nCLASSIFICATION_DATASETS = []")


def test_split_instruction():
    assert split_instruction("Instruct: Find the answer\nQuery: what is x?") == ("Find the answer", "what is x?")
    assert split_instruction("Instruct: a\nQuery: b\nQuery: c") == ("a", "b\nQuery: c")  # the first marker splits
    assert split_instruction("plain query") == (None, "plain query")
    assert split_instruction("Instruct: only\nQuery: ") == (None, "Instruct: only\nQuery: ")  # nothing left to query


def _release_config(tmp_path, extra: str = "") -> list:
    write_release(tmp_path / "release")
    cfg = tmp_path / "f2llm.yaml"
    cfg.write_text(f"sources:\n  - name: f2llm-v2\n    kind: f2llm\n    path: release\n{extra}")
    return load_sources(cfg)


def test_unknown_file_is_reported_with_the_fix_and_skipped(tmp_path):
    (tmp_path / "release").mkdir()
    pq.write_table(pa.table({"query": ["q"], "passage": ["p"]}), tmp_path / "release" / "my_own_set.parquet")
    with pytest.warns(SkippedInput, match=r"my_own_set.*not a dataset name.*\n  fix: .*names: \{my_own_set: <release name>\}"):
        sources = _release_config(tmp_path)
    assert "my_own_set" not in {s.name for s in sources} and len(sources) == len(DATASETS)
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    (tmp_path / "release" / "my_own_set.parquet").rename(renamed / "my_own_set.parquet")
    cfg = tmp_path / "renamed.yaml"
    cfg.write_text("name: mine\nkind: f2llm\npath: renamed\nnames: {my_own_set: fiqa}\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (src,) = load_sources(cfg)
    assert (src.name, src.task, src.release_name) == ("fiqa", "retrieval", "fiqa")


def test_release_ingests_with_tasks_languages_instructions_and_tuples(tmp_path, ws):
    sources = _release_config(tmp_path)
    counts = ingest(ws, sources, SERIAL, DEFAULT_REGISTRY, progress=False)
    assert counts["samples_new"] == 12 * len(DATASETS) and counts["quarantined"] == 0
    tasks = dict(query(ws, "SELECT source, any_value(task) FROM samples GROUP BY source"))
    assert tasks["banking77"] == "clustering" and tasks["imdb"] == "classification" and tasks["arguana"] == "retrieval"
    langs = dict(query(ws, "SELECT source, any_value(lang || '/' || coalesce(pos_lang, '') || '/' || coalesce(code_lang, '')) "
                           "FROM samples GROUP BY source"))
    assert langs["miracl_sw"] == "swh_Latn//" and langs["unpc_ar2en"] == "arb_Arab/eng_Latn/"
    assert langs["mkqa_zh_tw"] == "zho_Hant//" and langs["csn_python"] == "eng_Latn//python"
    assert langs["xcodeeval_code2code_csharp"] == "zxx_Zyyy//csharp"
    row = query(ws, "SELECT instruction, query, len(negatives), label FROM samples WHERE source = 'banking77' ORDER BY query LIMIT 1")[0]
    assert row[0] == DATASETS["banking77"][0] and not row[1].startswith("Instruct:") and row[2] == 24 and row[3] is None
    negs = query(ws, "SELECT DISTINCT len(negatives) FROM samples WHERE source IN ('imdb', 'waimai')")
    assert negs == [(1,)]
    # The negatives keep the release's order: negative_1 first, negative_10 after negative_9.
    first = query(ws, "SELECT negatives[1], negatives[10] FROM samples WHERE source = 'arguana' ORDER BY query LIMIT 1")[0]
    assert first[0].endswith(".1]") and first[1].endswith(".10]")
    # The evaluation origin travels with the source record.
    assert "ArguAna" in query(ws, "SELECT config FROM sources WHERE name = 'arguana'")[0][0]


def test_release_shows_in_coverage_with_its_languages_and_tasks(tmp_path, ws):
    ingest(ws, _release_config(tmp_path), SERIAL, DEFAULT_REGISTRY, progress=False)
    covered = dict(query(ws, "SELECT code, tasks FROM coverage WHERE samples > 0"))
    assert {"eng_Latn", "swh_Latn", "jpn_Jpan", "deu_Latn", "zho_Hans", "zho_Hant", "rus_Cyrl", "arb_Arab", "fra_Latn",
            "dan_Latn"} <= set(covered)
    assert set(covered["eng_Latn"]) == set(covered["zho_Hans"]) == {"retrieval", "clustering", "classification"}
    assert set(covered["fra_Latn"]) == {"clustering"} and set(covered["swh_Latn"]) == {"retrieval"}
    per_task = dict(query(ws, "SELECT task, count(DISTINCT source) FROM samples GROUP BY task"))
    assert per_task == {"retrieval": 14, "clustering": 5, "classification": len(CLASSIFICATION)}


@pytest.mark.parametrize("negatives", [["n_a", "n_b", "n_c"], "neg*"])
def test_negatives_from_a_list_of_columns_or_a_pattern(tmp_path, ws, negatives):
    rows = [{"q": f"question {i}", "p": f"answer {i}", "n_a": f"a{i}", "n_b": None, "n_c": f" c{i} ", "extra": i} for i in range(5)]
    if negatives == "neg*":
        rows = [{"q": r["q"], "p": r["p"], "neg1": r["n_a"], "neg2": r["n_b"], "neg10": r["n_c"], "neg3": "", "extra": r["extra"]}
                for r in rows]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "d.parquet")
    src = source(tmp_path, kind="parquet", path="d.parquet", fields={"query": "q", "positive": "p", "negatives": negatives})
    ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)
    got = query(ws, "SELECT negatives, meta FROM samples ORDER BY query")
    assert got[0] == (["a0", "c0"], '{"extra":0}')  # nulls and empties left out, stripped, the columns not in meta


def test_release_csv_columns_are_documented():
    with DEFAULT_TABLE.open(encoding="utf-8") as f:
        header = next(csv.reader(line for line in f if not line.startswith("#")))
    doc = _builder().__doc__
    assert all(f"``{c}``" in doc for c in header)
