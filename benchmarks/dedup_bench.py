"""Dedup benchmark: mlcurate's near-duplicate path against datasketch (and rensa), per shingle mode.

The corpus is built as a new user would test a deduplicator: UDHR paragraphs (the bundled
sample, or --udhr FILE such as ../shared/data/udhr/udhr-dev.jsonl.gz) are the originals, each
with `--copies` edited copies: word-level deletions, insertions and substitutions of 0.5-15 % of
the words (a third of the copies at 0.5-3 %, the rest at 3-15 %; in scripts without spaces, runs
of 1-4 characters stand in for words), then case, whitespace or punctuation noise. Beyond the
number of real paragraphs, originals are re-used with their letters permuted within their Unicode
block (a permutation per replica), which makes replicas unrelated at 5-gram level.
Space-delimited and no-space scripts (chosen by script detection) are reported separately.

Ground truth does not depend on the shingling under test: each copy's character 5-gram Jaccard
and word 5-gram Jaccard to its original are exact Python sets over the case-folded,
whitespace-collapsed text before noise (see `canon`). Every system runs once per `--shingles`
mode (word: word 5-grams for space-delimited scripts, character 5-grams for the others; char:
character 5-grams everywhere) with the same normalised texts, the same shingle sets and
threshold 0.7, in its own process over the corpus written as Parquet. mlcurate reads it the way
the stage reads samples: record batches streamed through `engine.dedup_stream`, whose shingle
sets and band keys go to files in a temp dir; the peers load every text.
Peak RSS is each process's own high-water mark (VmHWM). Throughput is reported per CPU second of
that process (all its threads; CPU time is steadier than wall time on a shared machine) and per
wall-clock second; both include normalisation (and, for mlcurate, reading the Parquet batches).
Clusters = union-find over each system's duplicate pairs.

    pair precision  over pairs inside predicted clusters: correct when both come from one family
                    or their true character 5-gram Jaccard is >= the threshold
    recall          copies in their original's cluster: at true char-5 J >= 0.7, at true word-5
                    J >= 0.7, by edit rate, and by bucket of each Jaccard

`--stage` also runs the stage itself, `mlcurate dedup --force --tasks N` for each N of `--tasks`, on a
workspace holding the corpus (ingested first): wall time, CPU time of the driver and of the task
processes, peak RSS of the driver and of the tree, the stage's phase clock, and whether the layers
agree (`--systems ""` runs only the stage).

Run:  python benchmarks/dedup_bench.py --docs 40000                      # word and char, vs datasketch
      python benchmarks/dedup_bench.py --docs 1000000 --systems mlcurate --shingles char [--stage]
      nice -n 10 python benchmarks/dedup_bench.py --docs 200000 --systems "" --shingles char --stage --tasks 1,2
      nice -n 10 python benchmarks/dedup_bench.py --docs 300000 --pipeline-corpus --tasks 1,2
"""

import argparse
import gzip
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from curation.dedup.cluster import UnionFind  # noqa: E402
from curation.dedup.engine import Chunk, NearParams, dedup_stream  # noqa: E402
from curation.dedup.normalize import normalize  # noqa: E402
from curation.dedup.shingles import shingle_sets  # noqa: E402
from curation.scripts import segmentations  # noqa: E402
from curation.store import Workspace  # noqa: E402
from _measure import run_tree  # noqa: E402

THRESHOLD = 0.7
J_BUCKETS = [(0.0, 0.5, "<0.5"), (0.5, 0.7, "0.5-0.7"), (0.7, 0.8, "0.7-0.8"), (0.8, 0.9, "0.8-0.9"), (0.9, 1.01, ">=0.9")]
RATE_BUCKETS = [(0.005, 0.03, "0.5-3%"), (0.03, 0.07, "3-7%"), (0.07, 0.11, "7-11%"), (0.11, 0.151, "11-15%")]
SYSTEMS = ("mlcurate", "mlcurate-numpy", "datasketch", "rensa")


# ---------------------------------------------------------------- corpus and ground truth
#
# The ground truth never calls the shingling under test: it is exact Python sets of character
# 5-grams and word 5-grams of `canon(text)` (case folded, whitespace collapsed, punctuation kept),
# computed on each copy *before* its case/whitespace/punctuation noise (noise a deduplicator
# should see through), against its original.

def canon(text: str) -> str:
    return " ".join(text.casefold().split())


def char_grams(text: str, n: int = 5) -> set[str]:
    c = canon(text)
    return {c[i : i + n] for i in range(max(1, len(c) - n + 1))}


def word_grams(words: list[str], n: int = 5) -> set[tuple]:
    w = [x.casefold() for x in words if not x.isspace()]
    return {tuple(w[i : i + n]) for i in range(max(1, len(w) - n + 1))}


def jac(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def load_originals(path: Path) -> tuple[list[str], list[str]]:
    """Distinct UDHR paragraphs, split into (space-delimited, no-space) by script detection."""
    rows, seen = [], set()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            key = canon(r["text"])
            if key not in seen:
                seen.add(key)
                rows.append(r)
    by_char = segmentations([normalize(r["text"]) for r in rows]).tolist()
    # at least 10 words (40 characters in no-space scripts): shorter texts are degenerate for 5-grams
    keep = [(len(r["text"]) >= 40) if c else len(r["text"].split()) >= 10 for r, c in zip(rows, by_char)]
    rows, by_char = [r for r, k in zip(rows, keep) if k], [c for c, k in zip(by_char, keep) if k]
    kept = distinct_originals(rows)
    return [r["text"] for i, r in enumerate(rows) if i in kept and not by_char[i]], [r["text"] for i, r in enumerate(rows) if i in kept and by_char[i]]


def distinct_originals(rows: list[dict], max_jaccard: float = 0.5) -> set[int]:
    """Indices of texts whose character 5-gram Jaccard to every other kept text is below
    `max_jaccard` (the later of a pair goes). Near duplicates in the UDHR are versions of one
    paragraph (dialects, two scripts of one language) or paragraphs of one language, so pairs
    sharing the paragraph or the language are compared: intersections by a sparse product."""
    from scipy.sparse import csr_matrix

    grams = [char_grams(r["text"]) for r in rows]
    dropped = set()
    for key in ("para", "lang"):
        groups: dict = {}
        for i, r in enumerate(rows):
            groups.setdefault((r.get("section"), r.get("article"), r.get("para")) if key == "para" else r["lang"], []).append(i)
        for members in groups.values():
            ids: dict[str, int] = {}
            cols = [[ids.setdefault(g, len(ids)) for g in grams[i]] for i in members]
            x = csr_matrix((np.ones(sum(map(len, cols)), np.float32), np.concatenate([np.asarray(c, np.int64) for c in cols]),
                            np.cumsum([0] + [len(c) for c in cols])), shape=(len(members), len(ids)))
            inter = (x @ x.T).tocoo()
            size = np.array([len(c) for c in cols], np.float32)
            j = inter.data / (size[inter.row] + size[inter.col] - inter.data)
            for a, b in zip(inter.row[(inter.row < inter.col) & (j >= max_jaccard)].tolist(),
                            inter.col[(inter.row < inter.col) & (j >= max_jaccard)].tolist()):
                if members[a] not in dropped:
                    dropped.add(members[b])
    return set(range(len(rows))) - dropped


def edit_units(text: str, by_char: bool, rng: random.Random) -> list[str]:
    """The units word-level edits act on: words; in scripts without spaces, which do not mark
    words, runs of 1-4 characters (a stand-in for words: Chinese averages under 2 characters,
    Thai and Khmer more), spaces kept as their own units."""
    if not by_char:
        return text.split()
    units = []
    for k, chunk in enumerate(text.split(" ")):
        if k:
            units.append(" ")
        at = 0
        while at < len(chunk):
            step = rng.randint(1, 4)
            units.append(chunk[at : at + step])
            at += step
    return units


def _join(units: list[str], by_char: bool) -> str:
    return "".join(units) if by_char else " ".join(units)


def cipher(text: str, replica: int, alphabet: dict[int, list[str]]) -> str:
    """Replica > 0 of an original: its letters permuted within their Unicode block (a fixed
    permutation per replica), so replicas keep the length, word shapes and script of the text but
    share (almost) no 5-gram with each other at either level."""
    if replica == 0:
        return text
    rng = random.Random(replica)
    table = {}
    for block, letters in alphabet.items():
        perm = letters[:]
        rng.shuffle(perm)
        table.update({ord(a): b for a, b in zip(letters, perm)})
    return text.casefold().translate(table)


def block_alphabet(texts: list[str]) -> dict[int, list[str]]:
    letters = sorted({c for t in texts for c in t.casefold() if c.isalpha()})
    blocks: dict[int, list[str]] = {}
    for c in letters:
        blocks.setdefault(ord(c) >> 7, []).append(c)
    return blocks


def mutate(units: list[str], by_char: bool, rate: float, vocab: list[str], rng: random.Random) -> list[str]:
    """Word-level deletions, insertions and substitutions, each unit edited with probability `rate`."""
    out = []
    for u in units:
        if u != " " and rng.random() < rate:
            op = rng.randrange(3)
            if op == 0:
                continue
            if op == 1:
                out.append(u)
            out.append(rng.choice(vocab))
        else:
            out.append(u)
    return out


def noise(text: str, rng: random.Random) -> str:
    """Case, whitespace and punctuation noise (no content change)."""
    kind = rng.randrange(4)
    if kind == 1:
        return text.upper()
    if kind == 2:
        return text.replace(" ", "  ").replace("。", "，").replace(",", " ,") + "!"
    if kind == 3:
        return "  " + "\t".join(text.split(" ")) + " ..."
    return text


def make_corpus(originals: list[str], by_char: bool, n_docs: int, copies: int, seed: int, family0: int) -> dict:
    """n_docs docs in families of one original + `copies` edited copies, with each copy's edit
    rate (a third at 0.5-3 % of the words, the rest at 3-15 %) and its true char and word 5-gram
    Jaccard to the original."""
    rng = random.Random(seed)
    vocab = sorted({u for t in originals[:2000] for u in edit_units(t, by_char, rng) if not u.isspace()})
    alphabet = block_alphabet(originals)
    out = {k: [] for k in ("text", "family", "original", "rate", "char_j", "word_j")}
    f = 0
    while len(out["text"]) < n_docs:
        orig = cipher(originals[f % len(originals)], f // len(originals), alphabet)
        units = edit_units(orig, by_char, rng)
        cg, wg = char_grams(orig), word_grams(units)
        at = len(out["text"])
        for k, v in (("text", orig), ("family", family0 + f), ("original", at), ("rate", 0.0), ("char_j", 1.0), ("word_j", 1.0)):
            out[k].append(v)
        for _ in range(min(copies, n_docs - len(out["text"]))):
            rate = rng.uniform(0.005, 0.03) if rng.random() < 1 / 3 else rng.uniform(0.03, 0.15)
            edited = mutate(units, by_char, rate, vocab, rng)
            text = _join(edited, by_char)
            for k, v in (("text", noise(text, rng)), ("family", family0 + f), ("original", at), ("rate", rate),
                         ("char_j", jac(cg, char_grams(text))), ("word_j", jac(wg, word_grams(edited)) if not by_char else float("nan"))):
                out[k].append(v)
        f += 1
    return out


# ---------------------------------------------------------------- systems (run in a child process)

def read_batches(corpus: Path, rows: int = 16_384):
    """The corpus's texts in batches of `rows`, streamed from DuckDB in Arrow record batches as
    the stage streams samples (not pyarrow's Parquet reader, whose memory pool kept about 150 MB
    of freed batches at 1M documents)."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads = 2; SET preserve_insertion_order = true")
    for batch in con.sql("SELECT text FROM read_parquet(?)", params=[str(corpus)]).to_arrow_reader(rows):
        yield batch.column(0).to_pylist()


def run_mlcurate(corpus: Path, backend: str, workdir: Path, mode: str, bands: int, rows: int) -> np.ndarray:
    """The stage's engine as the stage drives it: each batch normalised and handed over as one
    chunk; no list of all texts is ever built."""
    def chunks():
        for texts in read_batches(corpus):
            norm = [normalize(t) for t in texts]
            yield Chunk(norm, np.zeros(len(norm), np.int64), np.zeros(len(norm), np.int64))

    params = NearParams(threshold=THRESHOLD, backend=backend, shingles=mode, bands=bands, rows=rows)
    return dedup_stream(chunks(), params, workdir).representative


def _peer_labels(n: int, candidates) -> np.ndarray:
    a, b = [], []
    for i, found in candidates:
        a.extend([i] * len(found))
        b.extend(int(j) for j in found)
    uf = UnionFind(n)
    uf.union(np.array(a, dtype=np.int64), np.array(b, dtype=np.int64))
    return uf.roots()


def run_datasketch(norm: list[str], mode: str) -> np.ndarray:
    from datasketch import MinHash, MinHashLSH

    values, offsets = shingle_sets(norm, mode=mode)
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=128)
    sketches = []
    with lsh.insertion_session() as session:
        for i in range(len(norm)):
            m = MinHash(num_perm=128, hashfunc=int)
            m.update_batch(values[offsets[i] : offsets[i + 1]].tolist())
            sketches.append(m)
            if offsets[i + 1] > offsets[i]:
                session.insert(i, m)
    return _peer_labels(len(norm), ((i, lsh.query(m)) for i, m in enumerate(sketches) if offsets[i + 1] > offsets[i]))


def run_rensa(norm: list[str], mode: str) -> np.ndarray:
    from rensa import RMinHash, RMinHashLSH

    values, offsets = shingle_sets(norm, mode=mode)
    # rensa hashes str/bytes tokens itself: the same shingles, as decimal strings
    sets = [list(map(str, values[offsets[i] : offsets[i + 1]].tolist())) for i in range(len(norm))]
    keep = [i for i, s in enumerate(sets) if s]
    sketches = RMinHash.from_token_sets([sets[i] for i in keep], 128, 42)
    lsh = RMinHashLSH(THRESHOLD, 128, 16)
    for i, m in zip(keep, sketches):
        lsh.insert(i, m)
    return _peer_labels(len(norm), zip(keep, lsh.query_all(sketches)))


def child(system: str, corpus: Path, out: Path, mode: str, bands: int, rows: int) -> None:
    if system.startswith("mlcurate"):
        t0, c0 = time.perf_counter(), time.process_time()
        labels = run_mlcurate(corpus, "numpy" if system == "mlcurate-numpy" else "rensa", out.with_suffix(".work"), mode, bands, rows)
    else:
        texts = [t for batch in read_batches(corpus) for t in batch]
        t0, c0 = time.perf_counter(), time.process_time()
        norm = [normalize(t) for t in texts]
        labels = run_datasketch(norm, mode) if system == "datasketch" else run_rensa(norm, mode)
    seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    np.save(out, labels)
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "rss_mb": peak_rss_mb()}))


def peak_rss_mb() -> float:
    """This process's peak RSS. Linux: VmHWM of /proc/self/status. Not ru_maxrss: a child spawned
    by vfork + exec inherits its parent's peak there, so every system would report at least the
    benchmark parent's RSS (the whole corpus and its shingles)."""
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_stage(texts: list[str] | None, group: np.ndarray | None, tmp: Path, tasks: list[int]) -> dict:
    """`mlcurate dedup --force --tasks N` for each N on a workspace holding the corpus as one source
    (ingested first, not measured): per N its wall seconds, CPU seconds of the driver and of its
    task processes, peak RSS of the driver and of the process tree (psutil, every 0.1 s), the
    stage's own phase clock (scan on tasks / join + candidates + verification + union-find /
    layer write: wall and driver CPU), its summary line and the layer's content hash.
    texts None: the corpus is already in `tmp/corpus.yaml` (pipeline_bench's, `--pipeline-corpus`)."""
    if texts is not None:
        with open(tmp / "corpus.jsonl", "w", encoding="utf-8") as f:
            for t, g in zip(texts, group.tolist()):
                f.write(json.dumps({"q": t, "p": "-", "lang": "zho" if g else "eng"}, ensure_ascii=False) + "\n")
        (tmp / "corpus.yaml").write_text("name: bench\nkind: jsonl\npath: corpus.jsonl\ntask: retrieval\nfields: {query: q, positive: p}\nlang: {field: lang}\n")
    cli = [sys.executable, "-m", "curation.cli"]
    ws = ["--workspace", str(tmp / "ws")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's package, wherever the benchmark runs from
    subprocess.run([*cli, "init", *ws], env=env, check=True, capture_output=True)
    subprocess.run([*cli, "ingest", str(tmp / "corpus.yaml"), *ws, "--no-progress"], env=env, check=True, capture_output=True)
    runs = {}
    for n in tasks:
        m = measure_tree([*cli, "dedup", *ws, "--force", "--no-progress", "--tasks", str(n), "--workers", str(n)], env)
        with Workspace(tmp / "ws").connect() as con:
            counts = con.execute("SELECT counts FROM runs WHERE stage = 'dedup' ORDER BY started_at DESC LIMIT 1").fetchone()[0]
            layer = con.execute("SELECT count(*), bit_xor(hash(t)) FROM (SELECT * EXCLUDE (run_id) FROM dedup) t").fetchone()
        phases = json.loads(counts).get("seconds") if isinstance(counts, str) else counts.get("seconds")
        runs[n] = {**m, "phases": phases, "layer": list(layer)}
    return runs


def measure_tree(cmd: list[str], env: dict) -> dict:
    """Run `cmd`, sampling its process tree every 0.1 s (benchmarks/_measure.py): wall, CPU of the
    root (driver) and of its descendants, peak RSS of the driver and of the tree, its summary line."""
    m = run_tree(cmd, env, capture=True, period=0.1)
    return {"seconds": m.seconds, "cpu_driver": m.cpu_root, "cpu_tasks": m.cpu_tree - m.cpu_root,
            "rss_driver_mb": m.peak_root / 2**20, "rss_tree_mb": m.peak_tree / 2**20,
            "summary": next((l for l in m.stdout.splitlines() if l.startswith("dedup:")), "")}


# ---------------------------------------------------------------- metrics

def _recall(found: np.ndarray, x: np.ndarray, buckets) -> dict:
    return {name: (float(found[(x >= lo) & (x < hi)].mean()) if ((x >= lo) & (x < hi)).any() else None, int(((x >= lo) & (x < hi)).sum()))
            for lo, hi, name in buckets}


def metrics(labels: np.ndarray, corpus: dict, group: np.ndarray) -> dict:
    """Per script group: pair precision, recall at true char / word 5-gram Jaccard >= threshold,
    and recall by edit rate and by bucket of each Jaccard."""
    family, original = np.asarray(corpus["family"]), np.asarray(corpus["original"])
    rate, cj, wj = (np.asarray(corpus[k]) for k in ("rate", "char_j", "word_j"))
    grams: dict[int, set] = {}

    def true_char_j(i: int, j: int) -> float:
        for k in (i, j):
            if k not in grams:
                grams[k] = char_grams(corpus["text"][k])
        return jac(grams[i], grams[j])

    out = {}
    for g in (0, 1):
        in_g = group == g
        copies = in_g & (original != np.arange(len(labels)))
        found = labels[copies] == labels[original[copies]]
        c, w = cj[copies], wj[copies]
        good = total = 0
        order = np.argsort(labels, kind="stable")
        lab = labels[order]
        starts = np.r_[0, np.nonzero(lab[1:] != lab[:-1])[0] + 1, lab.size]
        for a, b in zip(starts[:-1], starts[1:]):
            members = [int(m) for m in order[a:b] if in_g[m]]
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    i, j = members[x], members[y]
                    total += 1
                    # a pair across families is right only if the texts really are that similar
                    good += family[i] == family[j] or true_char_j(i, j) >= THRESHOLD
        out["space" if g == 0 else "no-space"] = {
            "pair_precision": good / total if total else 1.0, "pairs": total,
            "recall_char_j": float(found[c >= THRESHOLD].mean()) if (c >= THRESHOLD).any() else None,
            "recall_word_j": float(found[w >= THRESHOLD].mean()) if (w >= THRESHOLD).any() else None,
            "recall_overall": float(found.mean()),
            "recall_by_edit_rate": _recall(found, rate[copies], RATE_BUCKETS),
            "recall_by_edit_rate_char_j": _recall(found[c >= THRESHOLD], rate[copies][c >= THRESHOLD], RATE_BUCKETS),
            "recall_by_char_j": _recall(found, c, J_BUCKETS),
            "recall_by_word_j": _recall(found, w, J_BUCKETS) if g == 0 else None}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000, help="documents in all (half space-delimited, half no-space)")
    ap.add_argument("--copies", type=int, default=3, help="edited copies per original")
    ap.add_argument("--shingles", default="word,char", help="comma list of shingle modes to run every system with")
    ap.add_argument("--systems", default="mlcurate,datasketch", help=f"comma list of {', '.join(SYSTEMS)}")
    ap.add_argument("--bands", type=int, default=NearParams.bands, help="mlcurate's LSH bands")
    ap.add_argument("--rows", type=int, default=NearParams.rows, help="mlcurate's rows per band")
    ap.add_argument("--udhr", type=Path, default=ROOT / "curation" / "sample_data" / "udhr_pairs.jsonl.gz")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--stage", action="store_true", help="also time `mlcurate dedup` on a workspace holding the corpus")
    ap.add_argument("--pipeline-corpus", action="store_true",
                    help="only the stage, on pipeline_bench.py's generated corpus (60 languages, 2%% exact and 2%% near copies)")
    ap.add_argument("--tasks", default="1,2", help="with --stage: comma list of executor task counts to run the stage with")
    ap.add_argument("--run", choices=SYSTEMS, help=argparse.SUPPRESS)
    ap.add_argument("--mode", default="word", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        return child(args.run, args.corpus, args.out, args.mode, args.bands, args.rows)
    if args.pipeline_corpus:
        return pipeline_corpus_stage(args.docs, [int(t) for t in args.tasks.split(",")])

    t0 = time.perf_counter()
    space, nospace = load_originals(args.udhr)
    a = make_corpus(space, False, args.docs // 2, args.copies, args.seed, 0)
    b = make_corpus(nospace, True, args.docs - args.docs // 2, args.copies, args.seed + 1, 10**9)
    corpus = {k: a[k] + b[k] for k in a}
    corpus["original"] = a["original"] + [o + len(a["text"]) for o in b["original"]]
    group = np.r_[np.zeros(len(a["text"]), int), np.ones(len(b["text"]), int)]
    n = len(corpus["text"])
    print(f"corpus: {n:,} docs ({len(space):,} space-delimited and {len(nospace):,} no-space originals), "
          f"{args.copies} edited copies each; built in {time.perf_counter() - t0:.0f}s; mlcurate LSH {args.bands} bands x {args.rows} rows")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.parquet"
        pq.write_table(pa.table({"text": corpus["text"]}), path, row_group_size=16_384)
        for mode in args.shingles.split(","):
            for system in filter(None, args.systems.split(",")):
                out = Path(tmp) / f"{system}-{mode}.npy"
                proc = subprocess.run([sys.executable, __file__, "--run", system, "--mode", mode, "--corpus", str(path),
                                       "--out", str(out), "--bands", str(args.bands), "--rows", str(args.rows)],
                                      capture_output=True, text=True)
                if proc.returncode:
                    raise SystemExit(f"{system} ({mode}) failed:\n{proc.stderr[-3000:]}")
                res = json.loads(proc.stdout.strip().splitlines()[-1])
                res["docs_per_s"] = n / res["seconds"]
                res["docs_per_cpu_s"] = n / res["cpu_seconds"]
                res["quality"] = metrics(np.load(out), corpus, group)
                results[f"{system}/{mode}"] = res
                report(f"{system}/{mode}", res)
        if args.stage:
            stage = run_stage(corpus["text"], group, Path(tmp), [int(t) for t in args.tasks.split(",")])
            print_stage(stage, n)
            results["stage"] = stage
    for mode in args.shingles.split(","):
        ds = results.get(f"datasketch/{mode}")
        for s in (k for k in results if k.endswith(f"/{mode}") and ds is not None):
            print(f"throughput {s} / datasketch/{mode}: {results[s]['docs_per_cpu_s'] / ds['docs_per_cpu_s']:.1f}x per CPU second, "
                  f"{results[s]['docs_per_s'] / ds['docs_per_s']:.1f}x wall clock")
    print(json.dumps(results, indent=1))


def print_stage(stage: dict, n: int) -> None:
    print("\nstage `mlcurate dedup --force --tasks N` (ingest merged identical rows first); phases: [wall, driver CPU] s")
    for k, r in stage.items():
        print(f"  tasks {k}: {r['seconds']:.1f}s wall, CPU {r['cpu_driver']:.1f}s driver + {r['cpu_tasks']:.1f}s task processes, "
              f"peak RSS driver {r['rss_driver_mb']:,.0f} MB / tree {r['rss_tree_mb']:,.0f} MB; phases {r['phases']}; "
              f"layer {r['layer']}\n    {r['summary']}")
    if len(stage) > 1:
        a, b = stage[min(stage)], stage[max(stage)]
        serial = b["cpu_driver"] / (b["cpu_driver"] + b["cpu_tasks"])
        print(f"summary: dedup stage {n:,} docs, tasks {min(stage)} -> {max(stage)}: speed-up {a['seconds'] / b['seconds']:.2f}x wall; "
              f"CPU {a['cpu_driver'] + a['cpu_tasks']:.1f}s -> {b['cpu_driver'] + b['cpu_tasks']:.1f}s, of which the driver "
              f"{serial:.0%} on {max(stage)} tasks (its phases after startup {sum(v[1] for v in b['phases'].values()):.1f}s); layers identical: "
              f"{'yes' if all(r['layer'] == a['layer'] for r in stage.values()) else 'NO'}")


def pipeline_corpus_stage(docs: int, tasks: list[int]) -> None:
    from pipeline_bench import generate

    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as tmp:
        info = generate(Path(tmp) / "data", docs, 60, 8)
        print(f"corpus (pipeline_bench.generate): {info}")
        (Path(tmp) / "corpus.yaml").write_text(json.dumps({"name": "bench", "kind": "jsonl", "path": "data/*.jsonl",
                                                           "task": "retrieval", "lang": {"field": "l"},
                                                           "fields": {"query": "q", "positive": "p"}}))
        print_stage(run_stage(None, None, Path(tmp), tasks), docs)


def _fmt(buckets: dict) -> str:
    return ", ".join(f"{k}: {v[0]:.3f} (n={v[1]})" if v[0] is not None else f"{k}: - (n=0)" for k, v in buckets.items())


def report(system: str, res: dict) -> None:
    print(f"\n{system}: {res['docs_per_cpu_s']:,.0f} docs per CPU second ({res['cpu_seconds']:.1f} CPU s); "
          f"{res['docs_per_s']:,.0f} docs/s wall ({res['seconds']:.1f}s); peak RSS {res['rss_mb']:,.0f} MB")
    for g, q in res["quality"].items():
        word = f"{q['recall_word_j']:.3f}" if q["recall_word_j"] is not None else "n/a (no words)"
        print(f"  {g:8s} pair precision {q['pair_precision']:.4f} ({q['pairs']:,} pairs); recall at char-5 J>={THRESHOLD}: "
              f"{q['recall_char_j']:.3f}, at word-5 J>={THRESHOLD}: {word}, all copies {q['recall_overall']:.3f}")
        print(f"           by edit rate: {_fmt(q['recall_by_edit_rate'])}")
        print(f"           by edit rate, copies at char J>={THRESHOLD}: {_fmt(q['recall_by_edit_rate_char_j'])}")
        print(f"           by char-5 J: {_fmt(q['recall_by_char_j'])}")
        if q["recall_by_word_j"]:
            print(f"           by word-5 J: {_fmt(q['recall_by_word_j'])}")


if __name__ == "__main__":
    main()
