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
    # A tag without a script takes its text's script; a named script is kept.
    {"q": "Бугдэ нёани бэелни гэлбэ-дэ", "p": "x", "l": "gld"},
    {"q": "Барча одамлар эркин", "p": "Barcha odamlar erkin", "l": "uz-Latn", "pl": "uz"},
    {"q": "Barcha odamlar erkin", "p": "Барча одамлар эркин", "l": "uz", "pl": "uz"},
]


@pytest.mark.parametrize("pos_lang", [None, "en", {"field": "pl"}])
def test_batch_equals_row_by_row(tmp_path, pos_lang):
    kw = {"pos_lang": pos_lang} if pos_lang else {}
    src = source(tmp_path, path="x.jsonl", lang={"field": "l"}, fields={"query": "q", "positive": "p", "negatives": "n"}, **kw)
    builder = SampleBuilder(src, Registry.load())
    assert builder._fast
    rows = [RawRow("x.jsonl", i + 1, {"pl": "en", **r} if i != 6 else r, None, None) for i, r in enumerate(ROWS)]
    rows.append(RawRow("x.jsonl", 99, None, b"{broken", ("malformed json", "eof")))
    fast = builder.build_batch(rows)
    slow = builder._build_rows(rows)
    assert fast == slow
    assert len(fast[0]) >= 2 and len(fast[1]) >= 6
    langs = {s[5]: (s[9], s[10]) for s in fast[0]}
    assert langs["Бугдэ нёани бэелни гэлбэ-дэ"][0] == "gld_Cyrl"
    assert langs["Барча одамлар эркин"][0] == "uzn_Latn"
    assert langs["Barcha odamlar erkin"][0] == "uzn_Latn"
    if pos_lang == {"field": "pl"}:  # `uz` over the Cyrillic positive
        assert langs["Barcha odamlar erkin"][1] == "uzb_Cyrl"  # as `uz-Cyrl` normalises
