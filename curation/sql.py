"""Read-only SQL over the catalog: the views in sql/views/ over the Parquet layers."""

import duckdb

from .errors import MlcurateError
from .store import Workspace


class QueryError(MlcurateError):
    pass


def run_query(ws: Workspace, text: str, limit: int = 1000) -> tuple[list[str], list[tuple], bool]:
    """Run `text` on a read-only connection; returns (columns, rows, truncated)."""
    with ws.require().connect(read_only=True) as con:
        try:
            cur = con.execute(text)
        except duckdb.Error as e:
            raise QueryError(f"{type(e).__name__}: {e}\n  hint: tables/views: runs, sources, languages, samples, samples_clean, "
                             "quarantine, quarantine_reasons, coverage, coverage_summary, source_stats, task_stats, "
                             "langid, lid_confidence, lid_mismatches, lid_mismatch_sources, lid_unsupported") from None
        if cur.description is None:
            return [], [], False
        columns = [d[0] for d in cur.description]
        rows = cur.fetchmany(limit + 1) if limit > 0 else cur.fetchall()
    truncated = limit > 0 and len(rows) > limit
    return columns, rows[:limit] if limit > 0 else rows, truncated
