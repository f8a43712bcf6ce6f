-- Samples that pass every curation stage that has run. LID: a sample is out when any of its text
-- fields has a status listed in `langid.drop` (its `passed` is false); samples LID has not seen
-- yet stay in. The langid layer's _empty.parquet keeps this working before LID has run.
CREATE OR REPLACE VIEW samples_clean AS
SELECT s.* FROM samples s
WHERE NOT EXISTS (
    SELECT 1 FROM read_parquet('annotations/langid/**/*.parquet', union_by_name = true) l
    WHERE l.sample_id = s.sample_id AND NOT l.passed
);
