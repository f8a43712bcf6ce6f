"""`mlcurate` command line: a few lines per command over one library call.

Errors from this package become one friendly message and exit code 2 here, and only here.
"""

import argparse
import sys
import time
from pathlib import Path

from . import __version__
from .errors import MlcurateError
from .paths import CONFIGS_DIR, DEFAULT_REGISTRY
from .store import ENV_WORKSPACE, Workspace, default_workspace

EPILOG = """examples:
  mlcurate quickstart                          # bundled sample -> ./workspace, then a coverage summary
  mlcurate init --workspace ws
  mlcurate ingest configs/sources/udhr.yaml --workspace ws
  mlcurate run configs/pipeline.yaml
  mlcurate langid && mlcurate sql "SELECT * FROM lid_mismatch_sources"
  mlcurate dedup --workspace ws
  mlcurate sql "SELECT lang, count(*) FROM samples GROUP BY ALL ORDER BY 2 DESC LIMIT 10"
  mlcurate mine && mlcurate sql "SELECT * FROM mining_report"
  mlcurate mix configs/mixtures/quickstart.yaml --dry-run
  mlcurate train stage1 configs/train/demo-minilm.yaml   # needs the `train` extra
  mlcurate status
  mlcurate dashboard --workspace ws --port 8501
"""


def _workspace_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workspace", "-w", type=Path, default=None,
                   help=f"workspace folder (default: ${ENV_WORKSPACE} or ./workspace)")


def _executor_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--executor", choices=["local", "ray", "slurm"], help="datatrove executor (default: from the pipeline config, else local)")
    p.add_argument("--tasks", type=int, help="shards per stage (default: from the pipeline config, else 2)")
    p.add_argument("--workers", type=int, help="tasks run at once (default: all)")
    p.add_argument("--force", action="store_true", help="redo work that would be skipped or resumed")
    p.add_argument("--no-progress", action="store_true", help="hide progress bars")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlcurate", description="Curate multilingual training data for embedding models: ingest, language ID, "
        "dedup, hard-negative mining, mixtures; query the corpus with SQL.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"mlcurate {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name, help_, example, func):
        p = sub.add_parser(name, help=help_, description=help_, epilog=f"example:\n  {example}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        return p

    p = add("init", "Create a workspace: folders, catalog.duckdb with its tables and views.", "mlcurate init --workspace ws", cmd_init)
    _workspace_arg(p)
    p.add_argument("--languages", type=Path, default=DEFAULT_REGISTRY, help="language registry CSV (default: configs/languages.csv)")

    p = add("ingest", "Ingest sources described by YAML files into the workspace (idempotent, resumable).",
            "mlcurate ingest configs/sources/udhr.yaml configs/sources/code.yaml", cmd_ingest)
    p.add_argument("sources", nargs="+", type=Path, help="source config files (one source, or `sources:` with a list)")
    _workspace_arg(p)
    p.add_argument("--pipeline", type=Path, default=CONFIGS_DIR / "pipeline.yaml", help="pipeline config for executor and registry settings")
    _executor_args(p)
    p.add_argument("--strict", action="store_true", help="exit with code 3 when input was damaged (a truncated or corrupt "
                   "archive) or a source had every row quarantined; the run itself still completes, e.g. --strict in CI")

    p = add("run", "Run the stages of a pipeline config in order (ingest, ...).", "mlcurate run configs/pipeline.yaml", cmd_run)
    p.add_argument("pipeline", type=Path, help="pipeline config, e.g. configs/pipeline.yaml")
    _workspace_arg(p)
    p.add_argument("--stages", help="comma-separated subset of the configured stages to run")
    _executor_args(p)

    p = add("langid", "Identify the language and script of every sample's text fields and flag declared-vs-predicted "
            "mismatches (annotation layer `langid`; views lid_mismatch_sources, lid_confidence, ...). "
            "`mlcurate langid train --name NAME` trains a fastText LID on the corpus's own labels.",
            "mlcurate langid --workspace ws   |   mlcurate langid train --name udhr-lid   |   mlcurate langid --model udhr-lid --force",
            cmd_langid)
    p.add_argument("action", nargs="?", choices=["run", "train"], default="run", help="run the stage (default) or train a model")
    p.add_argument("--name", help="train: name to register the model under (then use it with --model NAME)")
    p.add_argument("--model", help="run: LID model to use instead of the config's `langid.model`")
    _workspace_arg(p)
    p.add_argument("--pipeline", type=Path, default=CONFIGS_DIR / "pipeline.yaml", help="pipeline config with the `langid:` section")
    _executor_args(p)
    p = add("mine", "Mine hard negatives for every sample with a positive: encode with a Hugging Face model (cached "
            "in cache/embeddings/), search its pool, drop false negatives F2LLM style (annotation layer `mine`; views "
            "mined_negatives, mining_report, mining_quality). The pipeline config may mine a subset (max_samples_per_source); "
            "--all mines everything.",
            "mlcurate mine --workspace ws   |   mlcurate mine --all   |   mlcurate mine --model Qwen/Qwen3-Embedding-0.6B --force", cmd_mine)
    p.add_argument("--model", help="Hugging Face model path or name instead of the config's `mine.model`")
    sel = p.add_mutually_exclusive_group()
    sel.add_argument("--all", action="store_true", help="mine every eligible sample (ignore mine.max_samples_per_source)")
    sel.add_argument("--max-samples", type=int, help="mine at most this many samples per source")
    _workspace_arg(p)
    p.add_argument("--pipeline", type=Path, default=CONFIGS_DIR / "pipeline.yaml", help="pipeline config with the `mine:` section")
    p.add_argument("--force", action="store_true", help="re-mine the selection and replace the layer")
    p.add_argument("--no-progress", action="store_true", help="hide progress bars")

    p = add("mix", "Plan a training mixture from a YAML spec and export it as shards in the F2LLM layout "
            "(mixtures/<name>/shard-*.parquet + manifest.json).", "mlcurate mix configs/mixtures/quickstart.yaml --dry-run", cmd_mix)
    p.add_argument("spec", type=Path, help="mixture spec, e.g. configs/mixtures/quickstart.yaml")
    _workspace_arg(p)
    p.add_argument("--dry-run", action="store_true", help="print the plan (per task and language: available, planned, "
                   "upsampling, bounds hit) and write nothing")
    p.add_argument("--force", action="store_true", help="re-export even when the mixture is up to date")
    p = add("dedup", "Find exact and near-duplicate samples (MinHash LSH, verified) and mark one representative per "
            "cluster to keep; samples_clean leaves the others out (idempotent).", "mlcurate dedup --workspace ws", cmd_dedup)
    _workspace_arg(p)
    p.add_argument("--pipeline", type=Path, default=CONFIGS_DIR / "pipeline.yaml", help="pipeline config holding the `dedup:` settings")
    _executor_args(p)

    p = add("train", "Train an embedding model on a mixture (needs `pip install 'mlcurate[train]'`): stage1 (retrieval "
            "data), stage2 (all tasks, with instructions, from the stage-1 model), prune (cut the model to a smaller "
            "shape or parameter budget by activation importance on workspace text), distill (train a student against a "
            "teacher's embeddings plus the contrastive loss), eval (held-out recall/nDCG per language and Matryoshka "
            "dim, base model vs. each trained stage). Outputs: <workspace>/training/<name>/.",
            "mlcurate train stage1 configs/train/demo-minilm.yaml && mlcurate train stage2 configs/train/demo-minilm.yaml "
            "&& mlcurate train eval configs/train/demo-minilm.yaml", cmd_train)
    p.add_argument("action", choices=["stage1", "stage2", "prune", "distill", "eval", "merge"],
                   help="what to run; merge: average the last checkpoints of a stage into <stage>/merged/ and evaluate it "
                   "beside the last (e.g. mlcurate train merge configs/train/demo-minilm.yaml --stage 2 --last 3)")
    p.add_argument("config", type=Path, help="training config, e.g. configs/train/stage1.yaml")
    _workspace_arg(p)
    p.add_argument("--max-steps", type=int, help="stage1/stage2/distill: stop after N steps (overrides the config)")
    p.add_argument("--stage", type=int, choices=[1, 2], default=1,
                   help="distill: which stage section of the config to run with the teacher; merge: whose checkpoints (default 1)")
    p.add_argument("--last", type=int, default=3, help="merge: how many of the last checkpoints to average (default 3)")
    p.add_argument("--weights", help="merge: comma-separated weights, oldest checkpoint first (default uniform), e.g. 1,2,3")
    p.add_argument("--no-eval", action="store_true", help="merge: export only, skip the held-out comparison")
    p.add_argument("--model", action="append", help="eval: model folder(s) to evaluate instead of base + finished stages")
    p.add_argument("--mteb", help="eval: score MTEB tasks through the mteb package at every Matryoshka dim, with the F2LLM-v2 "
                   "prompts: comma-separated mteb task names or local task folders (corpus.jsonl, queries.jsonl, qrels.tsv), "
                   "e.g. --mteb STS22.v2,ArguAna or --mteb tests/data/mteb-local")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    p = add("sql", "Run a read-only SQL query over the catalog and its views (samples, coverage, quarantine, ...).",
            'mlcurate sql "SELECT * FROM coverage WHERE samples > 0 ORDER BY samples DESC LIMIT 20"', cmd_sql)
    p.add_argument("query", nargs="?", help="SQL text (DuckDB dialect); or use --file")
    p.add_argument("--file", "-f", type=Path, help="read the query from a .sql file (e.g. sql/examples/coverage_by_language.sql)")
    _workspace_arg(p)
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--csv", action="store_true", help="CSV, every row unless --limit (e.g. --csv > out.csv)")
    fmt.add_argument("--json", action="store_true", help="JSON lines, every row unless --limit")
    p.add_argument("--limit", type=int, default=None,
                   help="at most this many rows (default: 1000 for the table, all rows for --csv/--json/--output; "
                   "0 = no limit); a cut is announced on stderr, e.g. --limit 50")
    p.add_argument("--timeout", type=float, default=60.0, help="stop the query after this many seconds (default 60), e.g. --timeout 300")
    p.add_argument("--output", "-o", type=Path, help="write all rows to FILE (.csv, .jsonl or .parquet; written whole or "
                   "not at all), e.g. --output langs.parquet")

    p = add("status", "Summarise the workspace: samples per language, source and task; quarantined rows.", "mlcurate status --all", cmd_status)
    _workspace_arg(p)
    p.add_argument("--all", action="store_true", help="list every language (default: the 25 largest)")

    p = add("dashboard", "Start the Streamlit dashboard (coverage, sources, quality, mixtures, SQL console) on 127.0.0.1.",
            "mlcurate dashboard --workspace ws --port 8501", cmd_dashboard)
    _workspace_arg(p)
    p.add_argument("--port", type=int, default=8501, help="port on 127.0.0.1 (default 8501)")

    p = add("quickstart", "Ingest the bundled sample (UDHR in 448 languages + real source code) and print coverage.",
            "mlcurate quickstart --workspace workspace", cmd_quickstart)
    _workspace_arg(p)
    p.add_argument("--no-progress", action="store_true", help="hide progress bars")
    return parser


def _ws(args, fallback: str | None = None) -> Workspace:
    if args.workspace is not None:
        return Workspace(args.workspace)
    return Workspace(fallback if fallback is not None and not _env_workspace() else default_workspace())


def _env_workspace() -> bool:
    import os

    return bool(os.environ.get(ENV_WORKSPACE))


def _pipeline(path: Path, args):
    from .config import load_pipeline

    cfg = load_pipeline(path)
    overrides = {k: getattr(args, k) for k in ("tasks", "workers") if getattr(args, k, None) is not None}
    if getattr(args, "executor", None):
        overrides["kind"] = args.executor
    if overrides:
        cfg = cfg.model_copy(update={"executor": cfg.executor.model_copy(update=overrides)})
    return cfg


def cmd_init(args) -> int:
    ws = _ws(args)
    ws.init(args.languages)
    with ws.run("init"):  # the work is done above; this records init's row in `runs`
        pass
    print(f"workspace ready at {ws.root}")
    return 0


def cmd_ingest(args) -> int:
    from .config import load_sources
    from .ingest.stage import ingest

    cfg = _pipeline(args.pipeline, args)
    ws = _ws(args, cfg.workspace)
    sources = [s for path in args.sources for s in load_sources(path)]
    t0 = time.perf_counter()
    counts = ingest(ws, sources, cfg.executor, cfg.path(cfg.languages), force=args.force, progress=not args.no_progress)
    print_ingest_summary(counts, time.perf_counter() - t0)
    if args.strict and counts.get("warnings"):
        print("mlcurate ingest: --strict: input was damaged or wholly quarantined (see the warnings above)", file=sys.stderr)
        return 3
    return 0


def print_ingest_summary(counts: dict, seconds: float) -> None:
    print(f"ingested {counts['rows_read']:,} rows in {seconds:.1f}s: {counts['samples_new']:,} new samples, "
          f"{counts['duplicates_skipped']:,} already present, {counts['quarantined']:,} quarantined"
          + (f", {counts['blank_lines']:,} blank lines skipped" if counts["blank_lines"] else ""))
    for name, c in counts["sources"].items():
        if "rows_read" in c:
            print(f"  {name}: {c['rows_read']:,} rows -> {c.get('samples_new', 0):,} new, {c['quarantined']:,} quarantined")
    for reason, n in sorted(counts["reasons"].items(), key=lambda kv: -kv[1]):
        print(f"  quarantine reason '{reason}': {n:,} (see: mlcurate sql \"SELECT * FROM quarantine WHERE reason = '{reason}'\")")
    for warning in counts.get("warnings", []):
        print(f"mlcurate ingest: warning: {warning}", file=sys.stderr)


def cmd_run(args) -> int:
    from .stages import run_pipeline

    cfg = _pipeline(args.pipeline, args)
    ws = _ws(args, cfg.workspace)
    stages = args.stages.split(",") if args.stages else None
    if stages:
        unknown = [s for s in stages if s not in cfg.stages]
        if unknown:
            raise SystemExit(f"mlcurate: --stages {unknown} are not in {args.pipeline} (configured: {cfg.stages})")
    run_pipeline(ws, cfg, stages, force=args.force, progress=not args.no_progress, on_stage_done=print_stage_summary)
    return 0


def print_stage_summary(name: str, counts: dict, seconds: float) -> None:
    """Each stage's end-of-run summary, printed as the stage ends."""
    if name == "ingest":
        print_ingest_summary(counts, seconds)
    elif name == "langid":
        print_langid_summary(counts)
    elif name == "dedup":
        print_dedup_summary(counts)
    elif name == "mine":
        print_mine_summary(counts)


def cmd_langid(args) -> int:
    from .langid.stage import langid, load_config

    cfg = _pipeline(args.pipeline, args)
    ws = _ws(args, cfg.workspace)
    lid = load_config(cfg.stage_section("langid"), file=str(args.pipeline))
    if args.action == "train":
        from .langid.train import print_report, train

        if not args.name:
            raise SystemExit("mlcurate langid train: give --name NAME (the name `mlcurate langid --model NAME` will use)")
        print_report(train(ws, args.name, lid.train, cfg.path(cfg.languages), force=args.force))
        return 0
    counts = langid(ws, lid, cfg.executor, cfg.path(cfg.languages), force=args.force, progress=not args.no_progress, model=args.model)
    print_langid_summary(counts)
    return 0


def print_langid_summary(counts: dict) -> None:
    print(f"langid ({counts['model']}): {counts['samples']:,} samples, {counts['texts']:,} texts annotated in "
          f"{counts['seconds_annotating']:.1f}s" + ("; " if counts["texts"] else " (all done already; --force redoes)")
          + ", ".join(f"{k} {v:,}" for k, v in counts["status"].items() if v))
    print("  see: mlcurate sql \"SELECT * FROM lid_mismatch_sources\"")


def cmd_mine(args) -> int:
    from .mine.stage import load_config, mine

    cfg = _pipeline(args.pipeline, args)
    ws = _ws(args, cfg.workspace)
    mcfg = load_config(cfg.stage_section("mine"), file=str(args.pipeline))
    if args.model:
        mcfg = mcfg.model_copy(update={"model": args.model, "pooling": None})
    limit = None if args.all else args.max_samples if args.max_samples is not None else -1
    print_mine_summary(mine(ws, mcfg, force=args.force, progress=not args.no_progress, max_samples=limit))
    return 0


def print_mine_summary(counts: dict) -> None:
    if not counts["mined"]:
        print(f"mine ({counts['model']}): {counts['selected']:,} samples selected, all mined already (--force redoes)")
        return
    drops = ", ".join(f"{k} {v:,}" for k, v in counts["dropped"].items())
    print(f"mine ({counts['model']}, {counts['pooling']} pooling, {counts['device']}): {counts['mined']:,} samples in "
          f"{counts['pools']:,} pools, {counts['negatives']:,} negatives; {counts['encoded']:,} texts encoded, "
          f"{counts['cached']:,} from cache; {counts['seconds']:.1f}s")
    print(f"  dropped: {drops}")
    print("  see: mlcurate sql \"SELECT * FROM mining_report\"")


def cmd_mix(args) -> int:
    from .mix.spec import load_spec
    from .mix.stage import mix

    spec = load_spec(args.spec)
    mix(_ws(args), spec, spec_file=str(args.spec), dry_run=args.dry_run, force=args.force)
    return 0
    return 0


def cmd_dedup(args) -> int:
    from .dedup.stage import dedup_workspace, load_config

    cfg = _pipeline(args.pipeline, args)
    ws = _ws(args, cfg.workspace)
    t0 = time.perf_counter()
    counts = dedup_workspace(ws, load_config(cfg), cfg.executor, force=args.force)
    print_dedup_summary(counts, time.perf_counter() - t0)
    return 0


def print_dedup_summary(counts: dict, seconds: float | None = None) -> None:
    if not counts.get("samples_new") and "samples" not in counts:
        print(f"dedup: nothing to do ({counts.get('skipped')}); use --force to recompute")
        return
    took = f" in {seconds:.1f}s" if seconds is not None else ""
    print(f"dedup: {counts['samples']:,} samples{took}: kept {counts['kept']:,}, removed "
          f"{counts['exact_removed']:,} exact and {counts['near_removed']:,} near duplicates in {counts['clusters']:,} clusters")
    print('  see: mlcurate sql "SELECT * FROM dedup_retention LIMIT 20", dedup_clusters, dedup_source_overlap')


def cmd_train(args) -> int:
    try:
        from training.commands import run_distill, run_eval, run_merge, run_stage
    except ImportError as e:
        raise SystemExit(f"mlcurate train: {e}\n  fix: pip install 'mlcurate[train]' (install torch first, see README)") from None
    ws = _ws(args)
    if args.action == "eval":
        run_eval(args.config, ws.root, args.model, args.mteb.split(",") if args.mteb else None)
        return 0
    if args.action == "merge":
        run_merge(args.config, ws.root, args.stage, args.last, args.weights, evaluate=not args.no_eval)
        return 0
    if args.action == "prune":
        from training.prune import format_report, run_prune

        print(format_report(run_prune(args.config, ws.root, progress=not args.no_progress)))
        return 0
    if args.action == "distill":
        result = run_distill(args.config, ws.root, args.stage, args.max_steps, progress=not args.no_progress)
        print(f"distill (stage {args.stage}): {result['steps']} steps, model at {result['final']}")
        return 0
    result = run_stage(args.config, int(args.action[-1]), ws.root, args.max_steps, progress=not args.no_progress)
    print(f"{args.action}: {result['steps']} steps, model at {result['final']}")
    return 0


def cmd_sql(args) -> int:
    from . import sql
    from .report import format_table

    if (args.query is None) == (args.file is None):
        raise SystemExit("mlcurate sql: give a query or --file, not both/neither")
    text = args.query if args.query is not None else args.file.read_text()
    ws = _ws(args).require()
    t0 = time.perf_counter()
    if args.output is not None or args.csv or args.json:
        count = _sql_stream(ws, sql, text, args)
    else:
        limit = 1000 if args.limit is None else args.limit
        columns, rows, truncated = sql.run_query(ws, text, limit=limit, timeout=args.timeout)
        count = len(rows)
        print(format_table(columns, rows))
        print(f"({count} row{'s' if count != 1 else ''}{', truncated: raise --limit' if truncated else ''})")
        if truncated:
            sql.announce_cut(limit)
    ws.record_readonly("sql", time.perf_counter() - t0, {"rows": count})
    return 0


def _sql_stream(ws, sql, text: str, args) -> int:
    """--csv/--json to stdout, or --output FILE: every row unless --limit; returns the row count."""
    counted = {"rows": 0}

    def counting(sink):
        def wrapped(columns, batches):
            def tally():
                for b in batches:
                    counted["rows"] += len(b)
                    yield b
            sink(columns, tally())
        return wrapped

    kw = {"limit": args.limit or None, "timeout": args.timeout}
    if args.output is None:
        sink = (sql.csv_sink if args.csv else sql.json_sink)(sys.stdout)
        truncated = sql.stream_query(ws, text, counting(sink), **kw)
    else:
        out = sql.check_output_path(ws, args.output)
        fmt = "csv" if args.csv else "json" if args.json else sql.format_from_path(out)
        with sql.atomic_output(out) as tmp:
            if fmt == "parquet":
                truncated = sql.stream_query(ws, text, counting(sql.parquet_sink(tmp)), **kw)
            else:
                with open(tmp, "w", encoding="utf-8", newline="") as f:
                    truncated = sql.stream_query(ws, text, counting((sql.csv_sink if fmt == "csv" else sql.json_sink)(f)), **kw)
        print(f"mlcurate sql: {counted['rows']:,} rows -> {out}", file=sys.stderr)
    if truncated:
        sql.announce_cut(args.limit)
    return counted["rows"]


def cmd_status(args) -> int:
    from .report import format_table
    from .status import workspace_status

    ws = _ws(args).require()
    t0 = time.perf_counter()
    st = workspace_status(ws)
    ws.record_readonly("status", time.perf_counter() - t0, {k: len(v[1]) for k, v in st.items()})

    def section(title, key, limit=None):
        cols, rows = st[key]
        more = len(rows) - limit if limit and len(rows) > limit else 0
        print(f"\n{title}")
        print(format_table(cols, rows[:limit] if limit else rows) if rows else "  (none)")
        if more:
            print(f"  ... and {more} more (use --all)")

    section("Coverage", "summary")
    section("Samples per task", "tasks")
    section("Samples per source", "sources")
    section("Natural languages (largest first)", "languages", None if args.all else 25)
    section("Programming languages", "programming")
    section("Target languages with no data", "missing", None if args.all else 15)
    section("Quarantined rows by reason", "quarantine")
    return 0


def cmd_dashboard(args) -> int:
    import os
    import signal
    import subprocess

    from .paths import REPO_ROOT

    from dashboard.stats import file_stats

    ws = _ws(args).require()
    t0 = time.perf_counter()
    file_stats(ws.root)  # materialise per-file stats now, so the first page view does not scan every sample
    print(f"mlcurate dashboard: per-file stats ready in {time.perf_counter() - t0:.1f}s", flush=True)
    app = REPO_ROOT / "dashboard" / "app.py"
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(args.port), "--browser.gatherUsageStats", "false",
           "--client.toolbarMode", "minimal"]
    env = {**os.environ, ENV_WORKSPACE: str(ws.root)}
    print(f"mlcurate dashboard: {ws.root} on http://127.0.0.1:{args.port} (Ctrl-C to stop)", flush=True)
    from .lifecycle import stop_child_with_us

    proc = subprocess.Popen(cmd, env=env, preexec_fn=stop_child_with_us)  # SIGTERM to streamlit if we are killed
    forward = lambda signum, frame: proc.send_signal(signal.SIGTERM)  # noqa: E731 - stopping us stops the server
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, forward)
    try:
        return proc.wait()
    except KeyboardInterrupt:  # streamlit got the same Ctrl-C and stops by itself
        return proc.wait()


def cmd_quickstart(args) -> int:
    from .config import load_pipeline
    from .stages import run_pipeline

    cfg = load_pipeline(CONFIGS_DIR / "pipeline.yaml")
    ws = _ws(args, cfg.workspace)
    print(f"mlcurate quickstart: bundled sample -> {ws.root}")
    run_pipeline(ws, cfg, progress=not args.no_progress, on_stage_done=print_stage_summary)
    args.all = False
    cmd_status(args)
    print(f"\nnext: mlcurate sql \"SELECT * FROM coverage WHERE samples > 0 ORDER BY samples LIMIT 10\" --workspace {ws.root}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .lifecycle import mark_main_process

    mark_main_process()  # workers and helpers of this command die with it (see curation/lifecycle.py)
    try:
        return args.func(args)
    except MlcurateError as e:
        print(f"mlcurate {args.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        resume = "" if args.command in ("sql", "status", "dashboard") else "; re-run the same command to resume"
        print(f"mlcurate {args.command}: interrupted{resume}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
