"""What the workspace holds: counts per language, source and task, and quarantine reasons."""

from .store import Workspace

QUERIES = {
    "summary": "SELECT * FROM coverage_summary",
    "tasks": "SELECT * FROM task_stats",
    "sources": "SELECT source, kind, license, samples, languages, tasks, quarantined FROM source_stats",
    "languages": """SELECT code, name, tier, samples, chars, tokens, sources FROM coverage
                    WHERE kind = 'natural' AND samples > 0 ORDER BY samples DESC, code""",
    "programming": """SELECT code, samples, chars, tokens, sources FROM coverage
                      WHERE kind = 'programming' AND samples > 0 ORDER BY samples DESC, code""",
    "missing": """SELECT code, name, tier FROM coverage WHERE target AND samples = 0 AND kind = 'natural'
                  ORDER BY CASE tier WHEN 'high' THEN 0 WHEN 'mid' THEN 1 ELSE 2 END, code""",
    "quarantine": "SELECT source, reason, rows, example_origin FROM quarantine_reasons",
}


def workspace_status(ws: Workspace) -> dict[str, tuple[list[str], list[tuple]]]:
    """Each section as (columns, rows)."""
    out = {}
    with ws.connect(read_only=True) as con:
        for name, sql in QUERIES.items():
            cur = con.execute(sql)
            out[name] = ([d[0] for d in cur.description], cur.fetchall())
    return out
