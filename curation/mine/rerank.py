"""Cross-encoder rescoring of mined candidates (`mine.rerank`).

A bi-encoder scores query and passage apart; a cross-encoder reads them together and is the usual
judge of "does this passage actually answer the query" (sentence-transformers'
`mine_hard_negatives(cross_encoder=...)`, FlagEmbedding's reranker scores for distillation). The
stage rescores the candidates that survive the F2LLM filter and drops those the reranker scores
too close to (or above) the positive: likely false negatives.

Any Hugging Face sequence-classification model works (`AutoModelForSequenceClassification`):
a 1-label head is read as sigmoid(logit), a 2-label head as P(label 1), so scores are in [0, 1]
and `max_score` / `relative` thresholds mean the same for both. Pairs are tokenised once, sorted
by length (little padding) and scored in batches; bf16 on CUDA (one thread per GPU of the node,
like the encoder), fp32 on CPU.

    Reranker("path/to/cross-encoder").score(["q1", "q2"], ["p1", "p2"])  # -> (2,) float32
"""


import numpy as np

from ..errors import ConfigError
from .encoder import Encoder, _fingerprint, _torch, on_each_device, resolve_model


class Reranker:
    """Scores (query, passage) pairs with one cross-encoder; see the module docstring."""

    def __init__(self, model: str, *, max_length: int = 512, batch_size: int = 64, device: str | None = None):
        torch, transformers = _torch()
        self.name, self.path = model, resolve_model(model)
        self.max_length, self.batch_size = max_length, batch_size
        try:
            config = transformers.AutoConfig.from_pretrained(self.path)  # num_labels as the model will load it
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(self.path)
        except (OSError, ValueError) as e:
            raise ConfigError(f"cannot load reranker '{model}': {e}", key="mine.rerank.model",
                              fix="give a local cross-encoder folder, or a Hub name with network access") from None
        self.num_labels = int(config.num_labels)
        if self.num_labels not in (1, 2):
            raise ConfigError(f"reranker '{model}' has {self.num_labels} labels; a cross-encoder has 1 (a relevance logit) or 2",
                              key="mine.rerank.model", fix="use a reranker / cross-encoder checkpoint")
        self.devices = Encoder._devices(torch, device, None)
        dtype = torch.bfloat16 if self.devices[0].startswith("cuda") else torch.float32
        load = transformers.AutoModelForSequenceClassification.from_pretrained
        try:
            self.models = [load(self.path, dtype=dtype).to(d).eval() for d in self.devices]
        except (OSError, ValueError) as e:
            raise ConfigError(f"cannot load reranker '{model}' as a sequence-classification model: {e}", key="mine.rerank.model",
                              fix="use a cross-encoder checkpoint (AutoModelForSequenceClassification)") from None

    @property
    def key(self) -> dict:
        """What the scores depend on besides the texts (recorded in the run's config hash)."""
        return {"model": self.name, "path_fingerprint": _fingerprint(self.path), "max_length": self.max_length}

    def score(self, queries: list[str], passages: list[str]) -> np.ndarray:
        """(n,) float32 relevance in [0, 1] of each (queries[i], passages[i])."""
        out = np.zeros(len(queries), dtype=np.float32)
        if not queries:
            return out
        enc = self.tokenizer(queries, passages, truncation=True, max_length=self.max_length)
        ids, types = enc["input_ids"], enc.get("token_type_ids")
        order = np.argsort([-len(x) for x in ids], kind="stable")
        batches = [order[s:s + self.batch_size] for s in range(0, len(order), self.batch_size)]

        def work(rank: int):
            for b in batches[rank::len(self.models)]:
                out[b] = self._forward(self.models[rank], self.devices[rank], [ids[i] for i in b],
                                       [types[i] for i in b] if types is not None else None)

        on_each_device(len(self.models), work)
        return out

    def _forward(self, model, device: str, ids: list[list[int]], types: list[list[int]] | None) -> np.ndarray:
        import torch

        width = max(len(x) for x in ids)
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        input_ids = torch.full((len(ids), width), pad, dtype=torch.long)
        mask = torch.zeros((len(ids), width), dtype=torch.long)
        token_types = torch.zeros((len(ids), width), dtype=torch.long)
        for i, x in enumerate(ids):
            input_ids[i, :len(x)] = torch.tensor(x)
            mask[i, :len(x)] = 1
            if types is not None:
                token_types[i, :len(x)] = torch.tensor(types[i])
        inputs = {"input_ids": input_ids.to(device), "attention_mask": mask.to(device)}
        if types is not None:
            inputs["token_type_ids"] = token_types.to(device)
        with torch.inference_mode():
            logits = model(**inputs).logits.float()  # (batch, num_labels)
            probs = torch.sigmoid(logits[:, 0]) if self.num_labels == 1 else torch.softmax(logits, -1)[:, 1]
            return probs.cpu().numpy()
