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
    device: str | None = Field(None, description="cpu, cuda, cuda:1 (default: every GPU when present, else cpu)")
    devices: int | None = Field(None, ge=1, description="GPUs to encode on (default: all of the node)")
    batch_tokens: int = Field(16384, ge=64, description="padded tokens per encoder batch")
    cache_chunk: int = Field(4096, ge=1, description="embeddings per cache chunk file (a killed run loses at most one)")

    @model_validator(mode="after")
    def _pool_sql(self):
        if self.pool == "sql" and not self.pool_sql:
            raise ValueError("pool: sql needs pool_sql, e.g. pool_sql: \"source || ':' || task\"")
        return self
