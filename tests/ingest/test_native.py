"""The native Parquet path gives the same layers as the row-by-row path: same sample ids and
columns, same quarantine rows and reasons, on bad input too."""

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from curation.config import load_sources
from curation.ingest.stage import ingest
from curation.languages import DEFAULT_REGISTRY
from curation.store import Workspace
from tests.helpers import SERIAL, query, source
from tests.ingest.f2llm_fixture import write_release

TRICKY = [
    {"q": "fine", "p": "ok", "lang": "fr", "n": ["a", " b ", ""], "extra": 1},
    {"q": None, "p": "no query", "lang": "fr", "n": [], "extra": 2},
    {"q": "   ", "p": "blank query", "lang": "fr", "n": None, "extra": 3},
    {"q": "\u3000ideographic space\u3000", "p": "\x1cfile separator\x1f", "lang": "ja", "n": ["x"], "extra": 4},
    {"q": "nbsp\u00a0", "p": "\u0085next line", "lang": "sw", "n": ["y"], "extra": 5},
    {"q": "has \x00 nul", "p": "x", "lang": "fr", "n": ["z"], "extra": 6},
    {"q": "bad code", "p": "x", "lang": "xx", "n": ["z"], "extra": 7},
    {"q": "no lang", "p": "x", "lang": None, "n": ["z"], "extra": 8},
    {"q": "null inside negatives", "p": "x", "lang": "fr", "n": ["ok", None], "extra": 9},
    {"q": "Instruct: find it\nQuery: the thing", "p": "y", "lang": "zh-Hant", "n": ["w"], "extra": 10},
    {"q": "Instruct: \nQuery: empty instruction", "p": "y", "lang": "en", "n": ["w"], "extra": 11},
    {"q": "Instruct: nothing after\nQuery:   ", "p": "y", "lang": "en", "n": ["w"], "extra": 12},
    {"q": "Instruct: a\nQuery: b\nQuery: c", "p": "y", "lang": "en", "n": ["w"], "extra": 13},
    {"q": "fine", "p": "ok", "lang": "fr", "n": ["a", " b ", ""], "extra": 14},  # same content: one sample
    {"q": "no positive", "p": "", "lang": "fr", "n": ["w"], "extra": 15},
]


def layers(ws: Workspace) -> tuple[list, list]:
    samples = query(ws, "SELECT * FROM samples ORDER BY sample_id")
    quarantine = query(ws, "SELECT quarantine_id, source, origin, reason, detail, raw FROM quarantine ORDER BY quarantine_id")
    return samples, quarantine


def both_ways(tmp_path, sources) -> tuple:
    out = []
    for native in (False, True):
        ws = Workspace(tmp_path / f"ws-{native}")
        counts = ingest(ws, sources, SERIAL, DEFAULT_REGISTRY, progress=False, native=native)
        out.append((layers(ws), {k: counts[k] for k in ("rows_read", "samples_new", "quarantined", "reasons")}))
    return out


@pytest.mark.parametrize("negatives", ["n", "neg_*"])
def test_same_layers_on_bad_rows(tmp_path, negatives):
    rows = TRICKY * 3  # several row groups and files, duplicates across them
    if negatives == "neg_*":
        rows = [{**{k: v for k, v in r.items() if k != "n"}, **{f"neg_{i + 1}": x for i, x in enumerate((r["n"] or [])[:3])}}
                for r in rows]
        schema = pa.schema([("q", pa.string()), ("p", pa.string()), ("lang", pa.string()), ("extra", pa.int64()),
                            ("neg_1", pa.string()), ("neg_2", pa.string()), ("neg_3", pa.string())])
        rows = [{c: r.get(c) for c in schema.names} for r in rows]
    else:
        schema = None
    (tmp_path / "d").mkdir()
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table.slice(0, 20), tmp_path / "d" / "a.parquet", row_group_size=7)
    pq.write_table(table.slice(20), tmp_path / "d" / "b.parquet", row_group_size=7)
    src = source(tmp_path, kind="parquet", path="d", lang={"field": "lang"}, split_instruction=True,
                 fields={"query": "q", "positive": "p", "negatives": negatives})
    (python, python_counts), (native, native_counts) = both_ways(tmp_path, [src])
    assert native == python
    assert native_counts == python_counts
    expected = {"empty text": 6, "missing field": 6, "unknown language code": 3}
    assert python_counts["reasons"] == (expected | {"not text": 3} if negatives == "n" else expected)
    assert len(python[0]) > 5


@pytest.mark.parametrize("negatives", ["n", "neg_*"])
def test_too_long_texts_are_quarantined_the_same_way(tmp_path, negatives):
    rows = [{"q": "short", "p": "fine", "n": ["ok", "x" * 25]}, {"q": "é" * 12, "p": "fine", "n": ["ok"]},
            {"q": "ok", "p": "€" * 21, "n": []}, {"q": "kept", "p": "fine", "n": ["é" * 20, " " * 30 + "ok"]}]
    if negatives == "neg_*":
        rows = [{"q": r["q"], "p": r["p"], **{f"neg_{i + 1}": (r["n"] + [None, None])[i] for i in range(2)}} for r in rows]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "t.parquet")
    src = source(tmp_path, kind="parquet", path="t.parquet", max_text_chars=20,
                 fields={"query": "q", "positive": "p", "negatives": negatives})
    (python, python_counts), (native, native_counts) = both_ways(tmp_path, [src])
    assert native == python and native_counts == python_counts
    assert python_counts["reasons"] == {"too long": 2} and python_counts["samples_new"] == 2  # 20 é and 12 é fit: characters, not bytes


def test_non_string_columns_take_the_python_rules(tmp_path):
    pq.write_table(pa.table({"q": [1, 2, 3], "p": ["a", "b", "c"]}), tmp_path / "n.parquet")
    src = source(tmp_path, kind="parquet", path="n.parquet")
    (python, _), (native, _) = both_ways(tmp_path, [src])
    assert native == python and len(native[0]) == 3


def test_same_layers_on_the_f2llm_release(tmp_path):
    write_release(tmp_path / "release")
    (tmp_path / "f.yaml").write_text("name: r\nkind: f2llm\npath: release\n")
    (python, pc), (native, nc) = both_ways(tmp_path, load_sources(tmp_path / "f.yaml"))
    assert native == python and nc == pc and len(native[0]) == pc["samples_new"] > 0


def test_same_layers_on_bad_json_lines(tmp_path):
    from tests.helpers import write_jsonl

    lines = [
        {"q": "fine", "p": "ok", "lang": "fr", "extra": 1},
        b'{"q": "caf\xe9", "p": "latin-1 bytes", "lang": "fr"}',
        "not json at all",
        "[1, 2, 3]",
        {"p": "no query", "lang": "fr"},
        {"q": "   ", "p": "blank query", "lang": "fr"},
        {"q": "bad code", "p": "x", "lang": "xx"},
        {"q": {"nested": 1}, "p": "x", "lang": "fr"},
        "",
        '{"q": "lone \\ud800 surrogate", "p": "x", "lang": "fr"}',
        {"q": "nul \u0000 inside", "p": "x", "lang": "fr"},
        {"q": "Instruct: do it\nQuery: the query", "p": "x", "lang": "sw", "extra": 2.5},
    ]
    good = [{"q": f"question {i}\u3000", "p": f" answer {i}", "lang": ["sw", "zh-Hant", "ar"][i % 3], "id": i} for i in range(9000)]
    write_jsonl(tmp_path / "d.jsonl", good[:4000] + lines + good[4000:])  # one block of bad lines among clean blocks
    write_jsonl(tmp_path / "m.jsonl", [{"q": f"m {i}", "p": "x", "lang": "en", "extra": [1, "a"] if i % 2 else None} for i in range(50)])
    for name in ("d.jsonl", "m.jsonl"):
        src = source(tmp_path, path=name, lang={"field": "lang"}, split_instruction=True)
        (python, pc_), (native, nc) = both_ways(tmp_path / f"out-{name}", [src])
        assert native == python and nc == pc_
    assert pc_["samples_new"] == 50


EDGY = ["", " ", "a", " a", "a ", "\u3000x\u3000", "\x85x", "x\xa0", "\u2028", "é", "ü\u205f", "\u1680\u2000b\u200a", "a\x1c",
        "\x1fb", "中文", "中\u3000", "\u202f", "\t\n\r\x0b\x0c", "x\u200b", "\u00e2\u0080\u0080"]  # U+200B is not whitespace


def test_strip_is_str_strip_on_every_edge():
    from curation.ingest.native import strip

    col = pa.array(EDGY + [None] + [e * 3 for e in EDGY], pa.string())
    assert strip(col).to_pylist() == [None if v is None else v.strip() for v in col.to_pylist()]
    sliced = col.slice(3, 20)  # an array that starts inside its buffers
    assert strip(sliced).to_pylist() == [None if v is None else v.strip() for v in sliced.to_pylist()]


def test_scripts_of_agrees_with_detect_scripts():
    from curation.ingest.native import _SCRIPT_NAMES, _scripts_of
    from curation.scripts import detect_scripts

    texts = ["plain ascii", "1234 !?", "", "Свако има право", "mixed Свако and latin words", "人人生而自由", "カタカナ", "한국어",
             "naïve café", "\x01\x7f", "abc\u0300"]
    expected = ["" if r.mixed else r.script for r in detect_scripts(texts)]
    assert [_SCRIPT_NAMES[i] for i in _scripts_of(pa.array(texts, pa.string()))] == expected


@pytest.mark.parametrize("parts", [1, 2, 3, 7])
def test_jsonl_blocks_hold_each_line_once_with_its_number(tmp_path, parts):
    from curation.ingest.native import _jsonl_blocks, _Lines

    lines = [b'\xef\xbb\xbf{"a": 0}\n'] + [b'{"a": %d, "t": "%s"}%s\n' % (i, b"x" * (i % 37), b"\r" if i % 5 == 0 else b"")
                                           for i in range(1, 400)] + [b"\n", b"   \n", b'{"a": "last, no end of line"}']
    path = tmp_path / "d.jsonl"
    path.write_bytes(b"".join(lines))
    seen = []
    for part in range(parts):
        for first, data in _jsonl_blocks(path, part, parts, block_bytes=97):  # blocks smaller than some lines
            seen += [(first + i, line) for i, line in enumerate(_Lines(data))]
    assert seen == list(enumerate(lines, start=1))


def test_block_checks_agree_with_their_regular_expressions():
    """`_Lines.any_blank` / `any_surrogate_escape` (NumPy) decide exactly as the expressions they
    replace: a line that `bytes.strip()` leaves empty, and `\\[uU][dD][89a-fA-F]`."""
    import random
    import re

    from curation.ingest.native import _SURROGATE_ESCAPE, _Lines

    blank = re.compile(rb"\n[ \t\r\x0b\x0c]*\n")
    rng = random.Random(7)
    alphabet = [b"{", b"}", b"a", b"\\", b"u", b"U", b"d", b"D", b"8", b"b", b"F", b"7", b" ", b"\t", b"\r", b"\x0b", b"\n", b"\n",
                b"\xe3\x80\x80"]
    cases = [b"", b"\n", b"{}\n", b"{}\n\n", b" \n{}", b"{}\n \t\n{}", b"\\ud800", b"x\\uD9", b"\\Udb00", b"\\\\ud800", b"\\udc00"]
    cases += [b"".join(rng.choices(alphabet, k=rng.randint(0, 40))) for _ in range(3000)]
    for data in cases:
        lines = _Lines(data)
        body = data[:-1] if data.endswith(b"\n") else data
        assert lines.any_blank() == (not data or bool(blank.search(b"\n" + body + b"\n"))), data
        assert lines.any_surrogate_escape() == bool(_SURROGATE_ESCAPE.search(data)), data


def test_whitespace_list_is_what_str_strip_removes():
    from curation.ingest.native import PY_WHITESPACE

    assert PY_WHITESPACE == "".join(ch for ch in map(chr, range(0x110000)) if ch.isspace())


def test_strip_is_str_strip_on_every_whitespace_at_either_end():
    import random

    from curation.ingest.native import PY_WHITESPACE, strip

    rng = random.Random(3)
    pieces = list(PY_WHITESPACE) + ["a", "é", "\u3001", "\u2030", "\u200b", "x y", "\u00a1", "\u1681", "\u2fff", "人"]
    texts = ["".join(rng.choices(pieces, k=rng.randint(0, 6))) for _ in range(5000)] + [None, "", " ", "\u3000"]
    got = strip(pa.array(texts, pa.string())).to_pylist()
    assert got == [t.strip() if t is not None else None for t in texts]


def test_ids_are_xxh3_128_hexdigests_of_the_keys():
    """The native ids (raw digests written as hex by NumPy) equal `xxhash.xxh3_128_hexdigest` of each
    key's UTF-8 bytes, also for a sliced array, empty and non-ASCII keys."""
    import xxhash

    from curation.ingest.native import _xxh3_128_hex

    keys = ["", "a", "Свако има право", "人人生而自由\x1fx", "x" * 5000, "tab\tand\nnewline"]
    for arr in (pa.array(keys, pa.string()), pa.array(["skip", *keys], pa.string()).slice(1)):
        assert _xxh3_128_hex(arr).to_pylist() == [xxhash.xxh3_128_hexdigest(k.encode()) for k in keys]
    assert _xxh3_128_hex(pa.array([], pa.string())).to_pylist() == []
