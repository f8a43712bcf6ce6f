"""The published F2LLM training data as released: one `<name>.parquet` per dataset.

Facts from the public trainer (CodeFuse-Embeddings `F2LLM/`, commit
1c5291549b9cee9eeab1cd9de6a67be4d0295da0: `tokenize_data_qwen.py`, `run.py`, `utils.py`):

- a dataset file has columns `query`, `passage`, `negative_1` .. `negative_24`; classification
  datasets carry `negative_1` only (the tokenize script tells them apart by `negative_2`);
- queries carry the instruction baked in as `Instruct: {instruction}\\nQuery: {query}`;
- task and language are not columns: the trainer knows a dataset's task only from the name lists
  in `utils.py`, mirrored with languages in `configs/sources/f2llm/datasets.csv`.

A source config of `kind: f2llm` names a folder or glob of such files; `load_sources` expands it
into one source per file (task, languages, license and evaluation origin from the table). A file
whose name is not in the table is reported (`SkippedInput` warning) and skipped, never guessed.

    sources:
      - name: f2llm-v2
        kind: f2llm
        path: data/F2LLM-v2/            # folder or glob of <name>.parquet
        # names: {my_renamed_file: arguana}   # file stem -> table name, for renamed files
"""

import csv
import functools
import glob
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from ..config import Strict, validate
from ..errors import ConfigError
from ..paths import CONFIGS_DIR

DEFAULT_TABLE = CONFIGS_DIR / "sources" / "f2llm" / "datasets.csv"
# The trainer's counts: 24 hard negatives, classification datasets 1 (tokenize_data_qwen.py, run.py).
RELEASE_NEGATIVES = 24
TRAINER_TASKS = ("retrieval", "clustering", "classification")
NEGATIVE_PATTERN = "negative_*"
_TEMPLATE = re.compile(r"Instruct: (.*?)\nQuery: (.*)", re.S)
# Table tags that name no single language: the langid stage decides per row.
_UNDETERMINED_TAGS = {"mul": "und", "und": "und", "zxx": "zxx-Zyyy"}


class SkippedInput(UserWarning):
    """A release file that cannot be ingested as configured (the message names the fix)."""


def split_instruction(query: str) -> tuple[str | None, str]:
    """`Instruct: {instruction}\\nQuery: {query}` -> (instruction, query); other text -> (None, text)."""
    m = _TEMPLATE.fullmatch(query)
    if m is None:
        return None, query
    instruction, rest = m.group(1).strip(), m.group(2).strip()
    return (instruction or None, rest) if rest else (None, query)


def bake_instruction(instruction: str | None, query: str) -> str:
    """The F2LLM query template; a query without instruction is written as it is."""
    return f"Instruct: {instruction}\nQuery: {query}" if instruction else query


def trainer_task(task: str) -> str:
    """The trainer list a mlcurate task trains as: only retrieval-list datasets get in-batch loss."""
    return task if task in ("clustering", "classification") else "retrieval"


@dataclass(frozen=True)
class DatasetInfo:
    """One row of datasets.csv (see configs/sources/f2llm/build_datasets.py for the columns)."""

    name: str
    task: str
    lang: str
    pos_lang: str
    lang_basis: str
    code_lang: str
    instruction: str
    license: str
    eval_datasets: str
    source_name: str


@functools.lru_cache(maxsize=4)
def load_table(path: str | Path = DEFAULT_TABLE) -> dict[str, DatasetInfo]:
    """datasets.csv as {release name: DatasetInfo} (`#` lines are comments)."""
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"F2LLM dataset table not found at {path}", key="table",
                          fix="omit `table:` to use configs/sources/f2llm/datasets.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    return {r["name"]: DatasetInfo(**{k: r[k] or "" for k in DatasetInfo.__dataclass_fields__}) for r in rows}


def by_source_name(table: dict[str, DatasetInfo]) -> dict[str, DatasetInfo]:
    return {d.source_name: d for d in table.values()}


def language_tag(tag: str) -> str:
    return _UNDETERMINED_TAGS.get(tag, tag)


class F2llmReleaseConfig(Strict):
    """`kind: f2llm`: a folder or glob of the release's `<name>.parquet` files."""

    name: str = Field(description="name of this group of sources (each file becomes a source named by the table)")
    kind: str = Field(description="f2llm")
    path: str = Field(description="folder or glob of <name>.parquet files, relative to the config file")
    split: str = Field("train", description="train, dev or test")
    license: str | None = Field(None, description="license of every file (default: the table's, `unknown` where it does not know)")
    table: str | None = Field(None, description="dataset table CSV (default: configs/sources/f2llm/datasets.csv)")
    names: dict[str, str] = Field(default_factory=dict, description="file stem -> table name, for files renamed after download")
    exclude: list[str] = Field(default_factory=list, description="file stems to leave out (glob patterns)")
    base_dir: str = Field("", exclude=True)


def release_files(cfg: F2llmReleaseConfig) -> list[Path]:
    path = cfg.path if os.path.isabs(cfg.path) else str(Path(cfg.base_dir) / cfg.path)
    if any(ch in path for ch in "*?["):
        files = [Path(p) for p in sorted(glob.glob(path, recursive=True))]
    elif os.path.isdir(path):
        files = sorted(Path(path).glob("*.parquet"))
    elif os.path.isfile(path):
        files = [Path(path)]
    else:
        raise ConfigError(f"source '{cfg.name}': path {path} does not exist", key="path", fix="check `path:` (relative to the config file)")
    files = [f for f in files if f.is_file() and f.suffix == ".parquet" and not f.name.startswith(".")]
    if not files:
        raise ConfigError(f"source '{cfg.name}': no <name>.parquet files at {path}", key="path", fix="point `path:` at the release folder")
    return files


def expand_release(item: dict, base_dir: str, file: str) -> list[dict]:
    """One source mapping per release file (validated by the caller as SourceConfig)."""
    cfg = validate(F2llmReleaseConfig, {**item, "base_dir": base_dir}, file=file)
    table = load_table(Path(cfg.table) if cfg.table and os.path.isabs(cfg.table) else
                       (Path(base_dir) / cfg.table if cfg.table else DEFAULT_TABLE))
    out = []
    for f in release_files(cfg):
        stem = f.name[: -len(".parquet")]
        if any(Path(stem).match(p) for p in cfg.exclude):
            continue
        name = cfg.names.get(stem, stem)
        info = table.get(name)
        if info is None:
            warnings.warn(SkippedInput(
                f"{file}: source '{cfg.name}': skipped {f}: '{name}' is not a dataset name of the F2LLM trainer's lists "
                f"(configs/sources/f2llm/datasets.csv)\n  fix: rename the file to its release name, map it with "
                f"`names: {{{stem}: <release name>}}`, or add a row to the table"), stacklevel=2)
            continue
        out.append(source_mapping(cfg, info, f))
    return out


def source_mapping(cfg: F2llmReleaseConfig, info: DatasetInfo, path: Path) -> dict:
    mapping = {
        "name": info.source_name, "kind": "f2llm", "path": str(path.resolve()), "task": info.task, "split": cfg.split,
        "license": cfg.license or info.license or "unknown",
        "fields": {"query": "query", "positive": "passage", "negatives": NEGATIVE_PATTERN},
        "lang": language_tag(info.lang), "split_instruction": True, "release_name": info.name,
        "eval_datasets": [e for e in info.eval_datasets.split("|") if e and e != "unknown"],
    }
    if info.pos_lang:
        mapping["pos_lang"] = language_tag(info.pos_lang)
    if info.code_lang:
        mapping["code_lang"] = info.code_lang
    if info.instruction and info.instruction != "unknown":
        mapping["instruction"] = info.instruction
    return mapping
