"""Stages on the executor give the same layers whatever runs them: the local executor with 1 task,
with 2 tasks, or a local Ray. Each run goes through the stage contract (`mlcurate run`'s path):
ingest, langid, dedup (datatrove engine), mine (all-MiniLM-L6-v2 on a subset: encoding and search on
the tasks) and mix (shards by checksum, manifest counts); then dedup again with the numpy engine
(its scan and verification on the executor's tasks), whose layer is compared too."""

import gzip
import json

import pytest

from curation.dedup.stage import DedupConfig, dedup_workspace
from curation.paths import CONFIGS_DIR, SAMPLE_DATA_DIR
from curation.pipeline import load_pipeline, make_context
from curation.stages import run_stages
from curation.store import Workspace
from tests.helpers import query, write_jsonl

LANGS = ("de", "sw", "zh", "th", "ru")
EXECUTORS = {
    "local-1": [("executor.kind", "local"), ("executor.tasks", 1), ("executor.workers", 1)],
    "local-2": [("executor.kind", "local"), ("executor.tasks", 2), ("executor.workers", 2)],
    "ray-2": [("executor.kind", "ray"), ("executor.tasks", 2), ("executor.workers", 2),
              ("executor.options", {"cpus_per_task": 1, "mem_per_cpu_gb": 1})],
}
# Each layer without the columns that name the run that wrote it.
LAYERS = {
    "samples": "SELECT * EXCLUDE (meta) FROM samples ORDER BY sample_id",
    "quarantine": "SELECT quarantine_id, origin, reason FROM quarantine ORDER BY quarantine_id",
    "langid": "SELECT * EXCLUDE (run_id) FROM langid ORDER BY sample_id, field",
    "dedup": "SELECT * EXCLUDE (run_id) FROM dedup ORDER BY sample_id",
    "mine": "SELECT * EXCLUDE (run_id) FROM mine ORDER BY sample_id",
}


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    """Two sources of UDHR paragraphs in 5 languages (with exact and near copies and a broken
    line), and a pipeline running ingest, langid, dedup and mix."""
    root = tmp_path_factory.mktemp("parity")
    with gzip.open(SAMPLE_DATA_DIR / "udhr_pairs.jsonl.gz", "rt", encoding="utf-8") as f:
        rows = [r for r in map(json.loads, f) if r["lang"] in LANGS]
    rows = [{"q": r["text"], "p": r["en_text"], "l": r["lang"]} for r in rows]
    rows += [dict(r) for r in rows[::7]] + [{**r, "q": r["q"] + " !"} for r in rows[::11]]
    (root / "data").mkdir()
    write_jsonl(root / "data" / "a.jsonl", rows[::2])
    write_jsonl(root / "data" / "b.jsonl", [*rows[1::2], '{"broken'])
    (root / "src.yaml").write_text("sources:\n" + "".join(
        f"  - {{name: mini-{x}, kind: jsonl, path: data/{x}.jsonl, task: bitext, lang: {{field: l}}, pos_lang: eng_Latn, "
        "fields: {query: q, positive: p}}\n" for x in "ab"))
    (root / "mix.yaml").write_text("name: parity\ntasks: {bitext: 120}\nalpha: 0.5\nnegatives: source\nshard_size: 40\n")
    (root / "pipeline.yaml").write_text(
        f"languages: {CONFIGS_DIR / 'languages.csv'}\nsources: [src.yaml]\nstages: [ingest, langid, dedup, mine, mix]\n"
        "dedup: {engine: datatrove, bands: 16, rows: 8}\nmix: {specs: [mix.yaml]}\n"
        "mine: {model: all-MiniLM-L6-v2, max_samples_per_source: 40, pool: language, filter: {top_k: 20, skip_top: 1}}\n")
    return root


def run_on(pipeline, name: str) -> dict:
    cfg = load_pipeline(pipeline / "pipeline.yaml", EXECUTORS[name])
    ws = Workspace(pipeline / f"ws-{name}")
    ctx = make_context(cfg, ws, progress=False, echo=lambda _: None)
    results = run_stages(ctx, {n: cfg.section(n) for n in cfg.stages}, cfg.stages)
    assert results["ingest"].counts.outputs > 250 and results["ingest"].counts.flagged == 1
    assert results["langid"].counts.inputs == results["ingest"].counts.outputs
    assert results["dedup"].counts.flagged > 10  # the planted copies (exact copies are dropped at ingest)
    assert results["mine"].counts.outputs == 80 and results["mine"].details["negatives"] > 0
    manifest = json.loads((ws.mixtures / "parity" / "manifest.json").read_text())
    assert manifest["rows"] == 120 and {s["source"] for s in manifest["shards"]} == {"mini-a", "mini-b"}
    layers = {**{layer: query(ws, sql) for layer, sql in LAYERS.items()},
              "mixture": {k: manifest[k] for k in ("rows", "counts", "shards", "plan", "spec_hash")}}
    numpy_cfg = DedupConfig.model_validate({**cfg.section("dedup").model_dump(), "engine": "numpy"})
    counts = dedup_workspace(ws, numpy_cfg, ctx.executor, force=True)
    assert counts["near_removed"] > 0 and counts["exact_removed"] > 0
    return {**layers, "dedup-numpy": query(ws, LAYERS["dedup"])}


@pytest.mark.slow
def test_layers_do_not_depend_on_tasks_or_executor(pipeline):
    ray = pytest.importorskip("ray")
    one = run_on(pipeline, "local-1")
    two = run_on(pipeline, "local-2")
    for layer in one:
        assert two[layer] == one[layer], f"{layer}: 2 local tasks differ from 1"
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        remote = run_on(pipeline, "ray-2")
    finally:
        ray.shutdown()
    for layer in one:
        assert remote[layer] == one[layer], f"{layer}: ray differs from local"


def test_langid_tasks_own_whole_row_groups():
    from curation.langid.stage import assign_units

    units = [("a", "f1", 0, 100), ("a", "f1", 1, 40), ("b", "f2", 0, 70), ("b", "f3", 0, 60)]
    two = assign_units(units, 2)
    assert sorted(u for t in two for u in t) == sorted(units)  # every row group once
    assert [sum(u[3] for u in t) for t in two] == [140, 130]  # balanced by rows
    assert assign_units(units, 1) == [units] and assign_units(units, 5)[4] == []
