"""`mlcurate langid train`: holdout by whole units, balancing, report, registration."""

import json

import pytest

from curation.config import ExecutorConfig, load_sources
from curation.errors import ConfigError
from curation.ingest.stage import ingest
from curation.langid.annotate import LidConfig, LidTrainConfig
from curation.langid.backends import load_backend
from curation.langid.reliability import load_card
from curation.langid.stage import langid
from curation.langid.train import balance, evaluate, report_lines, split_holdout, train
from curation.paths import CONFIGS_DIR, DEFAULT_REGISTRY
from curation.store import Workspace

EXECUTOR = ExecutorConfig(tasks=1, workers=1)
SMALL = LidTrainConfig(holdout_fraction=0.3, epoch=5, dim=16, bucket=20_000, min_per_language=5)


def test_holdout_keeps_whole_groups_apart_and_drops_shared_texts():
    rows = [("deu_Latn", f"text {i}", str(i % 4)) for i in range(40)] + [("fra_Latn", "text 1", "3")]
    train_rows, test_rows = split_holdout(rows, LidTrainConfig(holdout_groups=[3]))
    held_texts = {t for _, t in test_rows}
    assert held_texts == {f"text {i}" for i in range(40) if i % 4 == 3}  # "text 1" also trains: dropped
    assert not held_texts & {t for _, t in train_rows}


def test_balance_caps_and_repeats():
    rows = [("big", str(i)) for i in range(50)] + [("small", "x"), ("small", "y")]
    out = balance(rows, LidTrainConfig(max_per_language=10, min_per_language=6))
    counts = {lab: sum(1 for lab2, _ in out if lab2 == lab) for lab in ("big", "small")}
    assert counts == {"big": 10, "small": 6}


def test_evaluate_reports_per_language_and_confusions():
    report = evaluate(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    assert report["accuracy"] == 0.75
    assert report["per_language"]["a"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert report["most_confused"] == [{"gold": "a", "predicted": "b", "count": 1}]


def test_train_registers_a_model_the_stage_uses(lid_ws):
    report = train(lid_ws, "tiny", SMALL, DEFAULT_REGISTRY)
    folder = lid_ws.root / "models" / "langid" / "tiny"
    assert json.loads((folder / "report.json").read_text())["per_language"]
    assert {"deu_Latn", "eng_Latn", "srp_Cyrl"} <= load_backend("tiny", workspace_root=lid_ws.root).labels
    assert report["corpus_languages_missing"] == []
    # Every backend's reliability on the same held-out split, with a card the stage can use.
    rel = report["reliability"]
    assert set(rel) == {"tiny", "fasttext-lid176", "heliport-1"}
    german = report["per_language"]["deu_Latn"]["support"]
    for name in ("fasttext-lid176", "heliport-1"):
        card = load_card(name, folder / f"card-{name}.json")
        # Held-out "German" includes the fr-liar source's French: the workspace's own data says
        # no backend can be trusted to judge German here (the shipped cards say they can).
        assert card.support["de"] == german and 0 < card.recall["de"] < 1 and "de" in rel[name]["unreliable"]
        assert load_card(name).reliable_for("deu_Latn", 0.85, 5)
        assert card.measured_on.startswith("held-out split of the workspace")
        assert rel[name]["languages"] == len(card.recall) and 0 < rel[name]["accuracy"] <= 1
        assert rel[name]["reliable"] + len(rel[name]["unreliable"]) + len(rel[name]["cannot_output"]) == rel[name]["languages"]
    assert any(line.startswith("reliability of heliport-1 on the held-out split") for line in report_lines(report))
    counts = langid(lid_ws, LidConfig(), EXECUTOR, DEFAULT_REGISTRY, progress=False, model="tiny")
    assert counts["model"] == "tiny" and counts["samples"] > 0
    with pytest.raises(ConfigError, match="a model named 'tiny' exists"):
        train(lid_ws, "tiny", SMALL, DEFAULT_REGISTRY)
    with pytest.raises(ConfigError, match="invalid model name 'fasttext-lid176'"):
        train(lid_ws, "fasttext-lid176", SMALL, DEFAULT_REGISTRY)
    with pytest.raises(ConfigError, match="unknown LID model 'other'(.|\n)*fasttext-lid176, heliport-1, tiny"):
        load_backend("other", workspace_root=lid_ws.root)


@pytest.mark.slow
def test_udhr_model_covers_every_sample_language_and_reaches_085(tmp_path):
    """The acceptance figure: train on UDHR articles 0-10, test on 11-15, all sample languages."""
    ws = Workspace(tmp_path / "ws")
    udhr = [s for s in load_sources(CONFIGS_DIR / "sources" / "udhr.yaml") if s.name == "udhr-clustering"]
    ingest(ws, udhr, ExecutorConfig(tasks=2, workers=2), DEFAULT_REGISTRY, progress=False)
    # 40 epochs of n-grams 2-5 keep CI quick (the default, 100 epochs of 3-6, reaches 0.935: langid_bench).
    cfg = LidTrainConfig(holdout_groups=[11, 12, 13, 14, 15], epoch=40, minn=2, maxn=5)
    report = train(ws, "udhr", cfg, DEFAULT_REGISTRY)
    assert report["corpus_languages_missing"] == []
    assert report["languages"] >= 440
    assert report["accuracy"] >= 0.85, report["most_confused"][:10]
