"""`langid:` section of the pipeline file: the LID stage's settings and `mlcurate langid train`'s."""

from typing import Literal

from pydantic import Field

from ..config import Strict

STATUSES = ("too_short", "undeclared", "mixed_script", "script_mismatch", "unlisted_script", "unsupported", "match",
            "close_relative", "low_confidence", "unreliable", "mismatch")
# Default action of each status (configs/pipeline.yaml `langid.drop`, README "Language identification").
DEFAULT_DROP = ["mismatch", "script_mismatch", "mixed_script", "unlisted_script"]


class LidTrainConfig(Strict):
    """`langid.train`: how `mlcurate langid train` builds a fastText LID from the corpus."""

    sources: list[str] = Field(default_factory=list, description="sources to learn from (default: every natural-language source)")
    group_key: str = Field("article", description="meta field whose value is one holdout unit; rows without it are grouped by sample id")
    holdout_groups: list[str | int] = Field(default_factory=list, description="group values held out for evaluation (e.g. UDHR articles 11-15); empty: use holdout_fraction")
    holdout_fraction: float = Field(0.2, gt=0, lt=1, description="share of groups held out (by hash) when holdout_groups is empty")
    max_per_language: int = Field(200, ge=1, description="cap of training texts per language (balancing)")
    min_per_language: int = Field(20, ge=1, description="languages with fewer texts are repeated up to this many (balancing)")
    max_chars: int = Field(1000, ge=10, description="texts are cut to this many characters")
    dim: int = Field(32, ge=2, description="fastText embedding size")
    epoch: int = Field(100, ge=1, description="fastText epochs (100: 0.935 on held-out UDHR articles vs 0.897 at 40; ~2.5x the training time)")
    lr: float = Field(0.8, gt=0, description="fastText learning rate")
    minn: int = Field(3, ge=0, description="shortest character n-gram (3: bigrams mostly add noise across 448 languages)")
    maxn: int = Field(6, ge=0, description="longest character n-gram (6 reaches whole short words)")
    bucket: int = Field(100_000, ge=1000, description="hash buckets for character n-grams (model size)")
    threads: int = Field(2, ge=1, description="training threads")
    quantize: bool = Field(False, description="quantize to .ftz (smaller, slower to build)")
    seed: int = Field(0, description="seed of the balancing sample")


class LidConfig(Strict):
    """`langid:` in configs/pipeline.yaml."""

    model: str = Field("heliport-1", description="backend name (heliport-1, fasttext-lid176) or a model trained with `mlcurate langid train --name`")
    model_path: str | None = Field(None, description="any fastText LID model file (GlotLID, OpenLID); used under the name `model`")
    fields: list[Literal["query", "positive"]] = Field(default_factory=lambda: ["query", "positive"], description="text fields to identify; `positive` only where it is natural language (not code)")
    max_chars: int = Field(1000, ge=10, description="texts are cut to this many characters before prediction")
    min_chars: int = Field(20, ge=0, description="shorter texts are predicted but not judged (status too_short)")
    top_k: int = Field(3, ge=1, le=10, description="how many predictions to keep per text")
    batch_size: int = Field(4096, ge=1, description="texts per prediction batch")
    mixed_script_share: float = Field(0.8, gt=0, le=1, description="below this share of letters in the main script a text is mixed_script")
    thresholds: dict[str, float] = Field(default_factory=lambda: {"default": 0.4}, description="minimum top-1 score per predicted language for a mismatch to count; key `default` for the rest")
    drop: list[Literal[STATUSES]] = Field(default_factory=lambda: list(DEFAULT_DROP), description="statuses that samples_clean excludes (every other status is kept)")
    policy: Literal["model", "off"] = Field("model", description="`model`: judge disagreements with the backend's model card (close_relative, unreliable); `off`: every confident disagreement is a mismatch")
    min_recall: float = Field(0.85, ge=0, le=1, description="model-card recall a backend needs on the declared language for its disagreement to be a mismatch (else unreliable)")
    min_support: int = Field(5, ge=1, description="texts of the declared language the model card must have measured; fewer: unreliable")
    min_precision: float = Field(0.95, ge=0, le=1, description="model-card precision a prediction needs to overrule a declared language the backend cannot output (else unsupported)")
    vote: list[str] = Field(default_factory=list, description="second opinions: more backends (e.g. [heliport-1, udhr] with `udhr` from `mlcurate langid train --name udhr`); a drop by model needs `vote_rule` of them")
    vote_rule: Literal["all", "majority", "any"] = Field("all", description="how many of the backends that can judge the declared language must call a text a mismatch for it to stay one")
    card: str | None = Field(None, description="model card JSON (reliability per language) to use instead of the one shipped with / trained into the model")
    train: LidTrainConfig = Field(default_factory=LidTrainConfig)

    def threshold(self, code: str) -> float:
        return self.thresholds.get(code, self.thresholds.get("default", 0.4))
