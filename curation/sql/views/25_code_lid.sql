-- Programming language of code-folder files by content (curation/ingest/codelang.py), one row per
-- sample: the language the source declares (`code_lang:` in its config, else null), the one the
-- detector found, the strategy that decided it, and a status: match, mismatch, undeclared
-- (nothing to check: the detected language is the sample's) or undetected (declared, but no
-- strategy placed the content). The sample's `code_lang` is the declared language when there is one.
CREATE OR REPLACE VIEW code_lid AS
SELECT *, status = 'mismatch' AS mismatch FROM (
    SELECT sample_id, source, path, code_lang, declared, predicted, detector_name, strategy,
           CASE WHEN declared IS NULL THEN 'undeclared'
                WHEN predicted IS NULL THEN 'undetected'
                WHEN predicted = declared THEN 'match'
                ELSE 'mismatch' END AS status
    FROM (SELECT sample_id, source, code_lang,
                 json_extract_string(meta, '$.path') AS path,
                 json_extract_string(meta, '$.code_lang_declared') AS declared,
                 json_extract_string(meta, '$.code_lang_detected') AS predicted,
                 json_extract_string(meta, '$.code_lang_name') AS detector_name,
                 json_extract_string(meta, '$.code_lang_strategy') AS strategy
          FROM samples WHERE meta LIKE '%"code_lang_strategy"%'));

-- Which strategy placed how many files, per source and language.
CREATE OR REPLACE VIEW code_lid_strategies AS
SELECT source, code_lang, coalesce(strategy, 'declared only') AS strategy, count(*) AS files
FROM code_lid GROUP BY ALL ORDER BY source, files DESC;

-- What became of every file of a code folder: a sample (by language), quarantine (`unknown
-- programming language`, undecodable bytes...) or skipped as linguist does (`skipped: binary`,
-- `skipped: vendored`, `skipped: minified`, `skipped: generated`). Files in = the sum of `files`.
CREATE OR REPLACE VIEW code_file_outcomes AS
SELECT source, 'sample' AS outcome, code_lang AS detail, count(*) AS files
FROM code_lid GROUP BY ALL
UNION ALL
SELECT q.source, CASE WHEN q.reason LIKE 'skipped: %' THEN 'skipped' ELSE 'quarantine' END, q.reason, count(*)
FROM quarantine q SEMI JOIN (SELECT name FROM sources WHERE kind = 'code_folder') s ON q.source = s.name
GROUP BY ALL
ORDER BY source, outcome, files DESC;

-- Sources ranked by how often their declared language is contradicted, natural-language texts
-- (langid) and code files (code_lid) together; `kind` says which.
CREATE OR REPLACE VIEW lid_mismatch_sources AS
SELECT *, 'text' AS kind FROM text_lid_mismatch_sources
UNION ALL BY NAME
SELECT source, count(*) AS texts,
       count(*) FILTER (WHERE status IN ('match', 'mismatch')) AS judged,
       count(*) FILTER (WHERE mismatch) AS mismatches,
       round(count(*) FILTER (WHERE mismatch) / greatest(count(*) FILTER (WHERE status IN ('match', 'mismatch')), 1), 4) AS mismatch_share,
       count(*) FILTER (WHERE status = 'undetected') AS unsupported,
       0 AS mixed_script, 'code' AS kind
FROM code_lid WHERE declared IS NOT NULL GROUP BY source
ORDER BY mismatch_share DESC, mismatches DESC;
