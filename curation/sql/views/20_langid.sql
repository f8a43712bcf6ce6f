-- Language identification (`mlcurate langid`): one row per sample and text field (query, positive)
-- with the predicted language, the script from Unicode properties, scores and a status against the
-- declared language (see curation/langid/annotate.py for the statuses).
CREATE OR REPLACE VIEW langid AS
SELECT * FROM read_parquet('annotations/langid/**/*.parquet', union_by_name = true);

-- LID confidence per predicted language: how sure the model is where it speaks.
CREATE OR REPLACE VIEW lid_confidence AS
SELECT predicted AS lang, count(*) AS texts,
       round(avg(score), 4) AS mean_score,
       round(quantile_cont(score, 0.1), 4) AS p10,
       round(quantile_cont(score, 0.5), 4) AS p50,
       round(quantile_cont(score, 0.9), 4) AS p90,
       count(*) FILTER (WHERE status = 'low_confidence') AS low_confidence
FROM langid WHERE status <> 'too_short'
GROUP BY predicted ORDER BY texts DESC;

-- Declared-vs-predicted mismatches per source and declared language; judged = texts the model
-- could judge (not too short, not unsupported, not undeclared).
CREATE OR REPLACE VIEW lid_mismatches AS
SELECT source, declared, count(*) AS texts,
       count(*) FILTER (WHERE status IN ('match', 'mismatch', 'low_confidence', 'script_mismatch', 'mixed_script', 'unlisted_script', 'close_relative', 'unreliable')) AS judged,
       count(*) FILTER (WHERE mismatch) AS mismatches,
       round(count(*) FILTER (WHERE mismatch) / greatest(count(*) FILTER (WHERE status IN ('match', 'mismatch', 'low_confidence', 'script_mismatch', 'mixed_script', 'unlisted_script', 'close_relative', 'unreliable')), 1), 4) AS mismatch_share,
       mode(predicted) FILTER (WHERE mismatch) AS usual_prediction
FROM langid GROUP BY ALL
ORDER BY mismatch_share DESC, mismatches DESC;

-- Sources ranked by how often their declared language is contradicted: the liars first.
-- (Natural-language texts; `lid_mismatch_sources` in 25_code_lid.sql adds code files.)
CREATE OR REPLACE VIEW text_lid_mismatch_sources AS
SELECT source, count(*) AS texts,
       count(*) FILTER (WHERE status IN ('match', 'mismatch', 'low_confidence', 'script_mismatch', 'mixed_script', 'unlisted_script', 'close_relative', 'unreliable')) AS judged,
       count(*) FILTER (WHERE mismatch) AS mismatches,
       round(count(*) FILTER (WHERE mismatch) / greatest(count(*) FILTER (WHERE status IN ('match', 'mismatch', 'low_confidence', 'script_mismatch', 'mixed_script', 'unlisted_script', 'close_relative', 'unreliable')), 1), 4) AS mismatch_share,
       count(*) FILTER (WHERE status = 'unsupported') AS unsupported,
       count(*) FILTER (WHERE status = 'mixed_script') AS mixed_script,
       count(*) FILTER (WHERE status = 'close_relative') AS close_relative,
       count(*) FILTER (WHERE status = 'unreliable') AS unreliable
FROM langid GROUP BY source
ORDER BY mismatch_share DESC, mismatches DESC;

-- Declared languages the LID model cannot output at all: judged by nobody, not mismatches.
CREATE OR REPLACE VIEW lid_unsupported AS
SELECT declared, any_value(model) AS model, count(*) AS texts, count(DISTINCT source) AS sources
FROM langid WHERE status = 'unsupported'
GROUP BY declared ORDER BY texts DESC;
