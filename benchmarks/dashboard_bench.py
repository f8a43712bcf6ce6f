"""Coverage-page query time on a generated ~1M-sample workspace, against the named peer: a naive
per-language GROUP BY over the raw Parquet files.

    python benchmarks/dashboard_bench.py [--samples 1000000] [--workspace /tmp/dash-bench-ws]

The workspace is the quickstart workspace with its sample files replicated (new sample_ids, same
sources and languages) until it holds about --samples rows; it is reused when it already exists.
Timed: (1) the dashboard's coverage query: cold (every sample file scanned, stats persisted), in a
new process (persisted per-file stats under cache/dashboard/) and warm (stats in memory); (2) the
peer query; (3) the whole coverage page in headless Chromium (`mlcurate dashboard` started fresh),
from navigation until the table's first rows exist, without and with the persisted stats.
"""

import argparse
import os
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


def browser_render_times(root: Path, loads: int = 3) -> list[tuple[float, str]]:
    """Start `mlcurate dashboard` on `root` and time, in headless Chromium, from navigation until
    the coverage table's first rows exist: the first load (a new server process) and reloads.
    Returns (seconds, the page's own "page computed in X s" caption) per load."""
    import signal
    import socket

    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "curation.cli", "dashboard", "--workspace", str(root), "--port", str(port)],
                            cwd=REPO, env=_env(), start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    try:
        _wait_port(port)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            for _ in range(loads):
                page = browser.new_page()
                t0 = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}")
                page.locator("[role=gridcell]", has_text="eng_Latn").first.wait_for(state="attached", timeout=120_000)
                seconds = time.perf_counter() - t0
                caption = page.get_by_text("page computed in")
                caption.wait_for(timeout=120_000)
                times.append((seconds, caption.inner_text().removeprefix("page computed in ")))
                page.close()
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    return times


def _wait_port(port: int, timeout: float = 60) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"dashboard did not listen on port {port}")


def _fmt(loads: list[tuple[float, str]]) -> str:
    first, *again = loads
    return (f"first load {first[0]:.2f}s (server {first[1]}), reloads "
            + ", ".join(f"{t:.2f}s (server {srv})" for t, srv in again))


def run_benchmark(root: Path, small: Path | None = None) -> None:
    """Print the dashboard's coverage timings and the peer's, and their ratio."""
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
    browser = Path("/usr/bin/chromium").exists()
    if browser:
        shutil.rmtree(root / "cache" / "dashboard", ignore_errors=True)  # `mlcurate dashboard` rebuilds it before serving
        pages_big = browser_render_times(root)
        pages_small = browser_render_times(small) if small else None
    print(f"coverage query, cold (scan every sample file, persist stats): {t_cold:.3f}s")
    print(f"coverage query, new process (persisted per-file stats):       {t_fresh:.3f}s")
    print(f"coverage query, warm (in-memory per-file stats):              {t_warm:.3f}s")
    print(f"peer: naive GROUP BY over raw Parquet joined to the registry:  {t_peer:.3f}s")
    if browser:
        print("coverage page in headless Chromium, navigation -> first table rows attached:")
        print(f"  this workspace:         {_fmt(pages_big)}")
        if pages_small:
            print(f"  {str(small)[:22]:<22}: {_fmt(pages_small)}")
    else:
        print("(no /usr/bin/chromium: page render in the browser not measured; apt-get install -y chromium)")
    print(f"ratio peer / dashboard (new process): {t_peer / t_fresh:.1f}x; peer / dashboard (warm): {t_peer / t_warm:.1f}x; "
          f"peer / dashboard (cold): {t_peer / t_cold:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, default=1_000_000)
    ap.add_argument("--workspace", type=Path, default=Path("/tmp/dash-bench-ws"))
    ap.add_argument("--fresh", action="store_true", help="delete and regenerate the workspace")
    ap.add_argument("--compare-with", type=Path, default=None,
                    help="also time the browser render on this (e.g. quickstart) workspace, to separate data cost from Streamlit's own")
    args = ap.parse_args()
    if args.fresh and args.workspace.exists():
        shutil.rmtree(args.workspace)
    t0 = time.perf_counter()
    n = generate_workspace(args.workspace, args.samples)
    print(f"workspace {args.workspace}: {n:,} samples (ready in {time.perf_counter() - t0:.1f}s)")
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    run_benchmark(args.workspace, args.compare_with)


if __name__ == "__main__":
    main()
