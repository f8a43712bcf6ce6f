"""`mine:` section of the pipeline file: encoder, pools and the F2LLM false-negative filter."""

from pydantic import Field, model_validator

from ..config import Strict


class FilterConfig(Strict):
    top_k: int = Field(100, ge=1, description="candidates retrieved per query")
    skip_top: int = Field(5, ge=0, description="raw ranks skipped (F2LLM: 5), before any score filter")
    max_score: float = Field(0.8, description="keep candidates scoring below this")
    relative: float = Field(0.95, gt=0, description="keep candidates below this share of the positive's score (NV-Retriever TopK-PercPos)")
    num_negatives: int = Field(24, ge=1, description="negatives kept per sample")


class SearchConfig(Strict):
    chunk: int = Field(2048, ge=1, description="queries per matmul chunk")
    faiss_min_pool: int | None = Field(2_000_000, description="pools with more passages than this go to FAISS (null: always exact)")
    faiss_index: str = Field("flat", pattern="^(flat|ivf)$", description="flat (exact) or ivf (approximate)")
    nprobe: int = Field(32, ge=1, description="IVF lists probed")


class RerankConfig(Strict):
    """`mine.rerank:` rescoring of the F2LLM filter's survivors with a cross-encoder (sentence-transformers'
    `mine_hard_negatives(cross_encoder=...)`, FlagEmbedding's reranker scores for distillation)."""

    model: str = Field(..., description="Hugging Face cross-encoder (sequence classification) path or name")
    max_score: float | None = Field(None, description="drop a candidate whose reranker score is above this (scores: sigmoid of a 1-label head, or P(label 1) of a 2-label head)")
    relative: float | None = Field(0.95, gt=0, description="drop a candidate scoring above this share of the positive's reranker score")
    candidates: int = Field(48, ge=1, description="survivors of the F2LLM filter rescored per sample, best first (the negatives are taken from these)")
    batch_size: int = Field(64, ge=1, description="(query, passage) pairs per reranker batch")
    max_length: int = Field(512, ge=8, description="tokens per (query, passage) pair")
    device: str | None = Field(None, description="cpu, cuda, cuda:1 (default: every GPU when present, else cpu)")

    @model_validator(mode="after")
    def _some_threshold(self):
        if self.max_score is None and self.relative is None:
            raise ValueError("rerank needs max_score or relative (or both), e.g. relative: 0.95")
        return self


class MineConfig(Strict):
    """`mine:` in configs/pipeline.yaml."""

    model: str = Field("all-MiniLM-L6-v2", description="Hugging Face model path or name")
    pooling: str | None = Field(None, description="mean | cls | last (default: by architecture)")
    max_length: int = Field(256, ge=8, description="tokens per text")
    instruction: str | None = Field(None, description="query instruction for every sample (F2LLM format); default: the sample's own `instruction`")
    use_sample_instruction: bool = Field(True, description="prefix queries with the sample's `instruction` when it has one")
    view: str = Field("samples_clean", description="view the samples come from")
    where: str | None = Field(None, description="SQL condition on the view's columns selecting samples to mine")
    max_samples_per_source: int | None = Field(None, ge=1, description="mine at most this many samples per source (hash order); null: all")
    pool: str = Field("source", pattern="^(source|language|sql)$", description="candidate pool: source, language (source + positive's language), or sql")
    pool_sql: str | None = Field(None, description="pool: sql: an SQL expression over the view's columns giving the pool key")
    filter: FilterConfig = Field(default_factory=FilterConfig)
    search: SearchConfig = Field(default_factory=SearchConfig)
    rerank: RerankConfig | None = Field(None, description="rescore the filter's survivors with a cross-encoder and drop likely false negatives (null: off)")
    consistency_top_k: int | None = Field(None, ge=1, description="flag a sample whose positive is not in the top k of its own query's retrieval (KaLM-Embedding); null: off")
    consistency_drop: bool = Field(False, description="leave flagged samples out of samples_clean (false: flag only)")
    backend: str = Field("torch", pattern="^(torch|onnx|onnx-int8)$", description="encoder runtime on CPU: torch, onnx (ONNX Runtime, same fp32 model) or onnx-int8 (dynamic int8 quantisation); CUDA always uses torch")
    device: str | None = Field(None, description="cpu, cuda, cuda:1 (default: every GPU when present, else cpu)")
    devices: int | None = Field(None, ge=1, description="GPUs to encode on (default: all of the node)")
    batch_tokens: int | None = Field(None, ge=64, description="padded tokens per encoder batch (default: 16384 on GPU, 2048 on CPU)")
    cache_chunk: int = Field(4096, ge=1, description="embeddings per cache chunk file (a killed run loses at most one)")

    @model_validator(mode="after")
    def _pool_sql(self):
        if self.pool == "sql" and not self.pool_sql:
            raise ValueError("pool: sql needs pool_sql, e.g. pool_sql: \"source || ':' || task\"")
        if self.consistency_top_k is not None and self.consistency_top_k > self.filter.top_k:
            raise ValueError(f"consistency_top_k ({self.consistency_top_k}) must be <= filter.top_k ({self.filter.top_k}): "
                             "the positive's rank is read from the retrieval")
        if self.consistency_drop and self.consistency_top_k is None:
            raise ValueError("consistency_drop needs consistency_top_k, e.g. consistency_top_k: 20")
        return self
