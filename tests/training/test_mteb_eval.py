"""`mlcurate train eval --mteb`: a local retrieval task built from files is scored through mteb at every
Matryoshka dim, with mteb-format results on disk and our table/plot beside them."""

import json

import pytest

pytest.importorskip("torch")
mteb = pytest.importorskip("mteb")

from curation.cli import main  # noqa: E402
from curation.errors import ConfigError  # noqa: E402
from training.mteb_eval import f2llm_v2_prompts, local_task, resolve_tasks  # noqa: E402

from .test_train import _write_config  # noqa: E402

PAIRS = [("what is the capital of france", "Paris is the capital and largest city of France."),
         ("how do plants make food", "Photosynthesis lets plants turn light into chemical energy."),
         ("who wrote hamlet", "Hamlet is a tragedy written by William Shakespeare."),
         ("when did the berlin wall fall", "The Berlin Wall came down in November 1989."),
         ("how far is the moon", "The Moon orbits about 384,000 kilometres from Earth.")]


def write_local_task(folder):
    folder.mkdir(parents=True)
    with open(folder / "queries.jsonl", "w") as f:
        for i, (q, _) in enumerate(PAIRS):
            f.write(json.dumps({"_id": f"q{i}", "text": q}) + "\n")
    with open(folder / "corpus.jsonl", "w") as f:
        for i, (_, d) in enumerate(PAIRS):
            f.write(json.dumps({"_id": f"d{i}", "text": d, "title": ""}) + "\n")
        f.write(json.dumps({"_id": "dx", "text": "The stock market fell sharply on Tuesday."}) + "\n")
    (folder / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\n" + "".join(f"q{i}\td{i}\t1\n" for i in range(len(PAIRS))))
    return folder


def test_f2llm_v2_prompts_come_from_mteb_metadata():
    prompts = f2llm_v2_prompts()
    assert prompts["query"].startswith("Given a question, retrieve passages")
    assert prompts["STS"] == "Retrieve semantically similar text."


def test_local_task_errors_name_the_files(tmp_path):
    (tmp_path / "t").mkdir()
    with pytest.raises(ConfigError, match="corpus.jsonl, queries.jsonl and qrels.tsv"):
        local_task(tmp_path / "t").load_data()
    with pytest.raises(ConfigError, match="neither a folder nor an mteb task"):
        resolve_tasks(["NoSuchTaskAnywhere"])


def test_cli_scores_a_local_task_at_every_dim_in_mteb_format(train_ws, tiny_qwen3, tmp_path, capsys):
    task = write_local_task(tmp_path / "local-qa")
    cfg = _write_config(tmp_path / "e.yaml", tiny_qwen3, "e", chunk_size=None, max_steps=2, checkpoint_every=0)
    assert main(["train", "stage1", str(cfg), "--workspace", str(train_ws), "--no-progress"]) == 0
    final = train_ws / "training/e/stage1/final"
    capsys.readouterr()
    assert main(["train", "eval", str(cfg), "--workspace", str(train_ws), "--model", str(final), "--mteb", str(task)]) == 0
    printed = capsys.readouterr().out
    out = train_ws / "training/e/eval/mteb"
    rows = [json.loads(x) for x in (out / "mteb.jsonl").read_text().splitlines()]
    assert sorted(r["dim"] for r in rows) == [8, 16, 32] and {r["task"] for r in rows} == {"local_qa"}
    for dim in (8, 16, 32):  # mteb's own result files, read back with mteb
        path = out / "results" / f"mlcurate__e-final-dim{dim}" / "local" / "local_qa.json"
        result = mteb.TaskResult.from_disk(path)
        assert result.task_name == "local_qa"
        score = next(r for r in rows if r["dim"] == dim)["main_score"]
        assert result.get_score() == pytest.approx(score) and 0.0 <= score <= 1.0
    assert "local_qa (main score)" in printed and (out / "mteb-local_qa.txt").exists()
