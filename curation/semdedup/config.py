"""`semdedup:` section of the pipeline file: semantic deduplication over cached embeddings."""

from typing import Literal

from pydantic import Field

from ..config import Strict
from ..dedup.config import PARTITION_COLUMNS


class SemDedupConfig(Strict):
    """`semdedup:` section of configs/pipeline.yaml.

    The encoder settings (`model`, `pooling`, `max_length`, `instruction`, `use_sample_instruction`)
    must equal the `mine:` section's for the mining stage's cached embeddings to be reused: the
    cache is keyed by model, pooling, max length and the exact encoded text (queries with their
    instruction prefix). Texts the cache does not hold are encoded with that encoder and cached
    (`encode_missing: true`), or left uncompared with reason `no-embedding` and counted.
    """

    unit: Literal["query", "positive"] = Field("query", description="text whose embedding is compared: query (as mining encodes it) or positive")
    partition_by: list[Literal[PARTITION_COLUMNS]] = Field(
        default_factory=lambda: ["task", "lang"], description="duplicates are looked for only among samples sharing these columns ([] = all)")
    view: str = Field("samples_deduped", description="samples considered (samples_deduped: samples_clean before semdedup itself)")
    where: str | None = Field(None, description="SQL condition on the view's columns selecting the samples compared, "
                                                "e.g. \"lang LIKE 'eng%'\" for an English-only encoder; the others are not annotated")
    threshold: float = Field(0.95, gt=0, le=1, description="cosine similarity at or above which two samples are semantic duplicates")
    cluster_size: int = Field(1000, ge=2, description="target samples per k-means cluster (k = ceil(partition size / cluster_size))")
    train_sample: int = Field(100_000, ge=100, description="samples k-means trains on per partition (memory: train_sample x dim x 4 bytes)")
    niter: int = Field(20, ge=1, description="k-means iterations")
    seed: int = Field(1, description="seed of the k-means sample and initialisation")
    remove: bool = Field(True, description="true: samples_clean leaves duplicates out; false: only annotate them")
    source_priority: list[str] = Field(default_factory=list, description="sources to keep first in a group (then longest, then oldest), as dedup")
    encode_missing: bool = Field(True, description="encode (and cache) texts the embedding cache lacks; false: count them, reason no-embedding")
    model: str = Field("all-MiniLM-L6-v2", description="encoder of the cached embeddings (as mine.model)")
    pooling: str | None = Field(None, description="as mine.pooling")
    max_length: int = Field(256, ge=8, description="as mine.max_length")
    instruction: str | None = Field(None, description="as mine.instruction (unit: query)")
    use_sample_instruction: bool = Field(True, description="as mine.use_sample_instruction (unit: query)")
    device: str | None = Field(None, description="encoder device for missing texts (default: GPU when present, else cpu)")

    def params(self):
        """The engine's `SemParams` (imported here: the config stays light to import)."""
        from .engine import SemParams

        return SemParams(self.threshold, self.cluster_size, self.train_sample, self.niter, self.seed)
