"""Where mix's memory goes: the driver plans within a small DuckDB budget, and an export that is one
task (one source, or the codefuse layout) runs outside the driver when the local executor forks
workers, with the same shards as in the driver."""

import json

import pytest

from curation import runner
from curation.config import ExecutorConfig
from curation.mix import stage
from curation.mix.spec import MixSpec
from curation.mix.stage import mix, planning_connection

IN_DRIVER = ExecutorConfig(kind="local", tasks=1, workers=1)
TWO_TASKS = ExecutorConfig(kind="local", tasks=2, workers=2)


def test_planning_connection_is_bounded_and_leaves_no_spill(skewed_ws):
    with planning_connection(skewed_ws) as con:
        limit, threads = con.execute("SELECT current_setting('memory_limit'), current_setting('threads')").fetchone()
        spill = con.execute("SELECT current_setting('temp_directory')").fetchone()[0]
    assert limit in ("488.2 MiB", "512.0 MB") and threads == runner.threads()
    assert str(skewed_ws.staging) in spill and not list(skewed_ws.staging.glob("mix-plan-*"))


@pytest.mark.parametrize("layout", ["f2llm", "codefuse"])
def test_a_lone_export_task_runs_outside_the_driver(skewed_ws, monkeypatch, layout):
    spec = {"tasks": {"retrieval": 500}, "shard_size": 200, "layout": layout, "allow_unknown_datasets": layout == "codefuse"}
    mix(skewed_ws, MixSpec.model_validate({"name": f"driver-{layout}", **spec}), echo=lambda *_: None, executor=IN_DRIVER)
    children = []

    def in_child(func, *args):
        children.append(func.__name__)
        return runner.in_child(func, *args)

    monkeypatch.setattr(stage, "in_child", in_child)
    mix(skewed_ws, MixSpec.model_validate({"name": f"child-{layout}", **spec}), echo=lambda *_: None, executor=TWO_TASKS)
    assert children == ["_export_codefuse" if layout == "codefuse" else "_run_export"]  # one source: one task, in a child

    def files(name: str) -> list[tuple]:
        m = json.loads((skewed_ws.mixtures / name / "manifest.json").read_text())
        return [(s["file"], s["rows"], s["sha256"]) for s in m["shards"]]

    assert files(f"child-{layout}") == files(f"driver-{layout}")
