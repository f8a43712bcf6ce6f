"""`mlcurate` command line: a table of commands, each with its options beside its body.

Each command is a few lines over one library call. Stage commands (`ingest`, `langid`, `dedup`,
`decont`, `mine`, `mix`) and `run` all load the pipeline file, apply the command's overrides, validate the
whole file, and call the stage registry (`curation.stages.STAGES`) the same way. Errors from this
package become one friendly message and exit code 2 here, and only here.
"""

import argparse
import atexit
import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import ConfigError, MlcurateError
from .store import ENV_WORKSPACE

EPILOG = """examples:
  mlcurate quickstart                          # bundled sample -> ./workspace, then a coverage summary
  mlcurate init --workspace ws
  mlcurate ingest configs/sources/udhr.yaml --workspace ws
  mlcurate run configs/pipeline.yaml --set dedup.threshold=0.8 --print-config
  mlcurate langid && mlcurate sql "SELECT * FROM lid_mismatch_sources"
  mlcurate dedup --workspace ws
  mlcurate decont && mlcurate sql "SELECT * FROM decont_report"
  mlcurate sql "SELECT lang, count(*) FROM samples GROUP BY ALL ORDER BY 2 DESC LIMIT 10"
  mlcurate mine && mlcurate sql "SELECT * FROM mining_report"
  mlcurate mix configs/mixtures/quickstart.yaml --dry-run
  mlcurate train stage1 configs/train/demo-minilm.yaml   # needs the `train` extra
  mlcurate status
  mlcurate dashboard --workspace ws --port 8501
"""

Option = tuple[tuple[str, ...], dict]


def opt(*flags: str, **kwargs) -> Option:
    return flags, kwargs


WORKSPACE = opt("--workspace", "-w", type=Path, default=None,
                help=f"workspace folder (default: ${ENV_WORKSPACE}, else the pipeline file's `workspace:`, else ./workspace)")
PIPELINE = opt("--pipeline", type=Path, default=None,
               help="pipeline config (default: the bundled configs/pipeline.yaml); its `workspace:` and stage sections apply")
SET = opt("--set", action="append", default=[], metavar="KEY=VALUE",
          help="override a pipeline setting, validated like the file (repeatable), e.g. --set dedup.threshold=0.8")
PRINT_CONFIG = opt("--print-config", action="store_true", help="print the effective pipeline config (after overrides) and exit")
FORCE = opt("--force", action="store_true", help="redo work that would be skipped or resumed")
NO_PROGRESS = opt("--no-progress", action="store_true", help="hide progress bars")
EXECUTOR = [
    opt("--executor", choices=["local", "ray", "slurm"], help="datatrove executor (default: from the pipeline config, else local)"),
    opt("--tasks", type=int, help="shards per stage (default: from the pipeline config, else 2)"),
    opt("--workers", type=int, help="tasks run at once (default: all)"),
]
STRICT = opt("--strict", action="store_true", help="exit with code 3 when input was damaged (a truncated or corrupt archive) "
             "or a source had every row quarantined; the run itself still completes, e.g. --strict in CI")
PIPELINE_OPTIONS = [WORKSPACE, PIPELINE, SET, PRINT_CONFIG]
STAGE_OPTIONS = [*PIPELINE_OPTIONS, *EXECUTOR, FORCE, NO_PROGRESS]


@dataclass
class Command:
    name: str
    help: str
    example: str
    func: Callable
    options: list[Option] = field(default_factory=list)


COMMANDS: dict[str, Command] = {}


def command(name: str, help: str, example: str, options: list[Option]):
    """Register `func(args) -> int` as `mlcurate NAME` with its options."""
    def register(func):
        COMMANDS[name] = Command(name, help, example, func, options)
        return func
    return register


# ---------------------------------------------------------------- shared: pipeline, workspace

def pipeline_overrides(args) -> list[tuple[str, object]]:
    """The command's options as pipeline overrides: executor flags first, then each --set."""
    from .config import parse_set

    out = [(f"executor.{k}", getattr(args, k)) for k in ("tasks", "workers") if getattr(args, k, None) is not None]
    if getattr(args, "executor", None):
        out.append(("executor.kind", args.executor))
    out += getattr(args, "command_overrides", [])
    return out + [parse_set(item) for item in getattr(args, "set", [])]


def load(args):
    """The validated pipeline config and the workspace, resolved the same way for every command."""
    from .pipeline import DEFAULT_PIPELINE, load_pipeline, resolve_workspace

    cfg = load_pipeline(args.pipeline or DEFAULT_PIPELINE, pipeline_overrides(args))
    return cfg, resolve_workspace(args.workspace, cfg)


def printed_config(args, cfg) -> bool:
    if getattr(args, "print_config", False):
        from .pipeline import effective_yaml

        print(effective_yaml(cfg), end="")
        return True
    return False


def run_stage_names(args, names: list[str] | None) -> int:
    """Run registered stages with the pipeline's sections and print each one's summary."""
    from .pipeline import make_context
    from .stages import run_stages

    cfg, ws = load(args)
    if printed_config(args, cfg):
        return 0
    ctx = make_context(cfg, ws, force=getattr(args, "force", False), progress=not getattr(args, "no_progress", False))
    names = names or cfg.stages
    results = run_stages(ctx, {n: cfg.section(n) for n in names}, names, on_stage_done=print_result)
    if getattr(args, "strict", False) and any(r.warnings for r in results.values()):
        print(f"mlcurate {args.command}: --strict: input was damaged or wholly quarantined (see the warnings above)", file=sys.stderr)
        return 3
    return 0


def print_result(result) -> None:
    for line in result.summary:
        print(line)
    for warning in result.warnings:
        print(f"mlcurate {result.stage}: warning: {warning}", file=sys.stderr)


# ---------------------------------------------------------------- commands

@command("init", "Create a workspace: folders, catalog.duckdb with its tables and views.", "mlcurate init --workspace ws",
         [WORKSPACE, PIPELINE, opt("--languages", type=Path, default=None,
                                   help="language registry CSV (default: the pipeline's `languages:`, the bundled registry)")])
def cmd_init(args) -> int:
    cfg, ws = load(args)
    ws.init(args.languages or cfg.path(cfg.languages))
    with ws.run("init"):  # the work is done above; this records init's row in `runs`
        pass
    print(f"workspace ready at {ws.root}")
    return 0


@command("ingest", "Ingest sources described by YAML files into the workspace (idempotent, resumable).",
         "mlcurate ingest configs/sources/udhr.yaml configs/sources/code.yaml",
         [opt("sources", nargs="+", type=Path, help="source config files (one source, or `sources:` with a list)"), *STAGE_OPTIONS,
          STRICT])
def cmd_ingest(args) -> int:
    args.command_overrides = [("sources", [str(p.resolve()) for p in args.sources])]
    return run_stage_names(args, ["ingest"])


@command("run", "Run the stages of a pipeline config in order (ingest, langid, dedup, decont, mine, mix).",
         "mlcurate run configs/pipeline.yaml --stages langid,dedup --set executor.tasks=4",
         [opt("pipeline", type=Path, help="pipeline config, e.g. configs/pipeline.yaml"),
          opt("--stages", help="comma-separated subset of the configured stages to run"),
          *[o for o in STAGE_OPTIONS if o is not PIPELINE], STRICT])
def cmd_run(args) -> int:
    names = args.stages.split(",") if args.stages else None
    if names:
        from .pipeline import load_pipeline

        configured = load_pipeline(args.pipeline, pipeline_overrides(args)).stages
        unknown = [s for s in names if s not in configured]
        if unknown:
            raise ConfigError(f"--stages {unknown} are not in the pipeline's stages {configured}", file=str(args.pipeline),
                              key="stages", fix=f"pick from {', '.join(configured)}")
    return run_stage_names(args, names)


@command("langid", "Identify the language and script of every sample's text fields and flag declared-vs-predicted "
         "mismatches (annotation layer `langid`; views lid_mismatch_sources, lid_confidence, ...). "
         "`mlcurate langid train --name NAME` trains a fastText LID on the corpus's own labels.",
         "mlcurate langid --workspace ws   |   mlcurate langid train --name udhr-lid   |   mlcurate langid --model udhr-lid --force",
         [opt("action", nargs="?", choices=["run", "train"], default="run", help="run the stage (default) or train a model"),
          opt("--name", help="train: name to register the model under (then use it with --model NAME)"),
          opt("--model", help="run: LID model to use instead of the config's `langid.model`"), *STAGE_OPTIONS])
def cmd_langid(args) -> int:
    if args.model:
        args.command_overrides = [("langid.model", args.model), ("langid.model_path", None)]
    if args.action == "run":
        return run_stage_names(args, ["langid"])
    from .langid.train import report_lines, train

    if not args.name:
        raise ConfigError("give --name NAME (the name `mlcurate langid --model NAME` will use)", key="--name")
    cfg, ws = load(args)
    if printed_config(args, cfg):
        return 0
    print("\n".join(report_lines(train(ws, args.name, cfg.langid.train, cfg.path(cfg.languages), force=args.force,
                                        min_recall=cfg.langid.min_recall, min_support=cfg.langid.min_support))))
    return 0


@command("dedup", "Find exact and near-duplicate samples (MinHash LSH, verified) and mark one representative per "
         "cluster to keep; samples_clean leaves the others out (idempotent).", "mlcurate dedup --workspace ws --set dedup.threshold=0.8",
         STAGE_OPTIONS)
def cmd_dedup(args) -> int:
    return run_stage_names(args, ["dedup"])


@command("decont", "Check every training sample's query, positive and negatives against the reference sets (sources "
         "with `role: eval`): normalised exact matches and n-gram containment (word 13-grams; character 25-grams for "
         "Han/Kana/Thai/...); samples_clean leaves contaminated samples out (annotation layer `decont`; views decont_report, "
         "decont_matches, eval_sources).",
         "mlcurate decont --workspace ws   |   mlcurate decont --set decont.min_share=0.3 --force", STAGE_OPTIONS)
def cmd_decont(args) -> int:
    return run_stage_names(args, ["decont"])


@command("tokens", "Count tokens of every sample's query, positive and source negatives with a fast tokenizer "
         "(default: the mining model's; layer `tokens`, view `tokens`, column `tokens` of `coverage`). Idempotent; a "
         "different tokenizer recounts everything.", "mlcurate tokens --workspace ws --set tokens.tokenizer=/models/Qwen3-Embedding-0.6B",
         STAGE_OPTIONS)
def cmd_tokens(args) -> int:
    return run_stage_names(args, ["tokens"])
@command("semdedup", "Find semantic duplicates (near paraphrases MinHash cannot see): k-means over the mining "
         "encoder's cached embeddings per task and language, cosine similarity >= threshold inside each cluster; one "
         "representative per group is kept (dedup's policy) and samples_clean leaves the others out (layer `semdedup`; "
         "views semdedup_clusters, semdedup_retention). Texts not in the cache are encoded and cached.",
         "mlcurate semdedup --workspace ws   |   mlcurate semdedup --set semdedup.threshold=0.9 --force",
         STAGE_OPTIONS)
def cmd_semdedup(args) -> int:
    return run_stage_names(args, ["semdedup"])


@command("mine", "Mine hard negatives for every sample with a positive: encode with a Hugging Face model (cached "
         "in cache/embeddings/), search its pool, drop false negatives F2LLM style (annotation layer `mine`; views "
         "mined_negatives, mining_report, mining_quality). The pipeline config may mine a subset (max_samples_per_source); "
         "--all mines everything.",
         "mlcurate mine --workspace ws   |   mlcurate mine --all   |   mlcurate mine --model Qwen/Qwen3-Embedding-0.6B --force",
         [opt("--model", help="Hugging Face model path or name instead of the config's `mine.model`"),
          opt("--all", action="store_true", help="mine every eligible sample (ignore mine.max_samples_per_source)"),
          opt("--max-samples", type=int, help="mine at most this many samples per source"), *STAGE_OPTIONS])
def cmd_mine(args) -> int:
    if args.all and args.max_samples is not None:
        raise ConfigError("give --all or --max-samples, not both", key="--all")
    over = [("mine.model", args.model), ("mine.pooling", None)] if args.model else []
    if args.all or args.max_samples is not None:
        over.append(("mine.max_samples_per_source", args.max_samples))
    args.command_overrides = over
    return run_stage_names(args, ["mine"])


@command("mix", "Plan a training mixture from a YAML spec and export it as shards in the F2LLM layout "
         "(mixtures/<name>/shard-*.parquet + manifest.json + DATACARD.md + licenses.json).", "mlcurate mix configs/mixtures/quickstart.yaml --dry-run",
         [opt("spec", type=Path, help="mixture spec, e.g. configs/mixtures/quickstart.yaml"),
          opt("--dry-run", action="store_true", help="print the plan (per task and language: available, planned, "
              "upsampling, bounds hit) and write nothing"), *PIPELINE_OPTIONS, FORCE])
def cmd_mix(args) -> int:
    args.command_overrides = [("mix.specs", [str(args.spec.resolve())]), ("mix.dry_run", args.dry_run), ("mix.full_plan", True)]
    return run_stage_names(args, ["mix"])


@command("train", "Train an embedding model on a mixture (needs `pip install 'mlcurate[train]'`): stage1 (retrieval "
         "data), stage2 (all tasks, with instructions, from the stage-1 model), prune (cut the model to a smaller "
         "shape or parameter budget by activation importance on workspace text), distill (train a student against a "
         "teacher's embeddings plus the contrastive loss), eval (held-out recall/nDCG per language and Matryoshka "
         "dim, base model vs. each trained stage). Outputs: <workspace>/training/<name>/.",
         "mlcurate train stage1 configs/train/demo-minilm.yaml && mlcurate train stage2 configs/train/demo-minilm.yaml "
         "&& mlcurate train eval configs/train/demo-minilm.yaml",
         [opt("action", choices=["stage1", "stage2", "prune", "distill", "eval", "merge"],
              help="what to run; merge: average the last checkpoints of a stage into <stage>/merged/ and evaluate it "
              "beside the last (e.g. mlcurate train merge configs/train/demo-minilm.yaml --stage 2 --last 3)"),
          opt("config", type=Path, help="training config, e.g. configs/train/stage1.yaml"), WORKSPACE, PIPELINE,
          opt("--max-steps", type=int, help="stage1/stage2/distill: stop after N steps (overrides the config)"),
          opt("--stage", type=int, choices=[1, 2], default=1,
              help="distill: which stage section of the config to run with the teacher; merge: whose checkpoints (default 1)"),
          opt("--last", type=int, default=3, help="merge: how many of the last checkpoints to average (default 3)"),
          opt("--weights", help="merge: comma-separated weights, oldest checkpoint first (default uniform), e.g. 1,2,3"),
          opt("--no-eval", action="store_true", help="merge: export only, skip the held-out comparison"),
          opt("--model", action="append", help="eval: model folder(s) to evaluate instead of base + finished stages"),
          opt("--mteb", help="eval: score MTEB tasks through the mteb package at every Matryoshka dim, with the F2LLM-v2 "
              "prompts: comma-separated mteb task names or local task folders (corpus.jsonl, queries.jsonl, qrels.tsv), "
              "e.g. --mteb STS22.v2,ArguAna or --mteb tests/data/mteb-local"), NO_PROGRESS])
def cmd_train(args) -> int:
    try:
        from training.commands import run_distill, run_eval, run_merge, run_stage
    except ImportError as e:
        raise ConfigError(f"the trainer cannot be imported: {e}", key="train",
                          fix="pip install 'mlcurate[train]' (install torch first, see README)") from None
    _, ws = load(args)
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


@command("sql", "Run a read-only SQL query over the catalog and its views (samples, coverage, quarantine, ...).",
         'mlcurate sql "SELECT * FROM coverage WHERE samples > 0 ORDER BY samples DESC LIMIT 20"',
         [opt("query", nargs="?", help="SQL text (DuckDB dialect); or use --file"),
          opt("--file", "-f", type=Path, help="read the query from a .sql file (e.g. sql/examples/coverage_by_language.sql)"),
          WORKSPACE, PIPELINE,
          opt("--csv", action="store_true", help="CSV, every row unless --limit (e.g. --csv > out.csv)"),
          opt("--json", action="store_true", help="JSON lines, every row unless --limit"),
          opt("--limit", type=int, default=None, help="at most this many rows (default: 1000 for the table, all rows for "
              "--csv/--json/--output; 0 = no limit); a cut is announced on stderr, e.g. --limit 50"),
          opt("--timeout", type=float, default=60.0, help="stop the query after this many seconds (default 60), e.g. --timeout 300"),
          opt("--output", "-o", type=Path, help="write all rows to FILE (.csv, .jsonl or .parquet; written whole or "
              "not at all), e.g. --output langs.parquet")])
def cmd_sql(args) -> int:
    from . import sql
    from .report import format_table

    if (args.query is None) == (args.file is None):
        raise ConfigError("give a query or --file, not both/neither", key="query",
                          fix='mlcurate sql "SELECT * FROM coverage LIMIT 5"  or  mlcurate sql --file q.sql')
    if args.csv and args.json:
        raise ConfigError("give --csv or --json, not both", key="--csv")
    text = args.query if args.query is not None else args.file.read_text()
    _, ws = load(args)
    ws.require()
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


@command("status", "Summarise the workspace: samples per language, source and task; quarantined rows.", "mlcurate status --all",
         [WORKSPACE, PIPELINE, opt("--all", action="store_true", help="list every language (default: the 25 largest)")])
def cmd_status(args) -> int:
    _, ws = load(args)
    print_status(ws.require(), args.all)
    return 0


def print_status(ws, everything: bool) -> None:
    from .report import format_table
    from .status import workspace_status

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
    section("Natural languages (largest first)", "languages", None if everything else 25)
    section("Programming languages", "programming")
    section("Target languages with no data", "missing", None if everything else 15)
    section("Quarantined rows by reason", "quarantine")


@command("dashboard", "Start the Streamlit dashboard (coverage, sources, quality, mixtures, SQL console) on 127.0.0.1.",
         "mlcurate dashboard --workspace ws --port 8501",
         [WORKSPACE, PIPELINE, opt("--port", type=int, default=8501, help="port on 127.0.0.1 (default 8501)")])
def cmd_dashboard(args) -> int:
    import os
    import signal
    import subprocess
    from importlib.resources import files

    from dashboard.stats import file_stats

    _, ws = load(args)
    ws.require()
    t0 = time.perf_counter()
    file_stats(ws.root)  # materialise per-file stats now, so the first page view does not scan every sample
    print(f"mlcurate dashboard: per-file stats ready in {time.perf_counter() - t0:.1f}s", flush=True)
    app = files("dashboard") / "app.py"
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


@command("quickstart", "Run the bundled pipeline on the bundled sample (UDHR in 448 languages + real source code) "
         "and print coverage.", "mlcurate quickstart --workspace workspace", [WORKSPACE, NO_PROGRESS])
def cmd_quickstart(args) -> int:
    from .pipeline import DEFAULT_PIPELINE, load_pipeline, make_context, resolve_workspace
    from .stages import run_stages

    cfg = load_pipeline(DEFAULT_PIPELINE)
    ws = resolve_workspace(args.workspace, cfg)
    print(f"mlcurate quickstart: bundled sample -> {ws.root}")
    ctx = make_context(cfg, ws, progress=not args.no_progress)
    run_stages(ctx, {n: cfg.section(n) for n in cfg.stages}, cfg.stages, on_stage_done=print_result)
    print_status(ws, everything=False)
    print(f"\nnext: mlcurate sql \"SELECT * FROM coverage WHERE samples > 0 ORDER BY samples LIMIT 10\" --workspace {ws.root}")
    return 0


# ---------------------------------------------------------------- parser and entry point

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlcurate", description="Curate multilingual training data for embedding models: ingest, language ID, "
        "dedup, decontamination against evaluation sets, hard-negative mining, mixtures; query the corpus with SQL.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"mlcurate {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for c in COMMANDS.values():
        p = sub.add_parser(c.name, help=c.help, description=c.help, epilog=f"example:\n  {c.example}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        for flags, kwargs in c.options:
            p.add_argument(*flags, **kwargs)
        p.set_defaults(func=c.func)
    return parser


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
    except BrokenPipeError:  # `mlcurate status | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush cannot fail again
        return 141  # as a process killed by SIGPIPE


def entry() -> None:
    """The `mlcurate` console script (and `python -m curation.cli`): `main()`, then the
    interpreter's exit handlers (worker pools joined, log sinks closed; the commands close their
    own DuckDB and Parquet files), then an exit that skips unloading the modules: pandas, pyarrow,
    datatrove and huggingface_hub take 0.3-0.5 s to tear down, a tenth of a 1M-row JSONL ingest
    (`python benchmarks/ingest_bench.py`). Tests call `main()`, which returns normally."""
    code = main() or 0
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        sys.exit(code)  # a thread still at work: the normal exit waits for it
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # the reader left after the last write (`mlcurate sql ... | head`)
            code = code or 141
        except OSError as e:  # e.g. a full disk under `> out.csv`: the output is incomplete, and must not exit 0
            code = code or 120  # what Python's own exit gives when this flush fails
            with contextlib.suppress(OSError):
                os.write(2, f"mlcurate {sys.argv[1] if len(sys.argv) > 1 else ''}: error: output incomplete: {e}\n".encode())
        except ValueError:  # a stream already closed: closing it flushed it
            continue
    os._exit(code)


if __name__ == "__main__":
    entry()
