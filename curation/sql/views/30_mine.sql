-- Hard-negative mining (`mlcurate mine`): one row per mined sample with its negatives (best first),
-- their scores and raw ranks, the positive's score and how many candidates each filter removed.
CREATE OR REPLACE VIEW mine AS
SELECT * FROM read_parquet('annotations/mine/**/*.parquet', union_by_name = true);

-- What the mix stage joins (`negatives: mined | both` in a mixture spec).
CREATE OR REPLACE VIEW mined_negatives AS
SELECT sample_id::VARCHAR AS sample_id, negatives::VARCHAR[] AS negatives FROM mine;

-- Mining quality per source and language: negatives per sample, samples short of negatives
-- (fewer than 24), the positive-negative score gap and what each filter removed.
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
       sum(dropped_relative) AS dropped_relative
FROM mine GROUP BY source, lang ORDER BY source, samples DESC, lang;

-- The same per source: the one-screen report.
CREATE OR REPLACE VIEW mining_report AS
SELECT source, count(*) AS samples,
       round(avg(len(negatives)), 2) AS negatives_per_sample,
       count(*) FILTER (WHERE len(negatives) < 24) AS fewer_than_24,
       round(avg(positive_score - list_avg(scores)) FILTER (WHERE len(negatives) > 0), 4) AS mean_gap,
       sum(dropped_skip_top) AS dropped_skip_top, sum(dropped_duplicate) AS dropped_duplicate,
       sum(dropped_other_positive) AS dropped_other_positive, sum(dropped_max_score) AS dropped_max_score,
       sum(dropped_relative) AS dropped_relative
FROM mine GROUP BY source ORDER BY source;
