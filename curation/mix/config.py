"""`mix:` section of the pipeline file: which mixture specs the mix stage exports."""

from pydantic import Field

from ..config import Strict


class MixStageConfig(Strict):
    """`mix:` section of configs/pipeline.yaml (`mlcurate mix SPEC` sets `specs` to SPEC)."""

    specs: list[str] = Field(default_factory=list, description="mixture spec files, relative to the pipeline file, e.g. [mixtures/quickstart.yaml]")
    dry_run: bool = Field(False, description="print each plan and write nothing")
    full_plan: bool = Field(False, description="print the per-language plan table, not only its summary")
