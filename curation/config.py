"""Config building blocks: pydantic models with help on every field, loaded from YAML once at the edge.

This module holds what every stage shares (sources, the executor, validation, `--set` overrides);
each stage's own section lives in `<stage>/config.py`, and `curation.pipeline` assembles the whole
pipeline file from them. Errors name the file, the key and the nearest valid key (`ConfigError`),
and nothing is written before a config validates.
"""

import difflib
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import ConfigError
from .schema import LABELLED_TASKS, TASKS

SOURCE_KINDS = ("jsonl", "parquet", "csv", "tsv", "text_folder", "code_folder", "hf", "f2llm")
SAMPLE_FIELDS = ("query", "positive", "negatives", "label", "instruction", "lang", "pos_lang", "code_lang")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LangSpec(Strict):
    """Where a sample's declared language comes from: exactly one of the three."""

    code: str | None = Field(None, description="fixed tag for every row, e.g. `swh`, `zh-Hant`, `eng_Latn`")
    field: str | None = Field(None, description="name of the row field holding the tag")
    path_pattern: str | None = Field(
        None, description="regex with a named group `lang`, matched against the file path (e.g. `(?P<lang>[a-z]{3})/`)"
    )

    @model_validator(mode="after")
    def _exactly_one(self):
        if sum(v is not None for v in (self.code, self.field, self.path_pattern)) != 1:
            raise ValueError("give exactly one of `code`, `field`, `path_pattern`")
        if self.path_pattern is not None:
            try:
                rx = re.compile(self.path_pattern)
            except re.error as e:
                raise ValueError(f"invalid regex: {e}") from None
            if "lang" not in rx.groupindex:
                raise ValueError("the pattern needs a named group `(?P<lang>...)`")
        return self


def _lang_spec(value: Any) -> Any:
    return {"code": value} if isinstance(value, str) else value


class SourceConfig(Strict):
    """One public source: where it is, how its fields map to the sample, what it declares."""

    name: str = Field(description="source name: lowercase letters, digits, `-`, `_`, `.`")
    kind: Literal[SOURCE_KINDS] = Field(description="jsonl (plain/.gz/.zst), parquet, csv, tsv, text_folder, code_folder, hf, "
                                                    "f2llm (the published F2LLM release: a folder of <name>.parquet, see curation/ingest/f2llm.py)")
    path: str = Field(description="file, folder or glob; relative paths are relative to the config file; for `hf` a dataset name or a local path")
    task: Literal[TASKS] = Field(description="training task of every sample of the source")
    split: str = Field("train", description="train, dev or test")
    license: str = Field("unknown", description="license of the source (SPDX id where there is one); a mixture's "
                         "`licenses:` policy leaves out sources whose license is unknown or denied")
    url: str | None = Field(None, description="where the source comes from (dataset page or download URL), for the data card")
    citation: str | None = Field(None, description="how to cite the source (BibTeX or one line), for the data card")
    instruction: str | None = Field(None, description="task instruction for the query side")
    fields: dict[str, str | list[str]] = Field(
        default_factory=dict,
        description="sample column -> source field, e.g. {query: question, positive: answer}; `negatives` may also be a "
                    "list of columns ([neg_a, neg_b]) or a pattern (`negative_*`, taken in numeric order)")
    split_instruction: bool = Field(False, description="take the instruction out of queries written `Instruct: {instruction}\\nQuery: {query}` "
                                                       "(the F2LLM template; on for kind f2llm)")
    release_name: str | None = Field(None, description="(f2llm, set by the loader) the dataset's name in the release and the trainer's lists")
    eval_datasets: list[str] = Field(default_factory=list, description="evaluation sets this source derives from, as mteb task names, e.g. [ArguAna]: "
                                       "a mixture's manifest lists the union as `training_datasets` for an MTEB model entry")
    role: Literal["train", "eval"] = Field(
        "train", description="train: training data; eval: a reference set (an evaluation dataset's texts) that the `decont` "
        "stage checks training samples against: ingested into the catalog like any source, never in samples_clean or a mixture")
    eval_name: str | None = Field(None, description="role eval: the evaluation dataset's name, e.g. `ArguAna` or "
                                  "`MIRACLRetrieval` (default: the source name); decont_report groups by it")
    eval_split: str = Field("test", description="role eval: the evaluation dataset's split the texts come from, e.g. test or dev")
    lang: LangSpec = Field(description="declared language: a tag, {field: ...} or {path_pattern: ...}")
    pos_lang: LangSpec | None = Field(None, description="language of `positive` when it differs (bitext, cross-lingual)")
    code_lang: str | None = Field(None, description="programming language of every sample (e.g. `python`), for code sources")
    glob: str | None = Field(None, description="files to read inside a folder `path` (default per kind, e.g. **/*.txt)")
    exclude: list[str] = Field(default_factory=list, description="glob patterns of files to skip in folders")
    text_unit: Literal["file", "paragraph", "line"] = Field("file", description="text_folder: one sample per file, paragraph or line")
    max_chars: int = Field(20000, gt=0, description="code_folder: files longer than this are cut to this many characters")
    hf_split: str = Field("train", description="hf: the dataset split to read")
    hf_config: str | None = Field(None, description="hf: the dataset configuration name")
    # Bad-input rules (README "Bad input"); the functions applying them live in curation/ingest/rules.py.
    encoding: str = Field("utf-8", description="csv, tsv, text_folder: text encoding of the files, e.g. `latin-1`, "
                          "`cp1252`, `utf-16` (a UTF-8 byte-order mark is accepted either way)")
    non_string: Literal["convert", "reject"] = Field(
        "convert", description="a number or boolean where text is expected: `convert` (to its JSON spelling: 42, 1.5, "
        "true) or `reject` (quarantine as `not text`); the same rule for numbers and booleans")
    nul: Literal["remove", "quarantine"] = Field(
        "remove", description="NUL characters (U+0000) in texts: `remove` them, or `quarantine` the row (reason `nul character`)")
    max_text_chars: int = Field(1_000_000, gt=0, description="texts (query, positive, each negative) longer than this many "
                                "characters are quarantined as `too long`; e.g. 100000")
    base_dir: str = Field("", description="(set by the loader) folder of the config file", exclude=True)

    _lang = field_validator("lang", "pos_lang", mode="before")(classmethod(lambda cls, v: _lang_spec(v)))

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", v):
            raise ValueError("use lowercase letters, digits, `-`, `_` or `.` (it names a folder)")
        return v

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, v: str) -> str:
        import codecs

        try:
            codecs.lookup(v)
        except LookupError:
            raise ValueError(f"unknown encoding '{v}'; use a Python codec name such as utf-8, latin-1, cp1252, utf-16") from None
        return v

    @field_validator("fields")
    @classmethod
    def _fields(cls, v: dict[str, str]) -> dict[str, str]:
        unknown = set(v) - set(SAMPLE_FIELDS)
        if unknown:
            raise ValueError(f"unknown sample columns {sorted(unknown)}; valid: {list(SAMPLE_FIELDS)}")
        lists = sorted(k for k, x in v.items() if k != "negatives" and (not isinstance(x, str) or "*" in x))
        if lists:
            raise ValueError(f"{lists}: only `negatives` may name several columns; give one source field")
        return v

    @model_validator(mode="after")
    def _supervision(self):
        structured = self.kind in ("jsonl", "parquet", "csv", "tsv", "hf", "f2llm")
        if structured and "query" not in self.fields:
            raise ValueError("`fields.query` is required: name the source field holding the query text")
        if self.role == "train" and self.eval_name is not None:
            raise ValueError("`eval_name` is for reference sets: add `role: eval`, or name the evaluation sets a training "
                             "source derives from with `eval_datasets: [...]`")
        if self.role == "eval":
            return self  # a reference set needs texts only: a corpus file has no positives or labels
        if structured and self.task in LABELLED_TASKS and "label" not in self.fields and "positive" not in self.fields:
            raise ValueError(f"task {self.task} needs `fields.label` (or `fields.positive` for pre-built (text, positive, negatives) tuples)")
        if structured and self.task not in LABELLED_TASKS and "positive" not in self.fields:
            raise ValueError(f"task {self.task} needs `fields.positive` (or use task classification/clustering with a label)")
        return self

    @property
    def reference_name(self) -> str:
        """The evaluation dataset a reference set (role eval) belongs to: `eval_name`, else the source name."""
        return self.eval_name or self.name

    def resolved_path(self) -> str:
        if self.kind == "hf" and not (Path(self.base_dir) / self.path).exists():
            return self.path  # a hub dataset name
        if "://" in self.path or os.path.isabs(self.path):
            return self.path
        return str((Path(self.base_dir) / self.path).resolve())

    def fingerprint(self) -> str:
        return config_hash(self.model_dump(mode="json"))


class ExecutorConfig(Strict):
    """Which datatrove executor runs the stages: the same pipeline, from a laptop to a cluster."""

    kind: Literal["local", "slurm", "ray"] = Field("local", description="local (LocalPipelineExecutor), slurm, or ray")
    tasks: int = Field(2, ge=1, description="number of shards each stage is split into")
    workers: int = Field(-1, description="tasks run at once (-1: all)")
    options: dict[str, Any] = Field(default_factory=dict, description="extra executor arguments, e.g. slurm partition/time, ray cpus_per_task")


def config_hash(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()[:16]


def load_yaml(path: str | Path) -> Any:
    path = Path(path)
    if not path.exists():
        raise ConfigError("file not found", file=str(path), fix="check the path (relative paths are from the current directory)")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise ConfigError(f"not valid YAML: {e}", file=str(path)) from None


def validate(model: type[BaseModel], data: Any, *, file: str, prefix: str = "") -> Any:
    """Validate `data` as `model`, turning pydantic errors into a ConfigError naming file and key."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        key = ".".join(str(p) for p in (prefix, *err["loc"]) if p != "")
        msg = err["msg"].removeprefix("Value error, ")
        fix = None
        if err["type"] == "literal_error":
            fix = f"use one of: {err['ctx']['expected']}"
        elif err["type"] == "missing":
            fix = f"add `{err['loc'][-1]}:` ({_field_help(model, err['loc'])})"
        elif err["type"] == "extra_forbidden":
            msg = "unknown key"
            fix = unknown_key_fix(str(err["loc"][-1]), valid_keys(model, err["loc"][:-1]))
        raise ConfigError(msg, file=file, key=key or None, fix=fix) from None


def unknown_key_fix(key: str, valid: list[str]) -> str:
    """The fix text of an unknown key: the nearest valid key (difflib), then all of them."""
    near = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    hint = f"did you mean `{near[0]}`? " if near else ""
    return f"{hint}valid keys here: {', '.join(valid)}"


def model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The pydantic model that validates the value at `loc` inside `model` (None: not a model)."""
    for part in loc:
        if isinstance(part, int) or model is None:
            continue  # list index: same item model
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        model = _model_of(field.annotation)
    return model


def _model_of(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():  # Optional[X], list[X]
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def valid_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    inner = model_at(model, loc)
    return [k for k, f in inner.model_fields.items() if not f.exclude] if inner is not None else []


def _field_help(model: type[BaseModel], loc: tuple) -> str:
    inner = model_at(model, loc[:-1]) if loc else None
    f = inner.model_fields.get(str(loc[-1])) if inner is not None else None
    return (f.description or "required") if f else "required"


def parse_set(item: str) -> tuple[str, Any]:
    """`--set key.sub=value` -> (`key.sub`, value parsed as YAML: `3` is an int, `[a, b]` a list)."""
    key, sep, raw = item.partition("=")
    if not sep or not key.strip():
        raise ConfigError(f"--set {item!r} is not key=value", key=item, fix="e.g. --set executor.tasks=4 or --set dedup.threshold=0.8")
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError as e:
        raise ConfigError(f"--set {item!r}: the value is not valid YAML: {e}", key=key) from None
    return key.strip(), value


def apply_overrides(data: dict, overrides: list[tuple[str, Any]]) -> dict:
    """A copy of `data` with each dotted `key` set to its value (missing mappings are created).

    The result is validated like the file itself, so an override can never bypass validation.
    """
    import copy

    out = copy.deepcopy(data)
    for key, value in overrides:
        node = out
        parts = key.split(".")
        for part in parts[:-1]:
            child = node.get(part)
            if child is None:
                child = node[part] = {}
            if not isinstance(child, dict):
                raise ConfigError(f"cannot set `{key}`: `{part}` is not a mapping", key=key)
            node = child
        node[parts[-1]] = value
    return out


def load_sources(path: str | Path) -> list[SourceConfig]:
    """A source file holds one source mapping, or `sources: [...]` with several."""
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping (one source) or `sources:` with a list", file=str(path))
    items = data["sources"] if "sources" in data else [data]
    if not isinstance(items, list):
        raise ConfigError("must be a list of source mappings", file=str(path), key="sources")
    base = str(Path(path).resolve().parent)
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ConfigError("must be a mapping", file=str(path), key=f"sources.{i}")
        if item.get("kind") == "f2llm" and "release_name" not in item:  # a release folder: one source per file
            from .ingest.f2llm import expand_release

            out += [validate(SourceConfig, {**sub, "base_dir": base}, file=str(path), prefix=f"sources.{i}")
                    for sub in expand_release(item, base, str(path))]
            continue
        out.append(validate(SourceConfig, {**item, "base_dir": base}, file=str(path), prefix=f"sources.{i}" if "sources" in data else ""))
    return out
