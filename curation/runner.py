"""Stage runner: builds the configured datatrove executor for a pipeline of steps.

`configs/pipeline.yaml` picks the executor (`executor.kind: local | slurm | ray`, `tasks`, `workers`,
`options`), so the same stage runs on this machine or on a cluster without code changes.

Each task's CPU share (`task_threads`) is decided here once and applied by `Step` before a task
runs: on the local executor the machine's cores divided by the tasks that run at once (so one
task uses every core and two tasks do not oversubscribe them), or `options.cpus_per_task` when set
(a fixed share per task, as a cluster node would give: what benchmarks/pipeline_bench.py uses to
measure how a stage scales with tasks); on Ray and Slurm what the scheduler gives a task
(`options.cpus_per_task`, default 1). The share sets torch's threads, the OpenMP /
MKL / OpenBLAS pools of native libraries (environment variables, for libraries loaded later in
the task), Arrow's CPU pool, and `threads()` for the DuckDB connections and ONNX Runtime sessions
tasks open.
"""

import importlib
import os
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
    workers = min(cfg.workers, tasks) if cfg.workers > 0 else tasks
    share = task_threads(cfg, workers)
    for step in pipeline:
        if isinstance(step, Step):
            step.threads = share
    common = dict(pipeline=pipeline, tasks=tasks, workers=workers,
                  logging_dir=logging_dir, depends=depends, skip_completed=True)
    try:
        if cfg.kind == "local":
            method = start_method(cfg, [type(step) for step in pipeline])
            if method == "forkserver" and workers > 1:
                preload_for_workers(pipeline)
            elif method == "fork":  # the workers' own imports, once, in the process they are copies of
                for module in worker_modules([type(step) for step in pipeline], stages=False):
                    if module != "__main__":
                        importlib.import_module(module)
            local = {k: v for k, v in cfg.options.items() if k != "cpus_per_task"}  # ours, not datatrove's
            return LocalPipelineExecutor(**common, **{**local, "start_method": method})
        if cfg.kind == "ray":
            from datatrove.executor import RayPipelineExecutor

            return RayPipelineExecutor(**common, **cfg.options)
        from datatrove.executor import SlurmPipelineExecutor

        return SlurmPipelineExecutor(**common, **cfg.options)
    except TypeError as e:
        raise ConfigError(f"invalid executor option: {e}", key="executor.options",
                          fix="see the datatrove executor's arguments (slurm needs `time` and `partition`)") from None


THREAD_ENV = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS",
              "POLARS_MAX_THREADS", "RAYON_NUM_THREADS")


def machine_cores() -> int:
    """Cores this process may run on (its affinity mask, e.g. a container's or a Slurm job's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def task_threads(cfg: ExecutorConfig, workers: int | None = None) -> int:
    """Threads one task may use: local, the cores divided by the tasks running at once (`workers`,
    default every task) unless `options.cpus_per_task` fixes it; ray and slurm, the cpus the
    scheduler gives a task."""
    if cfg.kind != "local" or "cpus_per_task" in cfg.options:
        return max(1, int(cfg.options.get("cpus_per_task", 1)))
    if workers is None:
        workers = min(cfg.workers, cfg.tasks) if cfg.workers > 0 else cfg.tasks
    return max(1, machine_cores() // max(1, workers))


_share: int | None = None


def threads() -> int:
    """The CPU share of the task running in this process (every core outside a task)."""
    return _share or machine_cores()


def apply_threads(n: int) -> None:
    """Limit this process's thread pools to `n`: torch (when loaded; the environment variables cover
    it and other native libraries when they load later), Arrow, and `threads()` for DuckDB/ORT."""
    global _share
    _share = n
    for var in THREAD_ENV:
        os.environ[var] = str(n)
    import pyarrow as pa

    pa.set_cpu_count(n)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(n)


def start_method(cfg: ExecutorConfig, step_types: list[type]) -> str:
    """How the local executor starts its worker processes: `options.start_method` when set; else
    "fork" when every step of the pipeline declares `fork_workers` (its workers need nothing but what
    the driver has imported, and the driver holds no thread pool they would use: forking the driver
    costs milliseconds, where a forkserver imports datatrove, pyarrow, pandas and mlcurate all over
    again: 1.1-1.2 s of CPU, a sixth of all of it in `python benchmarks/ingest_bench.py`); else
    "forkserver" (a clean process: the driver of a later stage may hold torch's or DuckDB's threads)."""
    if "start_method" in cfg.options:
        return cfg.options["start_method"]
    steps = [t for t in step_types if isinstance(t, type) and issubclass(t, PipelineStep)]
    return "fork" if steps and all(getattr(t, "fork_workers", False) for t in steps) else "forkserver"


def preload_for_workers(pipeline: list) -> None:
    """Have the forkserver import the executor and the steps' modules once, before it forks the
    workers: each worker then starts as a copy of it instead of importing datatrove, pyarrow and
    mlcurate again (seconds per worker, per executor run). Only the process's first forkserver
    start reads this list; later executors find it running with what it has imported, so it also
    takes every registered stage's module (none loads torch or a model at import): the workers of
    `mlcurate run`'s later stages start without importing their stage either."""
    import multiprocess

    steps = [step for step in pipeline if isinstance(step, PipelineStep)]
    multiprocess.get_context("forkserver").set_forkserver_preload(worker_modules([type(step) for step in steps]))


def worker_modules(step_types: list[type], stages: bool = True) -> list[str]:
    """What the forkserver imports for workers of these steps: the entry module, the executor, each
    step's module and the modules a step names in `worker_preload` (imports each of its workers
    would otherwise pay on its own, e.g. pandas, which pyarrow imports at its first conversion),
    and (`stages`) every registered stage's module (none loads torch or a model at import) with
    what the ingest steps name (a forkserver started for a whole `mlcurate run` serves them all)."""
    modules = ["__main__", "datatrove.executor.local"]
    for t in step_types:
        if isinstance(t, type) and issubclass(t, PipelineStep):
            modules += [t.__module__, *getattr(t, "worker_preload", ())]
    if stages:
        from .ingest.steps import BuildSamples
        from .stages import STAGES

        modules += [stage.entry.partition(":")[0] for stage in STAGES.values()]  # later stages' workers
        modules += BuildSamples.worker_preload  # the Python ingest path's, which `mlcurate run` may take
    return list(dict.fromkeys(modules))


def start_workers_early(cfg: ExecutorConfig, step_types: list[type]) -> None:
    """Start the local executor's forkserver now, importing `worker_modules(step_types)` in its own
    process while the caller still prepares the run (workspace, validation), instead of after it:
    on a machine with a free core the workers' imports then cost no wall time. A no-op for other
    executors and start methods; `make_executor` later finds the server running."""
    workers = min(cfg.workers, cfg.tasks) if cfg.workers > 0 else cfg.tasks
    if cfg.kind != "local" or start_method(cfg, step_types) != "forkserver" or workers == 1:
        return  # (one worker: datatrove runs the tasks in this process; fork: nothing to start)
    import multiprocess
    import multiprocess.forkserver

    multiprocess.get_context("forkserver").set_forkserver_preload(worker_modules(step_types))
    multiprocess.forkserver.ensure_running()


def deal(sizes: list[int], world_size: int) -> list[list[int]]:
    """Indices of work units per task: largest first to the task with the least work so far (ties:
    lowest rank), each task's list in index order. Deterministic, so every task computes the same
    split from the same plan."""
    tasks: list[list[int]] = [[] for _ in range(world_size)]
    load = [0] * world_size
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        r = min(range(world_size), key=lambda r: (load[r], r))
        tasks[r].append(i)
        load[r] += sizes[i]
    return [sorted(t) for t in tasks]


def forks_workers(cfg: ExecutorConfig) -> bool:
    """Whether the local executor starts worker processes (more than one task at a time). Where it
    does, the driver only plans and merges: work it would otherwise do itself (a single task, which
    datatrove runs in the calling process) belongs in `in_child`."""
    workers = cfg.workers if cfg.workers > 0 else cfg.tasks
    return cfg.kind == "local" and min(workers, cfg.tasks) > 1


def in_child(func, *args):
    """`func(*args)` in a fresh (spawned) process: DuckDB's sort buffers and Arrow's pools die with
    it, so the driver stays small, and so do the executor's worker processes forked from it. Used
    only when the local executor starts worker processes itself (`forks_workers`), whose scripts
    already need the `if __name__ == "__main__":` guard that spawning needs (a spawned child imports
    the main module)."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(func, args)


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
    """Base of mlcurate's datatrove steps: a task first limits its threads to its CPU share
    (`task_threads`, set by `make_executor`); where a step is unpickled (a worker process, a Ray or
    Slurm task) it first quiets datatrove's per-task logging there, before the task logger starts,
    and makes the worker exit when the mlcurate process that started it dies
    (`lifecycle.exit_with_parent`). Nothing happens at import time."""

    threads: int | None = None  # this task's CPU share, set by make_executor

    def __call__(self, data=None, rank: int = 0, world_size: int = 1):
        if self.threads is not None:
            apply_threads(self.threads)
        return self.run(data, rank, world_size)

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
