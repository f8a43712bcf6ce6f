"""Peak RSS and CPU time of a process tree, sampled the same way by every benchmark.

A thread samples a process (the root: this one, or a command the benchmark started) and all its
descendants every `period` seconds with psutil: each process's CPU seconds (user + system; the
last value seen, so a process that ends between two samples loses at most its last period), the
peak RSS of the root alone and of the whole tree (the sum over its processes at one instant).

    with TreeSampler() as s:            # this process and the executor workers it starts
        s.reset()                       # a new span (a stage): peaks from now, CPU from now
        ...
        s.cpu_tree(), s.cpu_root(), s.peak_tree, s.peak_root

    m = run_tree([sys.executable, "-m", "curation.cli", "dedup", ...], env)   # a command, measured
    m.seconds, m.cpu_root, m.cpu_tree, m.peak_root, m.peak_tree, m.stdout
"""

import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil


class TreeSampler:
    """Peak RSS of a process (default: this one) and of its descendants, and their CPU seconds,
    sampled every `period` s on a thread between `__enter__` and `__exit__`."""

    def __init__(self, pid: int | None = None, period: float = 0.2):
        self.root, self.period = psutil.Process(pid), period
        self.cpu: dict[int, float] = {}   # pid -> CPU seconds, the last value seen
        self.base: dict[int, float] = {}  # pid -> CPU seconds at the last reset
        self.peak_tree = self.peak_root = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _procs(self) -> list:
        try:
            return [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return [self.root]

    def sample(self) -> None:
        rss = 0
        for p in self._procs():
            try:
                t = p.cpu_times()
                r = p.memory_info().rss
            except psutil.Error:
                continue
            self.cpu[p.pid] = t.user + t.system
            rss += r
            if p.pid == self.root.pid:
                self.peak_root = max(self.peak_root, r)
        self.peak_tree = max(self.peak_tree, rss)

    def _loop(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(self.period):
                return

    def reset(self) -> None:
        """Start a new span: peaks from the next sample on, CPU seconds counted from now."""
        self.sample()
        self.base = dict(self.cpu)
        self.peak_tree = self.peak_root = 0
        self.sample()

    def cpu_tree(self) -> float:
        """CPU seconds of the whole tree since the last reset (or the start)."""
        self.sample()
        return sum(v - self.base.get(pid, 0.0) for pid, v in self.cpu.items())

    def cpu_root(self) -> float:
        """CPU seconds of the root alone since the last reset (or the start)."""
        self.sample()
        return self.cpu.get(self.root.pid, 0.0) - self.base.get(self.root.pid, 0.0)

    def __enter__(self) -> "TreeSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Measured:
    """One command's wall seconds, CPU seconds (root alone, whole tree), peak RSS in bytes (root
    alone, whole tree) and stdout (when captured)."""

    seconds: float
    cpu_root: float
    cpu_tree: float
    peak_root: int
    peak_tree: int
    stdout: str


def run_tree(cmd: list[str], env: dict | None = None, capture: bool = False, period: float = 0.1,
             cwd: str | Path | None = None) -> Measured:
    """Run `cmd` (in `cwd`), sampling its process tree every `period` s. A failing command ends
    the benchmark with the end of its stderr."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        sampler = TreeSampler(proc.pid, period)
    except psutil.NoSuchProcess:  # it ended before the first look
        sampler = None
    if sampler is None:
        out, err = proc.communicate()
    else:
        with sampler:
            out, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"{' '.join(map(str, cmd[:6]))} failed:\n{err.decode(errors='replace')[-3000:]}")
    seconds = time.perf_counter() - start
    if sampler is None:
        return Measured(seconds, 0.0, 0.0, 0, 0, out.decode() if capture else "")
    root = sampler.cpu.get(proc.pid, 0.0)
    return Measured(seconds, root, sum(sampler.cpu.values()), sampler.peak_root, sampler.peak_tree,
                    out.decode() if capture else "")
