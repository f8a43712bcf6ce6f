-- Per-language coverage against the target registry: natural languages by `lang`,
-- programming languages by `code_lang`. Target languages with no data have samples = 0.
-- `tokens` (query + positive, from the `tokens` stage) is NULL until that stage has run.
-- Reference sets (`role: eval`, view eval_sources) are evaluation data, not training coverage:
-- they are left out here (and listed in eval_sources / decont_report instead).
CREATE OR REPLACE VIEW language_counts AS
SELECT lang AS code, count(*) AS samples,
       sum(length(query) + coalesce(length(positive), 0)) AS chars,
       count(DISTINCT source) AS sources,
       list(DISTINCT task ORDER BY task) AS tasks
FROM samples WHERE source NOT IN (SELECT name FROM eval_sources) GROUP BY lang
UNION ALL
SELECT code_lang AS code, count(*), sum(length(query) + coalesce(length(positive), 0)),
       count(DISTINCT source), list(DISTINCT task ORDER BY task)
FROM samples WHERE code_lang IS NOT NULL AND source NOT IN (SELECT name FROM eval_sources) GROUP BY code_lang;

CREATE OR REPLACE VIEW coverage AS
SELECT coalesce(l.code, c.code) AS code,
       coalesce(l.kind, CASE WHEN c.code LIKE '%\_%' ESCAPE '\' THEN 'natural' ELSE 'programming' END) AS kind,
       l.name,
       l.tier,
       coalesce(l.target, false) AS target,
       coalesce(c.samples, 0) AS samples,
       coalesce(c.chars, 0) AS chars,
       CASE WHEN c.samples > 0 THEN t.tokens END AS tokens,
       coalesce(c.sources, 0) AS sources,
       coalesce(c.tasks, []) AS tasks,
       l.lat, l.lon
FROM languages l
FULL OUTER JOIN language_counts c ON c.code = l.code
LEFT JOIN language_tokens t ON t.code = coalesce(l.code, c.code);

CREATE OR REPLACE VIEW coverage_summary AS
SELECT kind,
       count(*) FILTER (WHERE samples > 0) AS languages_with_data,
       count(*) FILTER (WHERE target) AS target_languages,
       count(*) FILTER (WHERE target AND samples = 0) AS target_missing,
       sum(samples) AS samples,
       sum(tokens)::BIGINT AS tokens
FROM coverage GROUP BY kind ORDER BY kind;
