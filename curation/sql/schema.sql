-- mlcurate catalog: tables. Created idempotently by `mlcurate init` (and by every command).
-- Sample data itself lives in Parquet under the workspace; the views in sql/views/ read it.

-- One row per command run: what ran, with which config, how long, and what it counted.
CREATE TABLE IF NOT EXISTS runs (
    run_id       VARCHAR PRIMARY KEY,
    stage        VARCHAR NOT NULL,      -- init, ingest, langid, dedup, mine, mix, sql, status, ...
    command      VARCHAR,               -- the command line
    config_hash  VARCHAR,               -- sha256 prefix of the resolved config
    version      VARCHAR,               -- mlcurate package version
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    seconds      DOUBLE,
    status       VARCHAR NOT NULL,      -- running, ok, failed, submitted
    counts       JSON,                  -- stage counters, e.g. {"rows_in": .., "samples_new": ..}
    message      VARCHAR                -- error text for failed runs
);

-- One row per configured source, updated by every ingest of it.
CREATE TABLE IF NOT EXISTS sources (
    name         VARCHAR PRIMARY KEY,
    kind         VARCHAR NOT NULL,
    path         VARCHAR NOT NULL,
    task         VARCHAR NOT NULL,
    split        VARCHAR NOT NULL,
    license      VARCHAR,
    config_hash  VARCHAR,
    config       JSON,
    last_run_id  VARCHAR,
    updated_at   TIMESTAMP
);

-- The target registry (configs/languages.csv), reloaded by every command that writes.
CREATE TABLE IF NOT EXISTS languages (
    code        VARCHAR PRIMARY KEY,   -- swh_Latn, zho_Hant, python
    kind        VARCHAR NOT NULL,      -- natural | programming
    iso639_3    VARCHAR,
    script      VARCHAR,
    name        VARCHAR,
    tier        VARCHAR,               -- high | mid | low (natural languages)
    target      BOOLEAN,               -- part of the coverage target
    extensions  VARCHAR,               -- programming languages: .py|.pyi
    lat         DOUBLE,
    lon         DOUBLE
);
