"""Deduplication: exact (normalised-text hash) and near-duplicate (MinHash + LSH + verification).

    normalize.py   text normalisation and the exact hash
    shingles.py    language-aware shingles (word or character 5-grams, by script)
    minhash.py     vectorised MinHash signatures, LSH candidate pairs, exact-Jaccard verification
    cluster.py     union-find components and the representative policy
    engine.py      all of the above over a table of samples -> one annotation row per sample
    dt_path.py     the same clusters from datatrove's MinHash stages on the configured executor
    stage.py       the `dedup` stage over a workspace
"""
