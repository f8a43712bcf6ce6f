"""mlcurate dashboard: `mlcurate dashboard --workspace DIR` (or `streamlit run dashboard/app.py`
with $MLCURATE_WORKSPACE set). Pages only lay out; queries live in dashboard/queries.py."""

import sys
from pathlib import Path

# `streamlit run` puts only this folder on sys.path; the pages import the `dashboard` package.
REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import streamlit as st  # noqa: E402

from dashboard.db import CatalogBusy  # noqa: E402

# Not `pages/`: Streamlit would also list that folder as legacy multipage navigation.
PAGES = Path(__file__).resolve().parent / "sections"

st.set_page_config(page_title="mlcurate", layout="wide")
page = st.navigation([
    st.Page(PAGES / "coverage.py", title="Coverage", default=True),
    st.Page(PAGES / "sources.py", title="Sources"),
    st.Page(PAGES / "quality.py", title="Quality"),
    st.Page(PAGES / "mixtures.py", title="Mixtures"),
    st.Page(PAGES / "sql_console.py", title="SQL console"),
])
try:
    page.run()
except CatalogBusy as e:
    st.warning(f"{e}. The dashboard waits at most a few seconds for writers; reload the page when the command ends.")
