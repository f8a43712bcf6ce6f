-- All ingested samples (immutable Parquet, one folder per source). Relative paths resolve
-- against the workspace (mlcurate sets DuckDB's file_search_path to it).
CREATE OR REPLACE VIEW samples AS
SELECT * FROM read_parquet('samples/**/*.parquet', union_by_name = true);
