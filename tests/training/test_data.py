"""Mixture shards -> per-source batches: source choice, negatives per task, exact position."""

from collections import Counter

import pytest

from curation.errors import ConfigError
from training.data import Batches, is_held_out, load_rows, split_holdout


def _batches(train_ws, **kw):
    rows = load_rows(train_ws / "mixtures" / "synth")
    return Batches(rows, kw.pop("batch_size", 8), kw.pop("seed", 0), kw.pop("negatives", None))


def test_every_batch_holds_one_source_and_an_epoch_uses_every_full_batch(train_ws):
    b = _batches(train_ws)
    assert b.batches_per_epoch() == 6 + 3 + 3
    seen = Counter()
    for _ in range(12):
        batch = b.next()
        rows = load_rows(train_ws / "mixtures" / "synth")[batch.source]
        assert {r["query"] for r in rows} >= set(batch.queries)
        seen[batch.source] += 1
    assert seen == {"docs": 6, "fr": 3, "clus": 3}
    b.next()
    assert b.epoch == 1


def test_source_drawn_in_proportion_to_remaining_batches(train_ws):
    first = Counter(_batches(train_ws, seed=s).next().source for s in range(400))
    assert first["docs"] / 400 == pytest.approx(6 / 12, abs=0.08)
    assert first["fr"] / 400 == pytest.approx(3 / 12, abs=0.08)


def test_negatives_per_task_are_drawn_from_the_stored_ones(train_ws):
    b = _batches(train_ws, negatives={"retrieval": 2, "clustering": 3})
    stored = {r["query"]: r["negatives"] for rows in load_rows(train_ws / "mixtures" / "synth").values() for r in rows}
    for _ in range(12):
        batch = b.next()
        want = {"retrieval": 2, "clustering": 3, "bitext": 0}[batch.task]
        for q, negs in zip(batch.queries, batch.negatives):
            assert len(negs) == want and set(negs) <= set(stored[q])


def test_position_restores_the_exact_stream(train_ws):
    a = _batches(train_ws)
    for _ in range(5):
        a.next()
    state = a.state()
    expected = [(x.source, x.queries, x.negatives) for x in (a.next() for _ in range(10))]
    b = _batches(train_ws)
    b.load_state(state)
    assert [(x.source, x.queries, x.negatives) for x in (b.next() for _ in range(10))] == expected


def test_holdout_is_deterministic_and_only_from_eval_tasks(train_ws):
    rows = load_rows(train_ws / "mixtures" / "synth")
    train, held = split_holdout(rows, 0.3, ["retrieval", "bitext"])
    assert held and all(r["task"] in ("retrieval", "bitext") and is_held_out(r["sample_id"], 0.3) for r in held)
    assert not any(is_held_out(r["sample_id"], 0.3) and r["task"] != "clustering" for rs in train.values() for r in rs)
    assert split_holdout(rows, 0.3, ["retrieval", "bitext"])[1] == held


def test_task_filter_and_errors(train_ws, tmp_path):
    assert set(load_rows(train_ws / "mixtures" / "synth", tasks=["retrieval"])) == {"docs"}
    with pytest.raises(ConfigError, match="no source has 100 training rows"):
        Batches(load_rows(train_ws / "mixtures" / "synth"), 100, 0)
    with pytest.raises(ConfigError, match="manifest.json missing"):
        load_rows(tmp_path / "nope")
    with pytest.raises(ConfigError, match="no tokenized layout"):
        load_rows(train_ws / "mixtures" / "synth", layout="tokenized")


def test_tokenized_layout_gives_the_same_rows_as_token_ids(train_ws, tokenizer_dir):
    import json

    from curation.mix.tokenized import write_tokenized

    mixture = train_ws / "mixtures" / "synth"
    manifest = json.loads((mixture / "manifest.json").read_text())
    manifest["tokenized"] = write_tokenized(manifest["shards"], mixture, mixture / "tokenized", tokenizer_dir, 32)
    (mixture / "manifest.json").write_text(json.dumps(manifest))
    text = load_rows(mixture)
    ids = load_rows(mixture, layout="tokenized")
    assert {s: len(r) for s, r in ids.items()} == {s: len(r) for s, r in text.items()}
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(tokenizer_dir)
    row, id_row = text["docs"][0], ids["docs"][0]
    assert id_row["sample_id"] == row["sample_id"] and len(id_row["negatives"]) == len(row["negatives"])
    assert tok.decode(id_row["passage"][:-1]) == row["passage"] and id_row["passage"][-1] == tok.sep_token_id
    b = Batches(ids, 8, 0, {"retrieval": 2})
    assert all(isinstance(q, list) for q in b.next().queries)
