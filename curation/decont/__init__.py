"""Decontamination: training samples that overlap evaluation sets (sources with `role: eval`).

    config.py   the `decont:` section (n-gram sizes, minimum lengths, the share that counts)
    ngrams.py   normalised texts -> exact and n-gram hashes, a batch at a time (array operations)
    index.py    the reference texts' hashes as a sorted index on disk, memory-mapped and probed
    stage.py    the `decont` stage over a workspace on the executor; layer `annotations/decont/`
"""
