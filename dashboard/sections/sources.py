"""Sources: per source languages, tasks, license, quarantine and retention after each stage."""

import streamlit as st

from dashboard import queries
from dashboard.common import workspace

root, fp = workspace()
st.title("Sources")
src = queries.sources(root, fp)
st.dataframe(src, hide_index=True, width="stretch", column_config={
    "retention": st.column_config.ProgressColumn("kept after LID+dedup", min_value=0.0, max_value=1.0, format="%.2f")})

st.subheader("Retention after each stage")
share = st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="%.3f")
retention = queries.stage_retention(root, fp)
st.dataframe(retention, hide_index=True, width="stretch",
             column_config={c: share for c in retention.columns if c != "source"})
for stage in ("langid", "dedup"):
    if not queries.stage_has_run(root, stage):
        st.caption(f"Stage {stage} has not run yet: no {stage} column.")

st.subheader("Quarantined rows by reason")
reasons = queries.quarantine_reasons(root, fp)
if reasons.empty:
    st.success("No quarantined rows.")
else:
    st.dataframe(reasons, hide_index=True, width="stretch")

st.subheader("Recent runs")
st.dataframe(queries.runs(root, fp), hide_index=True, width="stretch")
