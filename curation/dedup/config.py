"""`dedup:` section of the pipeline file: exact + MinHash near-duplicate settings."""

from typing import Literal

from pydantic import Field, model_validator

from ..config import Strict

PARTITION_COLUMNS = ("task", "lang", "source", "split")


class DedupConfig(Strict):
    """`dedup:` section of configs/pipeline.yaml."""

    unit: Literal["query", "positive", "pair"] = Field("query", description="text compared: query, positive, or the pair")
    partition_by: list[Literal[PARTITION_COLUMNS]] = Field(
        default_factory=lambda: ["task"], description="duplicates are looked for only among samples sharing these columns ([] = all)")
    threshold: float = Field(0.7, gt=0, le=1, description="Jaccard of shingle sets at or above which two texts are near duplicates")
    num_perm: int = Field(128, ge=8, description="MinHash permutations")
    bands: int = Field(32, ge=1, description="LSH bands (bands x rows <= num_perm); more bands find more candidates below the threshold")
    rows: int = Field(4, ge=1, description="rows per LSH band")
    ngram: int = Field(5, ge=1, description="shingle size, in the units `shingles` picks (words or characters)")
    shingles: Literal["word", "char", "auto"] = Field(
        "auto", description="word: word n-grams for space-delimited scripts, characters for Han/Kana/Thai/...; "
                            "char: character n-grams for every script (robust to edited words); auto: the measured default (char)")
    seed: int = Field(1, description="seed of the MinHash permutations")
    source_priority: list[str] = Field(default_factory=list, description="sources to keep first in a cluster (then longest, then oldest)")
    engine: Literal["numpy", "datatrove"] = Field(
        "numpy", description="numpy: single-machine vectorised path; datatrove: MinHash stages on the configured executor")

    @model_validator(mode="after")
    def _bands(self):
        if self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands x rows = {self.bands * self.rows} exceeds num_perm = {self.num_perm}; lower bands or rows")
        return self

    def near_params(self):
        """The engine's `NearParams` (imported here: the config stays light to import)."""
        from .engine import NearParams

        return NearParams(self.threshold, self.num_perm, self.bands, self.rows, self.ngram, self.seed, shingles=self.shingles)
