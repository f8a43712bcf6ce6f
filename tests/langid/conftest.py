"""Shared fixtures of the langid tests: real UDHR paragraphs from the bundled sample, a tiny
workspace whose sources tell the truth, lie about their language, or mix scripts."""

import gzip
import json
import shutil

import pytest

from curation.config import ExecutorConfig, load_sources
from curation.ingest.stage import ingest
from curation.paths import DEFAULT_REGISTRY, SAMPLE_DATA_DIR
from curation.store import Workspace

MIXED = [
    "Every human being has the right to life и право на свободу и личную неприкосновенность",
    "The committee meets today: Комитет собирается сегодня вечером в главном зале.",
    "Привет everyone, welcome to the meeting of the board — добро пожаловать на заседание",
]


@pytest.fixture(scope="session")
def udhr():
    """UDHR paragraphs of the bundled sample by raw tag: {tag: [row, ...]}."""
    out = {}
    with gzip.open(SAMPLE_DATA_DIR / "udhr_pairs.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            out.setdefault(row["lang"], []).append(row)
    return out


def _write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def long_paragraphs(rows, n):
    return [r for r in rows if len(r["text"]) > 80][:n]


@pytest.fixture(scope="session")
def lid_sources(tmp_path_factory, udhr):
    """A source config with four small sources: honest German, French declared as German (a liar),
    mixed Latin/Cyrillic declared English, and Serbian in Latin script declared srp_Cyrl."""
    d = tmp_path_factory.mktemp("lid_sources")
    german = long_paragraphs(udhr["de-1996"], 12)
    french = long_paragraphs([r for r in udhr["fr"] if r["name"] == "French"], 12)
    _write_jsonl(d / "de.jsonl", [{"text": r["text"], "id": i} for i, r in enumerate(german)])
    _write_jsonl(d / "liar.jsonl", [{"text": r["text"], "id": i} for i, r in enumerate(french + german[:2])])
    _write_jsonl(d / "mixed.jsonl", [{"text": t} for t in MIXED])
    _write_jsonl(d / "sr.jsonl", [{"text": r["text"]} for r in long_paragraphs(udhr["sr-Latn"], 5)])
    (d / "sources.yaml").write_text("""
sources:
  - {name: de-honest, kind: jsonl, path: de.jsonl, task: clustering, fields: {query: text, label: id}, lang: deu}
  - {name: fr-liar, kind: jsonl, path: liar.jsonl, task: clustering, fields: {query: text, label: id}, lang: de}
  - {name: mixed, kind: jsonl, path: mixed.jsonl, task: clustering, fields: {query: text, label: text}, lang: en}
  - {name: sr-wrong-script, kind: jsonl, path: sr.jsonl, task: clustering, fields: {query: text, label: text}, lang: sr-Cyrl}
""")
    return d / "sources.yaml"


# One task, one worker: datatrove runs it in this process (no spawn), which keeps the tests quick.
EXECUTOR = ExecutorConfig(tasks=1, workers=1)


@pytest.fixture(scope="session")
def ingested_ws(tmp_path_factory, lid_sources):
    ws = Workspace(tmp_path_factory.mktemp("lid") / "ws")
    ingest(ws, load_sources(lid_sources), EXECUTOR, DEFAULT_REGISTRY, progress=False)
    return ws


@pytest.fixture()
def lid_ws(tmp_path, ingested_ws):
    """A fresh copy of a workspace with the four fixture sources ingested (no LID yet)."""
    shutil.copytree(ingested_ws.root, tmp_path / "ws")
    return Workspace(tmp_path / "ws")
