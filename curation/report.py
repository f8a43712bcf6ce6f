"""Terminal output of query results: aligned tables, CSV and JSON."""

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal


def _cell(v, width: int) -> str:
    if v is None:
        s = ""
    elif isinstance(v, float):
        s = f"{v:.4g}"
    elif isinstance(v, list):
        s = ",".join(map(str, v))
    else:
        s = str(v)
    s = s.replace("\n", "⏎")
    return s if len(s) <= width else s[: width - 1] + "…"


def format_table(columns: list[str], rows: list[tuple], max_width: int = 48) -> str:
    cells = [[_cell(v, max_width) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [all(isinstance(r[i], (int, float, Decimal)) or r[i] is None for r in rows) and rows for i in range(len(columns))]

    def line(values):
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out)


def format_csv(columns: list[str], rows: list[tuple]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(columns)
    w.writerows(rows)
    return buf.getvalue().rstrip("\n")


def _json_default(v):
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    return str(v)


def format_json(columns: list[str], rows: list[tuple]) -> str:
    return "\n".join(json.dumps(dict(zip(columns, r)), ensure_ascii=False, default=_json_default) for r in rows)
