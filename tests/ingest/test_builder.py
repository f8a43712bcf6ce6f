"""The column-wise batch builder gives exactly what the row-by-row builder gives."""

import pytest

from curation.ingest.readers import RawRow
from curation.ingest.samples import SampleBuilder
from curation.languages import Registry
from tests.helpers import source

ROWS = [
    {"q": " padded ", "p": "ok", "l": "sw", "extra": {"nested": [1]}, "a": 1},
    {"q": 42, "p": "numbers are text", "l": "fr"},
    {"q": "", "p": "empty", "l": "fr"},
    {"p": "missing query", "l": "fr"},
    {"q": "bad lang", "p": "x", "l": "xx"},
    {"q": "list lang", "p": "x", "l": ["fr"]},
    {"q": "negs", "p": "x", "l": "de", "n": ["a", " ", "b"]},
    {"q": "bad negs", "p": "x", "l": "de", "n": [1, 2]},
    {"q": "no positive", "l": "de"},
]


@pytest.mark.parametrize("pos_lang", [None, "en", {"field": "pl"}])
def test_batch_equals_row_by_row(tmp_path, pos_lang):
    kw = {"pos_lang": pos_lang} if pos_lang else {}
    src = source(tmp_path, path="x.jsonl", lang={"field": "l"}, fields={"query": "q", "positive": "p", "negatives": "n"}, **kw)
    builder = SampleBuilder(src, Registry.load())
    assert builder._fast
    rows = [RawRow("x.jsonl", i + 1, {**r, "pl": "en"} if i != 6 else r, None, None) for i, r in enumerate(ROWS)]
    rows.append(RawRow("x.jsonl", 99, None, b"{broken", ("malformed json", "eof")))
    fast = builder.build_batch(rows)
    slow = builder._build_rows(rows)
    assert fast == slow
    assert len(fast[0]) >= 2 and len(fast[1]) >= 6
