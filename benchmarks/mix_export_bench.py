"""`mlcurate mix` on F2LLM-sized rows: wall, CPU and peak RSS of the command's process tree.

The pipeline benchmark's rows hold two short texts; the F2LLM release's hold up to 26 (about
13 kB), which is what the export's ranks and sorts must not carry. This one builds a synthetic
release (benchmarks/f2llm_replica.py: 24 negatives a row), ingests it once into a workspace kept
in DIR, then runs each spec with `mlcurate mix --force` in a child (the code on PYTHONPATH) and
prints one line per run with a hash of the written Parquet files, so two versions of the code can
be compared on the same workspace, interleaved:

    nice -n 10 python benchmarks/mix_export_bench.py /tmp/mixbench --rows 300000 --files 3
    PYTHONPATH=/path/to/other/checkout nice -n 10 python benchmarks/mix_export_bench.py /tmp/mixbench --rows 300000 --files 3

Specs: `codefuse` is configs/mixtures/f2llm-codefuse.yaml (layout codefuse, source_cap 80,000,
everything the caps allow); `ours` is the F2LLM layout over the same samples (`total` samples,
alpha 0.3, no upsampling); `clustering` builds tuples from labels (the release's clustering rows
are pre-built, so it runs on a workspace of its own in DIR/clustering: `--clustering-rows` texts of
40-120 words, 200 labels, 5 languages, 9 negatives each).
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _measure import TreeSampler

ROOT = Path(__file__).resolve().parent.parent


def prepare(root: Path, rows: int, files: int) -> None:
    """The release and its ingested workspace in `root`, reused when they were built with the same sizes."""
    stamp = root / "built.json"
    params = {"rows": rows, "files": files}
    if stamp.exists() and json.loads(stamp.read_text()) == params:
        return
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "f2llm_replica.py"), str(root / "release"), "--rows", str(rows),
                    "--files", str(files)], check=True)
    (root / "f2llm.yaml").write_text("name: f2llm\nkind: f2llm\npath: release\n")
    subprocess.run([sys.executable, "-m", "curation.cli", "ingest", "f2llm.yaml", "-w", "ws", "--no-progress"], cwd=root, check=True)
    stamp.write_text(json.dumps(params))


def prepare_clustering(root: Path, rows: int) -> None:
    """A workspace of labelled clustering texts, written straight into its sample layer."""
    import pyarrow as pa

    from curation.schema import SAMPLE_SCHEMA
    from curation.store import Workspace, write_parquet_atomic

    stamp = root / "built.json"
    if stamp.exists() and json.loads(stamp.read_text()) == {"rows": rows}:
        return
    shutil.rmtree(root, ignore_errors=True)
    ws = Workspace(root / "ws")
    ws.init()
    rng, words = random.Random(0), [f"w{i}" for i in range(5000)]
    langs = ("eng_Latn", "deu_Latn", "fra_Latn", "spa_Latn", "ita_Latn")
    table = pa.table({
        "sample_id": [hashlib.sha1(str(i).encode()).hexdigest() for i in range(rows)], "source": ["clu"] * rows,
        "split": ["train"] * rows, "task": ["clustering"] * rows, "lang": [langs[i % 5] for i in range(rows)],
        "query": [" ".join(rng.choices(words, k=rng.randint(40, 120))) for _ in range(rows)],
        "label": [f"label{rng.randrange(200)}" for _ in range(rows)]})
    table = pa.table({c: table[c] if c in table.column_names else pa.nulls(rows, SAMPLE_SCHEMA.field(c).type) for c in SAMPLE_SCHEMA.names},
                     schema=SAMPLE_SCHEMA)
    write_parquet_atomic(table, ws.samples / "source=clu" / "part-0.parquet")
    stamp.write_text(json.dumps({"rows": rows}))


def write_specs(root: Path, total: int) -> dict[str, Path]:
    ours = root / "ours.yaml"
    ours.write_text(f"name: ours\nview: samples\ntotal: {total}\nalpha: 0.3\nmax_epochs: 1\nseed: 42\n")
    clustering = root / "clustering.yaml"
    clustering.write_text("name: clustering\nview: samples\ntasks: {clustering: 1000000000}\nmax_epochs: 1\n"
                          "num_negatives: {clustering: 9}\n")
    return {"codefuse": ROOT / "configs" / "mixtures" / "f2llm-codefuse.yaml", "ours": ours, "clustering": clustering}


def files_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.parquet")):
        digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def run_mix(root: Path, name: str, spec: Path) -> dict:
    """`mlcurate mix SPEC -w root/ws --force` in a child, measured with its process tree."""
    cmd = [sys.executable, "-m", "curation.cli", "mix", str(spec), "-w", "ws", "--force"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with TreeSampler(proc.pid) as sampler:
        out, _ = proc.communicate()
        cpu = sampler.cpu_tree()
    wall = time.perf_counter() - t0
    if proc.returncode:
        sys.exit(f"mix {name} failed:\n{out[-3000:]}")
    mixture = root / "ws" / "mixtures" / _mixture_name(spec)
    manifest = json.loads((mixture / "manifest.json").read_text())
    return {"spec": name, "wall": wall, "cpu": cpu, "peak_tree_mb": sampler.peak_tree / 2**20, "rows": manifest["rows"],
            "files": files_hash(mixture)}


def _mixture_name(spec: Path) -> str:
    return next(l.split(":", 1)[1].split("#")[0].strip() for l in spec.read_text().splitlines() if l.startswith("name:"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", type=Path, help="kept release and workspace (built on the first run)")
    ap.add_argument("--rows", type=int, default=300_000, help="rows of the synthetic release")
    ap.add_argument("--files", type=int, default=3, help="dataset files (Zipf sizes: the largest about 1/H(files) of the rows)")
    ap.add_argument("--total", type=int, default=60_000, help="samples of the `ours` spec")
    ap.add_argument("--specs", default="ours,codefuse", help="comma-separated: ours, codefuse, clustering")
    ap.add_argument("--clustering-rows", type=int, default=30_000, help="labelled texts of the `clustering` spec's workspace")
    args = ap.parse_args()
    root = args.dir.resolve()
    names = args.specs.split(",")
    if set(names) - {"clustering"}:
        prepare(root, args.rows, args.files)
    if "clustering" in names:
        prepare_clustering(root / "clustering", args.clustering_rows)
    root.mkdir(parents=True, exist_ok=True)
    specs = write_specs(root, args.total)
    import curation

    code = os.path.dirname(os.path.dirname(curation.__file__))
    for name in names:
        r = run_mix(root / "clustering" if name == "clustering" else root, name, specs[name])
        print(f"mix {r['spec']:8} code {code}: wall {r['wall']:.1f} s, CPU (tree) {r['cpu']:.1f} s, "
              f"peak RSS (tree) {r['peak_tree_mb']:.0f} MB, {r['rows']:,} rows, files {r['files']}", flush=True)


if __name__ == "__main__":
    main()
