"""The embedding model: a Hugging Face `AutoModel` + pooling, its tokenization, and the export
that loads with both `AutoModel` and `SentenceTransformer(path)`.

Pooling (curation/embedding.py, the rule mining uses): last token for decoders (Qwen3, Llama, ...),
CLS where a sentence-transformers pooling config says so, else mean over tokens. Every sequence ends with EOS (SEP for BERT tokenizers),
padded on the right. bf16 on CUDA, fp32 on CPU; SDPA attention unless flash-attention is installed.
"""

import importlib.util
import json
import os
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from curation.embedding import default_pooling, pool, resolve_model
from curation.errors import ConfigError


def resolve_model_path(value: str) -> str:
    """A model folder, `pkg:<module>/<subfolder>`, a packaged model's name, or a Hub name
    (one resolver for mining, mixtures and training: curation/embedding.py)."""
    return resolve_model(value, key="model")


def pick_attention(requested: str) -> str:
    if requested != "auto":
        return requested
    if torch.cuda.is_available() and importlib.util.find_spec("flash_attn") is not None:
        return "flash_attention_2"
    return "sdpa"


def pick_dtype(requested: str) -> tuple[torch.dtype, torch.dtype | None]:
    """(weight dtype, autocast dtype). `auto`: fp32 weights with bf16 autocast on CUDA (the
    optimizer keeps fp32 master weights), plain fp32 on CPU; `bf16`/`fp16`: weights in that dtype."""
    if requested == "auto":
        bf16 = torch.cuda.is_available() and torch.cuda.is_bf16_supported()
        return torch.float32, (torch.bfloat16 if bf16 else None)
    return {"bf16": torch.bfloat16, "fp32": torch.float32, "fp16": torch.float16}[requested], None


class Embedder(nn.Module):
    """AutoModel + pooling. `forward(input_ids, attention_mask)` -> unnormalized [n, d] embeddings."""

    def __init__(self, model: nn.Module, pooling: str, autocast: torch.dtype | None = None):
        super().__init__()
        self.model, self.pooling, self.autocast = model, pooling, autocast

    @classmethod
    def load(cls, path: str, pooling: str = "auto", attention: str = "auto", dtype: str = "auto",
             gradient_checkpointing: bool = False) -> "Embedder":
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from transformers import AutoModel

        path = resolve_model_path(path)
        weights, autocast = pick_dtype(dtype)
        model = AutoModel.from_pretrained(path, attn_implementation=pick_attention(attention), dtype=weights)
        embedder = cls.wrap(model, pooling, gradient_checkpointing)
        embedder.autocast = autocast
        return embedder

    @classmethod
    def wrap(cls, model: nn.Module, pooling: str = "auto", gradient_checkpointing: bool = False) -> "Embedder":
        if gradient_checkpointing:
            model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        if hasattr(model.config, "use_cache"):
            model.config.use_cache = False
        if getattr(model, "pooler", None) is not None:
            # BERT's pooler head is not part of our pooling: frozen, so DDP does not wait for
            # gradients it never gets (it stays in the export unchanged)
            model.pooler.requires_grad_(False)
        auto = default_pooling(model.config.to_dict(), getattr(model.config, "_name_or_path", "") or "")
        return cls(model, auto if pooling == "auto" else pooling)

    @property
    def hidden_size(self) -> int:
        return self.model.config.hidden_size

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        with torch.autocast(input_ids.device.type, dtype=self.autocast, enabled=self.autocast is not None):
            out = self.model(input_ids=input_ids, attention_mask=attention_mask)
        return pool(out.last_hidden_state, attention_mask, self.pooling, normalize=False)


class TokenizerWithEOS:
    """Texts (or ready token ids) -> right-padded tensors, each sequence ending with EOS."""

    def __init__(self, tokenizer, max_length: int):
        self.tok, self.max_length = tokenizer, max_length
        self.eos = tokenizer.eos_token_id if tokenizer.eos_token_id is not None else tokenizer.sep_token_id
        if self.eos is None:
            raise ConfigError("the tokenizer has neither an EOS nor a SEP token", key="model", fix="use a tokenizer that defines eos_token")
        pad = tokenizer.pad_token_id
        self.pad = pad if pad is not None else self.eos

    def ids(self, items: list, max_length: int | None = None) -> list[list[int]]:
        max_length = max_length or self.max_length
        texts = [x for x in items if isinstance(x, str)]
        encoded = iter(self.tok(texts, add_special_tokens=True, truncation=True, max_length=max_length,
                                verbose=False)["input_ids"] if texts else [])
        out = []
        for x in items:
            ids = list(next(encoded)) if isinstance(x, str) else list(x)
            if not ids or ids[-1] != self.eos:
                ids.append(self.eos)
            out.append(ids if len(ids) <= max_length else ids[: max_length - 1] + [self.eos])
        return out

    def pad_batch(self, seqs: list[list[int]], device) -> tuple[torch.Tensor, torch.Tensor]:
        width = max(len(s) for s in seqs)
        ids = torch.full((len(seqs), width), self.pad, dtype=torch.long)
        mask = torch.zeros((len(seqs), width), dtype=torch.long)
        for i, s in enumerate(seqs):
            ids[i, : len(s)] = torch.tensor(s)
            mask[i, : len(s)] = 1
        return ids.to(device), mask.to(device)


@torch.no_grad()
def encode(embedder: Embedder, tokenizer: TokenizerWithEOS, texts: list, batch_size: int = 64,
           max_length: int | None = None) -> torch.Tensor:
    """L2-normalized embeddings [n, d] (fp32, CPU) of `texts`, in order; model in eval mode."""
    was_training = embedder.training
    embedder.eval()
    device = next(embedder.parameters()).device
    out = []
    seqs = tokenizer.ids(texts, max_length)
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))  # similar lengths share a batch
    for start in range(0, len(order), batch_size):
        chunk = order[start:start + batch_size]
        ids, mask = tokenizer.pad_batch([seqs[i] for i in chunk], device)
        out.append((torch.tensor(chunk), F.normalize(embedder(ids, mask), dim=-1).cpu()))
    embedder.train(was_training)
    idx = torch.cat([i for i, _ in out])
    emb = torch.cat([e for _, e in out])
    result = torch.empty_like(emb)
    result[idx] = emb
    return result


def export(embedder: Embedder, tokenizer, out: Path, max_length: int) -> None:
    """Save weights + tokenizer (AutoModel) and the sentence-transformers module files:
    modules.json, sentence_bert_config.json, 1_Pooling/config.json, 2_Normalize."""
    out.mkdir(parents=True, exist_ok=True)
    embedder.model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    (out / "modules.json").write_text(json.dumps(modules, indent=2))
    (out / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": max_length, "do_lower_case": False}, indent=2))
    (out / "1_Pooling").mkdir(exist_ok=True)
    pooling = {"word_embedding_dimension": embedder.hidden_size, "pooling_mode_cls_token": embedder.pooling == "cls",
               "pooling_mode_mean_tokens": embedder.pooling == "mean", "pooling_mode_max_tokens": False,
               "pooling_mode_mean_sqrt_len_tokens": False, "pooling_mode_weightedmean_tokens": False,
               "pooling_mode_lasttoken": embedder.pooling == "last", "include_prompt": True}
    (out / "1_Pooling" / "config.json").write_text(json.dumps(pooling, indent=2))
    (out / "2_Normalize").mkdir(exist_ok=True)
