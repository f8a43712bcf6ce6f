-- Per-source statistics: samples, languages, tasks and quarantined rows.
CREATE OR REPLACE VIEW source_stats AS
WITH s AS (
    SELECT source, count(*) AS samples, count(DISTINCT lang) AS languages,
           list(DISTINCT task ORDER BY task) AS tasks
    FROM samples GROUP BY source
), q AS (
    SELECT source, count(*) AS quarantined FROM quarantine GROUP BY source
)
SELECT coalesce(src.name, s.source, q.source) AS source,
       src.kind, src.license,
       coalesce(s.samples, 0) AS samples,
       coalesce(s.languages, 0) AS languages,
       coalesce(s.tasks, []) AS tasks,
       coalesce(q.quarantined, 0) AS quarantined
FROM sources src
FULL OUTER JOIN s ON s.source = src.name
FULL OUTER JOIN q ON q.source = coalesce(src.name, s.source)
ORDER BY samples DESC;

CREATE OR REPLACE VIEW task_stats AS
SELECT task, count(*) AS samples, count(DISTINCT lang) AS languages, count(DISTINCT source) AS sources
FROM samples GROUP BY task ORDER BY samples DESC;
