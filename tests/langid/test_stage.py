"""The langid stage on a workspace: layer, idempotency, --force, views, samples_clean, CLI."""

import pytest

from curation.cli import build_parser, main
from curation.langid.annotate import LidConfig
from curation.langid.stage import langid, layer_dir
from curation.config import ExecutorConfig
from curation.paths import DEFAULT_REGISTRY

EXECUTOR = ExecutorConfig(tasks=1, workers=1)


def sql(ws, query):
    with ws.connect(read_only=True) as con:
        return con.execute(query).fetchall()


def run(ws, **kw):
    return langid(ws, LidConfig(), EXECUTOR, DEFAULT_REGISTRY, progress=False, **kw)


def parts(ws):
    return sorted(p.name for p in layer_dir(ws).rglob("part-*.parquet"))


def test_views_work_before_langid_ran(lid_ws):
    assert sql(lid_ws, "SELECT count(*) FROM langid") == [(0,)]
    assert sql(lid_ws, "SELECT count(*) FROM samples_clean") == sql(lid_ws, "SELECT count(*) FROM samples")


def test_annotates_every_sample_then_does_no_work_then_force_redoes(lid_ws):
    n_samples = sql(lid_ws, "SELECT count(*) FROM samples")[0][0]
    first = langid(lid_ws, LidConfig(), ExecutorConfig(tasks=2, workers=2), DEFAULT_REGISTRY, progress=False)
    assert first["samples"] == n_samples == sql(lid_ws, "SELECT count(DISTINCT sample_id) FROM langid")[0][0]
    before = parts(lid_ws)

    again = run(lid_ws)
    assert again["samples"] == 0 and parts(lid_ws) == before

    forced = run(lid_ws, force=True)
    assert forced["samples"] == n_samples
    after = parts(lid_ws)
    assert after and not set(after) & set(before)  # old parts replaced, not added to
    assert sql(lid_ws, "SELECT count(*), count(DISTINCT sample_id) FROM langid") == [(n_samples, n_samples)]
    runs = sql(lid_ws, "SELECT count(*) FROM runs WHERE stage = 'langid' AND status = 'ok'")
    assert runs == [(3,)]


def test_liar_source_tops_the_mismatch_view_and_flags_reach_samples_clean(lid_ws):
    run(lid_ws)
    ranking = sql(lid_ws, "SELECT source, mismatch_share FROM lid_mismatch_sources")
    # Both liars (wrong language, wrong script) come first, the honest sources after.
    assert {ranking[0][0], ranking[1][0]} == {"fr-liar", "sr-wrong-script"}
    assert dict(ranking)["fr-liar"] > 0.7 and dict(ranking)["de-honest"] < 0.2
    statuses = dict(sql(lid_ws, "SELECT source, list(DISTINCT status) FROM langid GROUP BY source"))
    assert "mixed_script" in statuses["mixed"]
    assert statuses["sr-wrong-script"] == ["script_mismatch"]
    assert "mismatch" not in statuses["de-honest"]
    dropped = sql(lid_ws, "SELECT count(*) FROM samples s WHERE sample_id NOT IN (SELECT sample_id FROM samples_clean)")[0][0]
    failing = sql(lid_ws, "SELECT count(DISTINCT sample_id) FROM langid WHERE NOT passed")[0][0]
    assert dropped == failing > 12
    assert sql(lid_ws, "SELECT count(*) FROM lid_confidence WHERE lang = 'fra_Latn'")[0][0] == 1


def test_cli_langid_and_unknown_model(lid_ws, capsys):
    assert main(["langid", "--workspace", str(lid_ws.root), "--no-progress", "--tasks", "1"]) == 0
    assert "lid_mismatch_sources" in capsys.readouterr().out
    assert main(["langid", "--workspace", str(lid_ws.root), "--model", "nope"]) == 2
    assert "unknown LID model 'nope'" in capsys.readouterr().err


def test_cli_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["langid", "--help"])
    out = capsys.readouterr().out
    assert "mlcurate langid train --name" in out and "--model" in out


def test_force_on_slurm_is_refused_before_any_work(lid_ws):
    from curation.errors import ConfigError

    with pytest.raises(ConfigError, match=r"key 'executor.kind'(.|\n)*fix: run `mlcurate langid --force --executor local`"):
        langid(lid_ws, LidConfig(), ExecutorConfig(kind="slurm"), DEFAULT_REGISTRY, force=True, progress=False)
    assert parts(lid_ws) == []


def test_the_driver_never_loads_the_model_when_tasks_run_in_workers(lid_ws, monkeypatch):
    """With 2 local workers only the tasks load the LID model (heliport's holds about 900 MB): the
    process that plans and merges checks the name and the file without loading it."""
    import curation.langid.backends as backends
    import curation.langid.stage as stage

    def refuse(*a, **k):
        raise AssertionError("the driver loaded a LID model")

    monkeypatch.setattr(stage, "load_backend", refuse)
    monkeypatch.setattr(backends.HeliportBackend, "__init__", refuse)
    counts = langid(lid_ws, LidConfig(), ExecutorConfig(tasks=2, workers=2), DEFAULT_REGISTRY, progress=False)
    assert counts["samples"] == sql(lid_ws, "SELECT count(*) FROM samples")[0][0] and counts["model"] == "heliport-1"
