"""The one record shape stages exchange, and the Parquet layers they write.

A sample maps one-to-one to a row of `samples/source=<name>/*.parquet` (see ../shared/DESIGN.md).
"""

import pyarrow as pa

TASKS = ("retrieval", "sts", "nli", "bitext", "classification", "clustering", "code")
# Tasks whose supervision is a label instead of a positive text.
LABELLED_TASKS = ("classification", "clustering")

SAMPLE_SCHEMA = pa.schema(
    [
        pa.field("sample_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("split", pa.string(), nullable=False),
        pa.field("task", pa.string(), nullable=False),
        pa.field("instruction", pa.string()),
        pa.field("query", pa.string(), nullable=False),
        pa.field("positive", pa.string()),
        pa.field("negatives", pa.list_(pa.string())),
        pa.field("label", pa.string()),
        pa.field("lang", pa.string(), nullable=False),
        pa.field("pos_lang", pa.string()),
        pa.field("code_lang", pa.string()),
        pa.field("meta", pa.string()),
    ]
)
SAMPLE_COLUMNS = tuple(SAMPLE_SCHEMA.names)

QUARANTINE_SCHEMA = pa.schema(
    [
        pa.field("quarantine_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("origin", pa.string(), nullable=False),  # file:line, file#row, path ...
        pa.field("reason", pa.string(), nullable=False),
        pa.field("detail", pa.string()),
        pa.field("raw", pa.string()),  # the input row as text (undecodable bytes backslash-escaped)
    ]
)

# annotations/dedup/source=<name>/*.parquet: one row per sample (see curation/dedup/stage.py).
DEDUP_SCHEMA = pa.schema(
    [
        pa.field("sample_id", pa.string(), nullable=False),
        pa.field("exact_hash", pa.string()),       # xxh3-128 of the normalised unit; null when it is empty
        pa.field("cluster_id", pa.string(), nullable=False),  # sample_id of the cluster's representative
        pa.field("cluster_size", pa.int64(), nullable=False),
        pa.field("keep", pa.bool_(), nullable=False),
        pa.field("reason", pa.string()),           # null (kept), exact-dup-of, near-dup-of
        pa.field("duplicate_of", pa.string()),     # the representative's sample_id when removed
        pa.field("similarity", pa.float32()),      # exact shingle Jaccard to the representative
        pa.field("unit", pa.string(), nullable=False),
        pa.field("config_hash", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

# annotations/semdedup/source=<name>/*.parquet: one row per sample (see curation/semdedup/stage.py).
SEMDEDUP_SCHEMA = pa.schema(
    [
        pa.field("sample_id", pa.string(), nullable=False),
        pa.field("kmeans_cluster", pa.int64()),    # k-means cluster (unique across partitions); null without an embedding
        pa.field("cluster_id", pa.string(), nullable=False),  # sample_id of the duplicate group's representative
        pa.field("cluster_size", pa.int64(), nullable=False),  # samples in the duplicate group
        pa.field("duplicate", pa.bool_(), nullable=False),   # a semantic duplicate of another sample (not the representative)
        pa.field("keep", pa.bool_(), nullable=False),        # false: samples_clean leaves it out (duplicate and semdedup.remove)
        pa.field("reason", pa.string()),           # null (kept), semantic-dup-of, no-embedding (not compared)
        pa.field("duplicate_of", pa.string()),     # the representative's sample_id when a duplicate
        pa.field("similarity", pa.float32()),      # cosine similarity to the representative
        pa.field("unit", pa.string(), nullable=False),
        pa.field("model", pa.string(), nullable=False),
        pa.field("config_hash", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

# annotations/langid/: one row per (sample, text field), see curation/langid/annotate.py.
LANGID_SCHEMA = pa.schema(
    [
        pa.field("sample_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("field", pa.string(), nullable=False),       # query | positive
        pa.field("declared", pa.string()),                     # lang (query) or pos_lang/lang (positive)
        pa.field("predicted", pa.string()),                    # registry code: model language + detected script
        pa.field("script", pa.string()),                       # ISO 15924 from Unicode script properties
        pa.field("script_share", pa.float32()),                # share of letters in that script
        pa.field("score", pa.float32()),                       # top-1 probability
        pa.field("top", pa.list_(pa.struct([("lang", pa.string()), ("score", pa.float32())]))),
        pa.field("status", pa.string(), nullable=False),
        pa.field("mismatch", pa.bool_(), nullable=False),
        pa.field("passed", pa.bool_(), nullable=False),       # false: samples_clean excludes the sample
        pa.field("model", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

# annotations/mine/: one row per mined sample, see curation/mine/. Lists are in raw rank order.
MINE_SCHEMA = pa.schema(
    [
        pa.field("sample_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("lang", pa.string()),
        pa.field("pool", pa.string()),                         # candidate pool key (source, source/lang, SQL)
        pa.field("negatives", pa.list_(pa.string())),          # kept negatives, best first
        pa.field("scores", pa.list_(pa.float32())),            # their cosine scores to the query
        pa.field("ranks", pa.list_(pa.int32())),               # their raw retrieval ranks (1-based)
        pa.field("positive_score", pa.float32()),
        pa.field("candidates", pa.int32()),                    # candidates retrieved (top_k or the pool size)
        pa.field("dropped_skip_top", pa.int32()),              # per-reason counts of removed candidates
        pa.field("dropped_duplicate", pa.int32()),
        pa.field("dropped_other_positive", pa.int32()),
        pa.field("dropped_max_score", pa.int32()),
        pa.field("dropped_relative", pa.int32()),
        pa.field("dropped_rerank", pa.int32()),                # rescored survivors the cross-encoder rejected (mine.rerank)
        pa.field("positive_rank", pa.int32()),                 # 1-based rank of the positive in its query's retrieval; null: beyond top_k
        pa.field("flag", pa.string()),                         # 'positive_rank' (outside mine.consistency_top_k) or null
        pa.field("keep", pa.bool_()),                          # false: samples_clean leaves the sample out (consistency_drop)
        pa.field("rerank_positive", pa.float32()),             # cross-encoder score of the positive (null without mine.rerank)
        pa.field("rerank_scores", pa.list_(pa.float32())),     # ... of each kept negative, aligned with `negatives`
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

# annotations/tokens/: one row per sample, tokens per text field under one tokenizer (curation/tokens/).
TOKENS_SCHEMA = pa.schema(
    [
        pa.field("sample_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("task", pa.string()),
        pa.field("lang", pa.string()),
        pa.field("code_lang", pa.string()),
        pa.field("query_tokens", pa.int32()),
        pa.field("positive_tokens", pa.int32()),               # null: no positive (or the field not counted)
        pa.field("negatives_tokens", pa.int64()),              # sum over the source-provided negatives; null: none
        pa.field("tokens", pa.int64()),                        # query + positive: what coverage and token budgets count
        pa.field("tokenizer", pa.string(), nullable=False),    # the configured name (mine.model by default)
        pa.field("config_hash", pa.string(), nullable=False),  # tokenizer files + settings: rows of one hash are comparable
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

# One overlap of a training text with a reference text (a text of a `role: eval` source).
DECONT_MATCH = pa.struct([
    pa.field("field", pa.string()),        # training side: query | positive | negatives
    pa.field("neg_index", pa.int32()),     # which negative (0-based) when field = negatives, else null
    pa.field("ref_id", pa.string()),       # sample_id of the reference sample
    pa.field("ref_source", pa.string()),   # the reference set (source) it belongs to
    pa.field("ref_field", pa.string()),    # reference side: query | positive | negatives
    pa.field("ref_neg_index", pa.int32()),
    pa.field("eval_name", pa.string()),    # evaluation dataset (the source's eval_name) and split
    pa.field("eval_split", pa.string()),
    pa.field("kind", pa.string()),         # exact (normalised texts equal) | ngram (containment)
    pa.field("share", pa.float32()),       # shared n-grams / n-grams of the shorter text (1.0 for exact)
])

# annotations/decont/: one row per checked training sample, see curation/decont/stage.py. The
# best match is spelled out in columns; `matched` lists every match found (up to `max_matches`).
DECONT_SCHEMA = pa.schema(
    [
        pa.field("sample_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("contaminated", pa.bool_(), nullable=False),  # true: samples_clean leaves the sample out
        pa.field("matches", pa.int32(), nullable=False),        # matches found (matched may hold fewer)
        pa.field("field", pa.string()),
        pa.field("ref_id", pa.string()),
        pa.field("ref_source", pa.string()),
        pa.field("ref_field", pa.string()),
        pa.field("eval_name", pa.string()),
        pa.field("eval_split", pa.string()),
        pa.field("kind", pa.string()),
        pa.field("share", pa.float32()),
        pa.field("matched", pa.list_(DECONT_MATCH)),
        pa.field("config_hash", pa.string(), nullable=False),  # decont config + reference sets' fingerprint
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

# Annotation layers whose `_empty.parquet` every workspace holds, so views over them always work.
ANNOTATION_SCHEMAS = {"langid": LANGID_SCHEMA, "dedup": DEDUP_SCHEMA, "decont": DECONT_SCHEMA, "semdedup": SEMDEDUP_SCHEMA,
                      "mine": MINE_SCHEMA, "tokens": TOKENS_SCHEMA}
