"""Hard-negative mining (`mlcurate mine`): F2LLM/NV-Retriever style false-negative filtering.

    encoder.py   Hugging Face encoder: pooling by architecture, instruction prefix, length-sorted batches
    cache.py     embedding cache in cache/embeddings/<model-key>/, chunked and atomic
    search.py    exact chunked matmul + topk (FAISS above a pool size); pools by source/language/SQL
    filter.py    skip top ranks, score caps, duplicates/other positives; the drop counts
    stage.py     the stage: samples -> pools -> encode (cached) -> search -> filter -> annotations/mine/
"""
