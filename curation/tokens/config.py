"""`tokens:` section of the pipeline file: which tokenizer counts tokens, and over which fields."""

from typing import Literal

from pydantic import Field

from ..config import Strict

TOKEN_FIELDS = ("query", "positive", "negatives")


class TokensConfig(Strict):
    """`tokens:` in configs/pipeline.yaml."""

    tokenizer: str | None = Field(None, description="tokenizer: a model folder (with tokenizer.json), a packaged model name "
                                  "such as all-MiniLM-L6-v2, or pkg:<module>/<subfolder>; default: the mining model (`mine.model`)")
    fields: list[Literal[TOKEN_FIELDS]] = Field(default_factory=lambda: list(TOKEN_FIELDS),
                                                description="sample fields to count; `negatives` counts the sum over the list")
    special_tokens: bool = Field(False, description="count the tokenizer's special tokens (CLS/SEP/BOS/EOS) too; "
                                 "default: content tokens only, so counts do not depend on how a trainer frames texts")
    batch_size: int = Field(8192, ge=1, description="texts per batch-encode call")
