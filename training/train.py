"""Two-stage contrastive training on mlcurate mixtures, top to bottom.

    mlcurate train stage1 configs/train/stage1.yaml          # retrieval-like data
    mlcurate train stage2 configs/train/stage2.yaml          # all tasks, with instructions
    accelerate launch --config_file configs/deepspeed/accelerate-multinode.yaml -m training.train stage1 CONFIG

One step: the data stream picks a source (all ranks the same), each rank takes its slice of the
global batch, embeds queries / passages / kept hard negatives, and the Matryoshka contrastive loss
(in-batch InfoNCE across ranks for retrieval-like tasks + hard negatives) is backpropagated, with
GradCache when `chunk_size` is set so in-batch negatives span the whole batch on small memory.
A checkpoint stores model, optimizer, scheduler, RNG states, data position, the config and the step,
so a killed run resumes exactly where its last checkpoint left it.
"""

import json
import math
import os
import random
import shutil
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist

from curation.errors import ConfigError

from .config import TrainConfig, load_config
from .data import Batches, load_rows, split_holdout
from .distill import Teacher, distill_dims, distill_loss, training_texts
from .evaluate import dims_for, evaluate, format_query, table, write_results
from .losses import contrastive_loss, matryoshka_weights
from .model import Embedder, TokenizerWithEOS, export, resolve_model_path


# ---------------------------------------------------------------- setup helpers

def init_distributed() -> tuple[int, int, torch.device]:
    """(rank, world size, device) from torchrun / accelerate launch env vars; single process otherwise."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    rank = dist.get_rank() if dist.is_initialized() else 0
    if torch.cuda.is_available():
        local = int(os.environ.get("LOCAL_RANK", "0"))
        torch.cuda.set_device(local)
        return rank, world, torch.device("cuda", local)
    return rank, world, torch.device("cpu")


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def rng_states() -> dict:
    return {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state(),
            "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None}


def set_rng_states(s: dict) -> None:
    random.setstate(s["python"])
    np.random.set_state(s["numpy"])
    torch.set_rng_state(s["torch"])
    if s.get("cuda") is not None and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(s["cuda"])


def lr_lambda(step: int, warmup: int, total: int, floor: float) -> float:
    """Linear warmup to 1, then cosine down to `floor` (= min_lr / lr) at `total` steps."""
    if step < warmup:
        return (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    return floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress))


def param_groups(model: torch.nn.Module, weight_decay: float, decay_all: bool = True) -> list[dict]:
    """decay_all: one group, every parameter decayed (F2LLM run.py); else no weight decay on biases
    and norm weights (1-d parameters)."""
    if decay_all:
        return [{"params": [p for p in model.parameters() if p.requires_grad], "weight_decay": weight_decay}]
    decay = [p for p in model.parameters() if p.requires_grad and p.ndim >= 2]
    rest = [p for p in model.parameters() if p.requires_grad and p.ndim < 2]
    return [{"params": decay, "weight_decay": weight_decay}, {"params": rest, "weight_decay": 0.0}]


def matryoshka_weights_for(cfg: TrainConfig, dims: list[int], hidden: int) -> list[float]:
    """The configured weights: a scheme name (matryoshka_weights) or one float per dim."""
    w = cfg.matryoshka.weights
    if isinstance(w, str):
        return matryoshka_weights(dims, hidden, w)
    if len(w) != len(dims):
        raise ConfigError(f"matryoshka.weights has {len(w)} values for {len(dims)} dims {dims}", key="matryoshka.weights",
                          fix="give one weight per dim, or a scheme name: f2llm, dims_count, uniform")
    return list(w)


def uses_inbatch(cfg: TrainConfig, batch) -> bool:
    """In-batch loss for this batch: by source name when `inbatch_sources` is set (F2LLM's way),
    else by task."""
    if cfg.inbatch_sources is not None:
        return batch.source in cfg.inbatch_sources
    return batch.task in cfg.inbatch_tasks


def load_tokenizer(path: str):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(resolve_model_path(path))


# ---------------------------------------------------------------- one step (plain or GradCache)

def embed(model, tok: TokenizerWithEOS, seqs: list[list[int]], device) -> torch.Tensor:
    ids, mask = tok.pad_batch(seqs, device)
    return model(ids, mask)


def negatives_tensor(flat: torch.Tensor | None, counts: list[int]) -> tuple[torch.Tensor | None, torch.Tensor | None]:
    """Flat negatives [sum(counts), d] -> padded [n, k, d] with a mask of the real ones."""
    k = max(counts) if counts else 0
    if flat is None or k == 0:
        return None, None
    index = torch.full((len(counts), k), -1, dtype=torch.long)
    start = 0
    for i, c in enumerate(counts):
        index[i, :c] = torch.arange(start, start + c)
        start += c
    index = index.to(flat.device)
    return flat[index.clamp(min=0)], index >= 0


def plain_backward(tensor: torch.Tensor, grad: torch.Tensor | None, last: bool) -> None:
    tensor.backward(grad)


def forward_backward(model, tok: TokenizerWithEOS, groups: list[list], loss_of, chunk: int | None, device,
                     no_sync=nullcontext, backward=plain_backward) -> tuple[torch.Tensor, dict]:
    """Embed each group of sequences (queries, passages, negatives), compute `loss_of(embeddings)`
    and backpropagate into the model. With `chunk`, GradCache: embed all chunks without graph, take
    the loss's gradient w.r.t. the embeddings, then re-embed chunk by chunk (same RNG state, so the
    same dropout) and backpropagate those cached gradients: exact full-batch gradients in
    chunk-sized memory. `backward(tensor, grad, last)` runs a backward pass into the model (DeepSpeed
    needs its engine to do it)."""
    if chunk is None:
        embs = [embed(model, tok, g, device) if g else None for g in groups]
        loss, parts = loss_of(embs)
        backward(loss, None, True)
        return loss.detach(), parts
    pieces = [(gi, s) for gi, g in enumerate(groups) for s in range(0, len(g), chunk)]
    states, leaves = {}, {}
    with torch.no_grad():
        for key in pieces:
            gi, s = key
            states[key] = (torch.get_rng_state(), torch.cuda.get_rng_state() if torch.cuda.is_available() else None)
            leaves[key] = embed(model, tok, groups[gi][s:s + chunk], device).detach().requires_grad_()
    embs = [torch.cat([leaves[(gi, s)] for s in range(0, len(g), chunk)]) if g else None for gi, g in enumerate(groups)]
    loss, parts = loss_of(embs)
    loss.backward()
    for i, key in enumerate(pieces):
        gi, s = key
        torch.set_rng_state(states[key][0])
        if states[key][1] is not None:
            torch.cuda.set_rng_state(states[key][1])
        with (no_sync() if i < len(pieces) - 1 else nullcontext()):
            out = embed(model, tok, groups[gi][s:s + chunk], device)
            backward(out, leaves[key].grad, i == len(pieces) - 1)
    return loss.detach(), parts


def make_loss(cfg: TrainConfig, dims: list[int], weights: list[float], inbatch: bool, neg_counts: list[int],
              distill: tuple | None = None):
    """loss(embeddings of [queries, passages, flat negatives]) -> (loss, parts). `distill`:
    (teacher embeddings of the same groups, kd dims, kd weights, projection or None)."""
    def loss_of(embs):
        q, p, flat = embs
        negs, mask = negatives_tensor(flat, neg_counts)
        loss, parts = contrastive_loss(q, p, negs, mask, inbatch, dims, weights, cfg.temperature)
        if distill is None:
            return loss, parts
        teacher, kd_dims, kd_weights, projection = distill
        kd, kd_parts = distill_loss(embs, teacher, cfg.distill.losses, kd_dims, kd_weights, projection, cfg.distill.kl_temperature)
        return cfg.distill.contrastive_weight * loss + cfg.distill.weight * kd, {**parts, **kd_parts, "contrastive": float(loss.detach())}
    return loss_of


def setup_distill(cfg: TrainConfig, workspace: Path, student_dim: int, dims: list[int], weights: list[float],
                  train_rows: dict, device, rank: int, progress: bool) -> tuple:
    """(teacher, kd dims, kd weights, projection) for a config with `distill:`; Nones otherwise.
    Cached teachers are prepared here: rank 0 encodes what the cache lacks, then the others read."""
    if cfg.distill is None:
        return None, None, None, None
    if cfg.layout != "f2llm":
        raise ConfigError("distillation needs the texts: the tokenized layout holds only token ids", key="layout",
                          fix="use `layout: f2llm` for a distillation run")
    teacher = Teacher(cfg.distill, workspace, max(cfg.max_len_query, cfg.max_len_passage), str(device), progress and rank == 0)
    kd_dims = distill_dims(dims, student_dim, teacher.dim, cfg.distill.projection)
    kd_weights = [w for d, w in zip(dims, weights) if d in kd_dims]
    if cfg.distill.cache:
        texts = training_texts(train_rows, cfg.instructions)
        if rank == 0:  # rank 0 fills the cache, then the others only read it
            stats = teacher.prepare(texts)
        if dist.is_initialized():
            dist.barrier()
        if rank != 0:
            stats = teacher.prepare(texts)
        log(rank, f"teacher {cfg.distill.teacher}: {stats['distinct_texts']:,} distinct texts, {stats['cached']:,} from the "
                  f"embedding cache, {stats['encoded']:,} encoded")
    projection = None
    if cfg.distill.projection:
        torch.manual_seed(cfg.seed)
        projection = torch.nn.Linear(student_dim, teacher.dim, bias=False).to(device)
    return teacher, kd_dims, kd_weights, projection


def mean_over_ranks(value: torch.Tensor) -> torch.Tensor:
    """Mean of a scalar over ranks (each rank's loss is the mean over its own rows)."""
    if dist.is_initialized() and dist.get_world_size() > 1:
        value = value.detach().clone()
        dist.all_reduce(value)
        value /= dist.get_world_size()
    return value


def all_reduce_grads(module: torch.nn.Module) -> list:
    """Average `module`'s gradients over ranks (it lives outside DDP); returns its parameters."""
    params = list(module.parameters())
    if dist.is_initialized() and dist.get_world_size() > 1:
        for p in params:
            if p.grad is not None:
                dist.all_reduce(p.grad)
                p.grad /= dist.get_world_size()
    return params


# ---------------------------------------------------------------- checkpoints

def save_checkpoint(out: Path, step: int, model, opt, sched, batches: Batches, cfg: TrainConfig, rank: int,
                    extra: torch.nn.Module | None = None) -> None:
    """checkpoints/step-NNNNNN/: state.pt (rank 0: model, optimizer, scheduler, data position,
    config, step) + rng-rank<R>.pt per rank; written under a temp name, then renamed."""
    final = out / "checkpoints" / f"step-{step:06d}"
    tmp = final.with_name(final.name + ".tmp")
    if rank == 0:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
    if dist.is_initialized():
        dist.barrier()
    torch.save(rng_states(), tmp / f"rng-rank{rank}.pt")
    if rank == 0:
        torch.save({"model": unwrap(model).state_dict(), "optimizer": opt.state_dict(), "scheduler": sched.state_dict(),
                    "data": batches.state(), "step": step, "config": cfg.model_dump(),
                    "extra": extra.state_dict() if extra is not None else None}, tmp / "state.pt")
    if dist.is_initialized():
        dist.barrier()
    if rank == 0:
        os.replace(tmp, final)
        for old in sorted((out / "checkpoints").glob("step-??????"))[:-cfg.keep_checkpoints]:
            shutil.rmtree(old)
    if dist.is_initialized():
        dist.barrier()


def checkpoint_due(cfg: TrainConfig, step: int, total: int) -> bool:
    """Every `checkpoint_every` steps, and every `merge_every` steps in the last
    keep_checkpoints x merge_every steps (F2LLM utils.py saves every 500 in the last 2500 for merging);
    the last step always counts when merging is planned."""
    if cfg.checkpoint_every and step % cfg.checkpoint_every == 0:
        return True
    if cfg.merge_every:
        return step == total or (step % cfg.merge_every == 0 and step > total - cfg.keep_checkpoints * cfg.merge_every)
    return False


def checkpoints(out: Path) -> list[Path]:
    """Finished checkpoints of a stage, oldest first."""
    return sorted((out / "checkpoints").glob("step-??????"))


def latest_checkpoint(out: Path) -> Path | None:
    found = sorted((out / "checkpoints").glob("step-??????"))
    return found[-1] if found else None


def load_checkpoint(path: Path, model, opt, sched, batches: Batches, rank: int, extra: torch.nn.Module | None = None) -> int:
    state = torch.load(path / "state.pt", map_location="cpu", weights_only=False)
    unwrap(model).load_state_dict(state["model"])
    if extra is not None and state.get("extra") is not None:
        extra.load_state_dict(state["extra"])
    opt.load_state_dict(state["optimizer"])
    sched.load_state_dict(state["scheduler"])
    batches.load_state(state["data"])
    set_rng_states(torch.load(path / f"rng-rank{rank}.pt", weights_only=False))
    return state["step"]


def unwrap(model):
    return model.module if hasattr(model, "module") else model


# ---------------------------------------------------------------- DeepSpeed (accelerate launch with a ZeRO config)
# Written for CUDA multi-GPU runs and not exercised by the CPU tests: the engine owns backward
# (GradCache chunks accumulate until the last one marks the boundary), clipping, the optimizer
# step and sharded checkpoints; the scheduler, data position and RNG states ride in client_state.

def deepspeed_config_file(cfg: TrainConfig) -> str | None:
    if cfg.deepspeed:
        return cfg.deepspeed
    if os.environ.get("ACCELERATE_USE_DEEPSPEED", "").lower() == "true":
        return os.environ.get("ACCELERATE_DEEPSPEED_CONFIG_FILE")
    return None


def init_deepspeed(model, opt, path: str, cfg: TrainConfig, world: int):
    import deepspeed

    ds = json.loads(Path(path).read_text())
    ds.update(train_micro_batch_size_per_gpu=cfg.batch_size // world, train_batch_size=cfg.batch_size,
              gradient_accumulation_steps=1, gradient_clipping=cfg.grad_clip)
    engine, _, _, _ = deepspeed.initialize(model=model, optimizer=opt, config=ds)

    def backward(tensor, grad, last):
        engine.set_gradient_accumulation_boundary(last)
        engine.backward(tensor if grad is None else (tensor * grad).sum())

    return engine, backward


def save_deepspeed_checkpoint(out: Path, step: int, engine, sched, batches: Batches, cfg: TrainConfig, rank: int) -> None:
    tag = f"step-{step:06d}"
    engine.save_checkpoint(str(out / "checkpoints"), tag=tag, client_state={
        "scheduler": sched.state_dict(), "data": batches.state(), "step": step, "config": cfg.model_dump()})
    torch.save(rng_states(), out / "checkpoints" / tag / f"rng-rank{rank}.pt")
    dist.barrier()
    if rank == 0:
        for old in sorted((out / "checkpoints").glob("step-??????"))[:-cfg.keep_checkpoints]:
            shutil.rmtree(old)


def load_deepspeed_checkpoint(path: Path, engine, sched, batches: Batches, rank: int) -> int:
    _, state = engine.load_checkpoint(str(path.parent), tag=path.name)
    sched.load_state_dict(state["scheduler"])
    batches.load_state(state["data"])
    set_rng_states(torch.load(path / f"rng-rank{rank}.pt", weights_only=False))
    return state["step"]


def gathered(engine):
    """Context in which a ZeRO-3 engine's parameters are whole (a no-op otherwise)."""
    if engine is None or engine.zero_optimization_stage() < 3:
        return nullcontext()
    import deepspeed

    return deepspeed.zero.GatheredParameters(list(engine.module.parameters()), modifier_rank=None)


# ---------------------------------------------------------------- the run

def train(cfg: TrainConfig, workspace: Path, progress: bool = True, resume: bool = True) -> dict:
    """Train one stage; returns {"steps", "final", "eval"} (eval: metric rows of the final model)."""
    rank, world, device = init_distributed()
    if cfg.batch_size % world:
        raise ValueError(f"batch_size {cfg.batch_size} is not divisible by {world} ranks")
    out = cfg.out_dir(workspace)
    out.mkdir(parents=True, exist_ok=True)
    seed_everything(cfg.seed)

    # data: training rows per source and the held-out pairs
    rows = load_rows(cfg.mixture_dir(workspace), cfg.layout, cfg.tasks, instructions=cfg.instructions)
    train_rows, held = split_holdout(rows, cfg.eval.holdout, cfg.eval.tasks, cfg.eval.holdout_all_tasks)
    held = held[: cfg.eval.max_pairs]
    batches = Batches(train_rows, cfg.batch_size, cfg.seed, cfg.negatives)
    total = cfg.max_steps or max(1, int(cfg.epochs * batches.batches_per_epoch()))

    # model, tokenizer, optimizer, schedule
    start = cfg.start_weights(workspace)
    model = Embedder.load(start, cfg.pooling, cfg.attention, cfg.dtype, cfg.gradient_checkpointing).to(device)
    model.train()
    hf_tok = load_tokenizer(start)
    tok = TokenizerWithEOS(hf_tok, max(cfg.max_len_query, cfg.max_len_passage))
    dims = dims_for(model.hidden_size, cfg.matryoshka.dims, cfg.matryoshka.min_dim)
    weights = matryoshka_weights_for(cfg, dims, model.hidden_size)
    teacher, kd_dims, kd_weights, projection = setup_distill(cfg, workspace, model.hidden_size, dims, weights, train_rows,
                                                             device, rank, progress)
    groups_of_params = param_groups(model, cfg.weight_decay, cfg.decay == "all") + ([{"params": list(projection.parameters()), "weight_decay": cfg.weight_decay}]
                                                                  if projection is not None else [])
    opt = torch.optim.AdamW(groups_of_params, lr=cfg.lr, betas=tuple(cfg.betas), fused=device.type in ("cpu", "cuda"))
    floor = cfg.min_lr / cfg.lr
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_lambda(s, cfg.warmup_steps, total, floor))

    step, engine, backward, no_sync = 0, None, plain_backward, nullcontext
    ckpt = latest_checkpoint(out) if resume else None
    ds_file = deepspeed_config_file(cfg)
    if ds_file:
        if projection is not None:
            raise ConfigError("distill.projection is not supported with DeepSpeed", key="distill.projection",
                              fix="use distill.losses mse/cosine/kl with a truncated teacher, or train without DeepSpeed")
        engine, backward = init_deepspeed(model, opt, ds_file, cfg, world)
        model = engine
        if ckpt is not None:
            step = load_deepspeed_checkpoint(ckpt, engine, sched, batches, rank)
    elif ckpt is not None:
        step = load_checkpoint(ckpt, model, opt, sched, batches, rank, projection)
    if ckpt is not None:
        log(rank, f"resumed from {ckpt} at step {step}")
    if world > 1 and engine is None:
        from torch.nn.parallel import DistributedDataParallel

        model = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
        no_sync = model.no_sync

    writer = tensorboard_writer(out) if rank == 0 else None
    bar = make_bar(total, step, progress and rank == 0)
    metrics = open(out / "metrics.jsonl", "a") if rank == 0 else None
    t_last, samples = time.perf_counter(), 0
    while step < total:
        batch = batches.next()
        lo, hi = rank * cfg.batch_size // world, (rank + 1) * cfg.batch_size // world
        q_items = [format_query({"query": q, "instruction": ins}, cfg.instructions)
                   for q, ins in zip(batch.queries[lo:hi], batch.instructions[lo:hi])]
        negs = batch.negatives[lo:hi]
        groups = [tok.ids(q_items, cfg.max_len_query), tok.ids(batch.passages[lo:hi], cfg.max_len_passage),
                  tok.ids([n for row in negs for n in row], cfg.max_len_passage)]
        distill = None
        if teacher is not None:
            texts = [q_items, batch.passages[lo:hi], [n for row in negs for n in row]]
            distill = ([teacher.embed(t).to(device) for t in texts], kd_dims, kd_weights, projection)
        loss_of = make_loss(cfg, dims, weights, uses_inbatch(cfg, batch), [len(r) for r in negs], distill)
        local_chunk = cfg.chunk_size if cfg.chunk_size and cfg.chunk_size < hi - lo else None
        loss, parts = forward_backward(model, tok, groups, loss_of, local_chunk, device, no_sync, backward)
        loss = mean_over_ranks(loss)  # the logged loss is the whole batch's, as a single process would log it
        if engine is not None:
            engine.step()  # clips, steps and zeroes the gradients
            grad_norm = engine.get_global_grad_norm() or 0.0
        else:
            params = list(model.parameters())
            if projection is not None:
                params += all_reduce_grads(projection)
            grad_norm = torch.nn.utils.clip_grad_norm_(params, cfg.grad_clip)
            opt.step()
            opt.zero_grad(set_to_none=True)
        sched.step()
        step += 1
        samples += cfg.batch_size
        if rank == 0 and (step % cfg.log_every == 0 or step == total):
            now = time.perf_counter()
            record = {"step": step, "loss": float(loss), **parts, "lr": sched.get_last_lr()[0],
                      "grad_norm": float(grad_norm), "source": batch.source, "task": batch.task,
                      "samples_per_s": samples / (now - t_last), "time": time.time()}
            metrics.write(json.dumps(record) + "\n")
            metrics.flush()
            t_last, samples = now, 0
            if writer:
                for k in ("loss", "lr", "grad_norm", "samples_per_s"):
                    writer.add_scalar(f"train/{k}", record[k], step)
            bar.set_postfix(loss=f"{record['loss']:.4f}", src=batch.source[:16])
        bar.update(1)
        zero3 = engine is not None and engine.zero_optimization_stage() >= 3  # rank-0-only eval would deadlock
        if cfg.eval.every and step % cfg.eval.every == 0 and step < total and held and not zero3:
            run_eval(unwrap(model), tok, held, dims, cfg, out, step, rank, writer)
        if checkpoint_due(cfg, step, total):
            if engine is not None:
                save_deepspeed_checkpoint(out, step, engine, sched, batches, cfg, rank)
            else:
                save_checkpoint(out, step, model, opt, sched, batches, cfg, rank, projection)
    bar.close()
    if metrics:
        metrics.close()

    result = {"steps": step, "final": str(out / "final"), "eval": [], "teacher": teacher.stats if teacher else None}
    with gathered(engine):
        if rank == 0:
            export(unwrap(model), hf_tok, out / "final", max(cfg.max_len_query, cfg.max_len_passage))
    if held and (engine is None or engine.zero_optimization_stage() < 3):
        result["eval"] = run_eval(unwrap(model), tok, held, dims, cfg, out, step, rank, writer, label="final")
    if writer:
        writer.close()
    if dist.is_initialized():
        dist.barrier()
    return result


def run_eval(model, tok, held, dims, cfg, out, step, rank, writer, label="train") -> list[dict]:
    """Held-out retrieval metrics (rank 0 only; others return [])."""
    if rank != 0:
        return []
    rows = evaluate(model, tok, held, dims, cfg.instructions, cfg.eval.batch_size, cfg.max_len_query, cfg.max_len_passage)
    model.train()
    notes = write_results(rows, out / "eval", step, label)
    if writer:
        for r in (r for r in rows if r["lang"] == "all"):
            writer.add_scalar(f"eval/recall@10/dim{r['dim']}", r["recall@10"], step)
    log(rank, f"eval at step {step}:\n{table(rows, cfg.eval.min_lang_queries, max_langs=5)}")
    for n in notes:
        log(rank, n)
    return rows


def tensorboard_writer(out: Path):
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError:  # tensorboard not installed: JSONL only
        return None
    return SummaryWriter(str(out / "tensorboard"))


def make_bar(total: int, initial: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, disable=not enabled, desc="train", unit="step")


def log(rank: int, msg: str) -> None:
    if rank == 0:
        print(msg, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """`python -m training.train stage1|stage2 CONFIG [--workspace DIR]` (what accelerate launch runs)."""
    import argparse

    p = argparse.ArgumentParser(prog="training.train")
    p.add_argument("stage", choices=["stage1", "stage2"])
    p.add_argument("config", type=Path)
    p.add_argument("--workspace", type=Path, default=Path(os.environ.get("MLCURATE_WORKSPACE", "workspace")))
    p.add_argument("--max-steps", type=int)
    p.add_argument("--no-progress", action="store_true")
    args = p.parse_args(argv)
    cfg = load_config(args.config, int(args.stage[-1]))
    if args.max_steps:
        cfg = cfg.model_copy(update={"max_steps": args.max_steps})
    result = train(cfg, args.workspace, progress=not args.no_progress)
    log(0, f"done: {result['steps']} steps, model at {result['final']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
