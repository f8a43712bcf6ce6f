"""The stage contract and the layer writer: a new stage is a config class, `run(ctx, cfg)` and a
registry entry (the README's worked example, run here), and layers are written only through
`AnnotationLayer`."""

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import Field

from curation.config import Strict
from curation.contract import StageContext, StageCounts, StageResult
from curation.layer import AnnotationLayer, merge_counts, write_counts
from curation.stages import STAGES, Stage
from curation.store import Workspace
from tests.helpers import query

SCHEMA = pa.schema([("sample_id", pa.string()), ("short", pa.bool_()), ("run_id", pa.string())])


class ShortConfig(Strict):
    """`short:` section of the pipeline file."""

    min_chars: int = Field(20, ge=1, description="queries shorter than this are flagged")


def run_short(ctx: StageContext, cfg: ShortConfig) -> StageResult:
    layer = AnnotationLayer(ctx.ws, "short", SCHEMA)
    layer.ensure_schema()
    with ctx.record("short") as rec, ctx.ws.connect() as con:
        for source, in con.sql("SELECT DISTINCT source FROM samples").fetchall():
            t = con.sql("SELECT sample_id, length(query) < ? AS short FROM samples WHERE source = ?",
                        params=[cfg.min_chars, source]).to_arrow_table()
            t = t.append_column("run_id", pa.array([rec.run_id] * t.num_rows))
            layer.write_part(t, source, rec.run_id)
            rec.counts[source] = t.num_rows
    n = sum(rec.counts.values())
    return StageResult("short", StageCounts(inputs=n, outputs=n), [f"short: {n:,} samples checked"], rec.counts)


def small_workspace(root) -> Workspace:
    from curation.schema import SAMPLE_SCHEMA
    from curation.store import write_parquet_atomic

    ws = Workspace(root)
    ws.init()
    rows = [{c: None for c in SAMPLE_SCHEMA.names} | {"sample_id": f"s{i}", "source": "src", "split": "train", "task": "retrieval",
                                                      "query": "q" * (5 + 10 * i), "lang": "eng_Latn"} for i in range(4)]
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=SAMPLE_SCHEMA), ws.samples / "source=src" / "part-0.parquet")
    return ws


def test_a_new_stage_is_a_config_a_run_function_and_a_registry_line(tmp_path):
    ws = small_workspace(tmp_path / "ws")
    stage = Stage("short", ShortConfig, "tests.test_contract:run_short", "flag samples whose query is too short")
    result = stage.run(StageContext(ws=ws), ShortConfig(min_chars=20))
    assert result.counts == StageCounts(inputs=4, outputs=4) and result.summary == ["short: 4 samples checked"]
    assert result.seconds > 0
    layer = pq.read_table(ws.annotations / "short" / "source=src").to_pylist()
    assert sorted((r["sample_id"], r["short"]) for r in layer) == [("s0", True), ("s1", True), ("s2", False), ("s3", False)]
    assert query(ws, "SELECT status, counts->>'src' FROM runs WHERE stage = 'short'") == [("ok", "4")]
    assert list(STAGES) == ["ingest", "langid", "dedup", "decont", "tokens", "semdedup", "mine", "mix"]  # pipeline order


def test_layer_replace_puts_new_parts_in_before_old_ones_go(tmp_path):
    layer = AnnotationLayer(tmp_path, "x", SCHEMA)
    layer.ensure_schema()
    old = pa.table({"sample_id": ["a"], "short": [True], "run_id": ["r1"]}, schema=SCHEMA)
    layer.write_part(old, "src", "r1", rank=0)
    assert layer.done_ids() == {"a"}
    staged = tmp_path / "staging"
    new = pa.table({"sample_id": ["a", "b"], "short": [False, True], "run_id": ["r2", "r2"]}, schema=SCHEMA)
    layer.write_part(new, "src", "r2", rank=0, base=staged)
    assert layer.done_ids() == {"a"}  # staged parts are not in the layer yet
    seen = []
    real_unlink = type(layer.parts()[0]).unlink

    def unlink(path, missing_ok=False):  # when an old part goes, the new one is already in place
        seen.append(sorted(p.name for p in layer.parts()))
        real_unlink(path, missing_ok=missing_ok)

    import pathlib

    pathlib.Path.unlink, saved = unlink, pathlib.Path.unlink
    try:
        layer.replace("r2", staged=staged)
    finally:
        pathlib.Path.unlink = saved
    assert seen == [["part-r1-00000.parquet", "part-r2-00000.parquet"]]
    assert [p.name for p in layer.parts()] == ["part-r2-00000.parquet"] and layer.done_ids() == {"a", "b"}
    assert not list(tmp_path.rglob("*.tmp-*"))


def test_per_task_counts_merge(tmp_path):
    write_counts(tmp_path, 0, {"samples": 3, "status": {"match": 2, "mismatch": 1}, "model": "m"})
    write_counts(tmp_path, 1, {"samples": 4, "status": {"match": 4}, "model": "m"})
    assert merge_counts(tmp_path) == {"samples": 7, "status": {"match": 6, "mismatch": 1}, "model": "m"}
