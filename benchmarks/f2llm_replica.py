"""A synthetic release in the published F2LLM layout, for benchmarks and for trying the commands.

    python benchmarks/f2llm_replica.py data/f2llm-replica                          # 10M rows, 300 files
    python benchmarks/f2llm_replica.py data/f2llm-small --rows 20000 --files 30    # a quick one

Layout (CodeFuse-Embeddings `F2LLM/` @ 1c5291549b9cee9eeab1cd9de6a67be4d0295da0, as its
tokenize script reads it): one `<name>.parquet` per dataset, names drawn from the trainer's lists
(configs/sources/f2llm/datasets.csv, every task represented), columns `query` (instruction baked in
as `Instruct: ...\\nQuery: ...`), `passage`, `negative_1..24` (classification datasets `negative_1`
only). Sizes follow Zipf's law over the files (the largest about 1/H(n) of all rows); text
lengths are log-normal (queries about 70 characters, passages about 450) in the dataset's script;
negatives are other passages of the same file (as mined negatives are). About 0.1% of rows are
malformed: a null or blank query, an empty passage, a query outside the template, or fewer
negatives than 24 (nulls at the end). Every query and passage is distinct.
"""

import argparse
import csv
import functools
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

TABLE = Path(__file__).resolve().parents[1] / "configs" / "sources" / "f2llm" / "datasets.csv"
CHUNK = 20_000  # rows per row group: bounds the generator's memory (24 negatives a row)
SYLLABLES = {
    "Latn": "ka ri to ne sa mu lo vi de ra po ti me na ku se la fo bi gu an el or is ut".split(),
    "Cyrl": "ка ри то не са му ло ви де ра по ти ме на ку се ла фо би гу".split(),
    "Arab": "كا ري تو ني سا مو لو في دي را بو تي مي نا كو سي لا".split(),
    "Hani": list("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可"),
    "Jpan": list("のにはをたがでてとしれさあいうえおかきくけこ川山人日本語学生時間"),
    "Hang": list("이그저것수있하는다에서을를의가고한국어사람시간"),
    "Deva": "क र त न स म ल व द प ति मे ना कु से ला".split(),
    "Thai": list("กขคงจฉชซญดตถทนบปผพฟมยรลวศสหอ"),
    "Code": "def return for if else while int str class self print range len import from".split(),
}
SCRIPT_OF = {"zh": "Hani", "ja": "Jpan", "ko": "Hang", "ru": "Cyrl", "uk": "Cyrl", "bg": "Cyrl", "ar": "Arab", "fa": "Arab",
             "ur": "Arab", "hi": "Deva", "mr": "Deva", "ne": "Deva", "th": "Thai", "zxx": "Code"}
NO_SPACES = {"Hani", "Jpan", "Thai"}


def read_table() -> list[dict]:
    with TABLE.open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def pick_datasets(n: int, rng: random.Random) -> list[dict]:
    """`n` names, every task represented, in a seeded order (the order sets the Zipf rank)."""
    rows = read_table()
    by_task = {t: [r for r in rows if r["task"] == t] for t in ("retrieval", "clustering", "classification")}
    chosen = rng.sample(by_task["classification"], min(5, len(by_task["classification"])))
    chosen += rng.sample(by_task["clustering"], min(15, len(by_task["clustering"])))
    rest = [r for r in rows if r not in chosen]
    chosen += rng.sample(rest, max(0, min(n, len(rows)) - len(chosen)))
    rng.shuffle(chosen)
    return chosen[:n]


def zipf_sizes(total: int, n: int) -> list[int]:
    weights = [1 / (r + 1) for r in range(n)]
    s = sum(weights)
    sizes = [max(2, int(total * w / s)) for w in weights]
    sizes[0] += total - sum(sizes)  # exact total
    return sizes


class TextMaker:
    """Texts of log-normal length cut from a long random stream of syllables of one script; a
    counter makes every text distinct."""

    def __init__(self, script: str, seed: int):
        self.stream = _stream(script)
        self.rng, self.n = np.random.default_rng(seed), 0

    def make(self, count: int, median_chars: float, sigma: float, lo: int, hi: int) -> list[str]:
        lengths = np.clip(self.rng.lognormal(math.log(median_chars), sigma, size=count), lo, hi).astype(int)
        starts = self.rng.integers(0, len(self.stream) - hi - 1, size=count)
        out = [f"{self.stream[s:s + L].strip()} {self.n + j}" for j, (s, L) in enumerate(zip(starts, lengths))]
        self.n += count
        return out


@functools.lru_cache(maxsize=None)
def _stream(script: str) -> str:
    """About 1 MB of random words of `script` (built once per script)."""
    rng = np.random.default_rng(len(script) * 7919 + sum(map(ord, script)))
    syl = SYLLABLES[script]
    sep = "" if script in NO_SPACES else " "
    words = rng.integers(0, len(syl), size=400_000)
    lens = rng.integers(1, 4, size=120_000)
    parts, i = [], 0
    for k in lens:
        parts.append("".join(syl[w] for w in words[i:i + k]))
        i += k
    return sep.join(parts) + sep


def instruction_for(d: dict) -> str:
    task = d["task"]
    if task == "classification":
        return f"Classify the given text ({d['name']})"
    if task == "clustering":
        return f"Identify the topic or theme of the given text ({d['name']})"
    return f"Given a query, retrieve passages that answer it ({d['name']})"


def write_file(path: Path, d: dict, rows: int, seed: int, malformed: float) -> None:
    rng = np.random.default_rng(seed)
    lang = d["lang"].split("-")[0]
    script = "Code" if d["code_lang"] and lang == "zxx" else SCRIPT_OF.get(lang, "Latn")
    texts = TextMaker(script, seed)
    n_neg = 1 if d["task"] == "classification" else 24
    instruction = instruction_for(d)
    tmp = path.with_name(path.name + ".tmp")
    writer = None
    for start in range(0, rows, CHUNK):
        n = min(CHUNK, rows - start)
        queries = [f"Instruct: {instruction}\nQuery: {q}" for q in texts.make(n, 70, 0.5, 8, 400)]
        passages = texts.make(n, 450, 0.6, 30, 4000)
        cols = {"query": queries, "passage": passages}
        pool = pa.array(passages, pa.string())
        for k in range(1, n_neg + 1):  # other passages of the file (never the row's own)
            idx = (np.arange(n) + rng.integers(1, max(2, n), size=n)) % n
            cols[f"negative_{k}"] = pool.take(pa.array(idx))
        bad = np.flatnonzero(rng.random(n) < malformed)
        null_from = np.full(n, n_neg + 1)  # negatives from this index on are null
        for j, i in enumerate(bad):
            kind = j % 5
            if kind == 0:
                queries[i] = None
            elif kind == 1:
                queries[i] = "   "
            elif kind == 2:
                passages[i] = ""
            elif kind == 3:
                queries[i] = queries[i].split("\nQuery: ", 1)[1]  # outside the template: no instruction
            elif n_neg > 1:
                null_from[i] = int(rng.integers(2, n_neg + 1))
        for k in range(2, n_neg + 1):
            mask = null_from <= k
            if mask.any():
                cols[f"negative_{k}"] = pc.if_else(pa.array(mask), pa.scalar(None, pa.string()), cols[f"negative_{k}"])
        cols["query"], cols["passage"] = pa.array(queries, pa.string()), pa.array(passages, pa.string())
        table = pa.table(cols)
        if writer is None:
            writer = pq.ParquetWriter(tmp, table.schema, compression="zstd")
        writer.write_table(table, row_group_size=CHUNK)
    writer.close()
    tmp.replace(path)


def write_replica(out: Path, rows: int = 10_000_000, files: int = 300, seed: int = 0, malformed: float = 0.001,
                  echo=print) -> dict[str, int]:
    """Write the replica into `out`; returns rows per dataset name."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    datasets = pick_datasets(files, rng)
    sizes = zipf_sizes(rows, len(datasets))
    t0, written = time.perf_counter(), {}
    for i, (d, n) in enumerate(zip(datasets, sizes)):
        write_file(out / f"{d['name']}.parquet", d, n, seed * 100_003 + i, malformed)
        written[d["name"]] = n
        if i % 50 == 0:
            echo(f"  {i + 1}/{len(datasets)} files, {sum(written.values()):,} rows, {time.perf_counter() - t0:.0f}s")
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to write <name>.parquet files into")
    ap.add_argument("--rows", type=int, default=10_000_000, help="rows in total (default 10M)")
    ap.add_argument("--files", type=int, default=300, help="dataset files (default 300; at most the table's 502)")
    ap.add_argument("--malformed", type=float, default=0.001, help="share of malformed rows (default 0.001)")
    ap.add_argument("--seed", type=int, default=0, help="seed (default 0)")
    args = ap.parse_args()
    if args.rows < 2 * args.files:
        sys.exit(f"--rows {args.rows} is too few for {args.files} files (each needs >= 2 rows)")
    written = write_replica(args.out, args.rows, args.files, args.seed, args.malformed)
    size = sum(p.stat().st_size for p in args.out.glob("*.parquet"))
    print(f"wrote {len(written)} files, {sum(written.values()):,} rows, {size / 1e9:.2f} GB to {args.out}")


if __name__ == "__main__":
    main()
