"""Sources: per source languages, tasks, license, quarantine and retention after each stage."""

import streamlit as st

from dashboard import queries
from dashboard.common import workspace

root, fp = workspace()
st.title("Sources")
src = queries.sources(root, fp)
st.dataframe(src, hide_index=True, width="stretch", column_config={
    "retention": st.column_config.ProgressColumn("kept after LID+dedup", min_value=0.0, max_value=1.0, format="%.2f")})
if not (queries.stage_has_run(root, "langid") or queries.stage_has_run(root, "dedup")):
    st.caption("Retention is 1.0 until the langid or dedup stage has run.")

st.subheader("Quarantined rows by reason")
reasons = queries.quarantine_reasons(root, fp)
if reasons.empty:
    st.success("No quarantined rows.")
else:
    st.dataframe(reasons, hide_index=True, width="stretch")

st.subheader("Recent runs")
st.dataframe(queries.runs(root, fp), hide_index=True, width="stretch")
