"""The decont stage on planted contamination (tests/decont/fixture.py): recall and precision per
script kind, nothing below the minimum length flagged, reference sets never in samples_clean or a
mixture, idempotent re-runs."""

import json
import shutil

import pytest

from curation.decont.config import DecontConfig
from curation.paths import CONFIGS_DIR
from curation.pipeline import load_pipeline, make_context
from curation.stages import run_stages
from curation.scripts import segmentation
from curation.store import Workspace
from curation.textnorm import TEXT_EQ
from tests.decont.fixture import KINDS, _units, build
from tests.helpers import query, write_jsonl

CFG = DecontConfig()


def write_pipeline(root, stages="[ingest, decont]", tasks=2, extra=""):
    (root / "pipeline.yaml").write_text(
        f"languages: {CONFIGS_DIR / 'languages.csv'}\nsources: [train.yaml, refs.yaml]\nstages: {stages}\n"
        f"executor: {{kind: local, tasks: {tasks}, workers: 1}}\n{extra}")


def run(root, ws, names, overrides=()):
    cfg = load_pipeline(root / "pipeline.yaml", list(overrides))
    ctx = make_context(cfg, ws, progress=False, echo=lambda _: None)
    return run_stages(ctx, {n: cfg.section(n) for n in names}, names)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A workspace holding the planted corpus and the reference set, after ingest and decont."""
    root = tmp_path_factory.mktemp("decont")
    refs, train, expect = build(CFG)
    write_jsonl(root / "refs.jsonl", refs)
    write_jsonl(root / "train.jsonl", [{**t, "i": i} for i, t in enumerate(train)])
    (root / "train.yaml").write_text("name: planted\nkind: jsonl\npath: train.jsonl\ntask: retrieval\nlang: rus\n"
                                     "fields: {query: q, positive: p, negatives: n}\n")
    (root / "refs.yaml").write_text("name: udhr-refs\nkind: jsonl\npath: refs.jsonl\ntask: retrieval\nrole: eval\n"
                                    "eval_name: UDHR-1-10\neval_split: test\nfields: {query: text}\nlang: {field: lang}\n")
    write_pipeline(root)
    ws = Workspace(root / "ws")
    results = run(root, ws, ["ingest"])
    assert results["ingest"].counts.outputs == len(train) + len(refs)
    shutil.copytree(ws.root, root / "ws-ingested")
    results |= run(root, ws, ["decont"])
    return root, ws, expect, results


def flagged(ws) -> dict[int, list]:
    """Training row index -> its matches (reference text, training text, kind, share)."""
    rows = query(ws, """SELECT json_extract(s.meta, '$.i')::INT AS i, list(struct_pack(ref := m.reference_text, text := m.text,
                                   kind := m.kind, share := m.share, field := m.field))
                        FROM decont_matches m JOIN samples s USING (sample_id) GROUP BY ALL""")
    return dict(rows)


def test_planted_contamination_is_found_in_every_script_kind(planted):
    _, ws, expect, results = planted
    found = flagged(ws)
    for kind in KINDS:
        planted_rows = [i for i, e in enumerate(expect) if e["kind"] == kind and e["plant"]]
        assert len(planted_rows) >= 40, kind
        hit = [i for i in planted_rows if i in found and any(m["ref"] == expect[i]["ref"] for m in found[i])]
        recall = len(hit) / len(planted_rows)
        missed = [expect[i] for i in planted_rows if i not in hit][:3]
        assert recall >= 0.99, f"{kind}: recall {recall:.3f}, missed e.g. {missed}"
        assert {expect[i]["plant"] for i in planted_rows} == {"exact", "noisy", "contained"}
    wrong = [(expect[i], m) for i, m in found.items() if not expect[i]["plant"]]
    precision = 1 - len(wrong) / len(found)
    assert precision >= 0.99, f"precision {precision:.3f}; look-alikes flagged e.g. {wrong[:3]}"
    assert results["decont"].counts.flagged == len(found)


def test_exact_copies_are_exact_and_containment_is_ngram(planted):
    _, ws, expect, _ = planted
    found = flagged(ws)
    kinds = {(expect[i]["plant"], m["kind"]) for i, ms in found.items() for m in ms if m["ref"] == expect[i]["ref"]}
    assert ("exact", "exact") in kinds and ("noisy", "exact") in kinds  # the normaliser makes them equal
    assert ("contained", "ngram") in kinds and ("contained", "exact") not in kinds


def test_no_text_below_the_minimum_length_is_flagged(planted):
    _, ws, expect, _ = planted
    found = flagged(ws)
    for ms in found.values():
        for m in ms:
            norm = TEXT_EQ(m["text"])
            minimum = CFG.min_chars if segmentation(norm) == "char" else CFG.min_words
            assert _units(m["text"]) >= minimum, m
    short = [i for i, e in enumerate(expect) if e["plant"] is None and e["ref"] is None]
    assert short and not set(short) & set(found)
    # the short reference paragraphs were copied verbatim into training samples, and are not indexed
    assert query(ws, "SELECT counts->>'references_too_short' FROM runs WHERE stage = 'decont' AND status = 'ok'")[0][0] != "0"


def test_reference_sets_and_contaminated_samples_stay_out_of_samples_clean_and_mixtures(planted):
    root, ws, _, _ = planted
    assert query(ws, "SELECT name, eval_name, eval_split FROM eval_sources") == [("udhr-refs", "UDHR-1-10", "test")]
    assert query(ws, "SELECT count(*) FROM samples_clean WHERE source = 'udhr-refs'") == [(0,)]
    n_refs = query(ws, "SELECT count(*) FROM samples WHERE source = 'udhr-refs'")[0][0]
    contaminated = query(ws, "SELECT count(*) FROM decont WHERE contaminated")[0][0]
    assert contaminated > 100
    assert query(ws, "SELECT count(*) FROM samples_clean")[0][0] == query(ws, "SELECT count(*) FROM samples")[0][0] - n_refs - contaminated
    # a mixture over the raw `samples` view (no curation) still never exports a reference set
    (root / "mix.yaml").write_text("name: raw\nview: samples\ntasks: {retrieval: 400}\nnegatives: source\nshard_size: 200\n")
    write_pipeline(root, stages="[ingest, decont, mix]", extra="mix: {specs: [mix.yaml]}\n")
    run(root, ws, ["mix"])
    manifest = json.loads((ws.mixtures / "raw" / "manifest.json").read_text())
    assert manifest["rows"] == 400 and "udhr-refs" not in json.dumps(manifest["counts"])
    shards = str(ws.mixtures / "raw" / "*.parquet")
    assert query(ws, f"SELECT DISTINCT source FROM read_parquet('{shards}')") == [("planted",)]


def test_coverage_counts_training_data_not_reference_sets(planted):
    """A reference set is evaluation data: per-language coverage (and the dashboard reading it)
    must not report its languages as training coverage."""
    _, ws, _, _ = planted
    training = dict(query(ws, "SELECT lang, count(*) FROM samples WHERE source = 'planted' GROUP BY lang"))
    ref_only = {r[0] for r in query(ws, "SELECT DISTINCT lang FROM samples WHERE source = 'udhr-refs'")} - set(training)
    assert ref_only, "the fixture's reference set should span languages the training data lacks"
    covered = dict(query(ws, "SELECT code, samples FROM coverage WHERE samples > 0"))
    assert covered == training
    assert query(ws, "SELECT sum(samples) FROM coverage_summary")[0][0] == sum(training.values())


def test_one_task_and_two_tasks_write_the_same_layer(planted):
    root, ws, _, _ = planted
    one = Workspace(root / "ws-one")
    shutil.copytree(root / "ws-ingested", one.root)
    run(root, one, ["decont"], [("executor.tasks", 1)])
    sql = "SELECT * EXCLUDE (run_id) FROM decont ORDER BY sample_id"
    assert query(one, sql) == query(ws, sql)


def test_rerun_does_nothing_and_new_references_recheck_everything(planted):
    root, ws, _, _ = planted
    again = run(root, ws, ["decont"])["decont"]
    assert again.counts.inputs == 0 and "nothing to do" in again.summary[0]
    with open(root / "refs.jsonl", "a", encoding="utf-8") as f:  # a new reference text: a training query
        f.write(json.dumps({"id": "new", "lang": "ru", "text": query(ws, "SELECT query FROM samples_clean WHERE length(query) > 200 "
                                                                         "ORDER BY sample_id LIMIT 1")[0][0]}) + "\n")
    run(root, ws, ["ingest"])
    third = run(root, ws, ["decont"])["decont"]
    total = query(ws, "SELECT count(*) FROM samples WHERE source = 'planted'")[0][0]
    assert third.counts.inputs == total and third.details["full"]
    assert third.counts.flagged == query(ws, "SELECT count(*) FROM decont WHERE contaminated")[0][0]
    assert query(ws, "SELECT count(DISTINCT config_hash), count(*) FROM decont") == [(1, total)]
