-- Samples that pass every curation stage that has run. Each stage's layer holds an
-- `_empty.parquet`, so a stage that has not run removes nothing.
-- Reference sets (sources with `role: eval`, view eval_sources) are never training data: out.
-- LID: a sample is out when any of its text fields has a status listed in `langid.drop`
-- (its `passed` is false). Dedup: samples marked `keep = false` (exact or near duplicates of a
-- kept representative) are out. Decont: samples overlapping an evaluation set are out.
CREATE OR REPLACE VIEW samples_clean AS
SELECT s.* FROM samples s
WHERE s.source NOT IN (SELECT name FROM eval_sources)
AND NOT EXISTS (
    SELECT 1 FROM read_parquet('annotations/langid/**/*.parquet', union_by_name = true) l
    WHERE l.sample_id = s.sample_id AND NOT l.passed
)
AND s.sample_id NOT IN (SELECT sample_id FROM read_parquet('annotations/dedup/**/*.parquet', union_by_name = true) WHERE NOT keep)
AND s.sample_id NOT IN (SELECT sample_id FROM read_parquet('annotations/decont/**/*.parquet', union_by_name = true) WHERE contaminated);
