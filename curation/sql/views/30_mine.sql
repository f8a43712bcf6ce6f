-- Hard-negative mining (`mlcurate mine`): one row per mined sample with its negatives (best first),
-- their scores and raw ranks, the positive's score and how many candidates each filter removed.
CREATE OR REPLACE VIEW mine AS
SELECT * FROM read_parquet('annotations/mine/**/*.parquet', union_by_name = true);

-- What the mix stage joins (`negatives: mined | both` in a mixture spec).
CREATE OR REPLACE VIEW mined_negatives AS
SELECT sample_id::VARCHAR AS sample_id, negatives::VARCHAR[] AS negatives FROM mine;

-- Mining quality per source and language: negatives per sample, samples short of negatives
-- (fewer than 24), the positive-negative score gap, what each filter removed (dropped_rerank: the
-- cross-encoder of mine.rerank), and the positive-rank consistency check (mine.consistency_top_k):
-- samples flagged because their positive is outside the top k of their own query's retrieval,
-- and how many of them samples_clean leaves out (consistency_drop).
CREATE OR REPLACE VIEW mining_quality AS
SELECT source, lang, count(*) AS samples,
       round(avg(len(negatives)), 2) AS negatives_per_sample,
       count(*) FILTER (WHERE len(negatives) < 24) AS fewer_than_24,
       count(*) FILTER (WHERE len(negatives) = 0) AS without_negatives,
       round(avg(positive_score), 4) AS mean_positive_score,
       round(avg(positive_score - list_avg(scores)) FILTER (WHERE len(negatives) > 0), 4) AS mean_gap,
       round(avg(positive_score - list_max(scores)) FILTER (WHERE len(negatives) > 0), 4) AS mean_gap_hardest,
       sum(dropped_skip_top) AS dropped_skip_top, sum(dropped_duplicate) AS dropped_duplicate,
       sum(dropped_other_positive) AS dropped_other_positive, sum(dropped_max_score) AS dropped_max_score,
       sum(dropped_relative) AS dropped_relative, sum(coalesce(dropped_rerank, 0)) AS dropped_rerank,
       count(*) FILTER (WHERE flag = 'positive_rank') AS flagged_positive_rank,
       count(*) FILTER (WHERE keep = false) AS excluded_from_clean,
       round(avg(positive_rank), 2) AS mean_positive_rank,
       round(avg(rerank_positive), 4) AS mean_rerank_positive
FROM mine GROUP BY source, lang ORDER BY source, samples DESC, lang;

-- The same per source: the one-screen report.
CREATE OR REPLACE VIEW mining_report AS
SELECT source, count(*) AS samples,
       round(avg(len(negatives)), 2) AS negatives_per_sample,
       count(*) FILTER (WHERE len(negatives) < 24) AS fewer_than_24,
       round(avg(positive_score - list_avg(scores)) FILTER (WHERE len(negatives) > 0), 4) AS mean_gap,
       sum(dropped_skip_top) AS dropped_skip_top, sum(dropped_duplicate) AS dropped_duplicate,
       sum(dropped_other_positive) AS dropped_other_positive, sum(dropped_max_score) AS dropped_max_score,
       sum(dropped_relative) AS dropped_relative, sum(coalesce(dropped_rerank, 0)) AS dropped_rerank,
       count(*) FILTER (WHERE flag = 'positive_rank') AS flagged_positive_rank,
       count(*) FILTER (WHERE keep = false) AS excluded_from_clean
FROM mine GROUP BY source ORDER BY source;

-- Reranker (teacher) scores of each mined sample's positive and kept negatives (mine.rerank), for
-- distillation: a mixture with `teacher_scores: true` exports them.
CREATE OR REPLACE VIEW mined_teacher_scores AS
SELECT sample_id::VARCHAR AS sample_id, rerank_positive::FLOAT AS rerank_positive, rerank_scores::FLOAT[] AS rerank_scores
FROM mine WHERE rerank_positive IS NOT NULL;
