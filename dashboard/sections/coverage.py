"""Coverage: which languages we have, how much, how clean, against the target registry."""

import time

import streamlit as st

from dashboard import queries
from dashboard.common import workspace

started = time.perf_counter()
root, fp = workspace()
st.title("Coverage")
thin = st.sidebar.number_input("thin below (samples)", min_value=1, value=25, step=5,
                               help="target languages with fewer samples are flagged `thin`")
cov = queries.coverage(root, fp, int(thin))
summary = queries.coverage_summary(cov)

nat = cov[cov["kind"] == "natural"]
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("languages with data", int((cov["samples"] > 0).sum()))
c2.metric("target languages", int(cov["target"].sum()))
c3.metric("targets missing", int((cov["status"] == "missing").sum()))
c4.metric("targets thin", int((cov["status"] == "thin").sum()))
c5.metric("tokens", f"{int(nat['tokens'].sum()):,}" if nat["tokens"].notna().any() else "not counted",
          help="query + positive tokens of natural-language samples (`mlcurate tokens`)")

COLUMNS = {
    "samples": st.column_config.NumberColumn(format="%d"),
    "chars": st.column_config.NumberColumn(format="%d"),
    "tokens": st.column_config.NumberColumn(format="%d", help="query + positive tokens (`mlcurate tokens`; empty until it has run)"),
    "clean_share": st.column_config.ProgressColumn("share after LID+dedup", min_value=0.0, max_value=1.0, format="%.2f"),
}


def filtered(df):
    """Apply the search box and the status/tier filters of this page to `df`."""
    left, mid, right = st.columns([2, 2, 2])
    text = left.text_input("search code or name", key="search")
    statuses = mid.multiselect("status", ["missing", "thin", "ok", "extra"], key="status")
    tiers = right.multiselect("tier", sorted(df["tier"].dropna().unique()), key="tier")
    if text:
        df = df[df["code"].str.contains(text, case=False) | df["name"].fillna("").str.contains(text, case=False)]
    if statuses:
        df = df[df["status"].isin(statuses)]
    if tiers:
        df = df[df["tier"].isin(tiers)]
    return df


tab_nat, tab_prog, tab_missing, tab_tier, tab_map = st.tabs(
    ["Natural languages", "Programming languages", "Missing targets", "By tier", "World map"])
with tab_nat:
    shown = filtered(nat)
    st.caption(f"{len(shown)} of {len(nat)} natural languages; click a column header to sort.")
    st.dataframe(shown.drop(columns=["kind", "lat", "lon"]), hide_index=True, column_config=COLUMNS, width="stretch")
with tab_prog:
    prog = cov[cov["kind"] == "programming"]
    # The registry names every language GitHub linguist knows (so any detector output has a
    # row); the ones that are neither targets nor in the data would bury the rest.
    shown = prog[prog["target"] | (prog["samples"] > 0)].sort_values(["samples", "code"], ascending=[False, True])
    st.caption(f"{int((prog['samples'] > 0).sum())} programming languages have data, {int(prog['target'].sum())} targets "
               f"({len(prog) - len(shown)} other registry languages without data not shown). A code folder's "
               "language comes from the file's content (views code_lid, code_file_outcomes).")
    st.dataframe(shown.drop(columns=["kind", "tier", "lat", "lon"]), hide_index=True, column_config=COLUMNS, width="stretch")
with tab_missing:
    missing = cov[cov["status"].isin(["missing", "thin"])].sort_values(["status", "samples", "code"])
    st.caption("Target languages with no data (`missing`) or fewer samples than the threshold (`thin`).")
    st.dataframe(missing[["code", "name", "kind", "tier", "status", "samples"]], hide_index=True, width="stretch")
with tab_tier:
    by_tier = queries.samples_by_tier(cov)
    st.bar_chart(by_tier, x="tier", y="samples")
    st.dataframe(summary, hide_index=True)
with tab_map:
    located = nat[nat["lat"].notna() & (nat["samples"] > 0)]
    st.caption("Coordinates: configs/languages.csv (lat/lon per language, taken from the UDHR corpus "
               "metadata by configs/build_languages.py). Dot size grows with log(samples).")
    st.map(located.assign(size=lambda d: 20000 + 15000 * d["samples"].clip(lower=1).map(lambda n: n.bit_length())),
           latitude="lat", longitude="lon", size="size")

st.caption(f"page computed in {time.perf_counter() - started:.2f} s")
