"""Retrieval evaluation on held-out pairs: recall@1, recall@10 and nDCG@10 per query language and
per Matryoshka dim.

The corpus is every distinct held-out passage text (bitext pairs share English passages, so a
query's relevant document is the one with its passage's text); each query has one relevant
document, so nDCG@10 = 1/log2(rank + 1) when it ranks in the top 10.
Outputs: rows of metrics (one per language and dim, plus `all`), a text table, a PNG truncation
curve when matplotlib is installed.
"""

import json
from collections import defaultdict
from pathlib import Path

import torch

from .model import Embedder, TokenizerWithEOS, encode

METRICS = ("recall@1", "recall@10", "ndcg@10")


def ranks_of_relevant(q: torch.Tensor, docs: torch.Tensor, relevant: torch.Tensor) -> torch.Tensor:
    """1-based rank of each query's relevant doc under cosine similarity (inputs normalized)."""
    scores = q @ docs.T
    own = scores.gather(1, relevant[:, None])
    return (scores > own).sum(1) + 1


def metrics_from_ranks(ranks: torch.Tensor) -> dict:
    r = ranks.float()
    return {"recall@1": float((r <= 1).float().mean()), "recall@10": float((r <= 10).float().mean()),
            "ndcg@10": float(torch.where(r <= 10, 1.0 / torch.log2(r + 1), torch.zeros_like(r)).mean())}


def format_query(row: dict, instructions: bool) -> object:
    if instructions and row.get("instruction") and isinstance(row["query"], str):
        return f"Instruct: {row['instruction']}\nQuery: {row['query']}"
    return row["query"]


def evaluate(embedder: Embedder, tokenizer: TokenizerWithEOS, pairs: list[dict], dims: list[int],
             instructions: bool = False, batch_size: int = 64, max_len_query: int = 512,
             max_len_passage: int = 1023) -> list[dict]:
    """Metric rows {lang, dim, n, recall@1, recall@10, ndcg@10} for every language and `all`."""
    corpus_index: dict = {}
    for r in pairs:
        corpus_index.setdefault(_key(r["passage"]), len(corpus_index))
    corpus = [None] * len(corpus_index)
    for r in pairs:
        corpus[corpus_index[_key(r["passage"])]] = r["passage"]
    relevant = torch.tensor([corpus_index[_key(r["passage"])] for r in pairs])
    q = encode(embedder, tokenizer, [format_query(r, instructions) for r in pairs], batch_size, max_len_query)
    d = encode(embedder, tokenizer, corpus, batch_size, max_len_passage)
    langs = defaultdict(list)
    for i, r in enumerate(pairs):
        langs[r["lang"]].append(i)
    rows = []
    for dim in dims:
        qd = torch.nn.functional.normalize(q[:, :dim], dim=-1)
        dd = torch.nn.functional.normalize(d[:, :dim], dim=-1)
        ranks = ranks_of_relevant(qd, dd, relevant)
        rows.append({"lang": "all", "dim": dim, "n": len(pairs), **metrics_from_ranks(ranks)})
        for lang, idx in sorted(langs.items()):
            rows.append({"lang": lang, "dim": dim, "n": len(idx), **metrics_from_ranks(ranks[torch.tensor(idx)])})
    return rows


def _key(x) -> object:
    return x if isinstance(x, str) else tuple(x)


def table(rows: list[dict], min_queries: int = 5, max_langs: int = 20) -> str:
    """`all` per dim, then the full-dim metrics of the largest languages (at least `min_queries`)."""
    lines = [f"{'lang':<10} {'dim':>5} {'n':>6} " + " ".join(f"{m:>9}" for m in METRICS)]
    full = max(r["dim"] for r in rows)
    shown = [r for r in rows if r["lang"] == "all"]
    per_lang = sorted((r for r in rows if r["lang"] != "all" and r["dim"] == full and r["n"] >= min_queries),
                      key=lambda r: (-r["n"], r["lang"]))
    for r in shown + per_lang[:max_langs]:
        lines.append(f"{r['lang']:<10} {r['dim']:>5} {r['n']:>6} " + " ".join(f"{r[m]:>9.3f}" for m in METRICS))
    hidden = len(per_lang) - max_langs
    if hidden > 0:
        lines.append(f"... {hidden} more languages in the JSONL file")
    return "\n".join(lines)


def compare_table(before: list[dict], after: list[dict]) -> str:
    """recall@10 and nDCG@10 of `all` per dim, before -> after."""
    b = {r["dim"]: r for r in before if r["lang"] == "all"}
    lines = [f"{'dim':>5} {'recall@10 before':>17} {'after':>7} {'ndcg@10 before':>15} {'after':>7}"]
    for r in (r for r in after if r["lang"] == "all"):
        lines.append(f"{r['dim']:>5} {b[r['dim']]['recall@10']:>17.3f} {r['recall@10']:>7.3f} "
                     f"{b[r['dim']]['ndcg@10']:>15.3f} {r['ndcg@10']:>7.3f}")
    return "\n".join(lines)


def write_results(rows: list[dict], out_dir: Path, step: int | None, label: str) -> list[str]:
    """Append rows to eval.jsonl, write the table and (with matplotlib) the truncation curve PNG.
    Returns notes for the user (e.g. the PNG skipped)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "eval.jsonl", "a") as f:
        for r in rows:
            f.write(json.dumps({"label": label, "step": step, **r}) + "\n")
    stem = f"{label}" + (f"-step{step:06d}" if step is not None else "")
    (out_dir / f"{stem}.txt").write_text(table(rows) + "\n")
    return plot_truncation(rows, out_dir / f"{stem}.png")


def plot_truncation(rows: list[dict], path: Path) -> list[str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return [f"PNG truncation curve skipped: matplotlib is not installed (pip install matplotlib); table in {path.with_suffix('.txt')}"]
    alls = sorted((r for r in rows if r["lang"] == "all"), key=lambda r: r["dim"])
    fig, ax = plt.subplots(figsize=(6, 4))
    for m in METRICS:
        ax.plot([r["dim"] for r in alls], [r[m] for r in alls], marker="o", label=m)
    ax.set_xscale("log", base=2)
    ax.set_xlabel("embedding dims kept")
    ax.set_ylim(0, 1)
    ax.legend()
    ax.set_title("held-out retrieval vs. Matryoshka truncation")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return []


def dims_for(hidden: int, configured: list[int] | None, min_dim: int) -> list[int]:
    from .losses import matryoshka_dims

    return configured or matryoshka_dims(hidden, min_dim)

