-- Reference sets: ingested sources marked `role: eval` (evaluation datasets' texts). They are in
-- `samples` like any source, but never in samples_clean, mined pools or a mixture.
CREATE OR REPLACE VIEW eval_sources AS
SELECT name, coalesce(json_extract_string(config, '$.eval_name'), name) AS eval_name,
       coalesce(json_extract_string(config, '$.eval_split'), 'test') AS eval_split, license, path
FROM sources WHERE json_extract_string(config, '$.role') = 'eval';

-- Decontamination (`mlcurate decont`): one row per checked training sample; `contaminated`
-- samples overlap a reference text (exact after normalisation, or n-gram containment), and the
-- best match is spelled out (field, ref_id, ref_field, eval_name, eval_split, kind, share).
CREATE OR REPLACE VIEW decont AS
SELECT * FROM read_parquet('annotations/decont/**/*.parquet', union_by_name = true);

-- Every match, one row each, the training text beside the reference text.
CREATE OR REPLACE VIEW decont_matches AS
SELECT d.source, m.eval_name, m.eval_split, m.kind, round(m.share, 4) AS share,
       d.sample_id, m.field, m.neg_index,
       CASE m.field WHEN 'query' THEN s.query WHEN 'positive' THEN s.positive
                    ELSE list_extract(s.negatives, m.neg_index + 1) END AS text,
       m.ref_id, m.ref_source, m.ref_field,
       CASE m.ref_field WHEN 'query' THEN r.query WHEN 'positive' THEN r.positive
                        ELSE list_extract(r.negatives, m.ref_neg_index + 1) END AS reference_text
FROM (SELECT sample_id, source, unnest(matched) AS m FROM decont WHERE contaminated) d
JOIN samples s ON s.sample_id = d.sample_id
JOIN samples r ON r.sample_id = d.m.ref_id
ORDER BY d.source, m.eval_name, m.kind, m.share DESC, d.sample_id;

-- Per training source x evaluation set: training samples checked, samples overlapping the set,
-- of which through their query, through query and positive together (the pair), and through a
-- corpus passage (positive or a negative); and how many distinct reference texts were hit.
CREATE OR REPLACE VIEW decont_report AS
WITH checked AS (SELECT source, count(*) AS samples FROM decont GROUP BY source),
hits AS (
    SELECT source, sample_id, m.eval_name, m.eval_split,
           bool_or(m.field = 'query') AS q, bool_or(m.field = 'positive') AS p,
           bool_or(m.field IN ('positive', 'negatives')) AS passage,
           bool_or(m.kind = 'exact') AS exact,
           list(DISTINCT m.ref_id || ':' || m.ref_field) AS refs
    FROM (SELECT source, sample_id, unnest(matched) AS m FROM decont WHERE contaminated)
    GROUP BY source, sample_id, m.eval_name, m.eval_split
),
sets AS (SELECT DISTINCT eval_name, eval_split FROM eval_sources)
SELECT c.source, e.eval_name, e.eval_split, c.samples,
       count(h.sample_id) AS overlapping,
       count(h.sample_id) FILTER (WHERE h.q) AS queries,
       count(h.sample_id) FILTER (WHERE h.q AND h.p) AS pairs,
       count(h.sample_id) FILTER (WHERE h.passage) AS passages,
       count(h.sample_id) FILTER (WHERE h.exact) AS exact,
       coalesce(len(list_distinct(flatten(list(h.refs) FILTER (WHERE h.refs IS NOT NULL)))), 0) AS reference_texts_hit,
       round(count(h.sample_id) / greatest(c.samples, 1), 6) AS overlap_share
FROM checked c CROSS JOIN sets e
LEFT JOIN hits h ON h.source = c.source AND h.eval_name = e.eval_name AND h.eval_split = e.eval_split
GROUP BY c.source, e.eval_name, e.eval_split, c.samples
ORDER BY overlapping DESC, c.source, e.eval_name;
