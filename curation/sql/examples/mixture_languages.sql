-- How is the exported quickstart mixture balanced: rows per task and language, with upsampled rows?
SELECT task, lang, count(*) AS rows, count(*) - count(DISTINCT sample_id) AS upsampled_rows, count(DISTINCT source) AS sources
FROM read_parquet('mixtures/quickstart/shard-*.parquet')
GROUP BY ALL
ORDER BY task, rows DESC, lang;
