"""The pipeline file is closed and typed, validated whole before any stage runs; every command
resolves the workspace the same way; overrides are validated like the file."""

import subprocess
import sys

import pytest
import yaml

from curation.cli import main
from curation.errors import ConfigError
from curation.paths import CONFIGS_DIR
from curation.pipeline import DEFAULT_PIPELINE, load_pipeline


def pipeline_file(tmp_path, **changes) -> str:
    """The bundled pipeline with its paths made absolute and `changes` merged in (None removes a key)."""
    data = yaml.safe_load(DEFAULT_PIPELINE.read_text())
    data["languages"] = str(CONFIGS_DIR / "languages.csv")
    data["sources"] = [str(CONFIGS_DIR / s) for s in data["sources"]]
    data["mix"]["specs"] = [str(CONFIGS_DIR / s) for s in data["mix"]["specs"]]
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path = tmp_path / "pipeline.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


def test_misspelled_section_names_file_key_and_nearest(tmp_path):
    data = yaml.safe_load(DEFAULT_PIPELINE.read_text())
    path = pipeline_file(tmp_path, dedup=None, dedupe=data["dedup"])
    with pytest.raises(ConfigError, match=r"(?s)pipeline.yaml: key 'dedupe': unknown key.*did you mean `dedup`\?"):
        load_pipeline(path)


def test_unknown_nested_key_lists_the_nested_models_keys(tmp_path):
    path = pipeline_file(tmp_path, executor={"kind": "local", "taskz": 3})
    with pytest.raises(ConfigError, match=r"(?s)key 'executor.taskz'.*did you mean `tasks`\? valid keys here: kind, tasks, workers, options$"):
        load_pipeline(path)
    with pytest.raises(ConfigError, match=r"(?s)key 'mine.filter.topk'.*did you mean `top_k`"):
        load_pipeline(DEFAULT_PIPELINE, [("mine.filter.topk", 10)])


def test_overrides_are_validated_like_the_file(tmp_path, capsys):
    with pytest.raises(ConfigError, match=r"(?s)overrides.*key 'executor.kind'.*use one of: 'local', 'slurm' or 'ray'"):
        load_pipeline(DEFAULT_PIPELINE, [("executor.kind", "kubernetes"), ("executor.tasks", 0)])
    with pytest.raises(ConfigError, match=r"key 'executor.tasks': Input should be greater than or equal to 1"):
        load_pipeline(DEFAULT_PIPELINE, [("executor.tasks", 0)])
    ws = tmp_path / "ws"
    assert main(["dedup", "-w", str(ws), "--set", "executor.kind=kubernetes"]) == 2
    assert "use one of: 'local', 'slurm' or 'ray'" in capsys.readouterr().err
    assert main(["dedup", "-w", str(ws), "--tasks", "0"]) == 2
    assert "executor.tasks" in capsys.readouterr().err
    assert main(["dedup", "-w", str(ws), "--set", "dedup.treshold=0.8"]) == 2
    assert "did you mean `threshold`" in capsys.readouterr().err
    assert not ws.exists()


def test_print_config_shows_the_effective_config(capsys):
    assert main(["dedup", "--set", "dedup.threshold=0.8", "--tasks", "3", "--print-config"]) == 0
    cfg = yaml.safe_load(capsys.readouterr().out)
    assert cfg["dedup"]["threshold"] == 0.8 and cfg["executor"]["tasks"] == 3
    assert set(cfg) >= {"workspace", "sources", "stages", "executor", "ingest", "langid", "dedup", "decont", "mine", "mix"}


def test_every_section_and_named_file_is_validated_before_any_stage_runs(tmp_path, capsys):
    ws = tmp_path / "ws"
    # a mistake in the last stage's section fails `run` before ingest writes anything
    path = pipeline_file(tmp_path, mine={"modle": "x"})
    assert main(["run", path, "-w", str(ws), "--no-progress"]) == 2
    assert "key 'mine.modle': unknown key" in capsys.readouterr().err and not ws.exists()
    # a broken mixture spec named in `mix.specs`
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ntotal: 10\nalpha: 7\n")
    path = pipeline_file(tmp_path, mix={"specs": [str(bad)]})
    assert main(["run", path, "-w", str(ws), "--no-progress"]) == 2
    assert "bad.yaml: key 'alpha'" in capsys.readouterr().err and not ws.exists()
    # a broken source file
    src = tmp_path / "src.yaml"
    src.write_text("name: x\nkind: jsonl\npath: d.jsonl\ntask: retrieval\nlang: de\nfields: {query: q, positive: a}\nsplit_: dev\n")
    path = pipeline_file(tmp_path, sources=[str(src)])
    assert main(["run", path, "-w", str(ws), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "src.yaml: key 'split_': unknown key" in err and "did you mean `split`" in err
    assert not ws.exists()


@pytest.mark.parametrize("argv", [["status"], ["sql", "SELECT 1"], ["mix", str(CONFIGS_DIR / "mixtures/quickstart.yaml"), "--dry-run"],
                                  ["dashboard"], ["langid"], ["dedup"], ["init"]])
def test_every_command_honours_the_pipeline_workspace(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("MLCURATE_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "from-pipeline"
    path = pipeline_file(tmp_path, workspace=str(target))
    code = main([*argv, "--pipeline", path])
    if argv == ["init"]:
        assert code == 0 and (target / "catalog.duckdb").exists()
    else:
        assert code == 2 and f"no workspace at {target}" in capsys.readouterr().err
    assert not (tmp_path / "workspace").exists()


def test_train_resolves_the_pipeline_workspace(tmp_path, monkeypatch):
    pytest.importorskip("torch")
    import training.commands as commands

    seen = []
    monkeypatch.setattr(commands, "run_stage", lambda config, stage, ws, *a, **k: seen.append(ws) or {"steps": 0, "final": ""})
    monkeypatch.delenv("MLCURATE_WORKSPACE", raising=False)
    path = pipeline_file(tmp_path, workspace=str(tmp_path / "from-pipeline"))
    assert main(["train", "stage1", "x.yaml", "--pipeline", path]) == 0
    assert seen == [(tmp_path / "from-pipeline").resolve()]


def test_user_mistakes_are_errors_not_exits(tmp_path, capsys):
    assert main(["sql", "-w", str(tmp_path)]) == 2
    assert "give a query or --file" in capsys.readouterr().err
    assert main(["run", str(DEFAULT_PIPELINE), "--stages", "dedupe", "-w", str(tmp_path / "ws")]) == 2
    assert "--stages ['dedupe'] are not in the pipeline's stages" in capsys.readouterr().err
    assert main(["langid", "train", "-w", str(tmp_path / "ws")]) == 2
    assert "give --name NAME" in capsys.readouterr().err


def test_config_modules_import_without_cycles_or_side_effects():
    code = """
import sys
import curation.config, curation.dedup.config, curation.langid.config, curation.mine.config, curation.mix.config
assert 'curation.stages' not in sys.modules and 'curation.pipeline' not in sys.modules, 'config imports the registry'
import curation.ingest.steps, curation.langid.stage, curation.dedup.dt_path
import datatrove.executor.base as base
assert not getattr(base.add_task_logger, '_mlcurate', False), 'datatrove patched at import time'
"""
    subprocess.run([sys.executable, "-c", code], check=True)
