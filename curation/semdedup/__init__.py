"""Semantic deduplication: near paraphrases that shingle overlap cannot see, from embeddings.

    config.py   the `semdedup:` section (encoder settings equal to `mine:` reuse its cache)
    engine.py   k-means per partition on a sample, batched assignment, cosine groups per cluster
    stage.py    the `semdedup` stage: vectors from the embedding cache (or encoded), layer, counts
"""
