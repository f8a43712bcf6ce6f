"""Every dashboard page renders on the quickstart workspace (Streamlit AppTest)."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import queries
from dashboard.db import fingerprint

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")

@pytest.fixture
def app(quickstart_ws, monkeypatch):
    monkeypatch.setenv("MLCURATE_WORKSPACE", str(quickstart_ws))

    def open_page(page: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        if page:
            at.switch_page(f"sections/{page}.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    return open_page

def test_coverage_lists_languages_and_flags_missing_targets(app):
    at = app()
    assert at.title[0].value == "Coverage"
    natural = at.dataframe[0].value
    assert (natural["samples"] > 0).sum() >= 400
    assert {"eng_Latn", "swh_Latn", "zho_Hans"} <= set(natural["code"])
    programming = at.dataframe[1].value
    with_data = set(programming.loc[programming["samples"] > 0, "code"])
    assert {"python", "c", "javascript", "cpp", "vim-script", "standard-ml"} <= with_data
    assert len(with_data) >= 40
    assert (programming["target"] | (programming["samples"] > 0)).all()  # no empty non-target rows
    missing = at.dataframe[2].value
    assert (missing["status"] == "missing").any()
    assert (missing.loc[missing["status"] == "missing", "samples"] == 0).all()
    assert int(at.metric[2].value) == int((missing["status"] == "missing").sum())

def test_coverage_search_filters_the_table(app):
    at = app()
    at.text_input(key="search").input("swahili").run()
    assert set(at.dataframe[0].value["code"]) == {"swh_Latn"}

def test_sources_page_shows_sources_and_quarantine(app):
    at = app("sources")
    src = at.dataframe[0].value
    assert {"udhr-bitext", "udhr-clustering", "python-docstrings", "code-files"} <= set(src["source"])
    retention = at.dataframe[1].value
    # One column per filtering stage the quickstart ran, then the combined filter.
    from curation.pipeline import load_pipeline
    from curation.paths import CONFIGS_DIR

    filters = [s for s in load_pipeline(CONFIGS_DIR / "pipeline.yaml").stages if s in ("langid", "dedup")]
    assert list(retention.columns) == ["source", "ingest", *filters, "all filters"]
    assert (retention["ingest"] <= 1).all() and (retention["ingest"] < 1).any()
    assert src["quarantined"].sum() == at.dataframe[2].value["rows"].sum() > 0

def test_quality_page_says_which_stages_have_not_run(app):
    from curation.pipeline import load_pipeline
    from curation.paths import CONFIGS_DIR

    ran = set(load_pipeline(CONFIGS_DIR / "pipeline.yaml").stages)  # what the quickstart ran
    at = app("quality")
    texts = " ".join(i.value for i in at.info)
    for stage in ("langid", "dedup", "semdedup", "mine"):
        assert (f"Stage **{stage}** has not run yet" in texts) == (stage not in ran)

def test_quality_page_lists_every_mining_filter_with_its_count(app, quickstart_ws):
    import duckdb

    at = app("quality")
    filters = next(d.value for d in at.dataframe if "meaning" in d.value.columns)
    got = dict(zip(filters["filter"], filters["removed"]))
    assert list(filters["filter"]) == ["skip_top", "duplicate", "other_positive", "max_score", "relative", "rerank",
                                       "positive_rank", "positive_rank (left out)"]
    layer = f"{quickstart_ws}/annotations/mine/**/*.parquet"
    want = duckdb.sql(f"SELECT sum(dropped_skip_top), sum(dropped_rerank) FROM read_parquet('{layer}', union_by_name = true)").fetchall()[0]
    assert (got["skip_top"], got["rerank"]) == (want[0], want[1]) and got["skip_top"] > 0


def test_quality_page_shows_lid_drops_by_status_and_language(app):
    at = app("quality")
    frames = [d.value for d in at.dataframe]
    statuses = next(f for f in frames if list(f.columns) == ["status", "texts", "samples", "action"])
    action = dict(zip(statuses["status"], statuses["action"]))
    assert action["match"] == "kept" and action.get("close_relative", "kept") == "kept"
    assert all(action[s] == "dropped" for s in ("mismatch", "script_mismatch", "unlisted_script") if s in action)
    by_lang = next(f for f in frames if "drop_rate" in f.columns)
    # close_relative and unreliable are their own columns, apart from mismatch
    assert {"mismatch", "close_relative", "unreliable", "unlisted_script"} <= set(by_lang.columns)
    assert by_lang["close_relative"].sum() > 0  # the UDHR has close relatives (Bosnian/Croatian/Serbian, ...)
    assert (by_lang["dropped"] <= by_lang["texts"]).all() and by_lang["dropped"].is_monotonic_decreasing
    assert by_lang["dropped"].sum() == statuses.loc[statuses["action"] == "dropped", "texts"].sum()


def test_mixtures_page_temperature_sampling_and_manifests(app, quickstart_ws):
    at = app("mixtures")
    assert [e.label for e in at.expander] == ["quickstart"]  # the quickstart exports one mixture
    flat = at.dataframe[0].value
    at.slider[0].set_value(0.0).run()
    uniform = at.dataframe[0].value
    assert uniform["after"].max() == pytest.approx(uniform["after"].min())
    assert flat["after"].max() > uniform["after"].max()

    manifest = quickstart_ws / "mixtures" / "demo" / "manifest.json"
    manifest.parent.mkdir(parents=True)
    manifest.write_text(json.dumps({"name": "demo", "samples": 10}))
    try:
        at = app("mixtures")
        assert [e.label for e in at.expander] == ["demo", "quickstart"]
    finally:
        manifest.unlink()
        manifest.parent.rmdir()

def test_sql_console_runs_a_query_and_refuses_file_reads(app):
    at = app("sql_console")
    at.button[0].click().run()
    assert len(at.dataframe[0].value) > 400
    at.text_area(key="sql").input("SELECT * FROM read_csv('/etc/passwd')").run()
    at.button[0].click().run()
    assert "file access is disabled" in at.error[0].value
    assert not at.dataframe

def test_temperature_sampling_math():
    import pandas as pd

    d = queries.temperature_sampling(pd.Series({"a": 900, "b": 100, "c": 0}), 0.5)
    assert list(d["code"]) == ["a", "b"]
    assert d["before"].tolist() == pytest.approx([0.9, 0.1])
    assert d["after"].tolist() == pytest.approx([30 / 40, 10 / 40])

@pytest.fixture(scope="module")
def layered_ws(quickstart_ws, tmp_path_factory) -> Path:
    """A copy of the quickstart workspace with langid and dedup layers as those stages write them."""
    import shutil

    import duckdb

    ws = tmp_path_factory.mktemp("layered") / "ws"
    shutil.copytree(quickstart_ws, ws)
    for part in (ws / "annotations" / "mine").glob("source=*"):  # the quickstart mines; these tests want it not run
        shutil.rmtree(part)
    con = duckdb.connect()
    for stage, cols in {"langid": "random() AS score, (hash(sample_id) % 10 = 0) AS mismatch",
                        "dedup": "(hash(sample_id) % 5 <> 0) AS keep, hash(query) % 50 AS cluster_id"}.items():
        (ws / "annotations" / stage / "source=all").mkdir(parents=True)
        con.execute(f"COPY (SELECT sample_id, {cols} FROM read_parquet('{ws}/samples/**/*.parquet')) "
                    f"TO '{ws}/annotations/{stage}/source=all/part-1.parquet'")
    return ws


def test_layers_from_other_stages_feed_the_quality_queries(layered_ws):
    ws, fp = layered_ws, fingerprint(layered_ws)
    assert queries.stage_has_run(ws, "langid") and not queries.stage_has_run(ws, "mine")
    assert len(queries.lid_confidence(ws, fp)) >= 400
    mism = queries.lid_mismatches(ws, fp)
    assert mism["mismatch_rate"].is_monotonic_decreasing
    assert 0.7 < queries.dedup_retention(ws, fp)["retention"].mean() < 0.9
    assert queries.dedup_clusters(ws, fp)["size"].iloc[0] > 1
    assert queries.mined_negatives(ws, fp) is None
    assert list(queries.stage_retention(ws, fp).columns) == ["source", "ingest", "langid", "dedup", "all filters"]


def test_quality_page_shows_layers_that_exist(layered_ws, monkeypatch):
    monkeypatch.setenv("MLCURATE_WORKSPACE", str(layered_ws))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("sections/quality.py").run()
    assert not at.exception
    notes = " ".join(i.value for i in at.info)
    assert "**mine** has not run yet" in notes and "**langid**" not in notes and "**dedup**" not in notes
    assert len(at.dataframe) == 6  # LID statuses x action, drops per language, mismatches, confidence, retention, clusters


def test_quality_page_has_a_line_for_semantic_duplicates(layered_ws, tmp_path, monkeypatch):
    """A semdedup layer as the stage writes it (every 7th sample a duplicate, every 11th not compared)."""
    import shutil

    import duckdb

    ws = tmp_path / "ws"
    shutil.copytree(layered_ws, ws)
    (ws / "annotations" / "semdedup" / "source=all").mkdir(parents=True)
    duckdb.connect().execute(f"""COPY (SELECT sample_id, hash(sample_id) % 7 = 0 AS duplicate, NOT duplicate AS keep,
                                     CASE WHEN duplicate THEN 'semantic-dup-of' WHEN hash(sample_id) % 11 = 0 THEN 'no-embedding' END AS reason,
                                     CASE WHEN duplicate THEN 2 ELSE 1 END AS cluster_size, sample_id AS cluster_id, 0.97 AS similarity
                                     FROM read_parquet('{ws}/samples/**/*.parquet'))
                                 TO '{ws}/annotations/semdedup/source=all/part-1.parquet'""")
    removed = duckdb.connect().execute(f"SELECT count(*) FROM '{ws}/annotations/semdedup/**/*.parquet' WHERE NOT keep").fetchone()[0]
    monkeypatch.setenv("MLCURATE_WORKSPACE", str(ws))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("sections/quality.py").run()
    assert not at.exception
    assert "semdedup" not in " ".join(i.value for i in at.info)
    line = next(m.value for m in at.markdown if "semantic-dup-of" in m.value)
    assert f"**{removed:,}** samples removed" in line
    assert len(at.dataframe) == 8  # the layered page's six, semdedup per source, largest groups


def test_dashboard_does_not_hold_the_catalog_lock(app, quickstart_ws):
    """Connections are short-lived: a writer can run right after a page rendered."""
    import subprocess
    import sys

    app()
    app("sources")
    done = subprocess.run([sys.executable, "-m", "curation.cli", "init", "--workspace", str(quickstart_ws)],
                          cwd=Path(APP).parents[1], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_dashboard_command_help_names_host_and_port():
    from curation.cli import build_parser

    args = build_parser().parse_args(["dashboard", "--workspace", "ws", "--port", "9999"])
    assert args.port == 9999 and args.func.__name__ == "cmd_dashboard"


def test_mixture_counts_follow_the_selected_tasks(app):
    at = app("mixtures")
    everything = at.dataframe[0].value["samples"].sum()
    at.multiselect[0].select("bitext").run()
    bitext = at.dataframe[0].value
    assert 0 < bitext["samples"].sum() < everything
    assert bitext["after"].sum() == pytest.approx(1.0)
