"""Mixture export time and peak memory vs a plain Polars sample-and-write baseline.

    python benchmarks/mix_bench.py                  # 1M generated samples, export 500k
    python benchmarks/mix_bench.py --rows 100000    # quicker
    python benchmarks/mix_bench.py --rows 200000 --sources 300 --layout codefuse --unscoped   # the issue-15 regression

`--unscoped` also times the export with per-source view scoping turned off (mix/scope.py: every
per-source query then reads every source's files, as before the fix), so the speed-up shows.

A workspace is filled with a skewed retrieval corpus (30 languages, Zipf-like sizes, 2 negatives
each). mlcurate plans the mixture (α = 0.3, cap, upsampling limit) and writes F2LLM-layout shards
with a manifest; the baseline reads the same Parquet with Polars, takes the same per-language counts
with `sample(seed=...)` and writes one Parquet file. Both run as child processes; peak RSS is sampled
over each process tree from /proc. The baseline skips what makes the mixture trustworthy (hash-seeded
order-independent selection, upsampling, one source per shard, negatives columns, checksums,
manifest), so the ratio is a cost to keep small, not a race.
"""

import argparse
import os
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_bench import measure  # noqa: E402  (samples the process tree's RSS from /proc)

REPO = Path(__file__).resolve().parents[1]
LANGS = [f"l{i:02d}_Latn" for i in range(30)]


def generate(ws: Path, rows: int, sources: int = 4) -> None:
    """Write `rows` samples into a fresh workspace: language i gets a share ∝ 1/(i+1)."""
    sys.path.insert(0, str(REPO))
    from curation.schema import SAMPLE_SCHEMA
    from curation.store import Workspace, write_parquet_atomic

    w = Workspace(ws)
    w.init()
    weights = [1 / (i + 1) for i in range(len(LANGS))]
    sizes = [max(1, int(rows * x / sum(weights))) for x in weights]
    sizes[0] += rows - sum(sizes)
    chunk = 200_000
    lang_col = [lang for lang, n in zip(LANGS, sizes) for _ in range(n)]
    for start in range(0, rows, chunk):
        idx = range(start, min(start + chunk, rows))
        langs = lang_col[start:start + chunk]
        table = pa.table({
            "sample_id": [f"{i:016x}" for i in idx], "source": [f"src{i % sources}" for i in idx],
            "split": ["train"] * len(idx), "task": ["retrieval"] * len(idx), "instruction": [None] * len(idx),
            "query": [f"what is the answer to question number {i} in {lang}?" for i, lang in zip(idx, langs)],
            "positive": [f"the answer to question {i} is a passage of some length about topic {i % 977}." for i in idx],
            "negatives": [[f"an unrelated passage {i % 1013}", f"another unrelated passage {i % 541}"] for i in idx],
            "label": [None] * len(idx), "lang": langs, "pos_lang": [None] * len(idx), "code_lang": [None] * len(idx),
            "meta": [None] * len(idx),
        }, schema=SAMPLE_SCHEMA)
        for s in range(sources):
            part = table.filter(pa.compute.equal(table["source"], f"src{s}"))
            write_parquet_atomic(part, ws / "samples" / f"source=src{s}" / f"part-{start:09d}.parquet")


BASELINE = textwrap.dedent("""
    import sys, polars as pl
    ws, out, total, alpha, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    df = pl.read_parquet(f"{ws}/samples/**/*.parquet")
    sizes = df.group_by("lang").len().sort("lang")
    weights = sizes["len"].cast(pl.Float64) ** alpha
    plan = dict(zip(sizes["lang"], (weights / weights.sum() * total).round().cast(pl.Int64)))
    parts = [g.sample(n=min(plan[k[0]], g.height), seed=seed) for k, g in df.group_by("lang", maintain_order=True)]
    pl.concat(parts).select("query", "positive", "task", "instruction", "lang", "source", "sample_id").write_parquet(out)
""")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="samples to generate (default 1M)")
    ap.add_argument("--total", type=int, help="mixture size (default: half of --rows)")
    ap.add_argument("--dir", type=Path, help="scratch folder (default: a temp dir, removed at the end)")
    ap.add_argument("--sources", type=int, default=4, help="sources the samples are spread over (default 4)")
    ap.add_argument("--layout", choices=["f2llm", "codefuse"], default="f2llm", help="mixture layout (default f2llm)")
    ap.add_argument("--unscoped", action="store_true", help="also time the export without per-source view scoping (before the fix)")
    args = ap.parse_args()
    total = args.total or args.rows // 2

    scratch = args.dir or Path(tempfile.mkdtemp(prefix="mix-bench-"))
    ws = scratch / "ws"
    shutil.rmtree(ws, ignore_errors=True)
    generate(ws, args.rows, args.sources)
    print(f"generated {args.rows:,} samples in {len(LANGS)} languages and {args.sources} sources; mixture of {total:,} ({args.layout})")
    spec = scratch / "bench.yaml"
    layout = "layout: codefuse\nallow_unknown_datasets: true\n" if args.layout == "codefuse" else "num_negatives: {retrieval: 2}\n"
    spec.write_text(f"name: bench\ntotal: {total}\nalpha: 0.3\ncap: {total // 10}\nmax_epochs: 2\n{layout}shard_size: 100000\nseed: 0\n")
    cmd = [sys.executable, "-m", "curation.cli", "mix", str(spec), "-w", str(ws), "--force"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    ours_s, ours_rss = measure(cmd, env=env)
    if args.unscoped:
        unscoped = ("import sys; from curation.mix import export, codefuse; "
                    "export.layer_views = codefuse.layer_views = lambda con: []; "
                    "from curation.cli import main; sys.exit(main(sys.argv[1:]))")
        old_s, old_rss = measure([sys.executable, "-c", unscoped, "mix", str(spec), "-w", str(ws), "--force"], env=env)
        print(f"unscoped views  : {total / old_s:>10,.0f} rows/s  {old_s:6.1f} s  peak RSS {old_rss / 2**20:6.0f} MiB  "
              f"(scoped is {old_s / ours_s:.1f}x faster)")
    base_s, base_rss = measure([sys.executable, "-c", BASELINE, str(ws), str(scratch / "polars.parquet"), str(total), "0.3", "0"])

    print(f"mlcurate mix    : {total / ours_s:>10,.0f} rows/s  {ours_s:6.1f} s  peak RSS {ours_rss / 2**20:6.0f} MiB")
    print(f"polars baseline : {total / base_s:>10,.0f} rows/s  {base_s:6.1f} s  peak RSS {base_rss / 2**20:6.0f} MiB")
    print(f"ratio mlcurate/polars: time {ours_s / base_s:.2f}x, peak RSS {ours_rss / base_rss:.2f}x")
    if args.dir is None:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
