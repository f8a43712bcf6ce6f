"""Export: language distribution vs plan, bounds, manifest vs shards, determinism, dry run."""

import json

import duckdb
import pytest

from curation.mix.spec import MixSpec
from curation.mix.stage import mix

from .conftest import SKEWED


def export(ws, **kw) -> dict:
    spec = MixSpec.model_validate({"name": "m", "tasks": {"retrieval": 3000}, "shard_size": 700, **kw})
    mix(ws, spec, echo=lambda *_: None, force=True)
    return json.loads((ws.mixtures / spec.name / "manifest.json").read_text())


def shards(ws, name="m") -> str:
    return str(ws.mixtures / name / "shard-*.parquet")


@pytest.mark.parametrize("alpha", [0.0, 0.3, 1.0])
def test_language_distribution_follows_the_plan(skewed_ws, alpha):
    export(skewed_ws, alpha=alpha, max_epochs=100, name=f"a{alpha}")
    got = dict(duckdb.connect().execute(f"SELECT lang, count(*) FROM '{shards(skewed_ws, f'a{alpha}')}' GROUP BY lang").fetchall())
    weights = {lang: n ** alpha for lang, n in SKEWED.items()}
    for lang, w in weights.items():
        assert abs(got[lang] / 3000 - w / sum(weights.values())) < 0.01, lang


def test_floors_caps_and_upsampling_limit_hold(skewed_ws):
    export(skewed_ws, alpha=0.3, floor=50, cap=900, max_epochs=2)
    per_lang = dict(duckdb.connect().execute(f"SELECT lang, count(*) FROM '{shards(skewed_ws)}' GROUP BY lang").fetchall())
    assert max(per_lang.values()) <= 900
    assert all(n >= min(50, 2 * SKEWED[lang]) for lang, n in per_lang.items())
    most = duckdb.connect().execute(f"SELECT max(c) FROM (SELECT count(*) c FROM '{shards(skewed_ws)}' GROUP BY sample_id)").fetchone()[0]
    assert most <= 2


def test_manifest_counts_equal_shard_counts(skewed_ws):
    manifest = export(skewed_ws, alpha=0.5, max_epochs=3)
    con = duckdb.connect()
    for col in ("lang", "task", "source"):
        assert manifest["counts"][col] == dict(con.execute(f"SELECT {col}, count(*) FROM '{shards(skewed_ws)}' GROUP BY ALL ORDER BY 1").fetchall())
    for shard in manifest["shards"]:
        path = skewed_ws.mixtures / "m" / shard["file"]
        assert con.execute(f"SELECT count(*) FROM '{path}'").fetchone()[0] == shard["rows"] <= 700
    assert manifest["rows"] == 3000 and manifest["seed"] == 0 and manifest["spec"]["alpha"] == 0.5
    assert manifest["input_runs"] == []  # no stage has run: samples were written directly


def test_layout_columns(skewed_ws):
    export(skewed_ws, num_negatives={"retrieval": 3})
    cols = [r[0] for r in duckdb.connect().execute(f"DESCRIBE SELECT * FROM '{shards(skewed_ws)}'").fetchall()]
    assert cols == ["query", "passage", "negative_1", "negative_2", "negative_3", "task", "instruction", "lang", "source", "sample_id"]
    row = duckdb.connect().execute(f"SELECT query, passage, negative_1, negative_3 FROM '{shards(skewed_ws)}' WHERE lang = 'eng_Latn' LIMIT 1").fetchone()
    i = row[0].split()[-1]
    assert row[1] == f"passage eng_Latn {i}" and row[2] == f"neg eng_Latn {i} 0" and row[3] is None  # the source has 2


def test_reexport_gives_identical_checksums(skewed_ws):
    first = [s["sha256"] for s in export(skewed_ws, alpha=0.3, max_epochs=2)["shards"]]
    second = [s["sha256"] for s in export(skewed_ws, alpha=0.3, max_epochs=2, batch_rows=333)["shards"]]
    assert first == second and len(first) == 5
    other_seed = [s["sha256"] for s in export(skewed_ws, alpha=0.3, max_epochs=2, seed=1)["shards"]]
    assert other_seed != first


def test_dry_run_writes_nothing(skewed_ws):
    before = sorted(p.name for p in skewed_ws.mixtures.iterdir())
    with duckdb.connect(str(skewed_ws.catalog), read_only=True) as con:
        runs = con.execute("SELECT count(*) FROM runs").fetchone()[0]
    lines = []
    counts = mix(skewed_ws, MixSpec(name="dry", total=100), dry_run=True, echo=lines.append)
    assert counts["dry_run"] and sorted(p.name for p in skewed_ws.mixtures.iterdir()) == before
    with duckdb.connect(str(skewed_ws.catalog), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == runs
    table = "\n".join(lines)
    assert "available" in table and "upsampling" in table and "eng_Latn" in table and "nothing written" in table


def test_run_recorded_and_up_to_date_skips(skewed_ws):
    spec = MixSpec(name="once", total=100)
    mix(skewed_ws, spec, echo=lambda *_: None)
    lines = []
    assert mix(skewed_ws, spec, echo=lines.append).get("skipped")
    with duckdb.connect(str(skewed_ws.catalog), read_only=True) as con:
        status, counts = con.execute("SELECT status, counts FROM runs WHERE stage = 'mix' ORDER BY started_at DESC LIMIT 1").fetchone()
    assert status == "ok" and json.loads(counts)["rows"] > 0


def test_failed_export_leaves_the_old_mixture(skewed_ws, monkeypatch):
    export(skewed_ws, name="keep")
    before = (skewed_ws.mixtures / "keep" / "manifest.json").read_text()
    import curation.mix.stage as stage

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(stage, "_manifest", boom)
    with pytest.raises(RuntimeError):
        export(skewed_ws, name="keep", seed=5)
    assert (skewed_ws.mixtures / "keep" / "manifest.json").read_text() == before
    assert not [p for p in skewed_ws.mixtures.iterdir() if p.name.startswith(".keep")]


def test_where_filter(skewed_ws):
    manifest = export(skewed_ws, name="w", where="lang IN ('eng_Latn', 'deu_Latn')", tasks={"retrieval": 100})
    assert set(manifest["counts"]["lang"]) == {"eng_Latn", "deu_Latn"}
