"""The mine stage on a small workspace: results equal a brute-force reference, no negative
duplicates its positive, pools never cross sources, idempotent re-runs encode nothing, the dedup
layer is used when present, and mix exports the mined negatives."""

import json
import unicodedata

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from curation.cli import main
from curation.mine.encoder import Encoder
from curation.mine.stage import MineConfig, mine
from curation.pipeline import DEFAULT_PIPELINE, load_pipeline
from curation.errors import ConfigError
from curation.store import write_parquet_atomic

FILTER = {"top_k": 20, "skip_top": 2, "max_score": 0.9, "relative": 0.97, "num_negatives": 6}


def cfg(**kw) -> MineConfig:
    return MineConfig.model_validate({"model": "all-MiniLM-L6-v2", "view": "samples", "filter": FILTER, **kw})


def layer(ws) -> dict:
    with ws.connect() as con:
        rows = con.sql("SELECT * FROM mine").to_arrow_table().to_pylist()
    return {r["sample_id"]: r for r in rows}


def norm(t: str) -> str:
    """The text-eq-v1 rules written out: NFKC, casefold, punctuation and whitespace runs -> one space."""
    t = unicodedata.normalize("NFKC", t).casefold()
    return " ".join("".join(" " if unicodedata.category(c).startswith("P") else c for c in t).split())


def reference(ws, source: str) -> dict:
    """Brute force over one source with the rules written out candidate by candidate."""
    with ws.connect() as con:
        rows = con.execute(f"SELECT sample_id, query, positive FROM samples WHERE source = '{source}' AND positive IS NOT NULL").fetchall()
    enc = Encoder("all-MiniLM-L6-v2")
    passages = list(dict.fromkeys(r[2] for r in rows))
    pv, qv = enc.encode(passages), enc.encode([r[1] for r in rows])
    out = {}
    for (sid, q, pos), v in zip(rows, qv):
        scores = pv @ v
        pos_score = float(v @ pv[passages.index(pos)])
        others = {r[2] for r in rows if norm(r[1]) == norm(q)}
        kept = []
        for rank, j in enumerate(np.argsort(-scores, kind="stable")[:FILTER["top_k"]]):
            p, s = passages[j], scores[j]
            if rank < FILTER["skip_top"] or norm(p) in (norm(pos), norm(q)) or p in others:
                continue
            if s < FILTER["max_score"] and s < FILTER["relative"] * pos_score and len(kept) < FILTER["num_negatives"]:
                kept.append(p)
        out[sid] = kept
    return out


def test_equals_brute_force_and_never_returns_the_positive(mine_ws):
    counts = mine(mine_ws, cfg(), progress=False)
    got = layer(mine_ws)
    assert counts["mined"] == len(got) == 2 * 53  # the clustering sample has no positive: not eligible
    ref = reference(mine_ws, "alpha")
    with mine_ws.connect() as con:
        pos = dict(con.execute("SELECT sample_id, positive FROM samples").fetchall())
    for sid, negs in ref.items():
        assert got[sid]["negatives"] == negs
    for sid, row in got.items():
        assert all(norm(n) != norm(pos[sid]) for n in row["negatives"])
        assert row["ranks"] == sorted(row["ranks"]) and min(row["ranks"], default=99) > FILTER["skip_top"]
        assert all(s < 0.9 for s in row["scores"])
    assert sum(r["dropped_duplicate"] for r in got.values()) > 0
    assert sum(r["dropped_other_positive"] for r in got.values()) > 0


def test_pools_never_cross_sources(mine_ws):
    mine(mine_ws, cfg(), progress=False)
    with mine_ws.connect() as con:
        crossing = con.execute("""SELECT count(*) FROM mine m, unnest(m.negatives) AS n(neg)
            WHERE NOT EXISTS (SELECT 1 FROM samples s WHERE s.source = m.source AND s.positive = n.neg)""").fetchone()[0]
        assert crossing == 0
        assert con.execute("SELECT count(DISTINCT pool) FROM mine").fetchone()[0] == 2


def test_language_and_sql_pools(mine_ws):
    mine(mine_ws, cfg(pool="sql", pool_sql="source || ':' || substr(sample_id, 1, 1)"), progress=False)
    with mine_ws.connect() as con:
        assert con.execute("SELECT count(DISTINCT pool) FROM mine").fetchone()[0] > 2
    with pytest.raises(ConfigError, match="pool: sql needs pool_sql"):
        load_pipeline(DEFAULT_PIPELINE, [("mine.pool", "sql")])


def test_rerun_is_idempotent_and_force_reencodes_nothing(mine_ws):
    first = mine(mine_ws, cfg(), progress=False)
    assert first["encoded"] > 0
    again = mine(mine_ws, cfg(), progress=False)
    assert again["mined"] == 0 and again["encoded"] == 0 and again["already_mined"] == first["mined"]
    before = layer(mine_ws)
    forced = mine(mine_ws, cfg(), force=True, progress=False)
    assert forced["mined"] == first["mined"] and forced["encoded"] == 0 and forced["cached"] > 0
    after = layer(mine_ws)
    assert {k: v["negatives"] for k, v in after.items()} == {k: v["negatives"] for k, v in before.items()}
    assert len(list((mine_ws.annotations / "mine").glob("source=*/*.parquet"))) == 2


def test_subset_then_the_rest(mine_ws):
    sub = mine(mine_ws, cfg(max_samples_per_source=10), progress=False)
    assert sub["mined"] == 20
    rest = mine(mine_ws, cfg(), progress=False)
    assert rest["mined"] == 2 * 53 - 20 and rest["cached"] > 0


def test_dedup_layer_clusters_count_as_duplicates(mine_ws):
    """Two samples put in one dedup cluster never give each other's positive as a negative."""
    mine(mine_ws, cfg(), progress=False)
    got = layer(mine_ws)
    with mine_ws.connect() as con:
        pos = dict(con.execute("SELECT sample_id, positive FROM samples").fetchall())
    sid, row = next((s, r) for s, r in got.items() if r["negatives"] and r["source"] == "alpha")
    victim = next(s for s, p in pos.items() if p == row["negatives"][0] and got[s]["source"] == "alpha")
    write_parquet_atomic(pa.table({"sample_id": [sid, victim], "cluster_id": [sid, sid]}),
                         mine_ws.annotations / "dedup" / "source=alpha" / "part-0.parquet")
    counts = mine(mine_ws, cfg(), force=True, progress=False)
    assert counts["dedup_layer"]
    assert pos[victim] not in layer(mine_ws)[sid]["negatives"]


def test_reports_and_views(mine_ws):
    mine(mine_ws, cfg(), progress=False)
    with mine_ws.connect() as con:
        report = con.execute("SELECT * FROM mining_report ORDER BY source").fetchall()
        assert [r[0] for r in report] == ["alpha", "beta"]
        cols = [c[0] for c in con.execute("DESCRIBE mined_negatives").fetchall()]
        types = [c[1] for c in con.execute("DESCRIBE mined_negatives").fetchall()]
        assert cols == ["sample_id", "negatives"] and types == ["VARCHAR", "VARCHAR[]"]
        assert con.execute("SELECT sum(samples) FROM mining_quality").fetchone()[0] == 2 * 53
        run = con.execute("SELECT counts FROM runs WHERE stage = 'mine' ORDER BY started_at DESC LIMIT 1").fetchone()[0]
    assert json.loads(run)["dropped"]["skip_top"] == 2 * 53 * 2


def test_mix_exports_mined_negatives(mine_ws):
    from curation.mix.spec import MixSpec
    from curation.mix.stage import mix

    mine(mine_ws, cfg(), progress=False)
    spec = MixSpec.model_validate({"name": "m", "view": "samples", "tasks": {"retrieval": 50}, "negatives": "mined",
                                   "num_negatives": {"retrieval": 3}})
    mix(mine_ws, spec, echo=lambda *_: None, force=True)
    shards = str(mine_ws.mixtures / "m" / "shard-*.parquet")
    rows = duckdb.connect().sql(f"SELECT sample_id, negative_1, negative_2, negative_3 FROM '{shards}'").fetchall()
    got = layer(mine_ws)
    assert rows and all([n for n in r[1:] if n is not None] == got[r[0]]["negatives"][:3] for r in rows)


def test_cli_help_and_run(mine_ws, capsys, tmp_path):
    with pytest.raises(SystemExit):
        main(["mine", "--help"])
    assert "mlcurate mine --all" in capsys.readouterr().out
    pipeline = tmp_path / "pipeline.yaml"
    pipeline.write_text("mine:\n  view: samples\n  max_samples_per_source: 5\n")
    assert main(["mine", "--workspace", str(mine_ws.root), "--pipeline", str(pipeline), "--no-progress"]) == 0
    assert "10 samples" in capsys.readouterr().out
    assert main(["mine", "--workspace", str(mine_ws.root), "--pipeline", str(pipeline), "--no-progress"]) == 0
    assert "all mined already" in capsys.readouterr().out


@pytest.mark.slow
def test_encoding_on_executor_tasks_gives_the_same_layer(tmp_path, monkeypatch):
    """Encoding sharded over 2 local tasks (each writing its own cache chunks) gives the layer the
    driver-only run gives, row for row."""
    import curation.mine.stage as stage
    from curation.config import ExecutorConfig
    from tests.mine.conftest import corpus, make_workspace

    monkeypatch.setattr(stage, "ENCODE_SHARD", 16)  # several shards per task on this small corpus
    layers = []
    for name, executor in (("driver", None), ("tasks", ExecutorConfig(kind="local", tasks=2, workers=2))):
        ws = make_workspace(tmp_path / name, {"alpha": corpus("alpha"), "beta": corpus("beta")})
        counts = mine(ws, cfg(), progress=False, executor=executor)
        assert counts["encoded"] > 32 and counts["cached"] == 0
        with ws.connect() as con:
            layers.append(con.sql("SELECT * EXCLUDE (run_id) FROM mine ORDER BY sample_id").fetchall())
        assert len(list((ws.cache / "embeddings").glob("*/chunk-*.npz"))) >= counts["encoded"] // 16
    assert layers[0] == layers[1]


@pytest.mark.slow
def test_driver_plans_without_torch_and_tasks_mine(mine_ws):
    """With 2 local tasks the mining process only plans and merges: encoding, search and filter
    run in the tasks, so torch (and the model) never load in it; the layer equals the one-task run."""
    import os
    import subprocess
    import sys

    from curation.config import ExecutorConfig

    code = ("import json, sys\n"
            "from curation.config import ExecutorConfig\n"
            "from curation.mine.stage import MineConfig, mine\n"
            "from curation.store import Workspace\n"
            f"cfg = MineConfig.model_validate_json({json.dumps(cfg().model_dump_json())})\n"
            "counts = mine(Workspace(sys.argv[1]), cfg, progress=False, executor=ExecutorConfig(tasks=2, workers=2))\n"
            "print(json.dumps({'torch': 'torch' in sys.modules, 'transformers': 'transformers' in sys.modules, 'counts': counts}))\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run([sys.executable, "-c", code, str(mine_ws.root)], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["torch"] is False and out["transformers"] is False
    assert out["counts"]["mined"] == 2 * 53 and out["counts"]["encoded"] > 0 and out["counts"]["device"] == "cpu"
    two = layer(mine_ws)
    parts = sorted(p.name for p in (mine_ws.annotations / "mine").glob("source=*/*.parquet"))
    assert len(parts) == 2 and all(p.endswith(("-00000.parquet", "-00001.parquet")) for p in parts)  # one task per source pool
    mine(mine_ws, cfg(), force=True, progress=False, executor=ExecutorConfig(tasks=1, workers=1))
    one = layer(mine_ws)
    drop = ("run_id",)
    assert {k: {c: v for c, v in r.items() if c not in drop} for k, r in one.items()} == \
        {k: {c: v for c, v in r.items() if c not in drop} for k, r in two.items()}
