-- Samples that pass every curation stage that has run. Each stage's layer holds an
-- `_empty.parquet`, so a stage that has not run removes nothing. Dedup: samples it marked
-- `keep = false` (exact or near duplicates of a kept representative) are left out.
CREATE OR REPLACE VIEW samples_clean AS
SELECT s.* FROM samples s
ANTI JOIN (SELECT sample_id FROM dedup WHERE NOT keep) removed USING (sample_id);
