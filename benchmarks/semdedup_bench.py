"""Semantic dedup benchmark: mlcurate's bounded-memory engine against plain FAISS k-means + full
per-cluster pairwise similarity (the SemDeDup recipe as usually written: every embedding in memory).

The corpus is `--rows` synthetic 384-d unit embeddings (all-MiniLM-L6-v2's width) written to a
float32 file in batches: points around `--centers` random centres, and a share `--dup-share` of
them planted as near copies (cosine about 0.98) of an earlier point. Both systems read the same
file in their own process, use the same k (rows / 1000), k-means iterations, seed and cosine
threshold, and report wall and CPU seconds, peak RSS (VmHWM of the process) and the planted
copies they found (a copy counts when it is removed and its original is kept in its group, or
when both sit in one group); agreement = Jaccard of the two systems' sets of removed rows.

    peer       np.fromfile of all rows; faiss.Kmeans trained with FAISS's own sampling (at most
               256 points per centroid); every row assigned at once; per cluster the full (c, c)
               similarity matrix; union-find; the first row of each group kept
    mlcurate   curation.semdedup.engine.semdedup_file: k-means on a sample of 100k rows, rows
               read and assigned 64k at a time, clusters gathered in groups of <= 128k rows,
               similarity blocks of <= 8M floats

Run:  python benchmarks/semdedup_bench.py --rows 1000000
      python benchmarks/semdedup_bench.py --rows 1000000 --niter 5     # a busy machine
      python benchmarks/semdedup_bench.py --rows 100000 --systems mlcurate
"""

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DIM = 384
THRESHOLD = 0.95
CLUSTER_SIZE = 1000
SEED = 1
NITER = 20  # --niter (the stage's default); fewer on a busy machine: memory does not depend on it


def make_corpus(path: Path, rows: int, centers: int, dup_share: float, seed: int, batch: int = 50_000) -> np.ndarray:
    """Write the embeddings; returns (rows,) int64 original of each planted copy (-1 elsewhere)."""
    rng = np.random.default_rng(seed)
    c = rng.standard_normal((centers, DIM)).astype(np.float32)
    c /= np.linalg.norm(c, axis=1, keepdims=True)
    original = np.full(rows, -1, dtype=np.int64)
    with open(path, "wb") as f:
        for lo in range(0, rows, batch):
            hi = min(lo + batch, rows)
            v = c[rng.integers(0, centers, hi - lo)] + 0.08 * rng.standard_normal((hi - lo, DIM)).astype(np.float32)
            v /= np.linalg.norm(v, axis=1, keepdims=True)
            dup = np.nonzero(rng.random(hi - lo) < dup_share)[0]
            dup = dup[dup > 0]
            src = (rng.random(dup.size) * dup).astype(np.int64)  # an earlier row of the batch
            src = src[np.isin(src, dup, invert=True)]  # originals are not copies themselves
            dup = dup[: src.size]
            v[dup] = v[src] + 0.01 * rng.standard_normal((dup.size, DIM)).astype(np.float32)
            v[dup] /= np.linalg.norm(v[dup], axis=1, keepdims=True)
            original[lo + dup] = lo + src
            f.write(v.astype(np.float32).tobytes())
    return original


def run_mlcurate(path: Path, n: int, niter: int) -> np.ndarray:
    from curation.semdedup.engine import SemParams, semdedup_file

    r = semdedup_file(path, DIM, [(0, n)], np.zeros(n, np.int64), np.zeros(n, np.int64), np.arange(n, dtype=np.int64),
                      SemParams(threshold=THRESHOLD, cluster_size=CLUSTER_SIZE, niter=niter, seed=SEED))
    return r.representative


def run_peer(path: Path, n: int, niter: int) -> np.ndarray:
    import faiss

    from curation.dedup.cluster import UnionFind

    x = np.fromfile(path, dtype=np.float32).reshape(n, DIM)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    k = math.ceil(n / CLUSTER_SIZE)
    km = faiss.Kmeans(DIM, k, niter=niter, seed=SEED, spherical=True, verbose=False)
    km.train(x)
    _, labels = km.index.search(x, 1)
    labels = labels[:, 0]
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(k + 1))
    rep = np.arange(n, dtype=np.int64)
    for c in range(k):
        rows = order[bounds[c] : bounds[c + 1]]
        if rows.size < 2:
            continue
        sim = x[rows] @ x[rows].T
        i, j = np.nonzero(np.triu(sim >= THRESHOLD, 1))
        if i.size:
            uf = UnionFind(rows.size)
            uf.union(i, j)
            rep[rows] = rows[uf.roots()]  # roots are the smallest index: the first row of each group
    return rep


def peak_rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(system: str, path: Path, n: int, out: Path, niter: int) -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    rep = run_mlcurate(path, n, niter) if system == "mlcurate" else run_peer(path, n, niter)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    np.save(out, rep)
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "rss_mb": peak_rss_mb()}))


def found_copies(rep: np.ndarray, original: np.ndarray) -> float:
    copies = np.nonzero(original >= 0)[0]
    return float((rep[copies] == rep[original[copies]]).mean()) if copies.size else 1.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--centers", type=int, default=2_000)
    ap.add_argument("--dup-share", type=float, default=0.05)
    ap.add_argument("--systems", default="mlcurate,peer")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--niter", type=int, default=NITER, help="k-means iterations, both systems")
    ap.add_argument("--run", help=argparse.SUPPRESS)
    ap.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        return child(args.run, args.path, args.rows, args.out, args.niter)
    results, reps = {}, {}
    with tempfile.TemporaryDirectory(prefix="semdedup-bench-") as tmp:
        path = Path(tmp) / "emb.f32"
        t0 = time.perf_counter()
        original = make_corpus(path, args.rows, args.centers, args.dup_share, args.seed)
        print(f"corpus: {args.rows:,} x {DIM} float32 ({path.stat().st_size / 2**30:.2f} GiB), {int((original >= 0).sum()):,} "
              f"planted copies; built in {time.perf_counter() - t0:.0f}s; k = {math.ceil(args.rows / CLUSTER_SIZE)}, "
              f"threshold {THRESHOLD}, {args.niter} k-means iterations")
        for system in args.systems.split(","):
            out = Path(tmp) / f"{system}.npy"
            proc = subprocess.run([sys.executable, __file__, "--run", system, "--path", str(path), "--rows", str(args.rows),
                                   "--out", str(out), "--niter", str(args.niter)], capture_output=True, text=True)
            if proc.returncode:
                raise SystemExit(f"{system} failed:\n{proc.stderr[-3000:]}")
            res = json.loads(proc.stdout.strip().splitlines()[-1])
            reps[system] = np.load(out)
            res["removed"] = int((reps[system] != np.arange(args.rows)).sum())
            res["planted_found"] = found_copies(reps[system], original)
            results[system] = res
            print(f"{system}: {res['seconds']:.1f}s wall, {res['cpu_seconds']:.1f} CPU s, peak RSS {res['rss_mb']:,.0f} MB; "
                  f"removed {res['removed']:,}; planted copies found {res['planted_found']:.4f}")
    if "peer" in results and "mlcurate" in results:
        a, b = (set(np.nonzero(reps[s] != np.arange(args.rows))[0].tolist()) for s in ("mlcurate", "peer"))
        m, p = results["mlcurate"], results["peer"]
        print(f"mlcurate / peer: {p['seconds'] / m['seconds']:.2f}x speed (wall), {p['cpu_seconds'] / m['cpu_seconds']:.2f}x (CPU), "
              f"peak RSS {m['rss_mb'] / p['rss_mb']:.2f}x ({m['rss_mb']:,.0f} vs {p['rss_mb']:,.0f} MB); removed-set agreement "
              f"{len(a & b) / max(1, len(a | b)):.4f}")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
