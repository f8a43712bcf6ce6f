"""What went into a mixture: `DATACARD.md` and `licenses.json`, written with every export.

Everything here comes from the catalog (the `sources` table, the `runs` table and the layer views)
and from the export's own counts, so the card's numbers are the shards' numbers:

    licenses.json   {"sources": {source: {license, samples, tokens, url, dataset}}, "left_out": {source:
                    {license, reason}}, "policy": {allow, deny} | null}
    DATACARD.md     what it is; sources (license, URL, citation); languages and tasks with samples
                    and tokens; what each stage removed and why; decontamination; evaluation
                    datasets (`training_datasets`, for an MTEB model entry); how to reproduce it

`training_datasets` follows mteb's `ModelMeta.training_datasets` (mteb 2.26: `set[str] | None` of
mteb task names, e.g. {"ArguAna"}, mteb/models/model_meta.py; `to_dict` writes the set as a list),
so the manifest holds a sorted list and the card a set literal to paste.
"""

import json
from collections import Counter
from pathlib import Path

import yaml

from .scope import has_view
from .spec import MixSpec

NOT_RUN = "decontamination: not run"


def source_meta(con) -> dict[str, dict]:
    """source -> license, url, citation, eval_datasets, release name (from the `sources` table)."""
    out = {}
    for name, license, config in con.execute("SELECT name, license, config FROM sources").fetchall():
        cfg = json.loads(config) if config else {}
        out[name] = {"license": license or cfg.get("license") or "unknown", "url": cfg.get("url"), "citation": cfg.get("citation"),
                     "eval_datasets": list(cfg.get("eval_datasets") or []), "release_name": cfg.get("release_name")}
    return out


def license_left_out(spec: MixSpec, sources: list[str], meta: dict[str, dict]) -> dict[str, dict]:
    """source -> {license, reason} for the sources the spec's license policy leaves out."""
    if spec.licenses is None:
        return {}
    out = {}
    for s in sorted(sources):
        lic = meta.get(s, {}).get("license")
        why = spec.licenses.verdict(lic)
        if why:
            out[s] = {"license": lic or "unknown", "reason": why}
    return out


def _rows(con, sql: str, params: list | None = None) -> list[tuple]:
    try:
        return con.execute(sql, params or []).fetchall()
    except Exception:  # a layer view of an older workspace: the card says what it could not read
        return []


def removals(con, sources: list[str]) -> dict:
    """What each stage removed from these sources, and why (counts from the layer views)."""
    if not sources:
        return {}
    marks = ", ".join("?" for _ in sources)
    out = {
        "ingest": [{"source": s, "reason": r, "rows": n} for s, r, n in _rows(
            con, f"SELECT source, reason, count(*) FROM quarantine WHERE source IN ({marks}) GROUP BY ALL ORDER BY ALL", sources)],
        "langid": [{"source": s, "status": st, "samples": n} for s, st, n in _rows(
            con, f"SELECT source, status, count(DISTINCT sample_id) FROM langid WHERE NOT passed AND source IN ({marks}) "
                 "GROUP BY ALL ORDER BY ALL", sources)],
        "dedup": [{"source": s, "exact": e, "near": n} for s, e, n in _rows(
            con, f"SELECT source, sum(exact_removed)::BIGINT, sum(near_removed)::BIGINT FROM dedup_retention "
                 f"WHERE source IN ({marks}) GROUP BY source ORDER BY source", sources) if (e or n)],
    }
    return out


def decontamination(con, sources: list[str]) -> dict:
    """The `decont` stage's report for these sources when it has run, else {"status": "not run"}."""
    ran = _rows(con, "SELECT run_id FROM runs WHERE stage = 'decont' AND status = 'ok' ORDER BY started_at DESC LIMIT 1")
    if not ran or not has_view(con, "decont_report"):
        return {"status": "not run"}
    cur = con.execute("SELECT * FROM decont_report")
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    key = next((c for c in ("source", "training_source") if c in cols), None)
    if key:
        rows = [r for r in rows if r[key] in set(sources)]
    return {"status": "run", "run_id": ran[0][0], "columns": cols, "rows": rows}


def catalog_facts(con, sources: list[str]) -> dict:
    """Everything the card needs from the catalog, read once while planning."""
    langs = {c: n for c, n in _rows(con, "SELECT code, name FROM languages")}
    return {"removals": removals(con, sources), "decont": decontamination(con, sources), "language_names": langs}


def training_datasets(meta: dict[str, dict], sources: list[str]) -> list[str]:
    """The union of the exported sources' `eval_datasets`, sorted (mteb ModelMeta.training_datasets)."""
    return sorted({d for s in sources for d in meta.get(s, {}).get("eval_datasets", [])})


def licenses_json(spec: MixSpec, counts, meta: dict, left_out: dict, names: dict[str, str] | None) -> dict:
    tok = _tokens(counts, counts.tokens_by_source)
    return {
        "mixture": spec.name,
        "policy": spec.licenses.model_dump() if spec.licenses else None,
        "sources": {s: {"license": meta.get(s, {}).get("license", "unknown"), "samples": n, "tokens": tok(s),
                        "url": meta.get(s, {}).get("url"), **({"dataset": names[s]} if names and s in names else {})}
                    for s, n in sorted(counts.by_source.items())},
        "left_out": left_out,
    }


def _tokens(counts, by: Counter):
    """Token count lookup: None when the `tokens` stage counted none of the exported rows."""
    if counts.rows and counts.rows_without_tokens >= counts.rows:
        return lambda key: None
    return lambda key: int(by.get(key, 0))


def _fmt(n) -> str:
    return "n/a" if n is None else f"{n:,}"


def _table(cols: list[str], rows: list[list]) -> list[str]:
    esc = lambda v: str(v).replace("|", "\\|").replace("\n", " ")  # noqa: E731
    return ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)] + ["| " + " | ".join(esc(v) for v in r) + " |" for r in rows]


def datacard(spec: MixSpec, plan, counts, manifest: dict, meta: dict, facts: dict, left_out: dict,
             names: dict[str, str] | None, spec_file: str) -> str:
    """DATACARD.md as text."""
    tok_src, tok_lang = _tokens(counts, counts.tokens_by_source), _tokens(counts, counts.tokens_by_lang)
    total_tokens = None if tok_src("") is None else sum(counts.tokens_by_source.values())
    sources = sorted(counts.by_source)
    out = [f"# Data card: mixture `{spec.name}`", "",
           f"A training mixture exported by mlcurate in the `{spec.layout}` layout: {counts.rows:,} rows "
           f"({_fmt(total_tokens)} tokens) from {len(sources)} sources in {len(counts.by_lang)} languages, "
           f"tasks {', '.join(f'{t} {n:,}' for t, n in sorted(counts.by_task.items()))}. "
           f"Drawn from the catalog view `{spec.view}`" + (f" where `{spec.where}`" if spec.where else "") + ".", "",
           "Tokens are the query + positive tokens of each exported sample as counted by the `tokens` stage "
           + (f"(tokenizer `{manifest['tokens']['tokenizer']}`)" if manifest.get("tokens", {}).get("tokenizer") else "")
           + (f"; {counts.rows_without_tokens:,} rows had no count (run `mlcurate tokens`)." if counts.rows_without_tokens else "."), ""]
    out += ["## Sources", ""]
    cols = ["source"] + (["dataset file"] if names else []) + ["license", "samples", "tokens", "URL", "evaluation datasets"]
    out += _table(cols, [[s] + ([names.get(s, s)] if names else []) + [
        meta.get(s, {}).get("license", "unknown"), f"{counts.by_source[s]:,}", _fmt(tok_src(s)), meta.get(s, {}).get("url") or "-",
        ", ".join(meta.get(s, {}).get("eval_datasets", [])) or "-"] for s in sources])
    cites = [(s, meta[s]["citation"]) for s in sources if meta.get(s, {}).get("citation")]
    if cites:
        out += ["", "Citations:", ""] + [line for s, c in cites for line in (f"- `{s}`:", "", "```", c.strip(), "```", "")]
    if left_out:
        out += ["", "Left out by the license policy " + json.dumps(manifest["licenses"]["policy"]) + ":", ""]
        out += [f"- `{s}` ({v['license']}): {v['reason']}" for s, v in left_out.items()]
    out += ["", "## Languages", ""]
    names_of = facts.get("language_names", {})
    out += _table(["language", "name", "samples", "tokens"],
                  [[l, names_of.get(l) or "-", f"{n:,}", _fmt(tok_lang(l))] for l, n in sorted(counts.by_lang.items(), key=lambda x: (-x[1], x[0]))])
    out += ["", "## Tasks", ""]
    out += _table(["task", "rows", "budget", "planned", "available"],
                  [[t.task, f"{counts.by_task.get(t.task, 0):,}", f"{t.budget:,}", f"{t.planned:,}", f"{t.available:,}"] for t in plan.tasks])
    out += ["", "## What each stage removed, and why", ""] + _removal_lines(facts.get("removals", {}), manifest)
    out += ["", "## Decontamination", ""] + _decont_lines(facts.get("decont", {"status": "not run"}))
    td = manifest.get("training_datasets", [])
    out += ["", "## Evaluation datasets these sources derive from", ""]
    if td:
        out += ["Paste into the model's MTEB entry (`mteb.ModelMeta(training_datasets=...)`, a set of mteb task names):", "",
                "```python", "training_datasets={" + ", ".join(json.dumps(d) for d in td) + "}", "```"]
    else:
        out += ["None declared (`eval_datasets:` in the source configs). An empty declaration is not a claim of zero overlap."]
    out += ["", "## How to reproduce it", "",
            f"`mlcurate mix {spec_file or '<spec.yaml>'}` over a workspace holding the input runs below gives identical shards "
            "(selection is seeded by hashing sample ids; checksums below).", "",
            f"- seed: {spec.seed}", f"- spec hash: `{manifest['spec_hash']}`", "", "Spec:", "", "```yaml",
            yaml.safe_dump(manifest["spec"], sort_keys=False, allow_unicode=True).rstrip(), "```", "", "Input runs:", ""]
    out += _table(["run_id", "stage", "config_hash"], [[r["run_id"], r["stage"], r["config_hash"] or "-"] for r in manifest["input_runs"]])
    out += ["", "Shards:", ""]
    out += _table(["file", "source", "rows", "sha256"], [[s["file"], s["source"], f"{s['rows']:,}", s["sha256"]] for s in manifest["shards"]])
    return "\n".join(out) + "\n"


def _removal_lines(rem: dict, manifest: dict) -> list[str]:
    lines = []
    q = rem.get("ingest", [])
    lines.append("- **ingest** (rows quarantined, never samples): " + (", ".join(f"{r['source']}: {r['rows']:,} {r['reason']}" for r in q) or "none"))
    l = rem.get("langid", [])
    lines.append("- **langid** (samples `samples_clean` leaves out: a text's status is in `langid.drop`): "
                 + (", ".join(f"{r['source']}: {r['samples']:,} {r['status']}" for r in l) or "none (or not run)"))
    d = rem.get("dedup", [])
    lines.append("- **dedup** (duplicates of a kept representative): "
                 + (", ".join(f"{r['source']}: {r['exact']:,} exact, {r['near']:,} near" for r in d) or "none (or not run)"))
    un = manifest.get("unusable_samples", {})
    lines.append("- **mix** (not selected by the plan: language temperature, caps, budgets; unusable samples have no positive): "
                 + ", ".join(f"{t}: {p['available']:,} available, {p['planned']:,} planned" for t, p in manifest.get("plan", {}).items())
                 + (f"; unusable {un}" if un else ""))
    if manifest.get("rows_left_out_for_negatives"):
        lines.append(f"- **codefuse layout** (rows without enough negatives, `pad_negatives: {manifest.get('pad_negatives')}`): "
                     + ", ".join(f"{d}: {n:,} left out, {manifest.get('negatives_padded', {}).get(d, 0):,} padded"
                                 for d, n in manifest["rows_left_out_for_negatives"].items()))
    if manifest.get("licenses", {}).get("left_out"):
        lines.append("- **license policy**: " + ", ".join(f"{s} ({v['reason']})" for s, v in manifest["licenses"]["left_out"].items()))
    return lines


def _decont_lines(dec: dict) -> list[str]:
    if dec.get("status") != "run":
        return [NOT_RUN + " (no `decont` run in this workspace; training samples were not checked against evaluation sets)."]
    if not dec["rows"]:
        return [f"decontamination: run `{dec['run_id']}`; no overlap reported for these sources."]
    cols = dec["columns"]
    return [f"decontamination: run `{dec['run_id']}` (view `decont_report`; contaminated samples are left out of `samples_clean`):", ""] + \
        _table(cols, [[r[c] for c in cols] for r in dec["rows"]])


def write_card(out_dir: Path, spec: MixSpec, plan, counts, manifest: dict, meta: dict, facts: dict, left_out: dict,
               names: dict[str, str] | None, spec_file: str) -> None:
    """licenses.json and DATACARD.md into the export's temporary folder (renamed into place with it)."""
    (out_dir / "licenses.json").write_text(json.dumps(licenses_json(spec, counts, meta, left_out, names), indent=2, ensure_ascii=False) + "\n")
    (out_dir / "DATACARD.md").write_text(datacard(spec, plan, counts, manifest, meta, facts, left_out, names, spec_file))
