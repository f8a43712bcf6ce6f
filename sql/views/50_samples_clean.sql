-- Samples that pass every curation stage that has run. Until LID and dedup have run, that is
-- every sample; those stages replace this view with one that joins their annotations.
CREATE OR REPLACE VIEW samples_clean AS
SELECT * FROM samples;
