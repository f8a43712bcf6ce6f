"""Quality: LID confidence and mismatches, dedup retention and clusters, semantic duplicates, mined negatives; each
section says plainly when its stage has not run yet."""

import streamlit as st

from dashboard import queries
from dashboard.common import not_run, workspace

root, fp = workspace()
st.title("Quality")


def section(df, empty_note: str) -> None:
    if df is None:
        st.caption(empty_note)
    else:
        st.dataframe(df, hide_index=True, width="stretch")


st.header("Language identification")
if not queries.stage_has_run(root, "langid"):
    not_run("langid", queries.STAGES["langid"])
else:
    st.subheader("Statuses and their action")
    st.caption("`mismatch` drops a text only when the model is reliable for the declared language (or sure of its "
               "prediction); `close_relative` and `unreliable` are the model's known weaknesses and are kept.")
    section(queries.lid_statuses(root, fp), "The langid layer has no status column.")
    st.subheader("Drops by status and declared language (most drops first)")
    section(queries.lid_drops_by_language(root, fp), "The langid layer has no status column.")
    st.subheader("Declared vs predicted: mismatches, worst sources first")
    section(queries.lid_mismatches(root, fp), "The langid layer has no mismatch column.")
    st.subheader("LID confidence per declared language (least confident first)")
    section(queries.lid_confidence(root, fp), "The langid layer has no score column.")

st.header("Deduplication")
if not queries.stage_has_run(root, "dedup"):
    not_run("dedup", queries.STAGES["dedup"])
else:
    st.subheader("Retention per source")
    section(queries.dedup_retention(root, fp), "The dedup layer has no keep column.")
    st.subheader("Largest near-duplicate clusters")
    section(queries.dedup_clusters(root, fp), "The dedup layer has no cluster column.")

st.header("Semantic deduplication")
if not queries.stage_has_run(root, "semdedup"):
    not_run("semdedup", queries.STAGES["semdedup"])
else:
    kept = queries.semdedup_retention(root, fp)
    st.markdown(f"**{int(kept['removed'].sum()):,}** samples removed as `semantic-dup-of` (cosine to a kept "
                f"representative at or above `semdedup.threshold`); **{int(kept['no_embedding'].sum()):,}** not compared "
                "(`no-embedding`: no cached embedding).")
    section(kept, "The semdedup layer is empty.")
    st.subheader("Largest groups of semantic duplicates")
    section(queries.semdedup_groups(root, fp), "The semdedup layer is empty.")

st.header("Hard-negative mining")
if not queries.stage_has_run(root, "mine"):
    not_run("mine", queries.STAGES["mine"])
else:
    section(queries.mined_negatives(root, fp), "The mine layer is empty.")
    st.subheader("Mining filters: candidates removed and samples flagged")
    st.caption("Each candidate counts under the first rule that removed it; `rerank` and `positive_rank` are "
               "zero unless `mine.rerank` / `mine.consistency_top_k` are configured.")
    section(queries.mining_filters(root, fp), "The mine layer is empty.")
