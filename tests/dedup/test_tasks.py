"""The numpy engine's per-sample work runs on executor tasks: the layer is the same row for row
whatever the number of tasks, each task reads only its own row groups, and the driver reads the
tasks' spill files as one corpus in the plan's order."""

import numpy as np
import pyarrow.parquet as pq
import pytest

from curation.config import ConfigError, ExecutorConfig
from curation.dedup.scan import ScanUnits, unit_dir
from curation.dedup.shingles import shingle_sets
from curation.dedup.spill import ShingleStore
from curation.dedup.stage import DedupConfig, dedup_workspace
from curation.ingest.stage import ingest
from curation.langid.stage import plan_units
from curation.paths import DEFAULT_REGISTRY
from tests.dedup.test_streaming import corpus

LAYER = "SELECT * EXCLUDE (run_id) FROM dedup ORDER BY sample_id"


def layer_rows(ws) -> list:
    with ws.connect() as con:
        return con.execute(LAYER).fetchall()


def test_layer_is_the_same_on_one_task_two_tasks_and_in_process(tiny_workspace):
    ws = tiny_workspace
    ingest(ws, ws.extra_sources, ExecutorConfig(tasks=1), DEFAULT_REGISTRY, progress=False)  # a second source: 2 units
    cfg = DedupConfig(source_priority=["b"])
    one = dedup_workspace(ws, cfg, ExecutorConfig(tasks=1, workers=1))
    rows = layer_rows(ws)
    assert len(rows) == 34 and one["near_removed"] > 0 and one["exact_removed"] > 0
    two = dedup_workspace(ws, cfg, ExecutorConfig(tasks=2, workers=2), force=True)
    assert layer_rows(ws) == rows
    assert {k: v for k, v in two.items() if k not in ("samples_new", "seconds", "pairs_verified")} == \
        {k: v for k, v in one.items() if k not in ("samples_new", "seconds", "pairs_verified")}
    dedup_workspace(ws, cfg, force=True)  # no executor given: the tasks run in this process
    assert layer_rows(ws) == rows


def test_a_task_scans_only_its_own_row_groups(tiny_workspace, tmp_path):
    ws = tiny_workspace
    ingest(ws, ws.extra_sources, ExecutorConfig(tasks=1), DEFAULT_REGISTRY, progress=False)
    units = plan_units(ws.root, ["a", "b"])
    assert len(units) == 2
    step = ScanUnits(units, [0, 1], DedupConfig().model_dump(mode="json"), str(tmp_path / "scan"))
    list(step.run(rank=1, world_size=2) or [])
    done = sorted(p.name for p in (tmp_path / "scan").iterdir())
    assert done == [unit_dir(tmp_path, 1).name]  # the smaller unit (source b) is rank 1's; no .tmp left
    ids = pq.read_table(tmp_path / "scan" / done[0] / "ids.parquet")
    assert ids.column("idx").to_pylist() == list(range(units[0][3], units[0][3] + units[1][3]))  # global sample indices


def test_joined_stores_give_the_same_jaccard_as_one_store(tmp_path, monkeypatch):
    import curation.dedup.spill as spill

    monkeypatch.setattr(spill, "_GAP", 10**6)  # runs would span files if they were not cut at file ends
    texts = corpus() + [""]
    paths, offsets = [], []
    for k, lo in enumerate(range(0, len(texts), 7)):
        store = ShingleStore(tmp_path / f"s{k}.u32")
        store.append(*shingle_sets(texts[lo : lo + 7]))
        store.close()
        paths.append(store.path)
        offsets.append(store.offsets)
    paths.insert(1, tmp_path / "empty.u32")  # a unit with no rows
    (tmp_path / "empty.u32").write_bytes(b"")
    offsets.insert(1, np.zeros(1, dtype=np.int64))
    joined = ShingleStore.join(paths, offsets)
    whole = ShingleStore(tmp_path / "whole.u32")
    whole.append(*shingle_sets(texts))
    whole.close()
    assert np.array_equal(joined.offsets, whole.offsets)
    pairs = np.array([(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts))])
    assert joined.jaccard(pairs).tolist() == whole.jaccard(pairs).tolist()


def test_slurm_is_refused_before_anything_runs(tiny_workspace):
    with pytest.raises(ConfigError, match="engine: datatrove"):
        dedup_workspace(tiny_workspace, DedupConfig(), ExecutorConfig(kind="slurm"))
    assert not list(tiny_workspace.annotations.glob("dedup/source=*/*.parquet"))


def test_verification_sharded_by_band_gives_the_clusters_of_one_process(tiny_workspace, tmp_path):
    from curation.dedup.engine import finish
    from curation.dedup.scan import Joined, scan_unit, verify_on_tasks

    ws = tiny_workspace
    ingest(ws, ws.extra_sources, ExecutorConfig(tasks=1), DEFAULT_REGISTRY, progress=False)
    units, cfg = plan_units(ws.root, ["a", "b"]), DedupConfig(bands=16, rows=8)
    starts = np.r_[0, np.cumsum([u[3] for u in units])]
    for i, u in enumerate(units):
        scan_unit(u, int(starts[i]), 0, cfg, unit_dir(tmp_path / "scan", i))

    def results(link_tasks: int | None):
        joined = Joined(tmp_path / "scan", len(units), cfg.near_params(), tmp_path / f"engine-{link_tasks}")
        link = None
        if link_tasks:
            def run_tasks(step, tasks):  # every rank of the executor, one after another in this process
                for r in range(tasks):
                    list(step.run(rank=r, world_size=tasks) or [])
            link = verify_on_tasks(run_tasks, tmp_path / "scan", len(units), cfg.model_dump(mode="json"),
                                   tmp_path / f"verify-{link_tasks}", link_tasks)
        return finish(joined.scan, cfg.near_params(), joined.store, joined.finder, joined.hash_path, link=link)

    here = results(None)
    assert here.stats["near_removed"] > 0
    for tasks in (1, 3):
        sharded = results(tasks)
        for name in ("representative", "cluster_size", "keep", "reason_code", "similarity"):
            assert np.array_equal(getattr(sharded, name), getattr(here, name)), (tasks, name)
        assert sharded.stats["candidate_pairs"] == here.stats["candidate_pairs"]
