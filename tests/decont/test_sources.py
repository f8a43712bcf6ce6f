"""Reference sets are sources with `role: eval`: validated, loaded from local files and from
Hugging Face `save_to_disk` folders, listed in the view eval_sources."""

import pytest

from curation.config import SourceConfig
from curation.errors import ConfigError
from curation.config import validate
from tests.helpers import SERIAL, query, source


def test_a_reference_set_needs_only_texts_and_names_its_evaluation_set(tmp_path):
    ref = source(tmp_path, path="x", role="eval", eval_name="ArguAna", eval_split="test", fields={"query": "text"})
    assert ref.reference_name == "ArguAna"
    assert source(tmp_path, path="x", name="corpus", role="eval", fields={"query": "text"}).reference_name == "corpus"
    with pytest.raises(ValueError, match="fields.positive"):  # a training source still needs its positive
        source(tmp_path, path="x", fields={"query": "text"})


def test_eval_name_on_a_training_source_says_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match="add `role: eval`"):
        validate(SourceConfig, {"name": "x", "kind": "jsonl", "path": "x", "task": "retrieval", "lang": "eng",
                                "fields": {"query": "q", "positive": "p"}, "eval_name": "ArguAna"}, file="s.yaml")
    with pytest.raises(ConfigError, match="use one of"):
        validate(SourceConfig, {"name": "x", "kind": "jsonl", "path": "x", "task": "retrieval", "lang": "eng",
                                "fields": {"query": "q"}, "role": "test"}, file="s.yaml")


def test_a_save_to_disk_folder_is_ingested_as_a_reference_set(tmp_path):
    datasets = pytest.importorskip("datasets")
    from curation.ingest.stage import ingest
    from curation.paths import DEFAULT_REGISTRY
    from curation.store import Workspace

    texts = ["Everyone has the right to seek and to enjoy in other countries asylum from persecution.",
             "人人有权在其他国家寻求和享受庇护以避免迫害。"]
    datasets.DatasetDict({"test": datasets.Dataset.from_dict({"text": texts, "lang": ["eng", "zho_Hans"]})}).save_to_disk(tmp_path / "ds")
    ref = source(tmp_path, name="mini-eval", kind="hf", path="ds", hf_split="test", role="eval", eval_name="MiniEval",
                 fields={"query": "text"}, lang={"field": "lang"})
    ws = Workspace(tmp_path / "ws")
    ws.init(DEFAULT_REGISTRY)
    ingest(ws, [ref], SERIAL, DEFAULT_REGISTRY, progress=False)
    assert sorted(r[0] for r in query(ws, "SELECT query FROM samples")) == sorted(texts)
    assert query(ws, "SELECT name, eval_name, eval_split FROM eval_sources") == [("mini-eval", "MiniEval", "test")]
    assert query(ws, "SELECT count(*) FROM samples_clean") == [(0,)]
