"""Every query the dashboard pages show, as functions of explicit parameters.

`root` is the workspace folder and `fp` its `db.fingerprint`: results are cached per (root, fp),
so a page re-renders from memory until a command writes to the workspace. Pages only lay out.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from .db import connect
from .stats import file_stats

STAGES = {"langid": "mlcurate langid", "dedup": "mlcurate dedup", "decont": "mlcurate decont", "tokens": "mlcurate tokens",
          "semdedup": "mlcurate semdedup", "mine": "mlcurate mine"}


def _df(root: Path, sql: str, params: list | None = None) -> pd.DataFrame:
    with connect(root) as con:
        return con.execute(sql, params or []).df()


@st.cache_data(show_spinner=False, max_entries=16)
def views(root: Path, fp: str) -> list[str]:
    """Names of the catalog's views and tables."""
    return _df(root, "SELECT view_name AS name FROM duckdb_views() WHERE NOT internal "
                     "UNION SELECT table_name FROM duckdb_tables() ORDER BY 1")["name"].tolist()


def stage_has_run(root: Path, stage: str) -> bool:
    """A stage has run when its annotation layer holds a data file (not only `_empty.parquet`)."""
    layer = Path(root) / "annotations" / stage
    return layer.is_dir() and any(p.name != "_empty.parquet" for p in layer.rglob("*.parquet"))


def _clean_counts(root: Path) -> pd.DataFrame | None:
    """Per-language counts in `samples_clean`, or None while it is every sample (no filter ran)."""
    with connect(root) as con:
        sql = con.execute("SELECT sql FROM duckdb_views() WHERE view_name = 'samples_clean'").fetchone()
        if sql is None or " ".join(sql[0].split()).rstrip(";").upper().endswith("AS SELECT * FROM SAMPLES"):
            return None
        return con.execute("SELECT lang AS code, count(*) AS clean FROM samples_clean GROUP BY 1 UNION ALL "
                           "SELECT code_lang, count(*) FROM samples_clean WHERE code_lang IS NOT NULL GROUP BY 1").df()


def _token_counts(root: Path) -> pd.Series | None:
    """Tokens (query + positive) per language code from the `tokens` layer, or None before `mlcurate tokens` ran."""
    if not stage_has_run(root, "tokens"):
        return None
    with connect(root) as con:
        if not con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'language_tokens'").fetchone()[0]:
            return None
        return con.execute("SELECT code, sum(tokens)::BIGINT AS tokens FROM language_tokens GROUP BY code").df().set_index("code")["tokens"]


@st.cache_data(show_spinner=False, max_entries=16)
def coverage(root: Path, fp: str, thin: int = 25) -> pd.DataFrame:
    """One row per language (registry ∪ seen): samples, chars, tokens (NaN until the `tokens` stage
    has run), sources, tasks, clean share and a
    status: `missing` (target, no data), `thin` (target, fewer than `thin` samples), `ok`, `extra`
    (data but not a target). Natural languages count by `lang`, programming ones by `code_lang`."""
    stats = file_stats(root).to_pandas()
    nat = stats.rename(columns={"lang": "code"})
    prog = stats[stats["code_lang"].notna()].assign(code=lambda d: d["code_lang"])
    counts = (pd.concat([nat, prog]).groupby("code")
              .agg(samples=("samples", "sum"), chars=("chars", "sum"), sources=("source", "nunique"),
                   tasks=("task", lambda t: ", ".join(sorted(set(t))))).reset_index())
    langs = _df(root, "SELECT code, kind, name, tier, target, lat, lon FROM languages")
    df = langs.merge(counts, on="code", how="outer")
    df["kind"] = df["kind"].where(df["kind"].notna(), np.where(df["code"].str.contains("_"), "natural", "programming"))
    df["target"] = df["target"].fillna(False).astype(bool)
    df[["samples", "chars", "sources"]] = df[["samples", "chars", "sources"]].fillna(0).astype("int64")
    df["tasks"] = df["tasks"].fillna("")
    tokens = _token_counts(root)
    df["tokens"] = np.nan if tokens is None else df["code"].map(tokens).astype("float64")
    clean = _clean_counts(root)
    df["clean"] = df["samples"] if clean is None else df["code"].map(clean.groupby("code")["clean"].sum()).fillna(0).astype("int64")
    df["clean_share"] = np.where(df["samples"] > 0, df["clean"] / df["samples"].clip(lower=1), np.nan)
    df["status"] = np.select([df["target"] & (df["samples"] == 0), df["target"] & (df["samples"] < thin), ~df["target"] & (df["samples"] > 0)],
                             ["missing", "thin", "extra"], "ok")
    cols = ["code", "name", "kind", "tier", "target", "status", "samples", "chars", "tokens", "sources", "tasks", "clean", "clean_share", "lat", "lon"]
    return df[cols].sort_values(["samples", "code"], ascending=[False, True]).reset_index(drop=True)


def coverage_summary(cov: pd.DataFrame) -> pd.DataFrame:
    """Per kind: languages with data, target languages, targets missing / thin, samples."""
    g = cov.groupby("kind")
    return pd.DataFrame({
        "languages_with_data": g.apply(lambda d: int((d["samples"] > 0).sum())),
        "target_languages": g["target"].sum().astype(int),
        "target_missing": g.apply(lambda d: int((d["status"] == "missing").sum())),
        "target_thin": g.apply(lambda d: int((d["status"] == "thin").sum())),
        "samples": g["samples"].sum(),
    }).reset_index()


def samples_by_tier(cov: pd.DataFrame) -> pd.DataFrame:
    """Natural-language samples per tier (high/mid/low/unregistered)."""
    nat = cov[cov["kind"] == "natural"].assign(tier=lambda d: d["tier"].fillna("unregistered"))
    return nat.groupby("tier", as_index=False).agg(samples=("samples", "sum"), languages=("code", "count"))


@st.cache_data(show_spinner=False, max_entries=16)
def sources(root: Path, fp: str) -> pd.DataFrame:
    """Per source: kind, license, samples, languages, tasks, quarantined rows, and the samples kept
    after each stage that has run (`clean` when LID/dedup filtered anything)."""
    stats = file_stats(root).to_pandas()
    per = (stats.groupby("source").agg(samples=("samples", "sum"), languages=("lang", "nunique"),
                                       tasks=("task", lambda t: ", ".join(sorted(set(t))))).reset_index())
    with connect(root) as con:
        meta = con.execute("SELECT name AS source, kind, license, task AS configured_task, last_run_id, updated_at FROM sources").df()
        quar = con.execute("SELECT source, count(*) AS quarantined FROM quarantine GROUP BY 1").df()
        clean = None if _clean_counts(root) is None else con.execute(
            "SELECT source, count(*) AS clean FROM samples_clean GROUP BY 1").df()
    df = meta.merge(per, on="source", how="outer").merge(quar, on="source", how="left")
    df[["samples", "languages", "quarantined"]] = df[["samples", "languages", "quarantined"]].fillna(0).astype("int64")
    df["clean"] = df["samples"] if clean is None else df["source"].map(clean.set_index("source")["clean"]).fillna(0).astype("int64")
    df["retention"] = np.where(df["samples"] > 0, df["clean"] / df["samples"].clip(lower=1), np.nan)
    return df.sort_values("samples", ascending=False).reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=16)
def stage_retention(root: Path, fp: str) -> pd.DataFrame:
    """Per source, the share kept after each stage that has run: ingest (samples / (samples +
    quarantined rows)), langid (not a declared-vs-predicted mismatch), dedup (keep flag), and
    all filters together (`samples_clean`). Stages that have not run have no column."""
    src = sources(root, fp)
    out = pd.DataFrame({"source": src["source"],
                        "ingest": src["samples"] / (src["samples"] + src["quarantined"]).clip(lower=1)})
    lid = lid_mismatches(root, fp) if stage_has_run(root, "langid") else None
    if lid is not None:
        out["langid"] = out["source"].map(1 - lid.set_index("source")["mismatch_rate"])
    dedup = dedup_retention(root, fp) if stage_has_run(root, "dedup") else None
    if dedup is not None:
        out["dedup"] = out["source"].map(dedup.set_index("source")["retention"])
    out["all filters"] = src["retention"].values
    return out


@st.cache_data(show_spinner=False, max_entries=16)
def quarantine_reasons(root: Path, fp: str) -> pd.DataFrame:
    return _df(root, "SELECT * FROM quarantine_reasons")


@st.cache_data(show_spinner=False, max_entries=16)
def runs(root: Path, fp: str) -> pd.DataFrame:
    """Recent runs, newest first."""
    return _df(root, "SELECT run_id, stage, status, started_at, seconds, counts FROM runs ORDER BY started_at DESC LIMIT 50")


@st.cache_data(show_spinner=False, max_entries=16)
def layer_columns(root: Path, fp: str, stage: str) -> list[str]:
    """Columns of an annotation layer (empty when it has not run)."""
    if not stage_has_run(root, stage):
        return []
    return _df(root, f"DESCRIBE SELECT * FROM read_parquet('annotations/{stage}/**/*.parquet', union_by_name = true)")["column_name"].tolist()


def _pick(columns: list[str], *words: str) -> str | None:
    """The first column whose name contains one of `words` (layers are built by other stages;
    the page adapts to their column names)."""
    for w in words:
        for c in columns:
            if w in c.lower():
                return c
    return None


@st.cache_data(show_spinner=False, max_entries=16)
def lid_confidence(root: Path, fp: str) -> pd.DataFrame | None:
    """Mean/p10 LID score per declared language, lowest first (None if the layer has no score)."""
    score = _pick(layer_columns(root, fp, "langid"), "score", "confidence", "prob")
    if score is None:
        return None
    return _df(root, f"""SELECT s.lang, count(*) AS samples, avg(a."{score}") AS mean_score,
               quantile_cont(a."{score}", 0.1) AS p10_score
        FROM read_parquet('annotations/langid/**/*.parquet', union_by_name = true) a
        JOIN samples s USING (sample_id) GROUP BY 1 ORDER BY mean_score""")


@st.cache_data(show_spinner=False, max_entries=16)
def lid_mismatches(root: Path, fp: str) -> pd.DataFrame | None:
    """Declared-vs-predicted mismatch rate per source, worst first (None without a mismatch column)."""
    flag = _pick(layer_columns(root, fp, "langid"), "mismatch")
    if flag is None:
        return None
    return _df(root, f"""SELECT s.source, count(*) AS annotated, count(*) FILTER (WHERE a."{flag}") AS mismatches,
               mismatches / count(*) AS mismatch_rate
        FROM read_parquet('annotations/langid/**/*.parquet', union_by_name = true) a
        JOIN samples s USING (sample_id) GROUP BY 1 ORDER BY mismatch_rate DESC""")


# LID statuses on the Quality page, in this order: the model-judged drops (`mismatch`), the
# script-judged ones, then what the policy keeps on purpose (close relatives, weak models).
LID_STATUS_ORDER = ("mismatch", "script_mismatch", "unlisted_script", "mixed_script", "close_relative", "unreliable",
                    "unsupported", "low_confidence", "too_short", "undeclared", "match")


def _lid_status_columns(root: Path, fp: str) -> bool:
    cols = layer_columns(root, fp, "langid")
    return "status" in cols and "passed" in cols


@st.cache_data(show_spinner=False, max_entries=16)
def lid_statuses(root: Path, fp: str) -> pd.DataFrame | None:
    """Texts per LID status and its action in this run (`dropped`: samples_clean excludes it), in
    LID_STATUS_ORDER (None when the layer has no status/passed columns)."""
    if not _lid_status_columns(root, fp):
        return None
    df = _df(root, """SELECT status, count(*) AS texts, count(DISTINCT sample_id) AS samples,
               CASE WHEN bool_and(passed) THEN 'kept' WHEN NOT bool_or(passed) THEN 'dropped' ELSE 'mixed' END AS action
        FROM read_parquet('annotations/langid/**/*.parquet', union_by_name = true) GROUP BY 1""")
    order = {s: i for i, s in enumerate(LID_STATUS_ORDER)}
    return df.sort_values("status", key=lambda c: c.map(lambda s: order.get(s, len(order)))).reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=16)
def lid_drops_by_language(root: Path, fp: str) -> pd.DataFrame | None:
    """Per declared language: texts judged, texts dropped, and one column per status that is not
    `match` (close_relative and unreliable apart from mismatch), most drops first."""
    if not _lid_status_columns(root, fp):
        return None
    long = _df(root, """SELECT a.declared AS lang, a.status, count(*) AS n, count(*) FILTER (WHERE NOT a.passed) AS dropped
        FROM read_parquet('annotations/langid/**/*.parquet', union_by_name = true) a
        WHERE a.declared IS NOT NULL GROUP BY 1, 2""")
    if long.empty:
        return None
    wide = long.pivot_table(index="lang", columns="status", values="n", aggfunc="sum", fill_value=0)
    statuses = [s for s in LID_STATUS_ORDER if s != "match"]
    wide = wide.reindex(columns=statuses, fill_value=0)
    totals = long.groupby("lang").agg(texts=("n", "sum"), dropped=("dropped", "sum"))
    out = totals.join(wide).reset_index()
    out["drop_rate"] = out["dropped"] / out["texts"]
    cols = ["lang", "texts", "dropped", "drop_rate", *statuses]
    return out[cols].sort_values(["dropped", "lang"], ascending=[False, True]).reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=16)
def dedup_retention(root: Path, fp: str) -> pd.DataFrame | None:
    """Kept share per source (None without a keep column)."""
    keep = _pick(layer_columns(root, fp, "dedup"), "keep")
    if keep is None:
        return None
    return _df(root, f"""SELECT s.source, count(*) AS annotated, count(*) FILTER (WHERE a."{keep}") AS kept,
               kept / count(*) AS retention
        FROM read_parquet('annotations/dedup/**/*.parquet', union_by_name = true) a
        JOIN samples s USING (sample_id) GROUP BY 1 ORDER BY retention""")


@st.cache_data(show_spinner=False, max_entries=16)
def dedup_clusters(root: Path, fp: str, top: int = 20) -> pd.DataFrame | None:
    """The `top` largest near-duplicate clusters with an example query (None without a cluster column)."""
    cluster = _pick(layer_columns(root, fp, "dedup"), "cluster")
    if cluster is None:
        return None
    return _df(root, f"""SELECT a."{cluster}" AS cluster, count(*) AS size, count(DISTINCT s.lang) AS languages,
               any_value(left(s.query, 160)) AS example
        FROM read_parquet('annotations/dedup/**/*.parquet', union_by_name = true) a
        JOIN samples s USING (sample_id) WHERE a."{cluster}" IS NOT NULL
        GROUP BY 1 HAVING count(*) > 1 ORDER BY size DESC LIMIT {int(top)}""")


@st.cache_data(show_spinner=False, max_entries=16)
def semdedup_retention(root: Path, fp: str) -> pd.DataFrame | None:
    """Per source: samples annotated, semantic duplicates, removed, not compared (no embedding)."""
    if not stage_has_run(root, "semdedup"):
        return None
    return _df(root, """SELECT s.source, count(*) AS annotated, count(*) FILTER (WHERE a.duplicate) AS semantic_duplicates,
               count(*) FILTER (WHERE NOT a.keep) AS removed, count(*) FILTER (WHERE a.reason = 'no-embedding') AS no_embedding,
               count(*) FILTER (WHERE a.keep) / count(*) AS retention
        FROM read_parquet('annotations/semdedup/**/*.parquet', union_by_name = true) a
        JOIN samples s USING (sample_id) GROUP BY 1 ORDER BY retention""")


@st.cache_data(show_spinner=False, max_entries=16)
def semdedup_groups(root: Path, fp: str, top: int = 20) -> pd.DataFrame | None:
    """The `top` largest groups of semantic duplicates: size, least similarity, the kept query and a removed one."""
    if not stage_has_run(root, "semdedup"):
        return None
    return _df(root, f"""SELECT a.cluster_id AS group_id, count(*) AS size, min(a.similarity) AS min_cosine,
               any_value(left(s.query, 120)) FILTER (WHERE NOT a.duplicate) AS kept_query,
               any_value(left(s.query, 120)) FILTER (WHERE a.duplicate) AS duplicate_query
        FROM read_parquet('annotations/semdedup/**/*.parquet', union_by_name = true) a
        JOIN samples s USING (sample_id) WHERE a.cluster_size > 1
        GROUP BY 1 ORDER BY size DESC, group_id LIMIT {int(top)}""")


@st.cache_data(show_spinner=False, max_entries=16)
def mined_negatives(root: Path, fp: str) -> pd.DataFrame | None:
    """Mined negatives per language with the mean score gap, when the layer has score columns."""
    cols = layer_columns(root, fp, "mine")
    if not cols:
        return None
    neg = _pick(cols, "negatives")
    gap = _pick(cols, "gap", "margin")
    count = f'sum(len(a."{neg}"))' if neg else "count(*)"
    gap_sql = f', avg(a."{gap}") AS mean_score_gap' if gap else ""
    return _df(root, f"""SELECT s.lang, count(*) AS samples, {count} AS negatives{gap_sql}
        FROM read_parquet('annotations/mine/**/*.parquet', union_by_name = true) a
        JOIN samples s USING (sample_id) GROUP BY 1 ORDER BY samples DESC""")


# Every mining filter: (column in the mine layer, what it counts, what it means).
MINING_FILTERS = [
    ("dropped_skip_top", "candidates", "raw retrieval rank within mine.filter.skip_top"),
    ("dropped_duplicate", "candidates", "the positive, a normalised copy of it or of the query, or in its dedup cluster"),
    ("dropped_other_positive", "candidates", "the positive of another sample with the same query"),
    ("dropped_max_score", "candidates", "bi-encoder score >= mine.filter.max_score"),
    ("dropped_relative", "candidates", "bi-encoder score >= mine.filter.relative x the positive's"),
    ("dropped_rerank", "candidates", "cross-encoder (mine.rerank) scores it a likely false negative"),
]


@st.cache_data(show_spinner=False, max_entries=16)
def mining_filters(root: Path, fp: str) -> pd.DataFrame | None:
    """One row per mining filter: what it removed (candidates) or flagged (samples), from the mine
    layer; filters whose column the layer lacks (written by an older version) are left out."""
    cols = set(layer_columns(root, fp, "mine"))
    if not cols:
        return None
    rows = [(f"'{c.removeprefix('dropped_')}'", f"'{unit}'", f"coalesce(sum({c}), 0)", "'" + why.replace("'", "''") + "'")
            for c, unit, why in MINING_FILTERS if c in cols]
    if "flag" in cols:
        rows.append(("'positive_rank'", "'samples'", "count(*) FILTER (WHERE flag = 'positive_rank')",
                     "'positive outside mine.consistency_top_k of its own retrieval (flagged)'"))
        rows.append(("'positive_rank (left out)'", "'samples'", "count(*) FILTER (WHERE keep = false)",
                     "'flagged and left out of samples_clean (mine.consistency_drop)'"))
    body = " UNION ALL ".join(f"SELECT {i} AS i, {f} AS filter, {u} AS unit, ({n})::BIGINT AS removed, {w} AS meaning FROM m"
                              for i, (f, u, n, w) in enumerate(rows))
    return _df(root, "WITH m AS (SELECT * FROM read_parquet('annotations/mine/**/*.parquet', union_by_name = true)) "
                     f"SELECT * EXCLUDE (i) FROM ({body}) ORDER BY i")


@st.cache_data(show_spinner=False, max_entries=16)
def manifests(root: Path, fp: str) -> dict[str, dict]:
    """Exported mixtures: {name: manifest.json contents} from `mixtures/*/manifest.json`."""
    out = {}
    for path in sorted((Path(root) / "mixtures").glob("*/manifest.json")):
        try:
            out[path.parent.name] = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError) as e:
            out[path.parent.name] = {"error": f"cannot read {path}: {e}"}
    return out


@st.cache_data(show_spinner=False, max_entries=16)
def language_counts(root: Path, fp: str, kind: str, tasks: tuple[str, ...] = (), sources: tuple[str, ...] = ()) -> pd.Series:
    """Samples per language (natural: `lang`, programming: `code_lang`) restricted to `tasks` and
    `sources` (empty = all): the input of a mixture spec's temperature sampling."""
    stats = file_stats(root).to_pandas()
    if tasks:
        stats = stats[stats["task"].isin(tasks)]
    if sources:
        stats = stats[stats["source"].isin(sources)]
    key = "lang" if kind == "natural" else "code_lang"
    return stats.dropna(subset=[key]).groupby(key)["samples"].sum().rename_axis("code")


def temperature_sampling(counts: pd.Series, alpha: float) -> pd.DataFrame:
    """Language distribution before (p ∝ n) and after temperature sampling (p ∝ n^alpha).

    alpha = 1 keeps the natural distribution, alpha → 0 tends to uniform over languages with
    data. Returns code, samples, before, after, boost (= after / before), largest first."""
    n = counts[counts > 0].astype(float)
    before = n / n.sum()
    weights = n ** alpha
    after = weights / weights.sum()
    df = pd.DataFrame({"code": n.index, "samples": n.astype("int64").values, "before": before.values, "after": after.values})
    df["boost"] = df["after"] / df["before"]
    return df.sort_values("samples", ascending=False).reset_index(drop=True)
