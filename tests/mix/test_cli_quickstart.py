"""`mlcurate mix` on the command line, and the mixture the quickstart pipeline exports."""

import json

import duckdb
import pytest

from curation.cli import main
from curation.paths import CONFIGS_DIR

SPEC = str(CONFIGS_DIR / "mixtures" / "quickstart.yaml")


def test_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["mix", "--help"])
    out = capsys.readouterr().out
    assert "mlcurate mix configs/mixtures/quickstart.yaml --dry-run" in out and "--dry-run" in out


def test_bad_spec_is_a_friendly_error(tmp_path, capsys, skewed_ws):
    bad = tmp_path / "bad.yaml"
    bad.write_text("total: 10\nalpha: -1\n")
    assert main(["mix", str(bad), "-w", str(skewed_ws.root)]) == 2
    assert "bad.yaml: key 'alpha'" in capsys.readouterr().err


@pytest.mark.slow
def test_quickstart_exports_a_mixture(quickstart_ws, capsys):
    out = quickstart_ws.mixtures / "quickstart"
    manifest = json.loads((out / "manifest.json").read_text())
    con = duckdb.connect()
    shards = f"{out}/shard-*.parquet"
    assert manifest["rows"] == con.execute(f"SELECT count(*) FROM '{shards}'").fetchone()[0] == 3500
    assert manifest["counts"]["task"] == dict(con.execute(f"SELECT task, count(*) FROM '{shards}' GROUP BY 1 ORDER BY 1").fetchall())
    from curation.pipeline import load_pipeline
    from curation.paths import CONFIGS_DIR

    stages = load_pipeline(CONFIGS_DIR / "pipeline.yaml").stages
    assert [r["stage"] for r in manifest["input_runs"]] == stages[: stages.index("mix")]  # every stage before it
    # negatives: both: samples the quickstart mined (with at least one negative) get their mined negatives first
    con.execute(f"SET file_search_path = '{quickstart_ws.root}'")
    mined = con.execute(f"""SELECT count(*), count(*) FILTER (WHERE m.negative_1 = n.negatives[1])
        FROM '{shards}' m JOIN read_parquet('annotations/mine/**/*.parquet') n USING (sample_id)
        WHERE len(n.negatives) > 0""").fetchone()
    assert mined[0] > 0 and mined[0] == mined[1]
    assert all(con.execute(f"SELECT count(DISTINCT source) FROM '{out / s['file']}'").fetchone()[0] == 1 for s in manifest["shards"])
    # clustering: the passage is another paragraph of the same article; negatives are other texts,
    # found under another article (a few UDHR texts occur under two articles)
    con.execute(f"SET file_search_path = '{quickstart_ws.root}'")
    bad = con.execute(f"""
        SELECT count(*) FROM '{shards}' m JOIN read_parquet('samples/**/*.parquet') s USING (sample_id)
        WHERE m.task = 'clustering' AND (
          m.passage NOT IN (SELECT query FROM read_parquet('samples/**/*.parquet') p WHERE p.label = s.label AND p.source = s.source)
          OR m.negative_1 IN (m.query, m.passage)
          OR m.negative_1 NOT IN (SELECT query FROM read_parquet('samples/**/*.parquet') p WHERE p.label <> s.label AND p.source = s.source))""").fetchone()[0]
    assert bad == 0
    with duckdb.connect(str(quickstart_ws.catalog), read_only=True) as cat:
        assert cat.execute("SELECT status FROM runs WHERE stage = 'mix'").fetchall() == [("ok",)]

    assert main(["mix", SPEC, "-w", str(quickstart_ws.root), "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert "changed by" in text and "swh_Latn" in text and "dry run: nothing written" in text
