-- What ran in this workspace, when, how long, and what did it count?
SELECT started_at, stage, status, round(seconds, 1) AS seconds, config_hash, counts
FROM runs
ORDER BY started_at DESC;
