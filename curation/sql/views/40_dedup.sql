-- Dedup annotations: one row per sample (exact hash, cluster = representative's sample_id,
-- cluster size, keep flag, reason exact-dup-of / near-dup-of and the representative).
CREATE OR REPLACE VIEW dedup AS
SELECT * FROM read_parquet('annotations/dedup/**/*.parquet', union_by_name = true);

-- Retention per language and source: how many samples dedup kept and why the others went.
CREATE OR REPLACE VIEW dedup_retention AS
SELECT s.lang, s.source, count(*) AS samples,
       count(*) FILTER (WHERE d.keep) AS kept,
       count(*) FILTER (WHERE d.reason = 'exact-dup-of') AS exact_removed,
       count(*) FILTER (WHERE d.reason = 'near-dup-of') AS near_removed,
       round(count(*) FILTER (WHERE d.keep) / count(*), 4) AS retention
FROM samples s JOIN dedup d USING (sample_id)
GROUP BY ALL
ORDER BY retention, samples DESC;

-- The largest clusters, with the representative's text and a few removed examples.
CREATE OR REPLACE VIEW dedup_clusters AS
SELECT d.cluster_id, any_value(d.cluster_size) AS size,
       count(*) FILTER (WHERE d.reason = 'exact-dup-of') AS exact_dups,
       count(*) FILTER (WHERE d.reason = 'near-dup-of') AS near_dups,
       list(DISTINCT s.source ORDER BY s.source) AS sources,
       list(DISTINCT s.lang ORDER BY s.lang) AS langs,
       any_value(s.query) FILTER (WHERE d.keep) AS representative_query,
       list(s.query ORDER BY d.similarity) FILTER (WHERE NOT d.keep)[1:3] AS removed_examples,
       min(d.similarity) AS min_similarity
FROM dedup d JOIN samples s USING (sample_id)
WHERE d.cluster_size > 1
GROUP BY d.cluster_id
ORDER BY size DESC, d.cluster_id;

-- Cross-source overlap: samples of `source` removed as duplicates of a representative in
-- `kept_in` (the diagonal is overlap within one source).
CREATE OR REPLACE VIEW dedup_source_overlap AS
SELECT s.source, r.source AS kept_in, count(*) AS removed,
       count(*) FILTER (WHERE d.reason = 'exact-dup-of') AS exact,
       count(*) FILTER (WHERE d.reason = 'near-dup-of') AS near
FROM dedup d
JOIN samples s USING (sample_id)
JOIN samples r ON r.sample_id = d.duplicate_of
WHERE NOT d.keep
GROUP BY ALL
ORDER BY removed DESC;
