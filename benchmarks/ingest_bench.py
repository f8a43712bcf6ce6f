"""Ingest throughput and peak memory vs DuckDB's own `read_json` -> Parquet on the same file.

    python benchmarks/ingest_bench.py                 # 1M generated rows (about 190 MB)
    python benchmarks/ingest_bench.py --gb 1          # a 1 GB file: the bounded-memory check

Both sides run as child processes on the same generated JSONL; peak RSS is sampled over the whole
process tree (executor workers included). The peer does less work than mlcurate (no language
normalisation, ids, quarantine or dedup against the workspace), so the ratio is a floor to hold,
not a race to win: the target is >= 0.5x.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


LANGS = ["en", "de", "fr", "sw", "zh-Hant", "ar", "hi", "ru", "ja", "es", "pt", "yo", "tr", "fa", "ko"]
WORDS = "the of and to in a is that for it as was with be by on not he this are or his from at which".split()


def generate(path: Path, rows: int | None, target_bytes: int | None, seed: int = 0) -> int:
    rng = random.Random(seed)
    n, size = 0, 0
    with open(path, "w", encoding="utf-8") as f:
        while (rows is None or n < rows) and (target_bytes is None or size < target_bytes):
            q = " ".join(rng.choices(WORDS, k=rng.randint(5, 15)))
            p = " ".join(rng.choices(WORDS, k=rng.randint(15, 40)))
            line = json.dumps({"id": n, "question": f"{q} {n}?", "answer": p, "lang": LANGS[n % len(LANGS)]}) + "\n"
            f.write(line)
            n += 1
            size += len(line)
    return n


PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root: int) -> int:
    """RSS in bytes of process `root` and all its descendants, read from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except OSError:
            pass
        todo += children.get(pid, [])
    return total


def run_measured(cmd: list[str], env: dict | None = None, capture: bool = False) -> tuple[float, int, str]:
    """Run `cmd`: wall seconds, peak RSS (bytes) of it and all its descendants sampled every 50 ms,
    and its stdout when `capture`. A failing child ends the benchmark with its stderr."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, done = 0, threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    out, err = proc.communicate()
    done.set()
    t.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd[:5]))} failed:\n{err.decode()[-3000:]}")
    return time.perf_counter() - start, peak, out.decode() if capture else ""


def measure(cmd: list[str], env: dict | None = None) -> tuple[float, int]:
    """Wall seconds and peak tree RSS (bytes) of `cmd`."""
    seconds, peak, _ = run_measured(cmd, env)
    return seconds, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows to generate (default 1M)")
    ap.add_argument("--gb", type=float, help="generate this many GB instead of --rows")
    ap.add_argument("--tasks", type=int, default=2, help="ingest shards = worker processes (default 2, one per core)")
    ap.add_argument("--dir", type=Path, help="scratch folder (default: a temp dir, removed at the end)")
    args = ap.parse_args()

    scratch = args.dir or Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    data = scratch / "data.jsonl"
    n = generate(data, None if args.gb else args.rows, int(args.gb * 1e9) if args.gb else None)
    mb = data.stat().st_size / 1e6
    print(f"generated {n:,} rows, {mb:,.0f} MB")
    (scratch / "src.yaml").write_text(
        "name: bench\nkind: jsonl\npath: data.jsonl\ntask: retrieval\nlang: {field: lang}\n"
        "fields: {query: question, positive: answer}\n")
    (scratch / "pipeline.yaml").write_text(
        f"languages: {Path(__file__).resolve().parents[1] / 'configs' / 'languages.csv'}\n"
        f"executor: {{kind: local, tasks: {args.tasks}, workers: {args.tasks}}}\n")

    ws = scratch / "ws"
    shutil.rmtree(ws, ignore_errors=True)
    ours_s, ours_rss = measure([sys.executable, "-m", "curation.cli", "ingest", str(scratch / "src.yaml"), "--pipeline",
                                str(scratch / "pipeline.yaml"), "-w", str(ws), "--no-progress"])
    out = scratch / "duckdb.parquet"
    duck_sql = f"COPY (SELECT * FROM read_json('{data}', format='newline_delimited')) TO '{out}' (FORMAT parquet, COMPRESSION zstd)"
    duck_s, duck_rss = measure([sys.executable, "-c", f"import duckdb; duckdb.connect().execute({duck_sql!r})"])

    print(f"mlcurate ingest : {n / ours_s:>10,.0f} rows/s  {ours_s:6.1f} s  peak RSS {ours_rss / 2**20:6.0f} MiB")
    print(f"duckdb read_json: {n / duck_s:>10,.0f} rows/s  {duck_s:6.1f} s  peak RSS {duck_rss / 2**20:6.0f} MiB")
    print(f"ratio (mlcurate / duckdb throughput): {duck_s / ours_s:.2f}x   (target >= 0.5x)")
    if args.dir is None:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
