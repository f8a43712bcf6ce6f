"""`decont:` section of the pipeline file: when a training text counts as overlapping a reference text."""

from typing import Literal

from pydantic import Field

from ..config import Strict


class DecontConfig(Strict):
    """`decont:` section of configs/pipeline.yaml.

    Texts are compared after the shared normaliser (`curation.textnorm.TEXT_EQ`: NFKC, case folding,
    punctuation and whitespace runs to one space). A text is split into words, or into characters
    when most of its letters are in a script written without spaces (Han, Kana, Thai, Lao, Khmer,
    Myanmar, Tibetan; `curation.scripts`). Texts shorter than `min_words` words / `min_chars`
    characters are never compared, on either side, so short common phrases never count.
    """

    word_ngram: int = Field(13, ge=3, description="n-gram size in words for space-delimited scripts (13: the GPT-3 / datatrove choice)")
    char_ngram: int = Field(25, ge=5, description="n-gram size in characters for scripts written without spaces "
                            "(Han, Kana, Thai, ...); 25 characters are about 13 Chinese words")
    min_words: int = Field(8, ge=1, description="space-delimited texts with fewer words are never flagged (nor used as references)")
    min_chars: int = Field(16, ge=1, description="texts in scripts without spaces with fewer characters are never flagged "
                           "(nor used as references)")
    min_share: float = Field(0.5, gt=0, le=1, description="an n-gram match counts when the shared n-grams are at least this "
                             "share of the shorter text's n-grams (0.5: half of the shorter text lies inside the other)")
    exact: bool = Field(True, description="also flag texts whose normalised text equals a reference's (texts shorter than one n-gram "
                        "can only match this way)")
    fields: list[Literal["query", "positive", "negatives"]] = Field(default_factory=lambda: ["query", "positive", "negatives"],
                              description="training-sample fields checked (and reference fields indexed): query, positive, negatives")
    common_ngram_refs: int = Field(50, ge=1, description="an n-gram found in more reference texts than this is boilerplate "
                                   "(a shared template), not evidence of overlap: it is ignored when matching")
    max_matches: int = Field(8, ge=1, description="matches kept per training sample in the layer's `matched` list (the best first)")
    batch_size: int = Field(1024, ge=64, description="training samples hashed and probed at a time (bounds each task's memory)")
