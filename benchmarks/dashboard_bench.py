"""Coverage-page query time on a generated ~1M-sample workspace, against the named peer: a naive
per-language GROUP BY over the raw Parquet files.

    python benchmarks/dashboard_bench.py [--samples 1000000] [--workspace /tmp/dash-bench-ws]

The workspace is the quickstart workspace with its sample files replicated (new sample_ids, same
sources and languages) until it holds about --samples rows; it is reused when it already exists.
Timed: (1) the dashboard's coverage query, cold (fresh process state: stats computed from the
Parquet files) and warm (the per-file stats cache under cache/dashboard/); (2) the peer query.
"""

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def generate_workspace(root: Path, samples: int) -> int:
    """Build the quickstart workspace at `root`, then replicate its sample files until about
    `samples` rows exist. Returns the number of samples."""
    if not (root / "catalog.duckdb").exists():
        subprocess.run([sys.executable, "-m", "curation.cli", "quickstart", "--workspace", str(root), "--no-progress"],
                       check=True, cwd=REPO, stdout=subprocess.DEVNULL, env=_env())
    con = duckdb.connect()
    glob = str(root / "samples" / "source=*" / "part-*.parquet")
    base = con.execute(f"SELECT count(*) FROM read_parquet('{glob}')").fetchone()[0]
    copies = max(0, -(-samples // base) - 1)
    for k in range(1, copies + 1):
        for src_dir in sorted((root / "samples").glob("source=*")):
            src = sorted(src_dir.glob("part-*.parquet"))[0]
            out = src_dir / f"bench-{k:04d}.parquet"
            if out.exists():
                continue
            con.execute(f"COPY (SELECT * REPLACE (sample_id || '-b{k}' AS sample_id) FROM read_parquet('{src}')) "
                        f"TO '{out}' (FORMAT parquet, COMPRESSION zstd)")
    return con.execute(f"SELECT count(*) FROM read_parquet('{root}/samples/**/*.parquet')").fetchone()[0]


def _env() -> dict:
    import os

    return {**os.environ, "PYTHONPATH": f"{REPO}:{os.environ.get('PYTHONPATH', '')}"}


def time_it(fn, repeat: int = 3) -> float:
    """Best of `repeat` wall-clock seconds of `fn()`."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def peer_query(root: Path) -> None:
    """The named peer: per-language counts straight from the raw Parquet, joined to the registry."""
    con = duckdb.connect(str(root / "catalog.duckdb"), read_only=True)
    con.execute(f"""
        SELECT l.code, l.tier, l.target, count(s.sample_id) AS samples,
               sum(length(s.query) + coalesce(length(s.positive), 0)) AS chars,
               count(DISTINCT s.source) AS sources, list(DISTINCT s.task) AS tasks
        FROM languages l LEFT JOIN read_parquet('{root}/samples/**/*.parquet') s ON s.lang = l.code
        GROUP BY ALL""").fetchall()
    con.close()


def render_coverage_page(root: Path) -> float:
    """Seconds for Streamlit's AppTest to run the whole coverage page script once."""
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["MLCURATE_WORKSPACE"] = str(root)
    at = AppTest.from_file(str(REPO / "dashboard" / "app.py"), default_timeout=120)
    t0 = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - t0
    assert not at.exception, [e.value for e in at.exception]
    return seconds


def run_benchmark(root: Path) -> None:
    """Print the dashboard's coverage timings and the peer's, and their ratio."""
    import streamlit as st

    from dashboard import queries, stats
    from dashboard.db import fingerprint

    coverage = queries.coverage.__wrapped__  # the query itself, without Streamlit's result cache

    def cold():
        stats.clear_memo()
        shutil.rmtree(root / "cache" / "dashboard", ignore_errors=True)
        coverage(root, fingerprint(root))

    def fresh_process():  # persisted per-file stats, nothing in memory
        stats.clear_memo()
        coverage(root, fingerprint(root))

    t_cold = time_it(cold, repeat=2)
    t_fresh = time_it(fresh_process)
    t_warm = time_it(lambda: coverage(root, fingerprint(root)))
    t_peer = time_it(lambda: peer_query(root))
    stats.clear_memo()
    st.cache_data.clear()
    t_page_first = render_coverage_page(root)
    t_page_again = render_coverage_page(root)
    print(f"coverage query, cold (scan every sample file, persist stats): {t_cold:.3f}s")
    print(f"coverage query, new process (persisted per-file stats):       {t_fresh:.3f}s")
    print(f"coverage query, warm (in-memory per-file stats):              {t_warm:.3f}s")
    print(f"peer: naive GROUP BY over raw Parquet joined to the registry:  {t_peer:.3f}s")
    print(f"whole coverage page (AppTest), first render in this process: {t_page_first:.3f}s; again: {t_page_again:.3f}s")
    print(f"ratio peer / dashboard (new process): {t_peer / t_fresh:.1f}x; peer / dashboard (warm): {t_peer / t_warm:.1f}x; "
          f"peer / dashboard (cold): {t_peer / t_cold:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, default=1_000_000)
    ap.add_argument("--workspace", type=Path, default=Path("/tmp/dash-bench-ws"))
    ap.add_argument("--fresh", action="store_true", help="delete and regenerate the workspace")
    args = ap.parse_args()
    if args.fresh and args.workspace.exists():
        shutil.rmtree(args.workspace)
    t0 = time.perf_counter()
    n = generate_workspace(args.workspace, args.samples)
    print(f"workspace {args.workspace}: {n:,} samples (ready in {time.perf_counter() - t0:.1f}s)")
    run_benchmark(args.workspace)


if __name__ == "__main__":
    main()
