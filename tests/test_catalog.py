"""The catalog: tables, views over the Parquet layers, runs rows, and `mlcurate run`."""

from curation.cli import main
from curation.paths import CONFIGS_DIR
from curation.store import Workspace
from tests.helpers import query, write_jsonl


def test_init_creates_tables_and_views_that_work_on_an_empty_workspace(ws):
    ws.init()
    names = {r[0] for r in query(ws, "SELECT table_name FROM information_schema.tables")}
    assert {"runs", "sources", "languages", "samples", "samples_clean", "quarantine", "coverage", "source_stats"} <= names
    assert query(ws, "SELECT count(*) FROM samples") == [(0,)]
    # Every registry target language is listed as missing until data arrives.
    assert query(ws, "SELECT count(*) >= 282 FROM coverage WHERE kind = 'natural' AND target AND samples = 0") == [(True,)]


def test_catalog_resolves_layers_from_any_working_directory(quickstart_ws, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert query(Workspace(quickstart_ws.root), "SELECT count(*) > 30000 FROM samples") == [(True,)]


def test_coverage_flags_missing_target_languages_and_names_unregistered_ones(quickstart_ws):
    missing = dict(query(quickstart_ws, "SELECT code, samples FROM coverage WHERE target AND samples = 0"))
    assert missing and all(n == 0 for n in missing.values())
    # Huastec is not a target language but is in the sample: it is listed, named, not a target.
    assert query(quickstart_ws, "SELECT name, target FROM coverage WHERE code = 'hus_Latn'") == [("Huastec", False)]


def test_source_stats_count_samples_languages_and_quarantine(quickstart_ws):
    rows = {r[0]: r[1:] for r in query(quickstart_ws, "SELECT source, samples, languages, quarantined FROM source_stats")}
    assert rows["udhr-bitext"][2] == 30  # English paragraphs have no English counterpart
    assert rows["udhr-clustering"][1] >= 448
    assert rows["code-files"][0] > 100


def test_run_pipeline_records_runs_and_is_idempotent(tmp_path):
    (tmp_path / "data.jsonl").write_text("")
    write_jsonl(tmp_path / "data.jsonl", [{"q": f"q{i}", "a": f"a{i}", "l": "de"} for i in range(100)])
    (tmp_path / "src.yaml").write_text(
        "name: mini\nkind: jsonl\npath: data.jsonl\ntask: retrieval\nlang: {field: l}\nfields: {query: q, positive: a}\n")
    (tmp_path / "pipeline.yaml").write_text(
        f"workspace: ws\nlanguages: {CONFIGS_DIR / 'languages.csv'}\nsources: [src.yaml]\nstages: [ingest]\n"
        "executor: {kind: local, tasks: 2, workers: 2}\n")
    ws = str(tmp_path / "ws")
    assert main(["run", str(tmp_path / "pipeline.yaml"), "-w", ws, "--no-progress"]) == 0
    assert main(["run", str(tmp_path / "pipeline.yaml"), "-w", ws, "--no-progress"]) == 0
    w = Workspace(ws)
    assert query(w, "SELECT count(*), min(lang) FROM samples") == [(100, "deu_Latn")]
    runs = query(w, "SELECT status, counts->>'samples_new', version, config_hash FROM runs WHERE stage = 'ingest' ORDER BY started_at")
    assert [(r[0], r[1]) for r in runs] == [("ok", "100"), ("ok", "0")]
    assert runs[0][2] and runs[0][3] == runs[1][3]


def test_unknown_stage_in_pipeline_is_a_config_error(tmp_path, capsys):
    (tmp_path / "pipeline.yaml").write_text("stages: [ingest, shuffle]\n")
    assert main(["run", str(tmp_path / "pipeline.yaml"), "-w", str(tmp_path / "ws")]) == 2
    err = capsys.readouterr().err
    assert "pipeline.yaml: key 'stages.1': unknown stage 'shuffle'" in err and "fix: valid stages: ingest" in err
    assert not (tmp_path / "ws").exists()
