"""Decontamination benchmark: `mlcurate decont` against a simple reference implementation.

The corpus is synthesised deterministically from real text: the sentences of the bundled UDHR
sample (all 448 languages, plus the English side) are the vocabulary of style; every text is a
random run of sentences of one kind (space-delimited, or Han/Kana/Thai/... written without spaces),
each sentence's words (characters, for no-space scripts) shuffled anew, so every text is unique and
no 13-word (25-character) window repeats by chance. Reference texts (the evaluation set, `role:
eval`) are made the same way. `--plant` of the training samples carry one reference text, in one
of four ways (ground truth):

    exact       the reference verbatim as the query
    noisy       the reference with case, punctuation and whitespace changed, as the positive
    contained   the reference inside a longer passage (the positive)
    negative    the reference inside a longer passage given as a negative

Both systems read the same Parquet files and use the same normaliser (`TEXT_EQ`), n-gram sizes
(word 13-grams, character 25-grams) and minimum lengths:

    mlcurate    `mlcurate decont` on a workspace holding the corpus (samples written as Parquet
                layers, as ingest leaves them; ingest is not measured), on the local executor
    reference   the way datatrove's n-gram decontamination works: a Python set of the exact hashes
                and a Python dict of every n-gram hash of the references, then every training text
                normalised, cut into n-grams and looked up, one at a time; any hit flags the sample

Reported per system: wall seconds, peak RSS of its process tree (sampled from /proc every 50 ms),
recall of the planted samples (by plant kind) and precision (planted / flagged). Run:

    python benchmarks/decont_bench.py --samples 20000 --refs 2000            # quick
    nice -n 10 python benchmarks/decont_bench.py --samples 1000000 --refs 100000 --dir /tmp/decont-bench
"""

import argparse
import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import xxhash

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from curation.decont.config import DecontConfig  # noqa: E402
from curation.paths import SAMPLE_DATA_DIR  # noqa: E402
from curation.schema import SAMPLE_SCHEMA  # noqa: E402
from curation.scripts import segmentation  # noqa: E402
from curation.textnorm import TEXT_EQ  # noqa: E402
from ingest_bench import run_measured  # noqa: E402  (the /proc process-tree sampler of the other stage benchmarks)

PLANTS = ("exact", "noisy", "contained", "negative")
_SENTENCE = re.compile(r"(?<=[.!?;:。！？；])\s*")
ROW_GROUP = 20_000  # as ingest writes samples


# ---------------------------------------------------------------- corpus

def sentence_pools() -> tuple[list[list[str]], list[str]]:
    """(word sentences as word lists, no-space sentences as strings) from the bundled UDHR sample."""
    words, chars, seen = [], [], set()
    with gzip.open(SAMPLE_DATA_DIR / "udhr_pairs.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            for text in (row["text"], row["en_text"]):
                for s in _SENTENCE.split(text or ""):
                    s = s.strip()
                    if len(s) < 12 or s in seen:
                        continue
                    seen.add(s)
                    if segmentation(TEXT_EQ(s)) == "char":
                        chars.append(s.replace(" ", ""))
                    elif len(s.split()) >= 4:
                        words.append(s.split())
    return words, chars


class Maker:
    """Unique texts of about `units` words (or characters) from shuffled UDHR sentences."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.words, self.chars = sentence_pools()

    def text(self, by_char: bool, lo: int, hi: int) -> str:
        target, out, n = self.rng.randint(lo, hi), [], 0
        rng = self.rng
        while n < target:
            if by_char:
                s = list(self.chars[rng.randrange(len(self.chars))])
                rng.shuffle(s)
                out.append("".join(s))
                n += len(s)
            else:
                s = list(self.words[rng.randrange(len(self.words))])
                rng.shuffle(s)
                out.append(" ".join(s))
                n += len(s)
        return ("" if by_char else " ").join(out)


def noisy(text: str, rng: random.Random) -> str:
    out = text.upper() if rng.random() < 0.5 else text.lower()
    return "  " + out.replace(",", " ,  ").replace(".", "!").replace(" ", "\n ", 2) + " ...\t"


def make_corpus(out: Path, n_samples: int, n_refs: int, plant: float, seed: int) -> dict:
    """train.parquet, refs.parquet (SAMPLE_SCHEMA) and truth.json under `out`."""
    out.mkdir(parents=True, exist_ok=True)
    m = Maker(seed)
    rng = random.Random(seed + 1)
    char_share = 0.2
    ref_char = [rng.random() < char_share for _ in range(n_refs)]
    refs = [m.text(c, 40, 150) if c else m.text(c, 20, 80) for c in ref_char]
    _write(out / "refs.parquet", [_sample(f"r{i:08d}", "bench-eval", t, None, [], c) for i, (t, c) in enumerate(zip(refs, ref_char))])
    planted = sorted(rng.sample(range(n_samples), int(n_samples * plant)))
    truth = {}
    for i in planted:
        truth[f"t{i:09d}"] = (rng.randrange(n_refs), PLANTS[rng.randrange(len(PLANTS))])
    writer = pq.ParquetWriter(out / "train.parquet", SAMPLE_SCHEMA, compression="zstd")
    rows = []
    for i in range(n_samples):
        sid = f"t{i:09d}"
        c = rng.random() < char_share
        q = m.text(c, 20, 40) if c else m.text(c, 8, 24)
        p = m.text(c, 80, 200) if c else m.text(c, 40, 100)
        negs = [m.text(c, 60, 140) if c else m.text(c, 30, 70)] if rng.random() < 0.3 else []
        if sid in truth:
            r, kind = truth[sid]
            ref, sep = refs[r], "" if ref_char[r] else " "
            if kind == "exact":
                q = ref
            elif kind == "noisy":
                p = noisy(ref, rng)
            elif kind == "contained":
                p = sep.join([m.text(ref_char[r], 10, 40), ref, m.text(ref_char[r], 10, 40)])
            else:
                negs = [sep.join([m.text(ref_char[r], 10, 40), ref, m.text(ref_char[r], 10, 40)])]
        rows.append(_sample(sid, "bench-train", q, p, negs, c))
        if len(rows) == ROW_GROUP:
            writer.write_table(pa.Table.from_pylist(rows, SAMPLE_SCHEMA), row_group_size=ROW_GROUP)
            rows = []
    if rows:
        writer.write_table(pa.Table.from_pylist(rows, SAMPLE_SCHEMA), row_group_size=ROW_GROUP)
    writer.close()
    truth = {k: [f"r{r:08d}", kind] for k, (r, kind) in truth.items()}
    (out / "truth.json").write_text(json.dumps(truth))
    return truth


def _sample(sid: str, source: str, q: str, p: str | None, negs: list, by_char: bool) -> dict:
    return {"sample_id": sid, "source": source, "split": "train", "task": "retrieval", "instruction": None, "query": q,
            "positive": p, "negatives": negs, "label": None, "lang": "zho_Hans" if by_char else "eng_Latn",
            "pos_lang": None, "code_lang": None, "meta": None}


def _write(path: Path, rows: list[dict]) -> None:
    pq.write_table(pa.Table.from_pylist(rows, SAMPLE_SCHEMA), path, compression="zstd", row_group_size=ROW_GROUP)


# ---------------------------------------------------------------- the stage

def run_stage(corpus: Path, ws_root: Path, tasks: int) -> dict:
    """`mlcurate decont` on a workspace holding the corpus: its wall seconds, peak tree RSS, flagged ids."""
    import duckdb

    cli = [sys.executable, "-m", "curation.cli"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    shutil.rmtree(ws_root, ignore_errors=True)
    subprocess.run([*cli, "init", "--workspace", str(ws_root)], env=env, check=True, capture_output=True)
    for name, file in (("bench-train", "train.parquet"), ("bench-eval", "refs.parquet")):
        target = ws_root / "samples" / f"source={name}" / "part-00000000T000000-ingest-bench-00000.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(corpus / file, target)
    con = duckdb.connect(str(ws_root / "catalog.duckdb"))
    for name, role in (("bench-train", "train"), ("bench-eval", "eval")):
        config = {"name": name, "role": role, "eval_name": "BenchEval" if role == "eval" else None, "eval_split": "test"}
        con.execute("INSERT INTO sources (name, kind, path, task, split, license, config) VALUES (?, 'parquet', ?, 'retrieval', "
                    "'train', 'public-domain', ?)", [name, str(corpus), json.dumps(config)])
    con.close()
    seconds, peak, out = run_measured([*cli, "decont", "--workspace", str(ws_root), "--tasks", str(tasks), "--workers", str(tasks),
                                       "--no-progress"], env=env, capture=True)
    con = duckdb.connect(str(ws_root / "catalog.duckdb"), read_only=True)
    flagged = [r[0] for r in con.execute(f"SELECT sample_id FROM read_parquet('{ws_root}/annotations/decont/*/*.parquet') "
                                         "WHERE contaminated").fetchall()]
    con.close()
    return {"seconds": seconds, "rss_mb": peak / 2**20, "flagged": flagged, "summary": out.strip().splitlines()[-2]}


# ---------------------------------------------------------------- the reference implementation

def _units(norm: str) -> tuple[list[str], bool]:
    if segmentation(norm) == "char":
        return list(norm.replace(" ", "")), True
    return norm.split(), False


def reference(corpus: Path, out: Path) -> None:
    """Exact normalised hashes in a set, every n-gram hash of the references in a dict; then each
    training text normalised, cut and looked up. Writes the flagged sample ids to `out`."""
    cfg = DecontConfig()
    exact, grams = set(), {}
    refs = pq.read_table(corpus / "refs.parquet", columns=["sample_id", "query"])
    for sid, text in zip(refs.column(0).to_pylist(), refs.column(1).to_pylist()):
        norm = TEXT_EQ(text)
        units, by_char = _units(norm)
        if len(units) < (cfg.min_chars if by_char else cfg.min_words):
            continue
        exact.add(xxhash.xxh3_64_intdigest(("".join(units) if by_char else norm).encode()))
        n = cfg.char_ngram if by_char else cfg.word_ngram
        sep = "" if by_char else " "
        for k in range(len(units) - n + 1):
            grams.setdefault(xxhash.xxh3_64_intdigest(sep.join(units[k:k + n]).encode()), sid)
    flagged = []
    for batch in pq.ParquetFile(corpus / "train.parquet").iter_batches(8192, columns=["sample_id", "query", "positive", "negatives"]):
        for sid, q, p, negs in zip(*(batch.column(c).to_pylist() for c in range(4))):
            if any(_hit(t, exact, grams, cfg) for t in (q, p, *(negs or ()))):
                flagged.append(sid)
    out.write_text(json.dumps(flagged))


def _hit(text: str | None, exact: set, grams: dict, cfg) -> bool:
    norm = TEXT_EQ(text)
    units, by_char = _units(norm)
    if len(units) < (cfg.min_chars if by_char else cfg.min_words):
        return False
    if xxhash.xxh3_64_intdigest(("".join(units) if by_char else norm).encode()) in exact:
        return True
    n = cfg.char_ngram if by_char else cfg.word_ngram
    sep = "" if by_char else " "
    return any(xxhash.xxh3_64_intdigest(sep.join(units[k:k + n]).encode()) in grams for k in range(len(units) - n + 1))


def run_reference(corpus: Path) -> dict:
    out = corpus / "reference-flagged.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    seconds, peak, _ = run_measured([sys.executable, __file__, "--reference-child", str(corpus)], env=env)
    return {"seconds": seconds, "rss_mb": peak / 2**20, "flagged": json.loads(out.read_text())}


# ---------------------------------------------------------------- metrics

def scores(flagged: list[str], truth: dict) -> dict:
    got = set(flagged)
    out = {"flagged": len(got), "precision": len(got & set(truth)) / max(len(got), 1),
           "recall": len(got & set(truth)) / max(len(truth), 1)}
    for kind in PLANTS:
        ids = {k for k, (_, p) in truth.items() if p == kind}
        out[f"recall_{kind}"] = len(got & ids) / max(len(ids), 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, default=1_000_000, help="training samples (default 1M)")
    ap.add_argument("--refs", type=int, default=100_000, help="reference texts (default 100k)")
    ap.add_argument("--plant", type=float, default=0.01, help="share of training samples carrying a reference text (default 0.01)")
    ap.add_argument("--tasks", type=int, default=2, help="executor tasks = worker processes of the stage (default 2)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dir", type=Path, help="scratch folder; the corpus is kept there and reused (default: a temp dir, removed)")
    ap.add_argument("--systems", default="mlcurate,reference", help="comma-separated: mlcurate, reference")
    ap.add_argument("--reference-child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.reference_child:
        return reference(args.reference_child, args.reference_child / "reference-flagged.json")
    tmp = args.dir or Path(tempfile.mkdtemp(prefix="decont-bench-"))
    corpus = tmp / f"corpus-{args.samples}-{args.refs}-{args.plant}-{args.seed}"
    try:
        t0 = time.perf_counter()
        if (corpus / "truth.json").exists():
            truth = json.loads((corpus / "truth.json").read_text())
        else:
            truth = make_corpus(corpus, args.samples, args.refs, args.plant, args.seed)
        print(f"corpus: {args.samples:,} training samples, {args.refs:,} reference texts, {len(truth):,} planted "
              f"({time.perf_counter() - t0:.0f}s to make or load)", flush=True)
        results = {}
        for system in args.systems.split(","):
            res = run_stage(corpus, tmp / "ws", args.tasks) if system == "mlcurate" else run_reference(corpus)
            res.update(scores(res.pop("flagged"), truth))
            results[system] = res
            print(f"{system:10s} {res['seconds']:8.1f}s  peak RSS {res['rss_mb']:7.0f} MB  recall {res['recall']:.4f} "
                  f"(" + ", ".join(f"{k} {res[f'recall_{k}']:.3f}" for k in PLANTS) + f")  precision {res['precision']:.4f}  "
                  f"flagged {res['flagged']:,}" + (f"\n           {res['summary']}" if "summary" in res else ""), flush=True)
        if len(results) == 2:
            a, b = results["mlcurate"], results["reference"]
            print(f"mlcurate / reference: time {a['seconds'] / b['seconds']:.2f}x ({b['seconds'] / a['seconds']:.2f}x faster), "
                  f"peak RSS {a['rss_mb'] / b['rss_mb']:.2f}x, recall {a['recall']:.4f} vs {b['recall']:.4f}")
        (tmp / "decont_bench.json").write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, "results": results}, indent=1))
    finally:
        if args.dir is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
