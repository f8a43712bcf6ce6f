"""Deduplication: exact (normalised-text hash) and near-duplicate (MinHash + LSH + verification).

    normalize.py   text normalisation and the exact hash
    shingles.py    language-aware shingles (word or character 5-grams, by script)
    minhash.py     vectorised MinHash signatures, LSH band keys on disk -> candidate pairs
    spill.py       shingle sets on disk, exact Jaccard of candidate pairs block by block
    cluster.py     NumPy union-find, verification of candidates, the representative policy
    engine.py      all of the above over a stream of sample chunks -> per-sample result arrays
    scan.py        the per-sample part (hashes, shingles, band keys) on executor tasks, joined in plan order
    dt_path.py     the same clusters from datatrove's MinHash stages on the configured executor
    stage.py       the `dedup` stage over a workspace
"""
