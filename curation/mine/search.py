"""Top-k search of queries against a pool of passages (unit vectors, so scores are cosines).

Exact: the pool goes to the device once; queries are multiplied in chunks and `torch.topk` keeps
the best k of each chunk, so memory is chunk x pool, never queries x pool. Pools above
`faiss_min_pool` passages go to FAISS (flat: exact; ivf: approximate), on GPU when the faiss build
has GPU support and a GPU is there.
"""

import numpy as np

from ..errors import ConfigError


def exact_topk(queries: np.ndarray, pool: np.ndarray, k: int, device: str = "cpu", chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """queries (n, dim), pool (m, dim) -> scores (n, k') float32 and indices (n, k') int64, best first;
    k' = min(k, m)."""
    import torch

    k = min(k, len(pool))
    scores = np.zeros((len(queries), k), dtype=np.float32)
    index = np.zeros((len(queries), k), dtype=np.int64)
    if k == 0 or len(queries) == 0:
        return scores, index
    p = torch.from_numpy(pool).to(device)  # (m, dim)
    with torch.inference_mode():
        for start in range(0, len(queries), chunk):
            q = torch.from_numpy(queries[start:start + chunk]).to(device)  # (c, dim)
            s, i = torch.topk(q @ p.T, k, dim=1)  # (c, k)
            scores[start:start + chunk] = s.float().cpu().numpy()
            index[start:start + chunk] = i.cpu().numpy()
    return scores, index


def faiss_topk(queries: np.ndarray, pool: np.ndarray, k: int, kind: str = "flat", nprobe: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """Same contract as exact_topk, through a FAISS inner-product index (flat or IVF)."""
    try:
        import faiss
    except ImportError:
        raise ConfigError(f"a pool of {len(pool):,} passages is above mine.search.faiss_min_pool, but faiss is not installed",
                          key="mine.search.faiss_min_pool", fix="pip install faiss-cpu (or faiss-gpu-cu12), or raise faiss_min_pool") from None
    k = min(k, len(pool))
    dim = pool.shape[1]
    if kind == "ivf":
        nlist = max(1, min(4 * int(np.sqrt(len(pool))), len(pool) // 39))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.train(pool)
        index.nprobe = nprobe
    else:
        index = faiss.IndexFlatIP(dim)
    if hasattr(faiss, "StandardGpuResources") and faiss.get_num_gpus() > 0:
        index = faiss.index_cpu_to_all_gpus(index)
    index.add(pool)
    scores, idx = index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
    return scores.astype(np.float32), idx.astype(np.int64)


def topk(queries: np.ndarray, pool: np.ndarray, k: int, *, device: str = "cpu", chunk: int = 2048,
         faiss_min_pool: int | None = None, faiss_index: str = "flat", nprobe: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """Exact search for pools up to faiss_min_pool passages (None: always exact), FAISS above."""
    if faiss_min_pool is not None and len(pool) > faiss_min_pool:
        return faiss_topk(queries, pool, k, faiss_index, nprobe)
    return exact_topk(queries, pool, k, device, chunk)
