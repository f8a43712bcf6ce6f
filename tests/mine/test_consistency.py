"""mine.consistency_top_k: every sample's positive rank in its own retrieval, a flag for positives
outside the top k (visible in mining_quality, counted in `runs`), and with consistency_drop the
flagged samples leave samples_clean, while mining still selects them on a forced re-run."""

import json

import numpy as np
import pytest

from curation.mine.encoder import Encoder
from curation.mine.stage import MineConfig, mine

FILTER = {"top_k": 20, "skip_top": 2, "max_score": 0.9, "relative": 0.97, "num_negatives": 6}


def cfg(encoder: str, **kw) -> MineConfig:
    return MineConfig.model_validate({"model": encoder, "filter": FILTER, **kw})


def layer(ws) -> dict:
    with ws.connect() as con:
        return {r["sample_id"]: r for r in con.sql("SELECT * FROM mine").to_arrow_table().to_pylist()}


def brute_force_ranks(ws, model: str, source: str) -> dict:
    """1-based rank of the sample's own positive text among the source's distinct positives
    (the test corpus's near duplicates and shared queries make the stage's rank at most this)."""
    with ws.connect() as con:
        rows = con.execute(f"SELECT sample_id, query, positive FROM samples WHERE source = '{source}' AND positive IS NOT NULL").fetchall()
    enc = Encoder(model)
    passages = list(dict.fromkeys(r[2] for r in rows))
    pv, qv = enc.encode(passages), enc.encode([r[1] for r in rows])
    out = {}
    for (sid, _, pos), v in zip(rows, qv):
        order = list(np.argsort(-(pv @ v), kind="stable"))
        out[sid] = order.index(passages.index(pos)) + 1
    return out


def test_positive_rank_and_flag(mine_ws, tiny_bert):
    counts = mine(mine_ws, cfg(tiny_bert, consistency_top_k=3), progress=False)
    got = layer(mine_ws)
    ref = brute_force_ranks(mine_ws, tiny_bert, "alpha")
    for sid, rank in ref.items():
        r = got[sid]
        if rank <= FILTER["top_k"]:
            assert r["positive_rank"] is not None and r["positive_rank"] <= rank
        # the stage's rank also counts copies of the positive and other positives of the query
        assert (r["flag"] == "positive_rank") == (r["positive_rank"] is None or r["positive_rank"] > 3)
        assert r["keep"] is True  # flag only: consistency_drop is off
    flagged = sum(r["flag"] == "positive_rank" for r in got.values())
    assert 0 < flagged < len(got)  # a random encoder ranks some positives high, some low
    assert counts["flagged_positive_rank"] == flagged and counts["excluded_positive_rank"] == 0
    with mine_ws.connect() as con:
        assert con.execute("SELECT sum(flagged_positive_rank) FROM mining_quality").fetchone()[0] == flagged
        assert con.execute("SELECT sum(excluded_from_clean) FROM mining_quality").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM samples_clean").fetchone()[0] == con.execute("SELECT count(*) FROM samples").fetchone()[0]


def test_consistency_drop_leaves_flagged_samples_out_of_samples_clean(mine_ws, tiny_bert):
    counts = mine(mine_ws, cfg(tiny_bert, consistency_top_k=3, consistency_drop=True), progress=False)
    flagged = {s for s, r in layer(mine_ws).items() if r["flag"] == "positive_rank"}
    assert flagged and counts["excluded_positive_rank"] == len(flagged)
    with mine_ws.connect() as con:
        clean = {r[0] for r in con.execute("SELECT sample_id FROM samples_clean").fetchall()}
        every = {r[0] for r in con.execute("SELECT sample_id FROM samples").fetchall()}
        run = json.loads(con.execute("SELECT counts FROM runs WHERE stage = 'mine' ORDER BY started_at DESC LIMIT 1").fetchone()[0])
    assert clean == every - flagged
    assert run["excluded_positive_rank"] == len(flagged)
    again = mine(mine_ws, cfg(tiny_bert, consistency_top_k=3, consistency_drop=True), force=True, progress=False)
    assert again["selected"] == counts["selected"]  # mining's own verdicts do not hide samples from it
    assert {s for s, r in layer(mine_ws).items() if r["flag"] == "positive_rank"} == flagged


def test_off_by_default_and_validated(mine_ws, tiny_bert):
    counts = mine(mine_ws, cfg(tiny_bert), progress=False)
    assert "flagged_positive_rank" not in counts
    assert all(r["flag"] is None and r["keep"] for r in layer(mine_ws).values())
    with pytest.raises(ValueError, match="must be <= filter.top_k"):
        cfg(tiny_bert, consistency_top_k=50)
    with pytest.raises(ValueError, match="consistency_drop needs consistency_top_k"):
        cfg(tiny_bert, consistency_drop=True)
