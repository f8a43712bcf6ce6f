"""The mixture spec (`configs/mixtures/*.yaml`), validated once at the edge.

    name: quickstart
    total: 2000                      # or `tasks: {retrieval: 1000, clustering: 500}`
    alpha: 0.3                       # p_l ∝ n_l^alpha within each task (1 natural, 0 uniform)
    floor: 2                         # per-language minimum within a task (bounded by max_epochs)
    cap: 200                         # per-language maximum within a task
    max_epochs: 2                    # a sample appears at most this many times
    source_weights: {udhr-bitext: 2} # scale a source's weight (0 excludes it)
    where: "split = 'train'"         # SQL over the view
    negatives: source                # source | mined | both
    shard_size: 1000
    seed: 0
    source_cap: 80000                # per-source maximum rows, drawn in seeded hash order
    layout: codefuse                 # f2llm (our shards) | codefuse (drop-in for the public F2LLM trainer)
    total_tokens: 50000000           # instead of `total`: a budget in tokens (query + positive, the `tokens` stage)
    licenses: {allow: [CC-BY-4.0, MIT], deny: [CC-BY-NC-4.0]}   # sources of other, denied or unknown licenses left out
"""

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from ..config import Strict, config_hash, load_yaml, validate
from ..errors import ConfigError
from ..schema import TASKS

DEFAULT_NEGATIVES = {"retrieval": 24, "clustering": 24, "classification": 1}
OTHER_TASKS_NEGATIVES = 24


UNKNOWN_LICENSES = ("", "unknown", "other", "none", "noassertion")


class LicensePolicy(Strict):
    """Which sources a mixture may use, by their `license:`. A source whose license is unknown
    (unset, `unknown`, `other`, `NOASSERTION`), denied, or (when `allow` is given) not allowed is
    left out; `--dry-run` and the export summary name each one and why. Matching ignores case."""

    allow: list[str] = Field(default_factory=list, description="licenses a source may have (empty: any known license not denied), e.g. [CC-BY-4.0, MIT, Apache-2.0, public-domain]")
    deny: list[str] = Field(default_factory=list, description="licenses that leave a source out, e.g. [CC-BY-NC-4.0, GPL-3.0]")

    def verdict(self, license: str | None) -> str | None:
        """None when the license passes, else why the source is left out."""
        lic = (license or "").strip()
        key = lic.lower()
        if key in UNKNOWN_LICENSES:
            return "license unknown"
        if key in {d.lower() for d in self.deny}:
            return f"license {lic} denied"
        if self.allow and key not in {a.lower() for a in self.allow}:
            return f"license {lic} not in allow"
        return None


class MixSpec(Strict):
    """A training mixture: what to draw from the curated view, how to balance it, how to write it."""

    name: str = Field(description="mixture name: the output folder mixtures/<name>/ (default: the spec file name)")
    view: str = Field("samples_clean", description="catalog view the samples come from")
    where: str | None = Field(None, description="SQL filter over the view's columns, e.g. \"split = 'train' AND lang <> 'und_Zyyy'\"")
    total: int | None = Field(None, gt=0, description="total samples; split over tasks by `task_weights` or by availability")
    total_tokens: int | None = Field(None, gt=0, description="instead of `total`: a budget in tokens (query + positive as counted by "
                                     "`mlcurate tokens`), split over tasks by `task_weights` or by available tokens; each task's "
                                     "sample budget is the largest whose plan stays within its tokens")
    task_weights: dict[str, float] = Field(default_factory=dict, description="with `total` or `total_tokens`: relative share per task, e.g. {retrieval: 3, clustering: 1}")
    tasks: dict[str, int] = Field(default_factory=dict, description="per-task budgets in samples, e.g. {retrieval: 1000, clustering: 500} (instead of `total`)")
    alpha: float = Field(0.3, ge=0, le=1, description="language temperature: p_l ∝ n_l^alpha within each task (1 = natural, 0 = uniform)")
    floor: int = Field(0, ge=0, description="minimum samples per language within a task (never above available × max_epochs)")
    cap: int | None = Field(None, gt=0, description="maximum samples per language within a task")
    max_epochs: float = Field(1.0, ge=1, description="upsampling limit: a sample is repeated at most this many times")
    source_weights: dict[str, float] = Field(default_factory=dict, description="per-source weight multiplying its size (default 1; 0 excludes the source)")
    negatives: Literal["source", "mined", "both"] = Field("source", description="hard negatives: source-provided, mined (view mined_negatives), or both (mined first)")
    num_negatives: dict[str, int] = Field(default_factory=dict, description="negatives per task (default: 24 for retrieval and clustering, 1 for classification, 24 otherwise)")
    shard_size: int = Field(100_000, gt=0, description="rows per shard (a shard holds one source)")
    seed: int = Field(0, description="seed of every selection (hashed with sample_id, so results do not depend on row order)")
    tokenizer: str | None = Field(None, description="Hugging Face tokenizer path: also write the tokenized layout under tokenized/")
    max_length: int | None = Field(None, gt=1, description="with `tokenizer`: truncate texts to this many tokens (EOS included)")
    batch_rows: int = Field(20_000, gt=0, description="rows fetched from DuckDB per batch while writing (bounds memory)")
    memory_limit: str = Field("2GB", description="DuckDB memory limit while exporting (larger sorts spill to the workspace's .staging/); the "
                              "final shuffle sorts at most 256 MB of rows (a quarter of this if less) in memory at a time, a larger "
                              "source is bucket-sorted through files there")
    source_cap: int | None = Field(None, gt=0, description="per-source maximum of usable samples, the first in seeded hash order (F2LLM's tokenize script takes 80000 per dataset)")
    layout: Literal["f2llm", "codefuse"] = Field(
        "f2llm", description="f2llm: shard-<source>-NNNNN.parquet with task/instruction/lang columns (the bundled trainer); codefuse: one "
                             "<dataset>.parquet per source, instruction baked into the query, exactly 24 negatives (classification 1), "
                             "drop-in for the public F2LLM trainer (its tokenized layout too, given `tokenizer`)")
    dataset_names: dict[str, str] = Field(default_factory=dict, description="codefuse: source -> dataset name in the trainer's lists (default: the release name from configs/sources/f2llm/datasets.csv, else the source name)")
    pad_negatives: Literal["repeat", "drop"] = Field("repeat", description="codefuse: a row with 1..N-1 negatives repeats them in order up to N (repeat) or is left out (drop); rows with none are left out; both counted in manifest.json")
    licenses: LicensePolicy | None = Field(None, description="license policy: {allow: [...], deny: [...]}; sources with an unknown, "
                                           "denied or not-allowed license are left out (none: every source, licenses listed in the data card)")
    teacher_scores: bool = Field(False, description="f2llm layout with negatives: mined: add `teacher_scores` (list: the positive's then each exported negative's reranker score, from mine.rerank; null for samples mined without it)")
    allow_unknown_datasets: bool = Field(False, description="codefuse: allow dataset names outside the trainer's lists (only if you added them to its utils.py)")

    @field_validator("memory_limit")
    @classmethod
    def _memory_limit(cls, v: str) -> str:
        parse_bytes(v)
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", v):
            raise ValueError("use letters, digits, `-`, `_` or `.` (it names a folder)")
        return v

    @field_validator("tasks", "task_weights", "num_negatives")
    @classmethod
    def _known_tasks(cls, v: dict) -> dict:
        unknown = sorted(set(v) - set(TASKS))
        if unknown:
            raise ValueError(f"unknown tasks {unknown}; valid: {list(TASKS)}")
        if any(x < 0 for x in v.values()):
            raise ValueError("values must be >= 0")
        return v

    @field_validator("source_weights")
    @classmethod
    def _weights(cls, v: dict) -> dict:
        if any(x < 0 for x in v.values()):
            raise ValueError("source weights must be >= 0 (0 excludes a source)")
        return v

    @model_validator(mode="after")
    def _budget(self):
        if sum((self.total is not None, self.total_tokens is not None, bool(self.tasks))) != 1:
            raise ValueError("give exactly one of `total` (samples), `total_tokens` (tokens), both with optional `task_weights`, "
                             "or `tasks` (per-task budgets in samples)")
        if self.task_weights and self.total is None and self.total_tokens is None:
            raise ValueError("`task_weights` needs `total` or `total_tokens`; with `tasks` the budgets are explicit")
        if self.cap is not None and self.cap < self.floor:
            raise ValueError(f"cap {self.cap} is below floor {self.floor}")
        if self.teacher_scores and (self.negatives != "mined" or self.layout != "f2llm"):
            raise ValueError("teacher_scores needs `negatives: mined` and `layout: f2llm` (the scores belong to the mined negatives)")
        if self.layout == "codefuse":
            from ..ingest.f2llm import RELEASE_NEGATIVES

            wrong = {t: n for t, n in self.num_negatives.items() if n != (1 if t == "classification" else RELEASE_NEGATIVES)}
            if wrong:
                raise ValueError(f"layout codefuse writes the trainer's counts (24 negatives, classification 1), not {wrong}; "
                                 "remove `num_negatives` or use layout f2llm")
        return self

    def negatives_for(self, task: str) -> int:
        if self.layout == "codefuse":  # the trainer reads negative_1..24, classification negative_1 (run.py)
            return 1 if task == "classification" else 24
        return self.num_negatives.get(task, DEFAULT_NEGATIVES.get(task, OTHER_TASKS_NEGATIVES))

    def weight(self, source: str) -> float:
        return self.source_weights.get(source, 1.0)

    def fingerprint(self) -> str:
        return config_hash(self.model_dump(mode="json"))


def load_spec(path: str | Path) -> MixSpec:
    """Load and validate a spec file; `name` defaults to the file's stem and `tokenizer` resolves
    relative to the spec file."""
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of mixture settings", file=str(path), fix="see configs/mixtures/quickstart.yaml")
    data = {"name": path.stem, **data}
    tok = data.get("tokenizer")
    if isinstance(tok, str) and not Path(tok).is_absolute() and (path.parent / tok).exists():
        data["tokenizer"] = str((path.parent / tok).resolve())
    return validate(MixSpec, data, file=str(path))


def parse_bytes(size: str) -> int:
    """Bytes of a DuckDB size setting such as '2GB', '512MiB' or '1.5 GB' (1000- or 1024-based, as DuckDB reads them)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(i?)B?\s*", size, flags=re.IGNORECASE)
    if m is None:
        raise ValueError(f"{size!r} is not a size: write it as e.g. 2GB or 512MB")
    power = "KMGT".find(m.group(2).upper()) + 1 if m.group(2) else 0
    return int(float(m.group(1)) * (1024 if m.group(3) else 1000) ** power)
