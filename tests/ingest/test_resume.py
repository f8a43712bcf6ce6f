"""An interrupted ingest resumes from its completed shards; writes are atomic."""

import pytest

from curation.errors import ShardError
from curation.ingest import native, steps
from curation.ingest.stage import ingest
from curation.languages import DEFAULT_REGISTRY
from tests.helpers import SERIAL, query, source, write_jsonl


@pytest.mark.parametrize("path", ["row", "native"])
def test_failed_shard_resumes_without_redoing_completed_ones(tmp_path, ws, monkeypatch, path):
    write_jsonl(tmp_path / "d.jsonl", [{"q": f"q{i}", "p": f"p{i}"} for i in range(400)])
    src = source(tmp_path, path="d.jsonl")
    step = steps.WriteStaging if path == "row" else native.NativeIngest
    original = step.run
    calls, crashed = [], []

    def crash_on_rank_1(self, data=None, rank=0, world_size=1):
        calls.append(rank)
        if rank == 1 and not crashed:
            crashed.append(rank)
            raise RuntimeError("simulated crash")
        return original(self, data, rank, world_size)

    monkeypatch.setattr(step, "run", crash_on_rank_1)
    with pytest.raises((ShardError, RuntimeError)):
        ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False, native=path == "native")
    assert query(ws, "SELECT count(*) FROM samples") == [(0,)]  # nothing published from a failed run
    assert query(ws, "SELECT status FROM runs WHERE stage = 'ingest'") == [("failed",)]
    assert not list(ws.samples.rglob("*.tmp*"))

    calls.clear()
    counts = ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False, native=path == "native")
    assert calls == [1]  # rank 0 completed before and was skipped
    assert counts["samples_new"] == 400
    assert query(ws, "SELECT count(*), count(DISTINCT sample_id) FROM samples") == [(400, 400)]


def test_force_rereads_but_still_adds_nothing_new(tmp_path, ws):
    write_jsonl(tmp_path / "d.jsonl", [{"q": f"q{i}", "p": f"p{i}"} for i in range(50)])
    src = source(tmp_path, path="d.jsonl")
    ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, progress=False)
    counts = ingest(ws, [src], SERIAL, DEFAULT_REGISTRY, force=True, progress=False)
    assert counts["rows_read"] == 50 and counts["samples_new"] == 0
