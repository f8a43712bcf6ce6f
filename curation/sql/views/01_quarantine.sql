-- Rejected input rows with the reason; nothing read is ever lost.
CREATE OR REPLACE VIEW quarantine AS
SELECT * FROM read_parquet('quarantine/**/*.parquet', union_by_name = true);

CREATE OR REPLACE VIEW quarantine_reasons AS
SELECT source, reason, count(*) AS rows, any_value(origin) AS example_origin
FROM quarantine
GROUP BY ALL
ORDER BY rows DESC;
