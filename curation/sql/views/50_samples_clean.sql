-- Samples that pass every curation stage that has run. Each stage's layer holds an
-- `_empty.parquet`, so a stage that has not run removes nothing. The views are a chain, each the
-- input of the next stage:
--   samples_deduped            reference sets (sources with `role: eval`, view eval_sources: never
--                              training data), LID (a sample is out when any of its text fields has
--                              a status listed in `langid.drop`: `passed` false), dedup (`keep =
--                              false`: exact or near duplicates of a kept representative) and decont
--                              (samples overlapping an evaluation set); semdedup's input
--   samples_clean_before_mine  also without semantic duplicates (`semdedup` rows with keep = false,
--                              i.e. duplicates when `semdedup.remove` is true); mining's input, so
--                              mining's own verdicts never hide a sample from a re-run
--   samples_clean              also without samples mining's consistency check flagged with
--                              `consistency_drop: true` (`keep = false` in the mine layer)
CREATE OR REPLACE VIEW samples_deduped AS
SELECT s.* FROM samples s
WHERE s.source NOT IN (SELECT name FROM eval_sources)
AND NOT EXISTS (
    SELECT 1 FROM read_parquet('annotations/langid/**/*.parquet', union_by_name = true) l
    WHERE l.sample_id = s.sample_id AND NOT l.passed
)
AND s.sample_id NOT IN (SELECT sample_id FROM read_parquet('annotations/dedup/**/*.parquet', union_by_name = true) WHERE NOT keep)
AND s.sample_id NOT IN (SELECT sample_id FROM read_parquet('annotations/decont/**/*.parquet', union_by_name = true) WHERE contaminated);

CREATE OR REPLACE VIEW samples_clean_before_mine AS
SELECT s.* FROM samples_deduped s
WHERE s.sample_id NOT IN (SELECT sample_id FROM read_parquet('annotations/semdedup/**/*.parquet', union_by_name = true) WHERE NOT keep);

CREATE OR REPLACE VIEW samples_clean AS
SELECT s.* FROM samples_clean_before_mine s
WHERE s.sample_id NOT IN (SELECT sample_id FROM read_parquet('annotations/mine/**/*.parquet', union_by_name = true) WHERE keep = false);
