"""`ingest:` section of the pipeline file.

The sources themselves are the pipeline's top-level `sources:` files (each validated as a
`curation.config.SourceConfig`); this section holds settings of the stage as a whole.
"""

from pydantic import Field

from ..config import Strict


class IngestConfig(Strict):
    """`ingest:` section of configs/pipeline.yaml (optional)."""

    only: list[str] = Field(default_factory=list, description="ingest only these source names (default: every configured source)")
