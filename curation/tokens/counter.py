"""Counting tokens fast: the Rust `tokenizers` library's batch encode, no torch and no Python loop per text.

`TokenCounter(path)` loads `tokenizer.json` from a model folder (any Hugging Face fast tokenizer;
folders that only carry a slow tokenizer are converted by transformers once, at load), and
`count(texts)` returns the number of tokens of each text (None for a missing text) from one
`encode_batch_fast` call, which encodes on every core without computing character offsets.
"""

import hashlib
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ..embedding import resolve_model
from ..errors import ConfigError


def resolve_tokenizer_path(name: str) -> str:
    """A local folder for `name`: a path, `pkg:<module>/<sub>`, or a model name with a packaged copy
    (the same names `mine.model` accepts offline, e.g. all-MiniLM-L6-v2; curation/embedding.py)."""
    return resolve_model(name, key="tokens.tokenizer", local_only=True)


def fingerprint(path: str) -> str:
    """What the counts depend on: the tokenizer files' bytes."""
    digest = hashlib.sha256()
    for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "tokenizer.model", "spiece.model"):
        f = Path(path) / name
        if f.exists():
            digest.update(name.encode() + f.read_bytes())
    return digest.hexdigest()[:16]


def load_fast(path: str):
    """The `tokenizers.Tokenizer` of a model folder, without padding or truncation."""
    from tokenizers import Tokenizer

    file = Path(path) / "tokenizer.json"
    if file.exists():
        tok = Tokenizer.from_file(str(file))
    else:  # only a slow tokenizer: let transformers convert it once
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from transformers import AutoTokenizer
        except ImportError:
            raise ConfigError(f"{path} has no tokenizer.json and transformers is not installed to convert its tokenizer",
                              key="tokens.tokenizer", fix="pip install transformers, or give a folder with tokenizer.json") from None
        tok = AutoTokenizer.from_pretrained(path, use_fast=True).backend_tokenizer
    tok.no_padding()
    tok.no_truncation()
    return tok


class TokenCounter:
    """Tokens per text with one fast tokenizer. `count(["a b", None])` -> [2, None]."""

    def __init__(self, path: str, special_tokens: bool = False):
        self.path, self.special_tokens = path, special_tokens
        self.tok = load_fast(path)

    def count(self, texts: list[str | None]) -> list[int | None]:
        present = [i for i, t in enumerate(texts) if t is not None]
        out: list[int | None] = [None] * len(texts)
        if present:
            encoded = self.tok.encode_batch_fast([texts[i] for i in present], add_special_tokens=self.special_tokens)
            for i, e in zip(present, encoded):
                out[i] = len(e.ids)
        return out

    def count_array(self, texts: pa.Array) -> pa.Array:
        """Token counts of a string array (null stays null), int32."""
        return pa.array(self.count(texts.to_pylist()), pa.int32())

    def count_lists(self, lists: pa.Array) -> pa.Array:
        """Per row, the sum of the token counts of a list-of-strings array (null or empty list: null), int64."""
        lists = pa.chunked_array([lists]).combine_chunks() if not isinstance(lists, pa.Array) else lists
        flat = pc.list_flatten(lists)
        parents = pc.list_parent_indices(lists)
        counts = self.count(flat.to_pylist())
        sums: list[int | None] = [None] * len(lists)
        for p, c in zip(parents.to_pylist(), counts):
            if c is not None:
                sums[p] = (sums[p] or 0) + c
        return pa.array(sums, pa.int64())
