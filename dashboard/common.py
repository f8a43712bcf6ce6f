"""What every page does first: find the workspace and its fingerprint, or explain why not."""

from pathlib import Path

import streamlit as st

from .db import fingerprint, workspace_from_env


def workspace() -> tuple[Path, str]:
    """(workspace root, fingerprint); stops the page with a message when there is no catalog."""
    root = workspace_from_env()
    if not (root / "catalog.duckdb").exists():
        st.error(f"No workspace at `{root}`. Create one with `mlcurate quickstart --workspace {root}`, "
                 "then start the dashboard with `mlcurate dashboard --workspace DIR`.")
        st.stop()
    st.sidebar.caption(f"workspace: `{root}`")
    return root, fingerprint(root)


def not_run(stage: str, command: str) -> None:
    """The plain message a page shows for a stage whose layer does not exist yet."""
    st.info(f"Stage **{stage}** has not run yet: run `{command}` (or `mlcurate run configs/pipeline.yaml`) "
            "and reload this page.")
