"""Long-tail fidelity on a workspace: the script of a sample comes from its text when the tag names
none, and no stored script disagrees with the text without a status saying so."""

import json

import pytest

from curation.config import ExecutorConfig, load_sources
from curation.ingest.stage import ingest
from curation.langid.annotate import LidConfig
from curation.langid.stage import langid
from curation.paths import DEFAULT_REGISTRY
from curation.scripts import script_compatible
from curation.store import Workspace

from tests.langid.conftest import long_paragraphs

EXECUTOR = ExecutorConfig(tasks=1, workers=1)
SCRIPT_STATUSES = {"script_mismatch", "unlisted_script", "mixed_script", "too_short", "undeclared"}


def sql(ws, query):
    with ws.connect(read_only=True) as con:
        return con.execute(query).fetchall()


@pytest.fixture(scope="module")
def tail_ws(tmp_path_factory, udhr):
    """Nanai and Khakas (Cyrillic in the UDHR, likely-subtag Latin) declared without a script,
    Turkmen in both scripts declared `tk`, Uzbek Cyrillic text declared `uz-Latn` (a source that
    names the wrong script), and Russian text declared `fr` (a script French is never written in)."""
    d = tmp_path_factory.mktemp("tail")
    rows = []
    for tag, src_tag in (("gld", "gld"), ("kjh", "kjh"), ("tk", "tk-Cyrl"), ("tk", "tk-Latn"), ("uz-Latn", "uz-Cyrl"), ("fr", "ru")):
        rows += [{"text": r["text"], "lang": tag, "src": src_tag} for r in long_paragraphs(udhr[src_tag], 4)]
    (d / "tail.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    (d / "tail.yaml").write_text("""
sources:
  - {name: tail, kind: jsonl, path: tail.jsonl, task: clustering, fields: {query: text, label: src}, lang: {field: lang}}
""")
    ws = Workspace(d / "ws")
    ingest(ws, load_sources(d / "tail.yaml"), EXECUTOR, DEFAULT_REGISTRY, progress=False)
    langid(ws, LidConfig(), EXECUTOR, DEFAULT_REGISTRY, progress=False)
    return ws


def test_a_tag_without_a_script_takes_the_script_of_its_text(tail_ws):
    langs = dict(sql(tail_ws, "SELECT label, list(DISTINCT lang) FROM samples GROUP BY label"))
    assert langs["gld"] == ["gld_Cyrl"] and langs["kjh"] == ["kjh_Cyrl"]
    assert langs["tk-Cyrl"] == ["tuk_Cyrl"] and langs["tk-Latn"] == ["tuk_Latn"]
    assert langs["uz-Cyrl"] == ["uzn_Latn"]  # the source named Latin: kept as declared, judged below


def test_explicit_wrong_script_and_unlisted_script_have_their_own_statuses(tail_ws):
    statuses = dict(sql(tail_ws, """SELECT s.label, list(DISTINCT l.status) FROM langid l JOIN samples s USING (sample_id)
                                    GROUP BY s.label"""))
    assert statuses["uz-Cyrl"] == ["script_mismatch"]
    assert statuses["ru"] == ["unlisted_script"]
    for label in ("gld", "kjh", "tk-Cyrl", "tk-Latn"):
        assert not set(statuses[label]) & {"script_mismatch", "unlisted_script", "mismatch"}, label
    kept = dict(sql(tail_ws, "SELECT label, count(*) FROM samples_clean GROUP BY label"))
    assert kept.get("ru", 0) == 0 and kept.get("uz-Cyrl", 0) == 0 and kept["gld"] == 4 and kept["kjh"] == 4


def test_no_stored_script_disagrees_with_the_text_without_a_status(tail_ws):
    rows = sql(tail_ws, """SELECT s.lang, l.script, l.status FROM langid l JOIN samples s USING (sample_id)
                           WHERE l.field = 'query'""")
    assert rows
    silent = [(lang, script, status) for lang, script, status in rows
              if not script_compatible(lang.partition("_")[2], script) and status not in SCRIPT_STATUSES]
    assert silent == []
    flagged = [r for r in rows if not script_compatible(r[0].partition("_")[2], r[1])]
    assert flagged and all(status in ("script_mismatch",) for _, _, status in flagged)
