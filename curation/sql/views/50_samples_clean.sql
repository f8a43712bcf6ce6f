-- Samples that pass every curation stage that has run. Each stage's layer holds an
-- `_empty.parquet`, so a stage that has not run removes nothing.
-- LID: a sample is out when any of its text fields has a status listed in `langid.drop`
-- (its `passed` is false). Dedup: samples marked `keep = false` (exact or near duplicates of a
-- kept representative) are out. `samples_deduped` stops there (semdedup's input);
-- `samples_clean` also leaves out semantic duplicates (`semdedup` rows with keep = false, i.e.
-- duplicates when `semdedup.remove` is true).
CREATE OR REPLACE VIEW samples_deduped AS
SELECT s.* FROM samples s
WHERE NOT EXISTS (
    SELECT 1 FROM read_parquet('annotations/langid/**/*.parquet', union_by_name = true) l
    WHERE l.sample_id = s.sample_id AND NOT l.passed
)
AND s.sample_id NOT IN (SELECT sample_id FROM read_parquet('annotations/dedup/**/*.parquet', union_by_name = true) WHERE NOT keep);

CREATE OR REPLACE VIEW samples_clean AS
SELECT s.* FROM samples_deduped s
WHERE s.sample_id NOT IN (SELECT sample_id FROM read_parquet('annotations/semdedup/**/*.parquet', union_by_name = true) WHERE NOT keep);
