"""Each task's CPU share: on one machine `tasks: N` gives each task about cores // N threads (one
task uses every core, N tasks do not oversubscribe them); on Ray/Slurm the scheduler's cpus_per_task.
A task reports the thread counts it saw."""

import json
import os
from pathlib import Path

import pytest

from curation.config import ExecutorConfig
from curation.runner import Step, machine_cores, make_executor, run_executor, task_threads


class ReportThreads(Step):
    """Writes what thread limits this task runs under."""

    name = "report threads"

    def __init__(self, out: str):
        super().__init__()
        self.out = out

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        import os

        import pyarrow as pa
        import torch

        from curation.runner import threads

        seen = {"torch": torch.get_num_threads(), "arrow": pa.cpu_count(), "omp": os.environ.get("OMP_NUM_THREADS"),
                "share": threads()}
        Path(self.out, f"{rank}.json").write_text(json.dumps(seen))
        return
        yield


def test_share_divides_the_cores_among_tasks_running_at_once():
    cores = machine_cores()
    assert task_threads(ExecutorConfig(tasks=1)) == cores
    assert task_threads(ExecutorConfig(tasks=2)) == max(1, cores // 2)
    assert task_threads(ExecutorConfig(tasks=2, workers=1)) == cores  # one at a time: each may use every core
    assert task_threads(ExecutorConfig(tasks=4 * cores)) == 1
    assert task_threads(ExecutorConfig(kind="ray", tasks=2, options={"cpus_per_task": 3})) == 3
    assert task_threads(ExecutorConfig(kind="slurm", tasks=8)) == 1
    assert task_threads(ExecutorConfig(tasks=1, options={"cpus_per_task": 1})) == 1  # a fixed share, as on a cluster


@pytest.fixture
def restore_threads(monkeypatch):
    """A one-task local run executes inside this process: put its thread limits back afterwards."""
    import pyarrow as pa
    import torch

    import curation.runner as runner

    for var in runner.THREAD_ENV:  # monkeypatch records each variable's value (or absence) and restores it
        if var in os.environ:
            monkeypatch.setenv(var, os.environ[var])
        else:
            monkeypatch.delenv(var, raising=False)
    before = (torch.get_num_threads(), pa.cpu_count(), runner._share)
    yield
    torch.set_num_threads(before[0])
    pa.set_cpu_count(before[1])
    runner._share = before[2]


def test_a_fixed_local_share_reaches_the_task_and_is_not_passed_to_datatrove(tmp_path, restore_threads):
    """`options.cpus_per_task` on the local executor (pipeline_bench's scaling runs): one task on a
    many-core machine still gets one thread, and datatrove's LocalPipelineExecutor never sees the key."""
    pytest.importorskip("torch")
    out = tmp_path / "seen"
    out.mkdir()
    cfg = ExecutorConfig(tasks=1, workers=1, options={"cpus_per_task": 1})
    run_executor(make_executor(cfg, [ReportThreads(str(out))], str(tmp_path / "logs")), "threads")
    assert json.loads((out / "0.json").read_text()) == {"torch": 1, "arrow": 1, "omp": "1", "share": 1}


@pytest.mark.parametrize("tasks", [1, 2])
def test_tasks_run_under_their_share(tmp_path, tasks):
    pytest.importorskip("torch")
    out = tmp_path / "seen"
    out.mkdir()
    cfg = ExecutorConfig(tasks=tasks, workers=tasks)
    run_executor(make_executor(cfg, [ReportThreads(str(out))], str(tmp_path / "logs")), "threads")
    want = max(1, machine_cores() // tasks)
    seen = [json.loads((out / f"{r}.json").read_text()) for r in range(tasks)]
    assert seen == [{"torch": want, "arrow": want, "omp": str(want), "share": want}] * tasks
