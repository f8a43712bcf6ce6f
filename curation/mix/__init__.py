"""The `mix` stage: a YAML mixture spec -> a plan -> balanced, deterministic training shards.

    spec.py       MixSpec: the validated YAML (budgets, temperature, floors/caps, negatives, ...)
    plan.py       availability per (task, language, source) from DuckDB -> planned counts
    tuples.py     SQL that turns samples into (query, passage, negatives) tuples (F2LLM style)
    export.py     shards in the F2LLM layout + manifest.json, streamed from DuckDB
    tokenized.py  the tokenized layout: query ids + one deduplicated corpus of passage ids
    stage.py      `mix(ws, spec)`: plan, print, export, record a `runs` row
"""
