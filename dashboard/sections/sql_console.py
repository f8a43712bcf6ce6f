"""SQL console: one read-only SELECT over the catalog, with a row limit, a timeout and CSV download."""

import streamlit as st

from dashboard import queries
from dashboard.common import workspace
from dashboard.console import QueryRefused, run_query

root, fp = workspace()
st.title("SQL console")
st.caption("Read-only: one SELECT over the catalog's tables and views. Writes, COPY, ATTACH, INSTALL/LOAD, "
           "SET/PRAGMA and file-reading functions are refused.")
with st.expander("tables and views"):
    st.write(", ".join(f"`{v}`" for v in queries.views(root, fp)))
sql = st.text_area("SQL", value="SELECT code, name, tier, samples FROM coverage WHERE samples > 0 ORDER BY samples DESC",
                   height=120, key="sql")
c1, c2 = st.columns(2)
limit = c1.number_input("row limit", min_value=1, max_value=100_000, value=1000, step=100)
timeout = c2.number_input("timeout (s)", min_value=1, max_value=120, value=10)
if st.button("Run", type="primary"):
    try:
        result = run_query(root, sql, limit=int(limit), timeout=float(timeout))
    except QueryRefused as e:
        st.error(f"Refused: {e}")
    else:
        st.caption(f"{len(result.frame)} rows" + (f" (truncated at the row limit {limit})" if result.truncated else ""))
        st.dataframe(result.frame, hide_index=True, width="stretch")
        st.download_button("Download CSV", result.frame.to_csv(index=False), file_name="query.csv", mime="text/csv")
