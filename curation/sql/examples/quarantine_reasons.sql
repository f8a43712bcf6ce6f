-- Why were input rows rejected, per source, with one example row each?
SELECT q.source, q.reason, count(*) AS rows, any_value(q.origin) AS example_origin, any_value(left(q.raw, 120)) AS example_raw
FROM quarantine q
GROUP BY ALL
ORDER BY rows DESC;
