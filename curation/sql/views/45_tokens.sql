-- Token counts per sample (the `tokens` stage: query, positive and the sum over source negatives,
-- under one tokenizer; `tokens` = query + positive). Empty until `mlcurate tokens` has run.
CREATE OR REPLACE VIEW tokens AS
SELECT * FROM read_parquet('annotations/tokens/**/*.parquet', union_by_name = true);

-- Tokens per language (natural by `lang`, programming by `code_lang`), read from the layer alone;
-- reference sets (eval_sources) are not training coverage and are left out, as in `coverage`.
CREATE OR REPLACE VIEW language_tokens AS
SELECT lang AS code, sum(tokens)::BIGINT AS tokens, count(*) AS samples_counted, any_value(tokenizer) AS tokenizer
FROM tokens WHERE source NOT IN (SELECT name FROM eval_sources) GROUP BY lang
UNION ALL
SELECT code_lang, sum(tokens)::BIGINT, count(*), any_value(tokenizer) FROM tokens WHERE code_lang IS NOT NULL AND source NOT IN (SELECT name FROM eval_sources) GROUP BY code_lang;
