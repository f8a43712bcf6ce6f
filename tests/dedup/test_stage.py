import subprocess
import sys

import pytest

from curation.config import ConfigError, ExecutorConfig
from curation.dedup.stage import DedupConfig, dedup_workspace
from curation.pipeline import DEFAULT_PIPELINE, load_pipeline
from curation.ingest.stage import ingest
from curation.paths import DEFAULT_REGISTRY


def sql(ws, query):
    with ws.connect(read_only=False, views=True) as con:
        return con.execute(query).fetchall()


def test_every_sample_annotated_and_samples_clean_excludes_removed(tiny_workspace):
    ws = tiny_workspace
    counts = dedup_workspace(ws, DedupConfig())
    n = sql(ws, "SELECT count(*) FROM samples")[0][0]
    assert sql(ws, "SELECT count(*), count(DISTINCT sample_id) FROM dedup") == [(n, n)]
    # per language: original, exact variant, near copy -> 1 kept; far copy kept
    assert counts["kept"] == 2 * 8 and counts["exact_removed"] + counts["near_removed"] == 2 * 8
    assert sql(ws, "SELECT count(*) FROM samples_clean")[0][0] == counts["kept"]
    assert sql(ws, "SELECT count(*) FROM samples_clean c JOIN dedup d USING (sample_id) WHERE NOT d.keep")[0][0] == 0
    assert counts["by_lang"]["zho_Hans"] == {"samples": 4, "kept": 2, "exact": 1, "near": 1}


def test_removed_samples_name_their_reason_and_representative(tiny_workspace):
    ws = tiny_workspace
    dedup_workspace(ws, DedupConfig())
    rows = sql(ws, """SELECT d.reason, r.keep, d.cluster_id = d.duplicate_of FROM dedup d
                      JOIN dedup r ON r.sample_id = d.duplicate_of WHERE NOT d.keep""")
    assert {reason for reason, _, _ in rows} == {"exact-dup-of", "near-dup-of"}
    assert all(rep_kept and same for _, rep_kept, same in rows)
    assert sql(ws, "SELECT count(*) FROM dedup WHERE keep AND (reason IS NOT NULL OR duplicate_of IS NOT NULL)")[0][0] == 0


def test_rerun_does_no_work_and_force_recomputes(tiny_workspace):
    ws = tiny_workspace
    first = dedup_workspace(ws, DedupConfig())
    again = dedup_workspace(ws, DedupConfig())
    assert again["samples_new"] == 0 and "kept" not in again
    forced = dedup_workspace(ws, DedupConfig(), force=True)
    assert forced["kept"] == first["kept"]
    assert len(list((ws.annotations / "dedup").glob("source=*/*.parquet"))) == 1  # old files replaced
    runs = sql(ws, "SELECT status, counts FROM runs WHERE stage = 'dedup' ORDER BY started_at")
    assert [s for s, _ in runs] == ["ok"] * 3


def test_new_samples_recompute_clusters_over_all_sources(tiny_workspace):
    ws = tiny_workspace
    dedup_workspace(ws, DedupConfig())
    ingest(ws, ws.extra_sources, ExecutorConfig(tasks=1), DEFAULT_REGISTRY, progress=False)
    counts = dedup_workspace(ws, DedupConfig(source_priority=["b"]))
    assert counts["samples_new"] > 0
    n = sql(ws, "SELECT count(*) FROM samples")[0][0]
    assert sql(ws, "SELECT count(*) FROM dedup")[0][0] == n
    # source b is preferred: its copies of eng and zho are kept, a's are removed as duplicates of them
    overlap = dict(((s, k), r) for s, k, r, _, _ in sql(ws, "SELECT * FROM dedup_source_overlap"))
    assert overlap[("a", "b")] == 2 * 3
    assert sql(ws, "SELECT count(*) FROM dedup d JOIN samples s USING (sample_id) WHERE s.source = 'b' AND NOT d.keep")[0][0] == 0


def test_views_retention_and_clusters(tiny_workspace):
    ws = tiny_workspace
    dedup_workspace(ws, DedupConfig())
    ret = sql(ws, "SELECT lang, samples, kept, retention FROM dedup_retention WHERE lang = 'tha_Thai'")
    assert ret == [("tha_Thai", 4, 2, 0.5)]
    size, exact, near, langs, examples = sql(ws, "SELECT size, exact_dups, near_dups, langs, removed_examples FROM dedup_clusters LIMIT 1")[0]
    assert size == 3 and exact + near == 2 and len(langs) == 1 and len(examples) == 2


def test_samples_clean_works_before_dedup_runs(tiny_workspace):
    ws = tiny_workspace
    assert sql(ws, "SELECT count(*) FROM samples_clean") == sql(ws, "SELECT count(*) FROM samples")


def test_config_errors_name_the_key_and_fix(tmp_path):
    with pytest.raises(ConfigError, match=r"dedup.*exceeds num_perm = 128; lower bands or rows"):
        load_pipeline(DEFAULT_PIPELINE, [("dedup.bands", 64), ("dedup.rows", 4)])
    with pytest.raises(ConfigError, match=r"(?s)key 'dedup.unit'.*fix: use one of: 'query', 'positive' or 'pair'"):
        load_pipeline(DEFAULT_PIPELINE, [("dedup.unit", "passage")])


def test_cli_help_has_an_example():
    out = subprocess.run([sys.executable, "-m", "curation.cli", "dedup", "--help"], capture_output=True, text=True, check=True).stdout
    assert "mlcurate dedup --workspace ws" in out and "--force" in out


def test_auto_shingles_samples_of_task_code_as_words(tmp_path):
    """`shingles: auto` (the default): natural-language samples by characters, task code by words."""
    import json

    from curation.config import load_sources
    from curation.store import Workspace

    doc = ["Encode a file; input and output are binary files.", "Decode a file; input and output are binary files."]
    ws = Workspace(tmp_path / "ws")
    for name, task in (("text", "retrieval"), ("code", "code")):
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps({"q": d, "p": f"def f{i}(): pass", "lang": "eng"}) + "\n"
                                                        for i, d in enumerate(doc)))
        (tmp_path / f"{name}.yaml").write_text(f"name: {name}\nkind: jsonl\npath: {name}.jsonl\ntask: {task}\n"
                                               "fields: {query: q, positive: p}\nlang: {field: lang}\n")
        ingest(ws, load_sources(str(tmp_path / f"{name}.yaml")), ExecutorConfig(tasks=1), DEFAULT_REGISTRY, progress=False)
    counts = dedup_workspace(ws, DedupConfig())
    assert counts["near_removed"] == 1
    assert sql(ws, "SELECT s.task FROM dedup d JOIN samples s USING (sample_id) WHERE NOT d.keep") == [("retrieval",)]
    assert dedup_workspace(ws, DedupConfig(shingles="char"), force=True)["near_removed"] == 2
    assert dedup_workspace(ws, DedupConfig(shingles="word"), force=True)["near_removed"] == 0
