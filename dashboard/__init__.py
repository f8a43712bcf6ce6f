"""Streamlit dashboard over a workspace catalog (read-only). Start it with `mlcurate dashboard`."""
