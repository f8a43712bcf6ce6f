"""Stage runner: builds the configured datatrove executor for a pipeline of steps.

`configs/pipeline.yaml` picks the executor (`executor.kind: local | slurm | ray`, `tasks`, `workers`,
`options`), so the same stage runs on this machine or on a cluster without code changes.
"""

import sys
from typing import TYPE_CHECKING

from datatrove.pipeline.base import PipelineStep

from .config import ExecutorConfig
from .errors import ConfigError, ShardError

if TYPE_CHECKING:
    from datatrove.executor.base import PipelineExecutor


def make_executor(cfg: ExecutorConfig, pipeline: list, logging_dir: str, *, tasks: int | None = None,
                  depends: "PipelineExecutor | None" = None) -> "PipelineExecutor":
    # datatrove.executor is imported here, not with this module: it pulls in huggingface_hub and an
    # HTTP stack (about 0.6 s), which a command should pay only once it builds an executor.
    from datatrove.executor import LocalPipelineExecutor

    tasks = tasks or cfg.tasks
    quiet_datatrove_logs()  # tasks run in this process when workers == 1
    common = dict(pipeline=pipeline, tasks=tasks, workers=min(cfg.workers, tasks) if cfg.workers > 0 else tasks,
                  logging_dir=logging_dir, depends=depends, skip_completed=True)
    try:
        if cfg.kind == "local":
            if cfg.options.get("start_method", "forkserver") == "forkserver":
                preload_for_workers(pipeline)
            return LocalPipelineExecutor(**common, **cfg.options)
        if cfg.kind == "ray":
            from datatrove.executor import RayPipelineExecutor

            return RayPipelineExecutor(**common, **cfg.options)
        from datatrove.executor import SlurmPipelineExecutor

        return SlurmPipelineExecutor(**common, **cfg.options)
    except TypeError as e:
        raise ConfigError(f"invalid executor option: {e}", key="executor.options",
                          fix="see the datatrove executor's arguments (slurm needs `time` and `partition`)") from None


def preload_for_workers(pipeline: list) -> None:
    """Have the forkserver import the executor and the steps' modules once, before it forks the
    workers: each worker then starts as a copy of it instead of importing datatrove, pyarrow and
    mlcurate again (seconds per worker, per executor run). Only the process's first forkserver
    start reads this list; later executors find it running with what it has imported."""
    import multiprocess

    steps = [step for step in pipeline if isinstance(step, PipelineStep)]
    multiprocess.get_context("forkserver").set_forkserver_preload(worker_modules([type(step) for step in steps]))


def worker_modules(step_types: list[type]) -> list[str]:
    """What the forkserver imports for workers of these steps: the entry module, the executor, each
    step's module and the modules a step names in `worker_preload` (imports each of its workers
    would otherwise pay on its own, e.g. pandas, which pyarrow imports at its first conversion)."""
    modules = ["__main__", "datatrove.executor.local"]
    for t in step_types:
        modules += [t.__module__, *getattr(t, "worker_preload", ())]
    return list(dict.fromkeys(modules))


def start_workers_early(cfg: ExecutorConfig, step_types: list[type]) -> None:
    """Start the local executor's forkserver now, importing `worker_modules(step_types)` in its own
    process while the caller still prepares the run (workspace, validation), instead of after it:
    on a machine with a free core the workers' imports then cost no wall time. A no-op for other
    executors and start methods; `make_executor` later finds the server running."""
    workers = min(cfg.workers, cfg.tasks) if cfg.workers > 0 else cfg.tasks
    if cfg.kind != "local" or cfg.options.get("start_method", "forkserver") != "forkserver" or workers == 1:
        return  # (one worker: datatrove runs the tasks in this process)
    import multiprocess
    import multiprocess.forkserver

    multiprocess.get_context("forkserver").set_forkserver_preload(worker_modules(step_types))
    multiprocess.forkserver.ensure_running()


def run_executor(executor: "PipelineExecutor", what: str) -> None:
    """Run and check every task completed (local and ray block; slurm returns after submitting)."""
    executor.run()
    if type(executor).__name__ == "SlurmPipelineExecutor":
        return
    incomplete = executor.get_incomplete_ranks()
    if incomplete:
        raise ShardError(f"{what}: tasks {incomplete} did not complete; see logs in {executor.logging_dir.path}/logs; "
                         "re-run the same command to resume (completed tasks are skipped)")


class Step(PipelineStep):
    """Base of mlcurate's datatrove steps: where a step is unpickled (a worker process, a Ray or
    Slurm task) it first quiets datatrove's per-task logging there, before the task logger starts,
    and makes the worker exit when the mlcurate process that started it dies
    (`lifecycle.exit_with_parent`). Nothing happens at import time."""

    def __setstate__(self, state: dict) -> None:
        from .lifecycle import exit_with_parent

        quiet_datatrove_logs()
        exit_with_parent()
        self.__dict__.update(state)


def quiet_datatrove_logs() -> None:
    """Keep datatrove's per-task INFO logs in the task log files and show only warnings on stderr.

    datatrove's task logger always adds an INFO stderr sink; ours wraps it. It must be applied in the
    process that runs tasks, so step modules call it when they are imported (unpickled) there.
    """
    import datatrove.executor.base as base
    from datatrove.utils import logging as dt_logging
    from loguru import logger

    if getattr(base.add_task_logger, "_mlcurate", False):
        return

    def add_task_logger(logging_dir, rank, local_rank=0, node_rank=-1):
        logger.remove()
        logfile = logging_dir.open(f"logs/task_{rank:05d}.log", "w")
        logger.add(sys.stderr, level="WARNING", colorize=False, format="{level} | {message}")
        logger.add(logfile, level="DEBUG", colorize=False)
        return logfile

    add_task_logger._mlcurate = True
    base.add_task_logger = add_task_logger
    dt_logging.setup_default_logger = lambda: (logger.remove(), logger.add(sys.stderr, level="WARNING", format="{level} | {message}"))
    dt_logging.setup_default_logger()
