-- Semantic dedup annotations (mlcurate semdedup): one row per sample: k-means cluster, duplicate
-- group (cluster_id = representative's sample_id, cluster_size), keep flag, reason
-- semantic-dup-of (or no-embedding: not compared), cosine similarity to the representative.
CREATE OR REPLACE VIEW semdedup AS
SELECT * FROM read_parquet('annotations/semdedup/**/*.parquet', union_by_name = true);

-- Per language and source: samples compared, semantic duplicates, removed, not compared.
CREATE OR REPLACE VIEW semdedup_retention AS
SELECT s.lang, s.source, count(*) AS samples,
       count(*) FILTER (WHERE d.duplicate) AS duplicates,
       count(*) FILTER (WHERE NOT d.keep) AS removed,
       count(*) FILTER (WHERE d.reason = 'no-embedding') AS no_embedding,
       round(count(*) FILTER (WHERE d.keep) / count(*), 4) AS retention
FROM samples s JOIN semdedup d USING (sample_id)
GROUP BY ALL
ORDER BY retention, samples DESC;

-- The largest groups of semantic duplicates, with the representative's text and a few removed
-- examples (least similar first).
CREATE OR REPLACE VIEW semdedup_clusters AS
SELECT d.cluster_id, any_value(d.cluster_size) AS size,
       count(*) FILTER (WHERE d.duplicate) AS duplicates,
       list(DISTINCT s.source ORDER BY s.source) AS sources,
       list(DISTINCT s.lang ORDER BY s.lang) AS langs,
       any_value(s.query) FILTER (WHERE NOT d.duplicate) AS representative_query,
       list(s.query ORDER BY d.similarity) FILTER (WHERE d.duplicate)[1:3] AS removed_examples,
       min(d.similarity) AS min_similarity
FROM semdedup d JOIN samples s USING (sample_id)
WHERE d.cluster_size > 1
GROUP BY d.cluster_id
ORDER BY size DESC, d.cluster_id;
