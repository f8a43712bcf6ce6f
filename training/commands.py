"""What `mlcurate train stage1|stage2|distill|prune|eval CONFIG` run (curation/cli.py imports this lazily:
torch is only in the `train` extra)."""

from pathlib import Path

from .config import load_config


def run_stage(config: Path, stage: int, workspace: Path, max_steps: int | None = None, progress: bool = True) -> dict:
    from .train import train

    cfg = load_config(config, stage)
    if max_steps:
        cfg = cfg.model_copy(update={"max_steps": max_steps})
    return train(cfg, workspace, progress=progress)


def run_distill(config: Path, workspace: Path, stage: int = 1, max_steps: int | None = None, progress: bool = True) -> dict:
    """A training stage of a config that has a `distill:` section (the student learns from the
    teacher's embeddings as well as from the contrastive loss)."""
    from curation.errors import ConfigError

    from .train import train

    cfg = load_config(config, stage)
    if cfg.distill is None:
        raise ConfigError("no `distill:` section", file=str(config), key="distill",
                          fix="add `distill: {teacher: <model folder or run>}` (see configs/train/demo-minilm-small.yaml)")
    if max_steps:
        cfg = cfg.model_copy(update={"max_steps": max_steps})
    return train(cfg, workspace, progress=progress)


def run_merge(config: Path, workspace: Path, stage: int = 1, last: int = 3, weights: str | None = None,
              evaluate: bool = True) -> dict:
    """Average the stage's last `last` checkpoints (training/merge.py), export to <stage>/merged/ and,
    with `evaluate`, print held-out metrics of the last checkpoint (final/) beside the merged model."""
    from .merge import merge_run, parse_weights

    cfg = load_config(config, stage)
    merged = merge_run(cfg, workspace, last, parse_weights(weights))
    print(f"merged the last {last} checkpoints of {cfg.name}/stage{stage} -> {merged}")
    result = {"merged": str(merged), "eval": None}
    if evaluate:
        final = cfg.out_dir(workspace) / "final"
        result["eval"] = run_eval(config, workspace, [str(final), str(merged)] if final.exists() else [str(merged)])
    return result


def run_eval(config: Path, workspace: Path, models: list[str] | None = None, mteb: list[str] | None = None) -> dict[str, list[dict]]:
    """Evaluate the base model and every finished stage of the config (or `models`) on the held-out
    pairs; print the per-dim table and before -> after; write <ws>/training/<name>/eval/.
    With `mteb` (task names or local task folders): score them through mteb instead, at every
    Matryoshka dim (training/mteb_eval.py); returns {"mteb": rows}."""
    if mteb:
        return {"mteb": run_mteb_eval(config, workspace, models, mteb)}
    import torch

    from .data import load_rows, split_holdout
    from .evaluate import compare_table, dims_for, evaluate, table, write_results
    from .model import Embedder, TokenizerWithEOS
    from .train import load_tokenizer

    stages = {s: _stage_or_none(config, s) for s in (1, 2)}
    base = stages[1] or stages[2] or load_config(config, 1)  # the last one raises the file's error
    _, held = split_holdout(load_rows(base.mixture_dir(workspace), base.layout), base.eval.holdout, base.eval.tasks,
                           base.eval.holdout_all_tasks)
    held = held[: base.eval.max_pairs]
    if not held:
        from curation.errors import ConfigError

        raise ConfigError(f"no held-out pairs in mixture '{base.mixture}' (tasks {base.eval.tasks}, holdout {base.eval.holdout})",
                          file=str(config), key="eval", fix="export a mixture with those tasks, or change eval.tasks / eval.holdout")
    targets = [(m, m, False) for m in models] if models else _default_targets(stages, workspace)
    out_dir = workspace / "training" / base.name / "eval"
    results: dict[str, list[dict]] = {}
    for label, path, instructions in targets:
        model = Embedder.load(path, base.pooling, base.attention, base.dtype)
        model.to("cuda" if torch.cuda.is_available() else "cpu")
        tok = TokenizerWithEOS(load_tokenizer(path), max(base.max_len_query, base.max_len_passage))
        rows = evaluate(model, tok, held, dims_for(model.hidden_size, base.matryoshka.dims, base.matryoshka.min_dim),
                        instructions, base.eval.batch_size, base.max_len_query, base.max_len_passage)
        notes = write_results(rows, out_dir, None, label.replace("/", "_"))
        print(f"\n== {label} ({len(held)} held-out pairs)\n{table(rows, base.eval.min_lang_queries, max_langs=10)}")
        for n in notes:
            print(n)
        results[label] = rows
    labels = list(results)
    if len(labels) > 1:
        print(f"\n== {labels[0]} -> {labels[-1]}\n{compare_table(results[labels[0]], results[labels[-1]])}")
    print(f"\nmetrics: {out_dir / 'eval.jsonl'}")
    return results


def run_mteb_eval(config: Path, workspace: Path, models: list[str] | None, tasks: list[str]) -> list[dict]:
    from .evaluate import dims_for
    from .model import resolve_model_path
    from .mteb_eval import evaluate_mteb, mteb_table

    stages = {s: _stage_or_none(config, s) for s in (1, 2)}
    base = stages[1] or stages[2] or load_config(config, 1)
    targets = [(Path(m).name or m, m) for m in models] if models else [(lab, p) for lab, p, _ in _default_targets(stages, workspace)]
    targets = [(lab, resolve_model_path(p)) for lab, p in targets]
    hidden = _hidden_size(targets[-1][1])
    dims = dims_for(hidden, base.matryoshka.dims, base.matryoshka.min_dim)
    out_dir = workspace / "training" / base.name / "eval" / "mteb"
    rows = evaluate_mteb(targets, dims, tasks, out_dir, base.name, max(base.max_len_query, base.max_len_passage),
                         base.eval.batch_size)
    for task in dict.fromkeys(r["task"] for r in rows):
        print(mteb_table(rows, task) + "\n")
    print(f"mteb results (mteb's format): {out_dir / 'results'}\nsummary: {out_dir / 'mteb.jsonl'}")
    return rows


def _hidden_size(path: str) -> int:
    import json

    return json.loads((Path(path) / "config.json").read_text())["hidden_size"]


def _stage_or_none(config: Path, stage: int):
    from curation.errors import ConfigError

    try:
        return load_config(config, stage)
    except ConfigError:
        return None


def _default_targets(stages: dict, workspace: Path) -> list[tuple[str, str, bool]]:
    """The untrained model, then each stage's final export that exists."""
    base = stages[1] or stages[2]
    targets = [("base", base.model, False)]
    for s, cfg in stages.items():
        if cfg is not None and (cfg.out_dir(workspace) / "final").exists():
            targets.append((f"stage{s}", str(cfg.out_dir(workspace) / "final"), cfg.instructions))
    return targets
