"""Clean recovery after kills: worker processes that die with the main process, a per-stage
workspace lock, cleanup of a dead run's temp files and `runs` rows, and test-controlled crash points.

- `mark_main_process()` (the CLI calls it first) records the main process id in the environment,
  which every worker inherits, and makes every process forked from it die with it.
- `exit_with_parent()` (called where datatrove unpickles our steps, i.e. in every worker) asks the
  kernel for SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG) and starts a watchdog thread
  that exits when the main process is gone (workers of a forkserver pool have the forkserver as
  parent, not the main process).
- `StageLock`: `<workspace>/.locks/<stage>.lock`, an flock the kernel drops when its holder dies, so
  a stale lock never blocks; the file names the holder (pid, start time, command).
- While holding its lock a stage removes the temp files of its own dead runs (`clean_stage_temp`)
  and marks `running` rows of stages whose lock is free as `interrupted` (`mark_interrupted`).
- `crash_point(name)`: when $MLCURATE_KILL_AT equals `name`, SIGKILL the main process (as an
  out-of-memory kill does) and this one. For the fault-injection tests (tests/faults/).
"""

import ctypes
import fcntl
import json
import os
import shutil
import signal
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from .errors import WorkspaceError

MAIN_PID_ENV = "MLCURATE_MAIN_PID"
KILL_AT_ENV = "MLCURATE_KILL_AT"
_PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 0.5
_watching = False
_held: dict[str, "StageLock"] = {}  # stage -> lock held by this process (locks are re-entrant per process)


# --- processes ---------------------------------------------------------------------------------


def mark_main_process() -> None:
    """Make this process the one workers watch; children forked from it die with it."""
    os.environ[MAIN_PID_ENV] = str(os.getpid())
    if not getattr(mark_main_process, "_registered", False):
        os.register_at_fork(after_in_child=exit_with_parent)
        mark_main_process._registered = True


def exit_with_parent() -> None:
    """In a worker (any process but the main one): exit when the parent or the main process dies."""
    global _watching
    main = int(os.environ.get(MAIN_PID_ENV, "0") or 0)
    if not main or main == os.getpid():
        return
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still covers it
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)
    if not _watching:
        _watching = True
        threading.Thread(target=_watch, args=(main,), daemon=True, name="mlcurate-parent-watch").start()


def stop_child_with_us() -> None:
    """`preexec_fn` for a long-lived child (the dashboard's Streamlit server): the kernel sends it
    SIGTERM when its parent dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def _watch(main: int) -> None:
    while _alive(main):
        time.sleep(_WATCH_SECONDS)
    os._exit(1)  # the main process is gone: nobody will use this worker's output


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (killed, not yet reaped) is dead for our purpose
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def crash_point(name: str) -> None:
    """Test hook: if $MLCURATE_KILL_AT == name, SIGKILL the main process, then this process."""
    if os.environ.get(KILL_AT_ENV) != name:
        return
    main = int(os.environ.get(MAIN_PID_ENV, "0") or 0) or os.getpid()
    os.kill(main, signal.SIGKILL)
    if main != os.getpid():
        time.sleep(0.2)  # a worker: let the watchdog find the main process gone (the test checks it does)
        return
    time.sleep(5)  # not reached: SIGKILL is not deliverable late


# --- the per-stage lock --------------------------------------------------------------------------


class StageLock:
    """An exclusive, per-process re-entrant lock on one stage of one workspace."""

    def __init__(self, root: Path, stage: str):
        self.path = root / ".locks" / f"{stage}.lock"
        self.stage, self.fd, self.depth = stage, None, 0

    def acquire(self, command: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise WorkspaceError(f"stage '{self.stage}' is already running in this workspace ({holder(self.path)}); "
                                 "wait for it to finish, or stop that process and re-run") from None
        info = {"pid": os.getpid(), "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "command": command}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def holder(path: Path) -> str:
    """Who holds a stage lock, from the lock file: 'pid N since T: command'."""
    try:
        info = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        info = {}
    if not info:
        return "holder unknown"
    return f"pid {info.get('pid')} since {info.get('started_at')}: {info.get('command')}"


def lock_is_free(root: Path, stage: str) -> bool:
    """True when no process holds `stage`'s lock (its 'running' rows are then dead)."""
    if stage in _held:
        return False
    path = root / ".locks" / f"{stage}.lock"
    if not path.exists():
        return True
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing drops the probe's lock


def acquire_stage(root: Path, stage: str, command: str) -> bool:
    """Take `stage`'s lock for this process; False if this process already held it (nested)."""
    if stage in _held:
        _held[stage].depth += 1
        return False
    lock = StageLock(root, stage)
    lock.acquire(command)
    _held[stage] = lock
    return True


def release_stage(stage: str) -> None:
    lock = _held.get(stage)
    if lock is None:
        return
    if lock.depth:
        lock.depth -= 1
        return
    lock.release()
    del _held[stage]


# --- cleanup of dead runs ----------------------------------------------------------------------

# Where each stage writes temp files: its own layer, staging and output folders. Ingest keeps
# `.staging/ingest/<source>/<fingerprint>/` finished shard files (that is how it resumes): only
# their unfinished `.tmp` files go.
STAGE_TEMP = {
    "ingest": ("samples", "quarantine", ".staging/ingest", ".staging/duckdb-tmp"),
    "langid": ("annotations/langid", ".staging/langid"),
    "langid-train": (".staging/langid-train",),
    "dedup": ("annotations/dedup", ".staging/dedup", ".staging/dedup-datatrove"),
    "mine": ("annotations/mine", "cache/embeddings", ".staging/mine"),
    "decont": ("annotations/decont", ".staging/decont"),
    "mix": ("mixtures", ".staging/mix-spill"),
}
_WHOLE_DIRS = {".staging/duckdb-tmp", ".staging/langid", ".staging/decont", ".staging/dedup", ".staging/dedup-datatrove", ".staging/mix-spill"}


def clean_stage_temp(root: Path, stage: str) -> list[Path]:
    """Remove what dead runs of `stage` left: temp files (`*.tmp`, `*.tmp-<hex>`), temp/old mixture
    folders and the stage's scratch folders. Call only while holding the stage's lock."""
    removed = []
    for rel in STAGE_TEMP.get(stage, ()):
        base = root / rel
        if not base.exists():
            continue
        if rel in _WHOLE_DIRS:
            removed.append(base)
            shutil.rmtree(base, ignore_errors=True)
            continue
        for p in sorted(base.rglob("*"), reverse=True):
            if ".tmp" in p.name or (stage == "mix" and p.parent == base and p.name.startswith(".") and ".old-" in p.name):
                removed.append(p)
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    return removed


def mark_interrupted(con, root: Path, just_locked: str | None = None) -> int:
    """Set `running` rows to `interrupted` for every stage whose lock is free (no live process runs
    it) and for `just_locked`, the stage this process has just taken the lock of (so none of its
    rows is live yet). Returns how many rows changed."""
    stages = [s for (s,) in con.execute("SELECT DISTINCT stage FROM runs WHERE status = 'running'").fetchall()]
    dead = [s for s in stages if s == just_locked or lock_is_free(root, s)]
    if not dead:
        return 0
    n = con.execute("SELECT count(*) FROM runs WHERE status = 'running' AND stage IN (SELECT unnest(?))", [dead]).fetchone()[0]
    con.execute("UPDATE runs SET status = 'interrupted', message = 'the process was killed or stopped before it finished' "
                "WHERE status = 'running' AND stage IN (SELECT unnest(?))", [dead])
    return n
