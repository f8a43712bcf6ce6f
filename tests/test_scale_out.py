"""The scale-out path is exercised, not just configurable: ingest on RayPipelineExecutor against a
local Ray instance gives exactly what LocalPipelineExecutor gives."""

import pytest

from curation.config import ExecutorConfig
from curation.ingest.stage import ingest
from curation.languages import DEFAULT_REGISTRY
from curation.store import Workspace
from tests.helpers import query, source, write_jsonl

ray = pytest.importorskip("ray")


@pytest.mark.slow
def test_ray_executor_matches_local(tmp_path):
    rows = [{"q": f"question {i}", "p": f"answer {i % 700}", "l": ["fr", "sw", "zh-Hant", "xx"][i % 4]} for i in range(3000)]
    rows[10] = '{"broken'
    write_jsonl(tmp_path / "d.jsonl", rows)
    src = source(tmp_path, path="d.jsonl", lang={"field": "l"})

    local = Workspace(tmp_path / "local")
    ingest(local, [src], ExecutorConfig(kind="local", tasks=3, workers=2), DEFAULT_REGISTRY, progress=False)

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        remote = Workspace(tmp_path / "ray")
        counts = ingest(remote, [src], ExecutorConfig(kind="ray", tasks=3, workers=2, options={"cpus_per_task": 1, "mem_per_cpu_gb": 1}),
                        DEFAULT_REGISTRY, progress=False)
    finally:
        ray.shutdown()

    assert counts["samples_new"] > 2000 and counts["quarantined"] == 751
    sql = "SELECT * EXCLUDE (meta) FROM samples ORDER BY sample_id"
    assert query(remote, sql) == query(local, sql)
    qsql = "SELECT quarantine_id, origin, reason FROM quarantine ORDER BY quarantine_id"
    assert query(remote, qsql) == query(local, qsql)
