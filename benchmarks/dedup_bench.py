"""Dedup benchmark: mlcurate's near-duplicate path against datasketch and rensa, same shingles.

Ground truth is generated deterministically from real text: UDHR paragraphs (the bundled sample,
or --udhr FILE such as ../shared/data/udhr/udhr-dev.jsonl.gz) are the originals; each gets
`--copies` perturbed copies (word or character deletions / insertions / substitutions at a rate
drawn per copy, a third of the copies at 0.5-3 %, the rest at 3-15 %, plus case, whitespace and
punctuation noise). Beyond the number of real paragraphs, originals are re-used with a salt token
inserted every 4 units, which makes each replica unrelated to the others at 5-gram level.
Space-delimited and no-space scripts (chosen by script detection) are reported separately.

Every system gets the same normalised texts and the same shingle sets (word 5-grams, character
5-grams for no-space scripts) and threshold 0.7, and runs in its own process over the corpus
written as Parquet. mlcurate reads it the way the stage reads samples: record batches streamed
through `engine.dedup_stream`, whose shingle sets and band keys go to files in a temp dir, so its
memory is a fixed working set plus about 40 bytes per document (276 MB at 100k, 313 MB at 1M);
the peers load every text.
Peak RSS is each process's own high-water mark (VmHWM). Throughput is reported per CPU second of
that process (all its threads; CPU time is steadier than wall time on a shared machine) and per
wall-clock second; both include normalisation (and, for mlcurate, reading the Parquet batches).
Clusters = union-find over each system's duplicate pairs.

    pair precision  over pairs inside predicted clusters: correct when both come from one family
                    or their true Jaccard is >= the threshold (real near-duplicate originals)
    recall          copies in their original's cluster, by true Jaccard to the original

`--stage` also runs the stage itself, `mlcurate dedup`, on a workspace holding the corpus (ingested
first) and reports its time and peak RSS.

Run:  python benchmarks/dedup_bench.py --docs 100000
      python benchmarks/dedup_bench.py --docs 1000000 --peers none [--stage]
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
from curation.scripts import segmentation, segmentations  # noqa: E402
from ingest_bench import run_measured  # noqa: E402  (the same /proc sampler as the other stage benchmarks)

THRESHOLD = 0.7
BUCKETS = [(0.0, 0.5, "<0.5"), (0.5, 0.7, "0.5-0.7"), (0.7, 0.8, "0.7-0.8"), (0.8, 1.01, ">=0.8")]
SYSTEMS = ("mlcurate", "mlcurate-numpy", "datasketch", "rensa")


# ---------------------------------------------------------------- corpus

def load_originals(path: Path) -> tuple[list[str], list[str]]:
    """Distinct UDHR paragraphs (by normalised text), split into (space-delimited, no-space)."""
    seen, texts = set(), []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)["text"]
            key = normalize(t)
            # at least 10 shingling units: shorter texts are degenerate for 5-gram MinHash
            by_char = segmentation(key) == "char"
            if len(_units(key.replace(" ", "") if by_char else key, by_char)) >= 10 and key not in seen:
                seen.add(key)
                texts.append(t)
    texts = distinct_originals(texts)
    by_char = segmentations([normalize(t) for t in texts])
    return [t for t, c in zip(texts, by_char) if not c], [t for t, c in zip(texts, by_char) if c]


def distinct_originals(texts: list[str], max_jaccard: float = 0.3) -> list[str]:
    """Greedily keep texts whose exact shingle Jaccard to every kept text is below `max_jaccard`
    (UDHR holds dialect versions of one paragraph that are near duplicates of each other)."""
    values, offsets = shingle_sets([normalize(t) for t in texts])
    index: dict[int, list[int]] = {}
    kept = []
    for i, t in enumerate(texts):
        sh = values[offsets[i] : offsets[i + 1]].tolist()
        shared: dict[int, int] = {}
        for h in sh:
            for k in index.get(h, ()):
                shared[k] = shared.get(k, 0) + 1
        size = len(sh)
        if size and all(c / (size + int(offsets[k + 1] - offsets[k]) - c) < max_jaccard for k, c in shared.items()):
            kept.append(t)
            for h in sh:
                index.setdefault(h, []).append(i)
    return kept


def _units(text: str, by_char: bool) -> list[str]:
    return list(text) if by_char else text.split()


def _join(units: list[str], by_char: bool) -> str:
    return "".join(units) if by_char else " ".join(units)


def salt(text: str, replica: int, by_char: bool, rng: random.Random) -> str:
    """Replica > 0: a salt unit every 4 units, so replicas share (almost) no 5-gram."""
    if replica == 0:
        return text
    units = _units(text, by_char)
    out = []
    for i, u in enumerate(units):
        if i % 4 == 0:
            out.append(chr(0x4E00 + rng.randrange(20000)) if by_char else f"q{replica}x{rng.randrange(10**6)}")
        out.append(u)
    return _join(out, by_char)


def mutate(text: str, by_char: bool, rate: float, vocab: list[str], rng: random.Random) -> str:
    """Deletions, insertions and substitutions at `rate` per unit, plus case/space/punctuation noise."""
    out = []
    for u in _units(text, by_char):
        if rng.random() < rate:
            op = rng.randrange(3)
            if op == 0:
                continue
            if op == 1:
                out.append(u)
            out.append(rng.choice(vocab))
        else:
            out.append(u)
    s = _join(out, by_char)
    noise = rng.randrange(4)
    if noise == 1:
        s = s.upper()
    elif noise == 2:
        s = s.replace(" ", "  ").replace("。", "，") + "!"
    elif noise == 3:
        s = " ".join(s.split()) + " ..."
    return s


def make_corpus(originals: list[str], by_char: bool, n_docs: int, copies: int, seed: int, family0: int) -> dict:
    """n_docs docs in families of one original + `copies` copies; true Jaccard of each copy."""
    rng = random.Random(seed)
    vocab = sorted({u for t in originals[:2000] for u in _units(t, by_char) if not u.isspace()})
    texts, family, original = [], [], []
    f = 0
    while len(texts) < n_docs:
        base = originals[f % len(originals)]
        orig = salt(base, f // len(originals), by_char, rng)
        texts.append(orig)
        family.append(family0 + f)
        original.append(len(texts) - 1)
        for _ in range(min(copies, n_docs - len(texts))):
            rate = rng.uniform(0.005, 0.03) if rng.random() < 1 / 3 else rng.uniform(0.03, 0.15)
            texts.append(mutate(orig, by_char, rate, vocab, rng))
            family.append(family0 + f)
            original.append(original[-1])
        f += 1
    return {"text": texts, "family": family, "original": original}


def true_jaccard_to_original(norm: list[str], original: np.ndarray) -> np.ndarray:
    values, offsets = shingle_sets(norm)
    from curation.dedup.minhash import jaccard

    return np.array([jaccard(values, offsets, i, int(o)) if o != i else 1.0 for i, o in enumerate(original.tolist())])


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


def run_mlcurate(corpus: Path, backend: str, workdir: Path) -> np.ndarray:
    """The stage's engine as the stage drives it: each batch normalised and handed over as one
    chunk; no list of all texts is ever built."""
    def chunks():
        for texts in read_batches(corpus):
            norm = [normalize(t) for t in texts]
            yield Chunk(norm, np.zeros(len(norm), np.int64), np.zeros(len(norm), np.int64))

    return dedup_stream(chunks(), NearParams(threshold=THRESHOLD, backend=backend), workdir).representative


def _peer_labels(n: int, candidates) -> np.ndarray:
    a, b = [], []
    for i, found in candidates:
        a.extend([i] * len(found))
        b.extend(int(j) for j in found)
    uf = UnionFind(n)
    uf.union(np.array(a, dtype=np.int64), np.array(b, dtype=np.int64))
    return uf.roots()


def run_datasketch(norm: list[str]) -> np.ndarray:
    from datasketch import MinHash, MinHashLSH

    values, offsets = shingle_sets(norm)
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


def run_rensa(norm: list[str]) -> np.ndarray:
    from rensa import RMinHash, RMinHashLSH

    values, offsets = shingle_sets(norm)
    # rensa hashes str/bytes tokens itself: the same shingles, as decimal strings
    sets = [list(map(str, values[offsets[i] : offsets[i + 1]].tolist())) for i in range(len(norm))]
    keep = [i for i, s in enumerate(sets) if s]
    sketches = RMinHash.from_token_sets([sets[i] for i in keep], 128, 42)
    lsh = RMinHashLSH(THRESHOLD, 128, 16)
    for i, m in zip(keep, sketches):
        lsh.insert(i, m)
    return _peer_labels(len(norm), zip(keep, lsh.query_all(sketches)))


def child(system: str, corpus: Path, out: Path) -> None:
    if system.startswith("mlcurate"):
        t0, c0 = time.perf_counter(), time.process_time()
        labels = run_mlcurate(corpus, "numpy" if system == "mlcurate-numpy" else "rensa", out.with_suffix(".work"))
    else:
        texts = [t for batch in read_batches(corpus) for t in batch]
        t0, c0 = time.perf_counter(), time.process_time()
        norm = [normalize(t) for t in texts]
        labels = run_datasketch(norm) if system == "datasketch" else run_rensa(norm)
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


def run_stage(texts: list[str], group: np.ndarray, tmp: Path) -> dict:
    """`mlcurate dedup` on a workspace holding the corpus as one source (ingested first, not
    measured): its wall seconds, the peak RSS of its process tree (/proc, as the other stage
    benchmarks) and its summary line."""
    with open(tmp / "corpus.jsonl", "w", encoding="utf-8") as f:
        for t, g in zip(texts, group.tolist()):
            f.write(json.dumps({"q": t, "p": "-", "lang": "zho" if g else "eng"}, ensure_ascii=False) + "\n")
    (tmp / "corpus.yaml").write_text("name: bench\nkind: jsonl\npath: corpus.jsonl\ntask: retrieval\nfields: {query: q, positive: p}\nlang: {field: lang}\n")
    cli = [sys.executable, "-m", "curation.cli"]
    ws = ["--workspace", str(tmp / "ws")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's package, wherever the benchmark runs from
    subprocess.run([*cli, "init", *ws], env=env, check=True, capture_output=True)
    subprocess.run([*cli, "ingest", str(tmp / "corpus.yaml"), *ws, "--no-progress"], env=env, check=True, capture_output=True)
    seconds, peak, out = run_measured([*cli, "dedup", *ws], env=env, capture=True)
    return {"seconds": seconds, "rss_mb": peak / 2**20, "summary": out.strip().splitlines()[0]}


# ---------------------------------------------------------------- metrics

def metrics(labels: np.ndarray, corpus: dict, norm: list[str], tj: np.ndarray, group: np.ndarray, values, offsets) -> dict:
    from curation.dedup.minhash import jaccard

    family, original = np.asarray(corpus["family"]), np.asarray(corpus["original"])
    out = {}
    for g in (0, 1):
        in_g = group == g
        copies = in_g & (original != np.arange(len(labels)))
        found = labels[copies] == labels[original[copies]]
        rec = {name: (float(found[(tj[copies] >= lo) & (tj[copies] < hi)].mean()) if ((tj[copies] >= lo) & (tj[copies] < hi)).any() else None,
                      int(((tj[copies] >= lo) & (tj[copies] < hi)).sum())) for lo, hi, name in BUCKETS}
        at_thr = tj[copies] >= THRESHOLD
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
                    good += family[i] == family[j] or jaccard(values, offsets, i, j) >= THRESHOLD
        out["space" if g == 0 else "no-space"] = {
            "pair_precision": good / total if total else 1.0, "pairs": total,
            "recall_at_threshold": float(found[at_thr].mean()) if at_thr.any() else None,
            "recall_overall": float(found.mean()), "recall_by_bucket": rec}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000, help="documents in all (half space-delimited, half no-space)")
    ap.add_argument("--copies", type=int, default=3, help="perturbed copies per original")
    ap.add_argument("--peers", default="datasketch,rensa", help="comma list of peers, or `none`")
    ap.add_argument("--udhr", type=Path, default=ROOT / "curation" / "sample_data" / "udhr_pairs.jsonl.gz")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--stage", action="store_true", help="also time `mlcurate dedup` on a workspace holding the corpus")
    ap.add_argument("--run", choices=SYSTEMS, help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        return child(args.run, args.corpus, args.out)

    t0 = time.perf_counter()
    space, nospace = load_originals(args.udhr)
    a = make_corpus(space, False, args.docs // 2, args.copies, args.seed, 0)
    b = make_corpus(nospace, True, args.docs - args.docs // 2, args.copies, args.seed + 1, 10**9)
    corpus = {k: a[k] + b[k] for k in ("text", "family")}
    corpus["original"] = a["original"] + [o + len(a["text"]) for o in b["original"]]
    group = np.r_[np.zeros(len(a["text"]), int), np.ones(len(b["text"]), int)]
    norm = [normalize(t) for t in corpus["text"]]
    values, offsets = shingle_sets(norm)
    tj = true_jaccard_to_original(norm, np.asarray(corpus["original"]))
    print(f"corpus: {len(norm):,} docs ({len(space):,} space-delimited and {len(nospace):,} no-space originals), "
          f"{args.copies} copies each; built in {time.perf_counter() - t0:.0f}s")
    systems = ["mlcurate", "mlcurate-numpy"] + ([] if args.peers == "none" else args.peers.split(","))
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.parquet"
        pq.write_table(pa.table({"text": corpus["text"]}), path, row_group_size=16_384)
        for system in systems:
            out = Path(tmp) / f"{system}.npy"
            proc = subprocess.run([sys.executable, __file__, "--run", system, "--corpus", str(path), "--out", str(out)],
                                  capture_output=True, text=True, check=True)
            res = json.loads(proc.stdout.strip().splitlines()[-1])
            res["docs_per_s"] = len(norm) / res["seconds"]
            res["docs_per_cpu_s"] = len(norm) / res["cpu_seconds"]
            res["quality"] = metrics(np.load(out), corpus, norm, tj, group, values, offsets)
            results[system] = res
            report(system, res)
        if args.stage:
            stage = run_stage(corpus["text"], group, Path(tmp))
            print(f"\nstage `mlcurate dedup` (ingest merged identical rows first): {stage['seconds']:.1f}s wall, "
                  f"peak RSS {stage['rss_mb']:,.0f} MB\n  {stage['summary']}")
            results["stage"] = stage
    if "datasketch" in results:
        ds = results["datasketch"]
        for s in systems:
            print(f"throughput {s} / datasketch: {results[s]['docs_per_cpu_s'] / ds['docs_per_cpu_s']:.1f}x per CPU second, "
                  f"{results[s]['docs_per_s'] / ds['docs_per_s']:.1f}x wall clock")
    print(json.dumps(results, indent=1))


def report(system: str, res: dict) -> None:
    print(f"\n{system}: {res['docs_per_cpu_s']:,.0f} docs per CPU second ({res['cpu_seconds']:.1f} CPU s); "
          f"{res['docs_per_s']:,.0f} docs/s wall ({res['seconds']:.1f}s); peak RSS {res['rss_mb']:,.0f} MB")
    for g, q in res["quality"].items():
        buckets = ", ".join(f"{k}: {v[0]:.3f} (n={v[1]})" if v[0] is not None else f"{k}: - (n=0)" for k, v in q["recall_by_bucket"].items())
        print(f"  {g:8s} pair precision {q['pair_precision']:.4f} ({q['pairs']:,} pairs), recall at J>={THRESHOLD}: "
              f"{q['recall_at_threshold']:.3f}, overall {q['recall_overall']:.3f}; by bucket {buckets}")


if __name__ == "__main__":
    main()
