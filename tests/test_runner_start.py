"""How the local executor starts its workers: forked from the driver when every step of the pipeline
declares `fork_workers` (native ingest: the driver has imported all its workers need), from a
forkserver otherwise, and always as `executor.options.start_method` says when it is set."""

import json
import os
from pathlib import Path

import pytest

from curation.config import ExecutorConfig
from curation.ingest.native import NativeIngest
from curation.ingest.steps import BuildSamples, ReadSource
from curation.runner import Step, make_executor, run_executor, start_method


class ReportParent(Step):
    """Writes the process id of the process this task's worker was started from."""

    name = "report parent"

    def __init__(self, out: str):
        super().__init__()
        self.out = out

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        Path(self.out, f"{rank}.json").write_text(json.dumps({"pid": os.getpid(), "parent": os.getppid()}))
        return
        yield


class ForkedReportParent(ReportParent):
    fork_workers = True


def test_fork_only_when_every_step_declares_it():
    cfg = ExecutorConfig(tasks=2, workers=2)
    assert start_method(cfg, [NativeIngest]) == "fork"
    assert start_method(cfg, [NativeIngest, ReadSource]) == "forkserver"  # a mixed ingest: the Python path's steps
    assert start_method(cfg, [ReadSource, BuildSamples]) == "forkserver"
    assert start_method(cfg, []) == "forkserver"  # `mlcurate run`'s early start for its later stages
    assert start_method(ExecutorConfig(tasks=2, options={"start_method": "spawn"}), [NativeIngest]) == "spawn"


@pytest.mark.parametrize("step, forked", [(ForkedReportParent, True), (ReportParent, False)])
def test_workers_come_from_the_driver_only_when_forked(tmp_path, step, forked):
    out = tmp_path / "seen"
    out.mkdir()
    executor = make_executor(ExecutorConfig(tasks=2, workers=2), [step(str(out))], str(tmp_path / "logs"))
    assert executor.start_method == ("fork" if forked else "forkserver")
    run_executor(executor, "report parent")
    seen = [json.loads((out / f"{r}.json").read_text()) for r in range(2)]
    assert all(s["pid"] != os.getpid() for s in seen)  # worker processes, not this one
    assert all((s["parent"] == os.getpid()) == forked for s in seen)  # a forkserver's children have it as parent


def test_an_explicit_start_method_wins(tmp_path):
    executor = make_executor(ExecutorConfig(tasks=2, workers=2, options={"start_method": "forkserver"}),
                             [ForkedReportParent(str(tmp_path))], str(tmp_path / "logs"))
    assert executor.start_method == "forkserver"
