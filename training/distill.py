"""Knowledge distillation: a student embedding model trained towards a teacher's embeddings.

    mlcurate train distill configs/train/demo-minilm-small.yaml --workspace ws

A training config with a `distill:` section adds to every step, for every text the student embeds
(queries, passages, hard negatives), a loss against the teacher's embedding of the same text:

    f2llm_mse  F2LLM's loss (CodeFuse-Embeddings F2LLM/utils.py, accelerate_train, commit
               1c5291549b9cee9eeab1cd9de6a67be4d0295da0): torch's element-wise mean squared error
               between the student's raw (unnormalised) features and the teacher's raw features cut
               to the student's width, at the full student width only, one term each for queries,
               passages and negatives (summed); the teacher runs online (`cache: false`)
    mse        squared distance between the unit student and teacher embeddings, at every
               Matryoshka dim of the student (the teacher's prefix of that width: this works
               because the teacher was trained with Matryoshka, as in F2LLM-v2), weighted like the
               contrastive loss
    cosine     1 - cosine similarity, the same dims and weights
    kl         KL(teacher || student) of each query's softmax over the batch's passages and
               negatives (similarities / kl_temperature), the same dims and weights
    projection (flag) a learned linear map student width -> teacher width, applied before mse /
               cosine at the full width instead of truncating the teacher (for a teacher that was
               not trained with Matryoshka, or one narrower than the student); not exported

The step's loss is `contrastive_weight * contrastive + weight * distillation`.

Teacher embeddings come from `curation.mine.encoder.Encoder` (the mining encoder), so with
`cache: true` they are computed once before training for every distinct text of the training
rows and stored in the mining embedding cache (`<ws>/cache/embeddings/`): a teacher with the same
model name, pooling and max length as the `mine:` section reuses the vectors mining already made,
and a re-run (or a resumed run) encodes nothing. `cache: false` runs the teacher on each step's texts.
"""

from pathlib import Path
import numpy as np
import torch
import torch.nn.functional as F

from curation.errors import ConfigError

from .config import DistillConfig


def resolve_teacher(value: str, workspace: Path) -> str:
    """The teacher as the mining encoder names it: a run of this workspace, a pkg: path, or as given
    (folders and packaged names are resolved by the encoder)."""
    from .model import resolve_model_path

    run = workspace / "training" / value / "final"
    if run.exists():
        return str(run)
    if value.startswith("pkg:"):
        return resolve_model_path(value)
    return value


class Teacher:
    """Teacher embeddings of texts: `embed(texts)` -> (n, dim) float32 unit vectors (torch, CPU).

    Cached mode: `prepare(texts)` looks every distinct text up in the embedding cache, encodes the
    rest once (written to the cache as it goes) and keeps a key -> row index; `embed` then only
    reads. Online mode: `embed` runs the teacher."""

    def __init__(self, cfg: DistillConfig, workspace: Path, default_max_length: int, device: str, progress: bool = True):
        from curation.mine.cache import EmbeddingCache
        from curation.mine.encoder import Encoder

        self.cfg, self.progress = cfg, progress
        self.raw = "f2llm_mse" in cfg.losses
        if self.raw:  # raw features: the training Embedder (the mining encoder returns unit vectors)
            self._init_raw(workspace, cfg.max_length or default_max_length, device)
            return
        self.encoder = Encoder(resolve_teacher(cfg.teacher, workspace), pooling=cfg.pooling,
                               max_length=cfg.max_length or default_max_length, device=device, batch_tokens=cfg.batch_tokens)
        self.dim = self.encoder.dim
        self.cache = EmbeddingCache(workspace / "cache", self.encoder.key, self.dim) if cfg.cache else None
        self.row: dict[bytes, int] = {}
        self.vecs = np.zeros((0, self.dim), dtype=np.float32)
        self.stats = {"distinct_texts": 0, "cached": 0, "encoded": 0}

    def _init_raw(self, workspace: Path, max_length: int, device: str) -> None:
        from .model import Embedder, TokenizerWithEOS
        from .train import load_tokenizer

        path = resolve_teacher(self.cfg.teacher, workspace)
        self.model = Embedder.load(path, self.cfg.pooling or "auto", dtype="auto").to(device).eval().requires_grad_(False)
        self.tok = TokenizerWithEOS(load_tokenizer(path), max_length)
        self.device, self.max_length = device, max_length
        self.dim = self.model.hidden_size
        self.cache = None
        self.stats = {"distinct_texts": 0, "cached": 0, "encoded": 0}

    def prepare(self, texts: list[str]) -> dict:
        """Cached mode: make every text's vector available (encode what the cache lacks)."""
        if self.cache is None:
            return self.stats
        from curation.mine.stage import embed

        row, vecs, stats = embed(self.encoder, self.cache, texts, self.progress)
        self.row, self.vecs = row, vecs
        self.stats = {k: stats[k] for k in ("distinct_texts", "cached", "encoded")}
        return self.stats

    def embed(self, texts: list[str]) -> torch.Tensor:
        if not texts:
            return torch.zeros((0, self.dim))
        if self.raw:
            with torch.no_grad():
                ids, mask = self.tok.pad_batch(self.tok.ids(texts, self.max_length), self.device)
                self.stats["encoded"] += len(texts)
                return self.model(ids, mask).float()
        if self.cache is None:
            return torch.from_numpy(self.encoder.encode(texts))
        from curation.mine.cache import text_key

        try:
            idx = [self.row[text_key(t)] for t in texts]
        except KeyError:
            raise RuntimeError("a training text has no teacher embedding: call Teacher.prepare with every training text") from None
        return torch.from_numpy(self.vecs[idx])


def training_texts(rows_by_source: dict[str, list[dict]], instructions: bool) -> list[str]:
    """Every text the trainer can embed from these rows, as it formats them."""
    from .evaluate import format_query

    texts = []
    for rows in rows_by_source.values():
        for r in rows:
            texts.append(format_query(r, instructions))
            texts.append(r["passage"])
            texts.extend(r["negatives"])
    return texts


def distill_loss(student: list, teacher: list, losses: list[str], dims: list[int], weights: list[float],
                 projection: torch.nn.Module | None = None, kl_temperature: float = 0.05) -> tuple[torch.Tensor, dict]:
    """Distillation loss of one step. `student` / `teacher`: [queries, passages, negatives] tensors
    (negatives flat, or None), student unnormalized [n, ds], teacher [n, dt]. Returns the loss and
    its parts for logging."""
    pairs = [(s, t.to(s.device)) for s, t in zip(student, teacher) if s is not None and s.shape[0]]
    s_all = torch.cat([s for s, _ in pairs])
    t_all = torch.cat([t for _, t in pairs]).float()
    total = s_all.new_zeros(())
    parts = {}
    if projection is not None:
        proj = F.normalize(projection(s_all), dim=-1)
        target = F.normalize(t_all, dim=-1)
        for name in losses:
            if name == "mse":
                value = (proj - target).pow(2).sum(-1).mean()
            elif name == "cosine":
                value = (1 - (proj * target).sum(-1)).mean()
            else:
                continue
            total = total + value
            parts[f"kd_{name}"] = float(value.detach())
    for name in losses:
        if name == "f2llm_mse":
            value = f2llm_mse(student, teacher)
            total = total + value
            parts["kd_f2llm_mse"] = float(value.detach())
            continue
        if projection is not None and name != "kl":
            continue
        acc = s_all.new_zeros(())
        for dim, w in zip(dims, weights):
            if name == "kl":
                value = _kl(student, teacher, dim, kl_temperature)
            else:
                s = F.normalize(s_all[:, :dim], dim=-1)
                t = F.normalize(t_all[:, :dim], dim=-1)
                value = (s - t).pow(2).sum(-1).mean() if name == "mse" else (1 - (s * t).sum(-1)).mean()
            acc = acc + w * value
        total = total + acc
        parts[f"kd_{name}"] = float(acc.detach())
    return total, parts


def f2llm_mse(student: list, teacher: list) -> torch.Tensor:
    """Sum over the groups (queries, passages, negatives) of the element-wise mean squared error
    between raw student features [n, ds] and the raw teacher features cut to ds."""
    total = None
    for s, t in zip(student, teacher):
        if s is None or not s.shape[0]:
            continue
        value = F.mse_loss(s, t.to(s.device).float()[:, : s.shape[1]])
        total = value if total is None else total + value
    return total


def _kl(student: list, teacher: list, dim: int, temperature: float) -> torch.Tensor:
    """KL(teacher || student) over each query's similarities to the batch's passages + negatives."""
    q, p, n = student
    tq, tp, tn = teacher
    docs = torch.cat([p] + ([n] if n is not None and n.shape[0] else []))
    tdocs = torch.cat([tp] + ([tn] if tn is not None and tn.shape[0] else [])).to(q.device).float()
    s_logits = F.normalize(q[:, :dim], dim=-1) @ F.normalize(docs[:, :dim], dim=-1).T / temperature
    t_logits = F.normalize(tq.to(q.device).float()[:, :dim], dim=-1) @ F.normalize(tdocs[:, :dim], dim=-1).T / temperature
    return F.kl_div(F.log_softmax(s_logits, dim=-1), F.log_softmax(t_logits, dim=-1), log_target=True, reduction="batchmean")


def distill_dims(dims: list[int], student_dim: int, teacher_dim: int, projection: bool) -> list[int]:
    """The student's Matryoshka dims that the teacher's prefix can supervise."""
    if not projection and teacher_dim < student_dim:
        raise ConfigError(f"the teacher's embeddings ({teacher_dim}) are narrower than the student's ({student_dim})",
                          key="distill.projection", fix="set distill.projection: true (learned student->teacher map)")
    return [d for d in dims if d <= teacher_dim]
