"""The whole pipeline at scale, on 1 task vs 2 tasks of the local executor and on a local Ray.

    python benchmarks/pipeline_bench.py                          # 2M samples, 60 languages (the issue's size)
    nice -n 10 python benchmarks/pipeline_bench.py --samples 100000 --mine-subset 1000 --configs local-1,local-2
    nice -n 10 python -u benchmarks/pipeline_bench.py --configs local-1,local-2 --stages ingest   # ingest alone
    # one stage again on kept workspaces: the first run keeps corpus and workspaces in DIR, the
    # second runs mix alone on them (mix does not need mine: its `negatives: both` falls back)
    nice -n 10 python benchmarks/pipeline_bench.py --samples 200000 --configs local-2 --stages ingest,langid,dedup --keep DIR
    nice -n 10 python benchmarks/pipeline_bench.py --samples 200000 --configs local-2 --stages mix --keep DIR
    # the same with another mixture spec (keys merged into the benchmark's)
    nice -n 10 python benchmarks/pipeline_bench.py --samples 200000 --configs local-2 --stages mix --keep DIR --mix-spec '{"source_cap": 80000}'

A generated corpus (unique texts: each a random draw of 12-40 words from one language's UDHR
vocabulary, seeded; with 2% planted normalised-exact copies, 2% near copies with one word
changed, 1% rows declaring the wrong language) goes through ingest -> langid -> dedup (numpy
engine: hashes, shingles, band keys and verification on the executor's tasks) -> mine (all-MiniLM-L6-v2 on `--mine-subset` samples, so its
time does not grow with the corpus) -> mix, once per configuration, each in a fresh child process
and workspace. Per stage it prints wall time, CPU time of the whole process tree and of the driver
alone, the driver's share of the CPU ("serial %": planning, merging, commits, tasks that run in the
driver; with one local task the task itself runs in the driver), peak RSS of the tree and of the
driver alone (sampled every 0.2 s with psutil), the stage's own phases (mine: encoding vs
search_filter), the speed-up of 2 tasks over 1 task (the peer: the same stage on one task), and an
estimate of the run's time at `--estimate-for` samples from the measured throughput (every stage
but mine scaled linearly). Each layer's content hash (order-independent, run ids left out) must
agree across configurations (layers of the stages that have run in the workspaces); the run exits
1 when one differs. `--stages` runs only the named stages (in pipeline order; the run stops after
the last one named); a stage other than ingest needs a workspace where ingest ran, so a later
stage alone needs `--keep DIR`, which keeps the corpus and the workspaces there and reuses them
(the named stages then run with `force`, replacing what an earlier run wrote). On a loaded machine
read the CPU columns: wall-clock speed-ups there are noise.
"""

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _measure import TreeSampler

ROOT = Path(__file__).resolve().parent.parent
PIPELINE = ("ingest", "langid", "dedup", "mine", "mix")
CONFIGS = {
    "local-1": {"kind": "local", "tasks": 1, "workers": 1},
    "local-2": {"kind": "local", "tasks": 2, "workers": 2},
    "ray-2": {"kind": "ray", "tasks": 2, "workers": 2, "options": {"cpus_per_task": 1, "mem_per_cpu_gb": 2}},
}
LAYER_HASH = {
    "samples": "SELECT count(*), bit_xor(hash(t)) FROM (SELECT * EXCLUDE (meta) FROM samples) t",
    "langid": "SELECT count(*), bit_xor(hash(t)) FROM (SELECT * EXCLUDE (run_id) FROM langid) t",
    "dedup": "SELECT count(*), bit_xor(hash(t)) FROM (SELECT * EXCLUDE (run_id) FROM dedup) t",
    "mine": "SELECT count(*), bit_xor(hash(t)) FROM (SELECT * EXCLUDE (run_id) FROM mine) t",
}
NO_SPACE = ("zh", "ja", "th", "lo", "km", "my", "bo")


# ------------------------------------------------------------------ corpus

def vocabularies(min_paragraphs: int, languages: int) -> dict[str, list[str]]:
    """Words (characters for scripts without spaces) per language of the bundled UDHR sample."""
    from curation.paths import SAMPLE_DATA_DIR

    texts: dict[str, list[str]] = {}
    with gzip.open(SAMPLE_DATA_DIR / "udhr_pairs.jsonl.gz", "rt", encoding="utf-8") as f:
        for row in map(json.loads, f):
            texts.setdefault(row["lang"], []).append(row["text"])
    langs = sorted((l for l, t in texts.items() if len(t) >= min_paragraphs), key=lambda l: (-len(texts[l]), l))[:languages]
    vocab = {}
    for lang in langs:
        joined = " ".join(texts[lang])
        words = list(joined.replace(" ", "")) if lang.split("-")[0] in NO_SPACE else joined.split()
        vocab[lang] = sorted(set(words))
    return vocab


def generate(out: Path, samples: int, languages: int, files: int, seed: int = 0) -> dict:
    vocab = vocabularies(20, languages)
    langs = sorted(vocab)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    handles = [open(out / f"part-{i:03d}.jsonl", "w", encoding="utf-8") for i in range(files)]
    planted = {"exact": 0, "near": 0, "wrong_lang": 0}
    recent: list[dict] = []

    def text(lang: str) -> str:
        sep = "" if lang.split("-")[0] in NO_SPACE else " "
        return sep.join(rng.choices(vocab[lang], k=rng.randint(12, 40)))

    for i in range(samples):
        roll = rng.random()
        if recent and roll < 0.02:  # normalised-exact copy: case and punctuation differ
            src = rng.choice(recent)
            row = {**src, "q": src["q"].upper() + " !"}
            planted["exact"] += 1
        elif recent and roll < 0.04:  # near copy: one word replaced
            src = rng.choice(recent)
            words = src["q"].split(" ")
            words[rng.randrange(len(words))] = rng.choice(vocab[src["l"]])
            row = {**src, "q": " ".join(words)}
            planted["near"] += 1
        else:
            lang = langs[i % len(langs)]
            row = {"q": text(lang), "p": text(lang), "l": lang}
            if roll < 0.05:
                row["l"] = langs[(langs.index(lang) + 1) % len(langs)]
                planted["wrong_lang"] += 1
        row["id"] = i
        recent = (recent + [row])[-1000:]
        handles[i % files].write(json.dumps(row, ensure_ascii=False) + "\n")
    for h in handles:
        h.close()
    return {"samples": samples, "languages": len(langs), "planted": planted}


def write_configs(root: Path, data: Path, kind: dict, mine_subset: int, mix_total: int, stages: list[str],
                  dedup_engine: str = "numpy", mix_spec: dict | None = None) -> Path:
    from curation.paths import CONFIGS_DIR

    (root / "source.yaml").write_text(json.dumps({
        "name": "bench", "kind": "jsonl", "path": str(data / "*.jsonl"), "task": "retrieval",
        "lang": {"field": "l"}, "fields": {"query": "q", "positive": "p"}}))
    (root / "mix.yaml").write_text(json.dumps({"name": "bench", "tasks": {"retrieval": mix_total}, "alpha": 0.3,
                                               "negatives": "both", "shard_size": 50_000, **(mix_spec or {})}))
    pipeline = {
        "languages": str(CONFIGS_DIR / "languages.csv"), "sources": ["source.yaml"],
        "stages": stages, "executor": kind,
        "dedup": {"engine": dedup_engine},
        "mine": {"max_samples_per_source": mine_subset, "pool": "language"},
        "mix": {"specs": ["mix.yaml"]},
    }
    path = root / f"pipeline-{kind['kind']}-{kind['tasks']}.yaml"
    path.write_text(json.dumps(pipeline))
    return path


# ------------------------------------------------------------------ measuring

def ran(ws, stage: str) -> bool:
    """Whether `stage` has completed in workspace `ws`."""
    if not ws.exists():
        return False
    with ws.connect() as con:
        return con.execute("SELECT count(*) FROM runs WHERE stage = ? AND status = 'ok'", [stage]).fetchone()[0] > 0


def check_inputs(ws, stages: list[str]) -> None:
    """Every stage but ingest reads the samples: without ingest named, the workspace must hold them."""
    if stages[0] != "ingest" and not ran(ws, "ingest"):
        sys.exit(f"stage {stages[0]} needs the samples ingest writes, and workspace {ws.root} has none: "
                 f"name ingest in --stages, or pass --keep DIR where a run with ingest kept its workspaces")


def child(pipeline: Path, workspace: Path, force: bool) -> None:
    """One configuration, its stages through the stage contract; prints one JSON line per stage."""
    from curation.pipeline import load_pipeline, make_context
    from curation.stages import STAGES
    from curation.store import Workspace

    cfg = load_pipeline(pipeline)
    ws = Workspace(workspace)
    check_inputs(ws, list(cfg.stages))
    if cfg.executor.kind == "local" and "cpus_per_task" in cfg.executor.options:
        # The driver gets the same fixed share as a task in every configuration: with one local
        # task datatrove runs that task inside the driver, whose limits then stay; this way the
        # driver's own phases (planning, commits) run alike on 1 and 2 tasks.
        from curation.runner import apply_threads

        apply_threads(int(cfg.executor.options["cpus_per_task"]))
    ray_started = False
    if cfg.executor.kind == "ray":
        import ray

        ray.init(num_cpus=cfg.executor.tasks, include_dashboard=False, log_to_driver=False)
        ray_started = True
    ctx = make_context(cfg, ws, force=force, progress=False, echo=lambda _: None)
    with TreeSampler() as sampler:
        for name in cfg.stages:
            sampler.reset()
            t0 = time.perf_counter()
            result = STAGES[name].run(ctx, cfg.section(name))
            wall = time.perf_counter() - t0
            print(json.dumps({"stage": name, "wall": wall, "cpu": sampler.cpu_tree(), "driver_cpu": sampler.cpu_root(),
                              "peak_tree_mb": sampler.peak_tree / 2**20, "peak_driver_mb": sampler.peak_root / 2**20,
                              "inputs": result.counts.inputs, "outputs": result.counts.outputs,
                              "parts": {k: v for k, v in result.details.items() if k.startswith("seconds_")}}), flush=True)
    if ray_started:
        import ray

        ray.shutdown()
    hashes = {}
    done = [stage for stage in PIPELINE if ran(ws, stage)]
    with ws.connect() as con:
        for layer, sql in LAYER_HASH.items():
            if ("ingest" if layer == "samples" else layer) in done:
                hashes[layer] = list(con.execute(sql).fetchone())
    if "mix" in done:
        manifest = json.loads((ws.mixtures / "bench" / "manifest.json").read_text())
        hashes["mix"] = [manifest["rows"], [s["sha256"] for s in manifest["shards"]]]
    print(json.dumps({"hashes": hashes}), flush=True)


def run_config(name: str, pipeline: Path, workspace: Path, force: bool) -> tuple[dict, dict]:
    cmd = [sys.executable, __file__, "--child", str(pipeline), str(workspace), *(["--force"] if force else [])]
    proc = subprocess.run(cmd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", str(ROOT))})
    lines = [json.loads(l) for l in proc.stdout.splitlines() if l.startswith("{")]
    if proc.returncode:
        print_config(name, {l["stage"]: l for l in lines if "stage" in l})
        sys.exit(f"{name} failed:\n{proc.stderr[-4000:]}")
    return {l["stage"]: l for l in lines if "stage" in l}, next(l["hashes"] for l in lines if "hashes" in l)


def print_config(name: str, stages: dict) -> None:
    """One table per configuration. serial %: the driver process's share of the stage's CPU time
    (planning, merging, commits), the part that more tasks cannot speed up; with 1 local task the
    task runs inside the driver, so read it on the 2-task rows."""
    print(f"\n== {name}")
    print(f"{'stage':8} {'wall s':>8} {'cpu s':>8} {'driver cpu s':>12} {'serial %':>8} {'tree MB':>8} {'driver MB':>9} {'outputs':>10}")
    for stage, r in stages.items():
        print(f"{stage:8} {r['wall']:8.1f} {r['cpu']:8.1f} {r['driver_cpu']:12.1f} {100 * r['driver_cpu'] / max(r['cpu'], 1e-9):8.0f} "
              f"{r['peak_tree_mb']:8.0f} {r['peak_driver_mb']:9.0f} {r['outputs']:10,}")
        for part, sec in r.get("parts", {}).items():
            print(f"  {part.removeprefix('seconds_'):24} {sec:8.1f} s")


def print_speedups(results: dict) -> None:
    if "local-1" not in results or "local-2" not in results:
        return
    one, two = results["local-1"], results["local-2"]
    print("\nspeed-up of 2 tasks over 1 task (the peer: the same stage on one task); wall-clock, so noisy on a loaded machine")
    for stage in one:
        print(f"  {stage:8} {one[stage]['wall'] / two[stage]['wall']:.2f}x   (cpu 1 task {one[stage]['cpu']:.1f}s, "
              f"2 tasks {two[stage]['cpu']:.1f}s of which driver {two[stage]['driver_cpu']:.1f}s)")
        for part in one[stage].get("parts", {}):
            a, b = one[stage]["parts"][part], two[stage].get("parts", {}).get(part)
            if b:
                print(f"    {part.removeprefix('seconds_'):22} {a / b:.2f}x")
    drivers = {name: max(r["peak_driver_mb"] for r in res.values()) for name, res in results.items()}
    print("driver peak RSS (MB, the driver process alone): " + ", ".join(f"{k} {v:.0f}" for k, v in drivers.items()))


def print_estimate(results: dict, samples: int, target: int, mine_subset: int) -> None:
    """Wall time at `target` samples, scaling every stage but mine (a fixed subset) linearly."""
    for name, res in results.items():
        total = sum(r["wall"] * (1 if stage == "mine" else target / samples) for stage, r in res.items())
        print(f"estimate at {target:,} samples ({name}, mine subset {mine_subset:,}, this machine's measured throughput): "
              f"{total / 60:.0f} min")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, default=2_000_000)
    ap.add_argument("--languages", type=int, default=60)
    ap.add_argument("--files", type=int, default=16, help="input JSONL files")
    ap.add_argument("--mine-subset", type=int, default=5000, help="mine.max_samples_per_source")
    ap.add_argument("--configs", default=",".join(CONFIGS), help=f"comma-separated subset of {', '.join(CONFIGS)}")
    ap.add_argument("--cpus-per-task", type=int, default=1,
                    help="each local task's fixed CPU share (executor.options.cpus_per_task), as a cluster node gives it: "
                         "then 2 tasks have twice the cores of 1, and the speed-up shows how the stage scales with tasks. "
                         "0: the local default (cores // tasks running at once, so 1 task already uses every core)")
    ap.add_argument("--estimate-for", type=int, default=2_000_000, help="print the time this machine would take at this size")
    ap.add_argument("--stages", default=",".join(PIPELINE),
                    help=f"comma-separated stages to run, of {', '.join(PIPELINE)} (run in that order, stopping after the last one "
                         "named); a stage other than ingest needs a workspace that ingest wrote: see --keep")
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="keep the corpus and the workspaces in DIR (default: a temp folder, removed) and reuse those already "
                         "there, the named stages run with force: e.g. --stages ingest,langid,dedup --keep DIR, then --stages mix --keep DIR")
    ap.add_argument("--dedup-engine", choices=("numpy", "datatrove"), default="numpy",
                    help="dedup.engine: numpy (the default: scan and verification on the tasks) or datatrove (its MinHash stages)")
    ap.add_argument("--mix-spec", type=json.loads, default={}, metavar="JSON",
                    help='keys merged into the mixture spec, e.g. \'{"source_cap": 80000}\' or '
                         '\'{"layout": "codefuse", "allow_unknown_datasets": true}\'')
    ap.add_argument("--child", nargs=2, metavar=("PIPELINE", "WORKSPACE"), help=argparse.SUPPRESS)
    ap.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(Path(args.child[0]), Path(args.child[1]), args.force)
    stages = parse_stages(args.stages)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return bench(args, stages, args.keep.resolve())
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as tmp:
        bench(args, stages, Path(tmp))


def parse_stages(text: str) -> list[str]:
    """The named stages in pipeline order; an unknown name ends the run with the valid ones."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in PIPELINE]
    if unknown or not names:
        sys.exit(f"--stages: unknown {unknown or 'empty list'}; valid: {','.join(PIPELINE)}")
    return [n for n in PIPELINE if n in names]


def corpus(root: Path, args) -> None:
    """The generated corpus in root/data, reused when root holds one of the same parameters."""
    params = {"samples": args.samples, "languages": args.languages, "files": args.files}
    stamp = root / "corpus.json"
    if stamp.exists():
        kept = json.loads(stamp.read_text())
        if kept["params"] != params:
            sys.exit(f"{root} holds a corpus of {kept['params']}, not {params}: use another --keep folder or the same sizes")
        print(f"corpus (kept in {root}): {kept['samples']:,} samples in {kept['languages']} languages, planted {kept['planted']}")
        return
    t0 = time.perf_counter()
    info = generate(root / "data", args.samples, args.languages, args.files)
    stamp.write_text(json.dumps({"params": params, **info}))
    print(f"corpus: {info['samples']:,} samples in {info['languages']} languages, planted {info['planted']} "
          f"({time.perf_counter() - t0:.0f}s to generate)")


def bench(args, stages: list[str], root: Path) -> None:
    corpus(root, args)
    share = f"{args.cpus_per_task} CPU per task" if args.cpus_per_task > 0 else "the local default (cores // tasks)"
    print(f"each local task's CPU share: {share}; machine cores: {os.cpu_count()}; stages: {','.join(stages)}")
    results, hashes = {}, {}
    for name in args.configs.split(","):
        executor = CONFIGS[name]
        if executor["kind"] == "local" and args.cpus_per_task > 0:
            executor = {**executor, "options": {"cpus_per_task": args.cpus_per_task}}
        pipeline = write_configs(root, root / "data", executor, args.mine_subset, max(1000, args.samples // 20), stages,
                                 args.dedup_engine, args.mix_spec)
        workspace = root / f"ws-{name}"
        results[name], hashes[name] = run_config(name, pipeline, workspace, force=workspace.exists())
        print_config(name, results[name])
    print_speedups(results)
    print_estimate(results, args.samples, args.estimate_for, args.mine_subset)
    first = next(iter(hashes.values()))
    layers = list(dict.fromkeys(layer for h in hashes.values() for layer in h))
    same = {layer: all(h.get(layer) == first.get(layer) for h in hashes.values()) for layer in layers}
    print("\nidentical across configurations: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in same.items()))
    for layer in (k for k, v in same.items() if not v):
        print(f"  {layer}: " + "; ".join(f"{name} {h.get(layer)}" for name, h in hashes.items()))
    if not all(same.values()):
        sys.exit(1)

if __name__ == "__main__":
    main()
