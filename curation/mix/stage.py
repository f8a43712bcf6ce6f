"""`mix`: plan a mixture from the catalog, print the plan, and (unless dry-run) export it.

Output: `mixtures/<name>/shard-<source>-<n>.parquet` + `manifest.json` + `DATACARD.md` +
`licenses.json` (mix/card.py) (+ `tokenized/` given a tokenizer). A spec's `licenses:` policy
leaves sources out before planning; `total_tokens` plans in tokens (mix/plan.py). The shards of each source are written by the configured executor's tasks (whole
sources per task) and the driver merges their counts into the manifest. The folder is written under a temporary name and renamed into place when complete; an
existing mixture of the same name is replaced only then.

Memory: the driver plans over a DuckDB connection held to `_PLAN_MEMORY` (spilling to the
workspace's `.staging/`); the export keeps the spec's `memory_limit` and runs on the executor's
tasks. Where the local executor forks workers but the export is one task (one source; or the
codefuse layout, whose files span sources), datatrove would run that task in the driver, so it runs
in a spawned child instead (`runner.in_child`): the driver's peak RSS (one source, 100,000 rows
exported) went from 2,110 MB to 381-396 MB at 2M samples (`python -u benchmarks/pipeline_bench.py
--samples 2000000 --mine-subset 4000 --configs local-2 --stages mix --keep DIR`, before and after,
on a DIR where `--stages ingest,langid,dedup` ran), from 828 MB to 213 MB at 500k (`--samples
500000`), shards identical.
"""

import contextlib
import json
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import ExecutorConfig
from ..contract import StageContext, StageCounts, StageResult
from ..errors import ConfigError, MlcurateError
from ..lifecycle import crash_point
from ..runner import forks_workers, in_child, make_executor, run_executor, threads
from ..store import Workspace, replace_folder
from .config import MixStageConfig
from .card import catalog_facts, license_left_out, source_meta, training_datasets, write_card
from .export import ExportCounts, ExportSources, register_cells
from .plan import Cell, Plan, make_plan
from .spec import MixSpec, load_spec
from .tuples import availability_sql, capped_sources_sql

INPUT_STAGES_EXCLUDED = ("mix", "sql", "status", "init")
IN_PROCESS = ExecutorConfig(kind="local", tasks=1, workers=1)
_PLAN_MEMORY = "512MB"  # DuckDB budget of the driver's planning queries (the export keeps the spec's memory_limit)


@contextlib.contextmanager
def planning_connection(ws: Workspace):
    """The driver's read-only catalog connection: its DuckDB held to `_PLAN_MEMORY` and this
    process's CPU share (`runner.threads()`), spilling to the workspace's staging beyond it (the
    planning queries group the whole view, joined with every annotation layer)."""
    spill = ws.staging / f"mix-plan-{uuid.uuid4().hex[:8]}"
    spill.mkdir(parents=True, exist_ok=True)
    try:
        with ws.connect(read_only=True) as con:
            con.execute(f"SET memory_limit = '{_PLAN_MEMORY}'; SET temp_directory = '{spill}'; SET threads = {threads()}")
            yield con
    finally:
        shutil.rmtree(spill, ignore_errors=True)


def view_exists(con, name: str) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [name]).fetchone()[0] > 0


def check_view(con, spec: MixSpec, file: str) -> None:
    if not view_exists(con, spec.view):
        raise ConfigError(f"view '{spec.view}' does not exist in the catalog", file=file, key="view",
                          fix="use samples_clean (default) or samples; list views with: mlcurate sql \"SELECT view_name FROM duckdb_views() WHERE NOT internal\"")


def mined_available(con, spec: MixSpec, file: str, echo: Callable[[str], None]) -> bool:
    """Whether mined negatives can be joined; `mined` without them fails, `both` falls back."""
    if spec.negatives == "source":
        return False
    # The view exists in every workspace (the mine layer has an _empty.parquet): mined negatives
    # are there once it has a row.
    if view_exists(con, "mined_negatives") and con.execute("SELECT count(*) FROM (SELECT 1 FROM mined_negatives LIMIT 1)").fetchone()[0]:
        return True
    if spec.negatives == "mined":
        raise ConfigError("negatives: mined, but the view `mined_negatives` does not exist or is empty (the mine stage has not run)",
                          file=file, key="negatives", fix="run `mlcurate mine` first, or use `negatives: source` or `both`")
    echo("note: negatives: both, but no mined negatives exist yet (view mined_negatives); using source negatives only")
    return False


def read_cells(con, spec: MixSpec, file: str) -> list[Cell]:
    try:
        rows = con.execute(availability_sql(spec, tokens=view_exists(con, "tokens"))).fetchall()
    except Exception as e:  # a user's `where` that DuckDB rejects
        raise ConfigError(f"the query over view '{spec.view}' failed: {e}".splitlines()[0], file=file, key="where",
                          fix="check the SQL filter against the view's columns (mlcurate sql \"DESCRIBE samples_clean\")") from None
    return [Cell(*r) for r in rows]


def plan_rows(plan: Plan) -> tuple[list[str], list[tuple]]:
    cols = ["task", "lang", "available", "unusable", "share %", "target", "planned", "upsampling", "changed by"]
    rows = [(t.task, lp.lang, lp.available, lp.unusable, f"{100 * lp.share:.2f}", f"{lp.target:.1f}", lp.planned,
             f"{lp.upsampling:.2f}x", lp.changed_by) for t in plan.tasks for lp in t.languages]
    return cols, rows


def plan_summary(plan: Plan) -> list[str]:
    lines = []
    for t in plan.tasks:
        changed = {}
        for lp in t.languages:
            if lp.changed_by:
                changed[lp.changed_by] = changed.get(lp.changed_by, 0) + 1
        if t.token_budget is not None:
            lines.append(f"  {t.task}: token budget {t.token_budget:,} -> sample budget {t.budget:,} (planned tokens {t.planned_tokens:,.0f})")
        short = f" (short of the budget by {t.budget - t.planned:,}: bounds/availability)" if t.planned < t.budget else ""
        over = f" (floors exceed the budget by {t.planned - t.budget:,})" if t.planned > t.budget else ""
        lines.append(f"  {t.task}: budget {t.budget:,}, planned {t.planned:,}{short}{over} from {t.available:,} usable samples in "
                     f"{sum(1 for lp in t.languages if lp.planned):,} languages; bounds hit: "
                     f"{', '.join(f'{k} {v}' for k, v in sorted(changed.items())) or 'none'}"
                     + (f"; {t.unusable:,} samples without a positive (not exported)" if t.unusable else ""))
    per_source: dict[str, int] = {}
    for _, _, source, k in plan.cells():
        per_source[source] = per_source.get(source, 0) + k
    lines.append("  per source: " + ", ".join(f"{s} {k:,}" for s, k in sorted(per_source.items())))
    for task, n in plan.skipped_tasks.items():
        lines.append(f"  {task}: {n:,} usable samples left out (no budget for this task)")
    return lines


def print_plan(plan: Plan, echo: Callable[[str], None], full: bool) -> None:
    from ..report import format_table

    if full:
        echo(format_table(*plan_rows(plan)))
    echo(f"plan: {plan.planned:,} rows")
    for line in plan_summary(plan):
        echo(line)


def input_runs(con) -> list[dict]:
    rows = con.execute(
        f"SELECT run_id, stage, config_hash FROM runs WHERE status = 'ok' AND stage NOT IN {INPUT_STAGES_EXCLUDED} ORDER BY started_at, run_id"
    ).fetchall()
    return [{"run_id": r, "stage": s, "config_hash": c} for r, s, c in rows]


def mix(ws: Workspace, spec: MixSpec, *, spec_file: str = "", dry_run: bool = False, force: bool = False,
        echo: Callable[[str], None] = print, full_plan: bool = True, executor: ExecutorConfig | None = None) -> dict:
    """Plan `spec` over the workspace; print the plan; unless `dry_run`, export it on `executor`'s
    tasks (default: one task in this process; the pipeline passes its configured executor). Returns counts."""
    ws.require()
    with planning_connection(ws) as con:
        check_view(con, spec, spec_file)
        mined = mined_available(con, spec, spec_file, echo)
        cells = read_cells(con, spec, spec_file)
        meta = source_meta(con)
        left_out = license_left_out(spec, sorted({c.source for c in cells}), meta)
        cells = [c for c in cells if c.source not in left_out]
        check_tokens(spec, cells, spec_file)
        plan = make_plan(spec, cells)
        inputs = input_runs(con)
        capped = con.execute(capped_sources_sql(spec)).fetchall() if spec.source_cap else []
        planned_sources = sorted({s for _, _, s, _ in plan.cells()})
        facts = catalog_facts(con, planned_sources)
        facts["tokenizer"] = con.execute("SELECT any_value(tokenizer) FROM tokens").fetchone()[0] if view_exists(con, "tokens") else None
    names = None
    if spec.layout == "codefuse":  # before the plan is printed: an unknown dataset name is the first thing to see
        from .codefuse import dataset_names

        names = dataset_names(spec, sorted({(s, t) for t, _, s, _ in plan.cells()}), spec_file)
    print_plan(plan, echo, full_plan)
    if spec.licenses is not None:
        echo(f"  licenses (allow {spec.licenses.allow or 'any known'}, deny {spec.licenses.deny or 'none'}): "
             + (f"{len(left_out)} sources left out" + "".join(f"\n    {s}: {v['reason']}" for s, v in left_out.items())
                if left_out else "every source passes"))
    if spec.source_cap:
        echo(f"  source_cap {spec.source_cap:,}: {len(capped)} sources trimmed, {sum(u - k for _, u, k in capped):,} usable samples "
             "left out (seeded hash order)" + "".join(f"\n    {s}: {u:,} -> {k:,}" for s, u, k in capped[:20])
             + (f"\n    ... {len(capped) - 20} more" if len(capped) > 20 else ""))
    if names is not None:
        renamed = {s: n for s, n in names.items() if s != n}
        echo(f"  layout codefuse: {len(names)} dataset files" + (f"; renamed: {renamed}" if renamed else ""))
    counts = {"planned": plan.planned, "unusable": sum(t.unusable for t in plan.tasks)}
    if dry_run:
        echo("dry run: nothing written")
        return {**counts, "dry_run": True}
    target = ws.mixtures / spec.name
    if not force and _up_to_date(target, spec, inputs):
        echo(f"mixture {spec.name} is up to date ({target}); --force re-exports it")
        return {**counts, "skipped": True}
    card = CardInputs(meta, facts, left_out, spec_file)
    with ws.run("mix", spec.fingerprint()) as run:
        run.counts = {**counts, **_export(ws, spec, plan, mined, inputs, target, echo, executor, card)}
    return run.counts


def check_tokens(spec: MixSpec, cells: list[Cell], file: str) -> None:
    """`total_tokens` needs every usable sample counted by the `tokens` stage."""
    if spec.total_tokens is None:
        return
    missing = sum(c.usable - c.counted for c in cells)
    if missing:
        raise ConfigError(f"total_tokens: {missing:,} usable samples have no token count (the `tokens` stage has not run on them)",
                          file=file, key="total_tokens", fix="run `mlcurate tokens` first, or budget in samples with `total`")


def _up_to_date(target: Path, spec: MixSpec, inputs: list[dict]) -> bool:
    manifest = target / "manifest.json"
    if not manifest.exists():
        return False
    m = json.loads(manifest.read_text())
    return m.get("spec_hash") == spec.fingerprint() and m.get("input_runs") == inputs


@dataclass
class CardInputs:
    """What the data card needs besides the export's counts (read from the catalog while planning)."""

    meta: dict        # source -> license, url, citation, eval_datasets
    facts: dict       # removals per stage, decontamination, language names, tokenizer
    left_out: dict    # source -> {license, reason} (license policy)
    spec_file: str


def _export(ws: Workspace, spec: MixSpec, plan: Plan, mined: bool, inputs: list[dict], target: Path,
            echo: Callable[[str], None], executor: ExecutorConfig | None, card: CardInputs | None = None) -> dict:
    tmp = ws.mixtures / f".{spec.name}.tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir(parents=True)
    try:
        if spec.layout == "codefuse":
            args = (ws, spec, plan, mined, tmp)
            counts = in_child(_export_codefuse, *args) if executor and forks_workers(executor) else _export_codefuse(*args)
        else:
            counts = _export_on_tasks(ws, spec, plan, mined, tmp, executor or IN_PROCESS)
        crash_point("mix:exporting")  # (tests) killed with shards in the temp folder
        check_all_written(plan, counts)
        tokenized = None
        if spec.tokenizer and spec.layout == "codefuse":
            from .codefuse import write_codefuse_tokenized

            tokenized = write_codefuse_tokenized(counts.shards, tmp, tmp / "tokenized", spec.tokenizer, spec.max_length)
        elif spec.tokenizer:
            from .tokenized import write_tokenized

            tokenized = write_tokenized(counts.shards, tmp, tmp / "tokenized", spec.tokenizer, spec.max_length)
        card = card or CardInputs({}, {}, {}, "")
        names = {s["source"]: s["dataset"] for s in counts.shards} if spec.layout == "codefuse" else None
        manifest = _manifest(spec, plan, counts, inputs, mined, tokenized, card)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        write_card(tmp, spec, plan, counts, manifest, card.meta, card.facts, card.left_out, names, card.spec_file)
        crash_point("mix:before-swap")
        replace_folder(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    echo(f"wrote {counts.rows:,} rows in {len(counts.shards)} shards to {target} (+ manifest.json, DATACARD.md, licenses.json)")
    if card.left_out:
        echo("  left out by the license policy: " + ", ".join(f"{s} ({v['reason']})" for s, v in card.left_out.items()))
    return {"rows": counts.rows, "shards": len(counts.shards), "languages": len(counts.by_lang), "by_task": dict(counts.by_task)}


def check_all_written(plan: Plan, counts) -> None:
    """Every planned row is in a shard, or counted where the manifest says why it is not (the
    codefuse layout's rows without enough negatives): an export that lost rows fails here, before
    its folder replaces the last one, instead of publishing a mixture smaller than its plan."""
    left_out = sum(getattr(counts, "left_out", {}).values())
    if counts.rows + left_out != plan.planned:
        by_task = {t.task: t.planned for t in plan.tasks}
        raise MlcurateError(f"mix export wrote {counts.rows:,} rows (+ {left_out:,} left out and counted) of the {plan.planned:,} "
                            f"planned (planned per task {by_task}, written {dict(counts.by_task)}); nothing was published. "
                            "This is a bug in mlcurate: please report it with the spec and `mlcurate mix --dry-run` output")


def _export_on_tasks(ws: Workspace, spec: MixSpec, plan: Plan, mined: bool, out_dir: Path, executor: ExecutorConfig) -> ExportCounts:
    """Shards of each source written by the executor's tasks (whole sources per task); the driver
    merges their counts. The shards do not depend on the number of tasks."""
    if executor.kind == "slurm":
        raise ConfigError("mix waits for its shards to write the manifest; slurm jobs finish later", key="executor.kind",
                          fix="run `mlcurate mix` with --executor local (or ray)")
    cells = [tuple(c) for c in plan.cells()]
    pairs = sorted({(s, t) for t, _, s, _ in cells})
    staging = ws.staging / "mix" / out_dir.name
    logs = ws.task_logs / "mix" / out_dir.name
    step = ExportSources(str(ws.root), spec.model_dump(mode="json"), cells, pairs, str(out_dir), mined, str(staging))
    tasks = max(1, min(executor.tasks, len({s for s, _ in pairs})))
    args = (executor, step, str(logs), tasks, f"mix export of '{spec.name}'")
    try:
        if tasks == 1 and forks_workers(executor):
            in_child(_run_export, *args)  # datatrove would run a lone task in this process: the driver
        else:
            _run_export(*args)
        return ExportCounts.merged(_task_counts(staging))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(logs, ignore_errors=True)


def _run_export(executor: ExecutorConfig, step: ExportSources, logs: str, tasks: int, what: str) -> None:
    run_executor(make_executor(executor, [step], logs, tasks=tasks), what)


def _export_codefuse(ws: Workspace, spec: MixSpec, plan: Plan, mined: bool, out_dir: Path):
    """The codefuse layout (mix/codefuse.py) in one process (the driver's child where the executor
    forks workers): its dataset files span sources."""
    from .codefuse import dataset_names, export_codefuse

    spill = ws.staging / "mix-spill"
    spill.mkdir(parents=True, exist_ok=True)
    with ws.connect(read_only=True) as con:
        con.execute(f"SET memory_limit = '{spec.memory_limit}'")
        con.execute(f"SET temp_directory = '{spill}'")
        register_cells(con, plan.cells())
        pairs = sorted({(s, t) for t, _, s, _ in plan.cells()})
        return export_codefuse(con, spec, pairs, out_dir, mined, dataset_names(spec, pairs), root=ws.root)


def _task_counts(staging: Path) -> list[dict]:
    return [json.loads(f.read_text()) for f in sorted(staging.glob("counts-*.json"))]


def _manifest(spec: MixSpec, plan: Plan, counts, inputs: list[dict], mined: bool, tokenized: dict | None, card: CardInputs) -> dict:
    counted = counts.rows_without_tokens < counts.rows or not counts.rows
    return {
        "name": spec.name,
        "rows": counts.rows,
        "counts": {"lang": dict(sorted(counts.by_lang.items())), "task": dict(sorted(counts.by_task.items())),
                   "source": dict(sorted(counts.by_source.items()))},
        "rows_with_fewer_negatives_than_asked": dict(sorted(counts.short_negatives.items())),
        "negatives_per_task": {t.task: spec.negatives_for(t.task) for t in plan.tasks},
        "negatives_used": "source" if spec.negatives != "source" and not mined else spec.negatives,
        "unusable_samples": {t.task: t.unusable for t in plan.tasks if t.unusable},
        "plan": {t.task: {"budget": t.budget, "planned": t.planned, "available": t.available,
                          **({"token_budget": t.token_budget} if t.token_budget is not None else {}),
                          **({"planned_tokens": round(t.planned_tokens)} if t.planned_tokens else {})} for t in plan.tasks},
        "tokens": {"total": sum(counts.tokens_by_source.values()) if counted else None,
                   "lang": dict(sorted(counts.tokens_by_lang.items())) if counted else None,
                   "source": dict(sorted(counts.tokens_by_source.items())) if counted else None,
                   "rows_without_tokens": counts.rows_without_tokens, "tokenizer": card.facts.get("tokenizer"),
                   "what": "query + positive tokens of each exported sample (tokens stage)"},
        "training_datasets": training_datasets(card.meta, sorted(counts.by_source)),
        "licenses": {"policy": spec.licenses.model_dump() if spec.licenses else None, "left_out": card.left_out,
                     "source": {s: card.meta.get(s, {}).get("license", "unknown") for s in sorted(counts.by_source)}},
        "seed": spec.seed,
        "spec": spec.model_dump(mode="json"),
        "spec_hash": spec.fingerprint(),
        "input_runs": inputs,
        "shards": counts.shards,
        "tokenized": tokenized,
        "layout": spec.layout,
        **({"negatives_padded": dict(sorted(counts.padded.items())), "rows_left_out_for_negatives": dict(sorted(counts.left_out.items())),
            "pad_negatives": spec.pad_negatives} if spec.layout == "codefuse" else {}),
    }


def run(ctx: StageContext, cfg: MixStageConfig) -> StageResult:
    """The stage contract's entry: plan and (unless `cfg.dry_run`) export every spec of `cfg.specs`."""
    if not cfg.specs:
        raise ConfigError("no mixture specs to export", file=ctx.file, key="mix.specs",
                          fix="add `mix: {specs: [mixtures/quickstart.yaml]}` or run `mlcurate mix SPEC`")
    results, lines = {}, []
    for rel in cfg.specs:
        path = ctx.path(rel)
        spec = load_spec(path)
        results[spec.name] = c = mix(ctx.ws, spec, spec_file=str(path), dry_run=cfg.dry_run, force=ctx.force,
                                     echo=ctx.echo, full_plan=cfg.full_plan, executor=ctx.executor)
        state = "dry run" if c.get("dry_run") else "up to date" if c.get("skipped") else f"{c['rows']:,} rows in {c['shards']} shards"
        lines.append(f"mix {spec.name}: planned {c['planned']:,}; {state}")
    typed = StageCounts(inputs=sum(c["planned"] for c in results.values()), outputs=sum(c.get("rows", 0) for c in results.values()),
                        skipped=sum(c["planned"] for c in results.values() if c.get("skipped")))
    return StageResult("mix", typed, lines, results)
