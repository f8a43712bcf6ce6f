"""Mixtures: the language distribution before/after temperature sampling, and exported manifests."""

import streamlit as st

from dashboard import queries
from dashboard.common import workspace

root, fp = workspace()
st.title("Mixtures")

st.header("Temperature sampling")
st.caption("p(language) ∝ n^α over the samples per language: α = 1 keeps the corpus distribution, "
           "smaller α moves mass from large to small languages (α → 0: uniform).")
alpha = st.slider("α", min_value=0.0, max_value=1.0, value=0.3, step=0.05)
src = queries.sources(root, fp)
left, mid, right = st.columns([1, 2, 2])
kind = left.radio("languages", ["natural", "programming"], horizontal=True)
all_tasks = sorted({t for ts in src["tasks"].dropna() for t in ts.split(", ") if t})
tasks = mid.multiselect("tasks in the mixture (empty = all)", all_tasks)
sources = right.multiselect("sources in the mixture (empty = all)", sorted(src["source"]))
counts = queries.language_counts(root, fp, kind, tuple(tasks), tuple(sources))
dist = queries.temperature_sampling(counts, alpha)
if dist.empty:
    st.info(f"No {kind} languages with data yet.")
else:
    top = st.slider("languages shown in the chart", 5, max(5, len(dist)), min(40, max(5, len(dist))))
    st.bar_chart(dist.head(top).set_index("code")[["before", "after"]], stack=False, sort=False)  # largest first
    st.dataframe(dist, hide_index=True, width="stretch", column_config={
        "before": st.column_config.NumberColumn(format="%.5f"), "after": st.column_config.NumberColumn(format="%.5f"),
        "boost": st.column_config.NumberColumn(format="%.2fx")})

st.header("Exported mixtures")
manifests = queries.manifests(root, fp)
if not manifests:
    st.info("No mixture has been exported yet: the mix stage has not run "
            "(`mlcurate mix configs/mixtures/<name>.yaml` writes `mixtures/<name>/manifest.json`).")
for name, manifest in manifests.items():
    with st.expander(name, expanded=len(manifests) == 1):
        st.json(manifest)
