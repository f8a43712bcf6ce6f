"""MTEB evaluation of trained models at every Matryoshka dimension, through the `mteb` package.

    mlcurate train eval configs/train/demo-minilm.yaml --mteb path/to/local-task          # offline: files
    mlcurate train eval configs/train/stage2.yaml --mteb STS22.v2,ArguAna                 # mteb task names

A task is either an mteb task name (its data comes from the hub or the local datasets cache) or a
folder in the BEIR retrieval layout, which works offline:

    corpus.jsonl   {"_id": "d1", "text": "...", "title": "..."}   (title optional)
    queries.jsonl  {"_id": "q1", "text": "..."}
    qrels.tsv      query-id <TAB> corpus-id <TAB> score            (header line first)

Models are wrapped with mteb's InstructSentenceTransformerModel and the F2LLM-v2 instruction prompts
as mteb's own model metadata for codefuse-ai/F2LLM-v2-* defines them (per task name, else per task
type; "Instruct: {instruction}\\nQuery: " on queries only), so a model trained here is scored the way
the released F2LLM-v2 models are. Each Matryoshka dim is a separate mteb run with the embeddings
truncated to that dim (sentence-transformers `truncate_dim`), named `mlcurate/<run>-<label>-dim<D>`.

Outputs under <workspace>/training/<name>/eval/mteb/: mteb's result cache (results/<model>/local/
<Task>.json, mteb's format), mteb.jsonl (one row per label, task, dim: main score), mteb-<task>.txt
tables and mteb-<task>.png truncation curves.
"""

import json
import os
from pathlib import Path

from curation.errors import ConfigError

QUERY_TEMPLATE = "Instruct: {instruction}\nQuery: "


def f2llm_v2_prompts() -> dict[str, str]:
    """mteb's F2LLM-v2 prompt table (task name or task type -> instruction)."""
    from mteb.models.model_implementations import codefuse_models

    return dict(codefuse_models.f2llmv2_prompts_dict)


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        raise ConfigError(f"local MTEB task {path.parent}: {path.name} is missing", key="--mteb",
                          fix="a local task folder needs corpus.jsonl, queries.jsonl and qrels.tsv (BEIR layout)")
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _read_qrels(path: Path) -> dict[str, dict[str, int]]:
    if not path.exists():
        raise ConfigError(f"local MTEB task {path.parent}: qrels.tsv is missing", key="--mteb",
                          fix="add qrels.tsv: a header line, then query-id<TAB>corpus-id<TAB>score")
    rel: dict[str, dict[str, int]] = {}
    for n, line in enumerate(path.read_text().splitlines()[1:], start=2):
        parts = line.split("\t")
        if len(parts) != 3:
            raise ConfigError(f"{path}:{n}: expected 3 tab-separated fields, got {len(parts)}", key="--mteb",
                              fix="write query-id<TAB>corpus-id<TAB>score")
        rel.setdefault(parts[0], {})[parts[1]] = int(parts[2])
    return rel


def local_task(folder: Path):
    """An mteb retrieval task over the BEIR-layout files in `folder` (split `test`)."""
    from datasets import Dataset
    from mteb.abstasks.retrieval import AbsTaskRetrieval
    from mteb.abstasks.retrieval_dataset_loaders import RetrievalSplitData
    from mteb.abstasks.task_metadata import TaskMetadata

    folder = Path(folder)
    name = "".join(ch if ch.isalnum() else "_" for ch in folder.name)

    class LocalRetrieval(AbsTaskRetrieval):
        metadata = TaskMetadata(
            type="Retrieval", name=name, main_score="ndcg_at_10", description=f"local retrieval task from {folder}",
            reference=None, dataset={"path": str(folder), "revision": "local"}, category="t2t", eval_splits=["test"],
            eval_langs=["eng-Latn"], date=None, dialect=None, domains=None, task_subtypes=None, license=None,
            annotations_creators=None, modalities=["text"], sample_creation=None, bibtex_citation=None)

        def load_data(self, num_proc=None, **kwargs) -> None:
            queries = [{"id": str(r["_id"]), "text": r["text"]} for r in _read_jsonl(folder / "queries.jsonl")]
            corpus = [{"id": str(r["_id"]), "text": r["text"], "title": r.get("title", "")} for r in _read_jsonl(folder / "corpus.jsonl")]
            split = RetrievalSplitData(queries=Dataset.from_list(queries), corpus=Dataset.from_list(corpus),
                                       relevant_docs=_read_qrels(folder / "qrels.tsv"), top_ranked=None)
            self.dataset = {"default": {"test": split}}
            self.data_loaded = True

    return LocalRetrieval()


def resolve_tasks(specs: list[str]) -> list:
    """Folders -> local tasks; other strings -> mteb tasks by name (a clear error for unknown names)."""
    import mteb

    tasks = []
    for spec in specs:
        if Path(spec).is_dir():
            tasks.append(local_task(Path(spec)))
            continue
        try:
            tasks.extend(mteb.get_tasks(tasks=[spec]))
        except (KeyError, ValueError) as e:
            raise ConfigError(f"--mteb '{spec}' is neither a folder nor an mteb task ({e})", key="--mteb",
                              fix="give an mteb task name (e.g. STS22.v2) or a folder with corpus.jsonl, queries.jsonl, qrels.tsv") from None
    return tasks


def wrap_model(path: str, dim: int, name: str, max_length: int):
    """mteb encoder for the exported model at `path`, truncated to `dim`, with F2LLM-v2 prompts."""
    import torch
    from mteb.models import ModelMeta
    from mteb.models.instruct_wrapper import InstructSentenceTransformerModel

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    model = InstructSentenceTransformerModel(
        path, revision=None, instruction_template=QUERY_TEMPLATE, prompts_dict=f2llm_v2_prompts(),
        apply_instruction_to_passages=False, embed_dim=dim, max_seq_length=max_length,
        device="cuda" if torch.cuda.is_available() else "cpu")
    model.mteb_model_meta = ModelMeta.create_empty().model_copy(update={"name": name, "revision": "local"})
    return model


def main_scores(result) -> dict[str, float]:
    """task name -> main score of an mteb ModelResult."""
    return {r.task_name: float(r.get_score()) for r in result.task_results}


def evaluate_mteb(targets: list[tuple[str, str]], dims: list[int], specs: list[str], out_dir: Path, run_name: str,
                  max_length: int, batch_size: int = 32) -> list[dict]:
    """Run every (label, model path) at every dim on the tasks; write results and return rows
    {label, task, dim, main_score}."""
    import mteb

    cache = mteb.ResultCache(str(out_dir))
    rows = []
    for label, path in targets:
        for dim in dims:
            name = f"mlcurate/{run_name}-{label}-dim{dim}".replace(" ", "_")
            model = wrap_model(path, dim, name, max_length)
            result = mteb.evaluate(model, resolve_tasks(specs), cache=cache, overwrite_strategy="always",
                                   show_progress_bar=False, encode_kwargs={"batch_size": batch_size})
            if result.exceptions:
                raise RuntimeError(f"mteb failed for {label} at dim {dim}: {result.exceptions}")
            for task, score in main_scores(result).items():
                rows.append({"label": label, "task": task, "dim": dim, "main_score": score})
    write_mteb_outputs(rows, out_dir)
    return rows


def mteb_table(rows: list[dict], task: str) -> str:
    """Main score of one task: a row per dim, a column per model label."""
    labels = list(dict.fromkeys(r["label"] for r in rows if r["task"] == task))
    dims = sorted({r["dim"] for r in rows if r["task"] == task})
    score = {(r["label"], r["dim"]): r["main_score"] for r in rows if r["task"] == task}
    lines = [f"{task} (main score)", f"{'dim':>5} " + " ".join(f"{lab[-18:]:>18}" for lab in labels)]
    for d in dims:
        lines.append(f"{d:>5} " + " ".join(f"{score.get((lab, d), float('nan')):>18.4f}" for lab in labels))
    return "\n".join(lines)


def write_mteb_outputs(rows: list[dict], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "mteb.jsonl", "a") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    for task in dict.fromkeys(r["task"] for r in rows):
        (out_dir / f"mteb-{task}.txt").write_text(mteb_table(rows, task) + "\n")
        _plot(rows, task, out_dir / f"mteb-{task}.png")


def _plot(rows: list[dict], task: str, path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, ax = plt.subplots(figsize=(6, 4))
    for label in dict.fromkeys(r["label"] for r in rows if r["task"] == task):
        pts = sorted((r["dim"], r["main_score"]) for r in rows if r["task"] == task and r["label"] == label)
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=label[-30:])
    ax.set_xscale("log", base=2)
    ax.set_xlabel("embedding dims kept")
    ax.set_ylabel("main score")
    ax.set_title(f"{task}: MTEB score vs. Matryoshka truncation")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
