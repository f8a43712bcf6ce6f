"""Workspaces for the mining benchmarks, built from the bundled sample data (no download).

    unique_samples(n_code, n_udhr)   pairs with no repeated text: docstring -> function (stdlib) and
                                     UDHR paragraph -> the same paragraph in another declaration,
                                     every text used once (mining_bench.py --unique)
    quality_samples()                a fixture whose true positives are known to be many
                                     (mining_quality_bench.py), with `truth`: sample_id -> group
                                     key, every passage of the same group being a true positive

True positives of the quality fixture:
- udhr-multi: for each preamble/article paragraph that every chosen declaration splits the same
  way, one sample per language: query = the paragraph in that language, positive = the same
  paragraph in the next language (a cycle). Every other translation of that paragraph in the pool
  answers the query too, so mining one as a negative is a false negative.
- code-dups: stdlib docstring -> function pairs, plus for every 4th function two copies "in other
  files": one renamed with its docstring unchanged, one renamed with the docstring's first word
  changed (Return -> Get, ...) as vendored copies drift. Functions whose body (code after the `def`
  line, whitespace collapsed) is identical are true positives of each other; the stdlib itself has
  16 such groups (bz2/lzma `seek`, calendar `isleap` / datetime `_is_leap`, ...).
"""

import collections
import gzip
import hashlib
import json
import re
import sys
from pathlib import Path

import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "curation" / "sample_data"

from curation.schema import SAMPLE_SCHEMA  # noqa: E402
from curation.store import Workspace, write_parquet_atomic  # noqa: E402

LANGS = ["eng", "fra", "spa", "ita", "nld", "cat", "dan", "swe", "nob", "pol", "ces", "ind", "tur", "fin", "hun", "eus",
         "glg", "afr", "slk", "hrv", "est", "vie", "tgl", "ron_2006"]
FIRST_WORD = {"Return": "Get", "Returns": "Gets", "Get": "Return", "Create": "Make", "Check": "Test", "Set": "Assign",
              "Read": "Load", "Write": "Store", "Add": "Append", "Remove": "Delete", "Convert": "Turn", "Print": "Show"}


def sample(source: str, key: str, query: str, positive: str, task: str, lang: str) -> dict:
    row = {c: None for c in SAMPLE_SCHEMA.names}
    row.update(sample_id=hashlib.sha1(f"{source}:{key}".encode()).hexdigest()[:16], source=source, split="train", task=task,
               query=query, positive=positive, lang=lang)
    return row


def docstrings() -> list[dict]:
    return [json.loads(line) for line in gzip.open(DATA / "python_docstrings.jsonl.gz", "rt", encoding="utf-8")]


def udhr() -> list[dict]:
    return [json.loads(line) for line in gzip.open(DATA / "udhr_pairs.jsonl.gz", "rt", encoding="utf-8")]


def unique_samples(n_code: int, n_udhr: int) -> list[dict]:
    """`n_code` docstring -> function and `n_udhr` paragraph -> translation pairs, no text twice."""
    seen, out = set(), []
    for r in docstrings():
        if len([o for o in out if o["source"] == "code-unique"]) >= n_code:
            break
        if r["query"] in seen or r["code"] in seen:
            continue
        seen.update((r["query"], r["code"]))
        out.append(sample("code-unique", r["path"] + ":" + r["name"], r["query"], r["code"], "code", "eng_Latn"))
    by_key = collections.defaultdict(list)
    for r in udhr():
        by_key[(r["section"], r["article"], r["para"])].append(r)
    keys, n = sorted(by_key), 0
    for rnd in range(1000):  # round robin over paragraphs: pair declarations 2i, 2i+1 of each
        for k in keys:
            rows = sorted(by_key[k], key=lambda r: hashlib.md5(r["decl"].encode()).hexdigest())
            if 2 * rnd + 1 >= len(rows) or n >= n_udhr:
                continue
            a, b = rows[2 * rnd], rows[2 * rnd + 1]
            if a["text"] in seen or b["text"] in seen or not a["text"].strip() or not b["text"].strip():
                continue
            seen.update((a["text"], b["text"]))
            out.append(sample("udhr-unique", f"{k}:{a['decl']}:{b['decl']}", a["text"], b["text"], "bitext", "und_Zyyy"))
            n += 1
        if n >= n_udhr:
            break
    return out


def body(code: str) -> str:
    """The function's code after its `def` line, whitespace collapsed (the duplicate key)."""
    lines = code.split("\n")
    start = next((i for i, line in enumerate(lines) if line.rstrip().endswith(":")), 0)
    return re.sub(r"\s+", " ", "\n".join(lines[start + 1:])).strip()


def quality_samples(n_code: int = 800, n_langs: int = len(LANGS)) -> tuple[list[dict], dict[str, str]]:
    """Samples and truth (sample_id -> group: passages of the same group answer each other's queries)."""
    out, group_of_text = [], {}
    langs = LANGS[:n_langs]
    rows = [r for r in udhr() if r["decl"] in langs]
    paras = collections.defaultdict(dict)  # (section, article) -> decl -> [texts]
    for r in rows:
        paras[(r["section"], r["article"])].setdefault(r["decl"], []).append(r["text"])
    for (section, article), by_decl in sorted(paras.items()):
        if set(by_decl) != set(langs) or len({len(v) for v in by_decl.values()}) != 1:
            continue  # a declaration splits this article differently: paragraphs do not align
        for p in range(len(by_decl["eng"])):
            group = f"udhr:{section}:{article}:{p}"
            for i, lang in enumerate(langs):
                q, pos = by_decl[lang][p], by_decl[langs[(i + 1) % len(langs)]][p]
                group_of_text[("udhr-multi", q)] = group_of_text[("udhr-multi", pos)] = group
                out.append(sample("udhr-multi", f"{group}:{lang}", q, pos, "bitext", "und_Zyyy"))
    for i, r in enumerate(docstrings()[:n_code]):
        group = "code:" + hashlib.md5(body(r["code"]).encode()).hexdigest()
        copies = [(r["query"], r["code"], "")]
        if i % 4 == 0:
            name = r["name"].split(".")[-1]
            first, _, rest = r["query"].partition(" ")
            drifted = f"{FIRST_WORD.get(first, first.lower())} {rest}" if rest else r["query"] + " (compat)"
            copies += [(r["query"], r["code"].replace(f"def {name}(", f"def _{name}(", 1), ":copy1"),
                       (drifted, r["code"].replace(f"def {name}(", f"def {name}_compat(", 1), ":copy2")]
        for q, code, tag in copies:
            group_of_text.setdefault(("code-dups", code), group)
            out.append(sample("code-dups", f"{r['path']}:{r['name']}{tag}", q, code, "code", "eng_Latn"))
    truth = {s["sample_id"]: group_of_text[(s["source"], s["positive"])] for s in out}
    return out, {**truth, **{f"text:{src}:{t}": g for (src, t), g in group_of_text.items()}}


def write_workspace(root: Path, samples: list[dict]) -> Workspace:
    ws = Workspace(root)
    ws.init()
    by_source = collections.defaultdict(list)
    for s in samples:
        by_source[s["source"]].append(s)
    for name, rows in by_source.items():
        write_parquet_atomic(pa.Table.from_pylist(rows, schema=SAMPLE_SCHEMA), ws.samples / f"source={name}" / "part-0.parquet")
    with ws.connect(read_only=False, views=True):
        pass  # opening a writable connection with views=True (re)creates the catalog views over the new layers
    return ws
