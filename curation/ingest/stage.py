"""The ingest stage: every configured source through ReadSource -> BuildSamples -> WriteStaging on
the configured executor, then CommitSource; one `runs` row per invocation."""

import json
import os
import time
from pathlib import Path

from ..config import ExecutorConfig, SourceConfig, config_hash
from ..contract import StageContext, StageCounts, StageResult
from ..errors import ConfigError
from ..languages import Registry
from ..lifecycle import crash_point
from ..runner import make_executor, run_executor, start_workers_early
from ..store import Workspace, load_registry, register_seen_languages
from .config import IngestConfig
from .native import CommitSources, NativeIngest, native_eligible, read_counts
from .readers import list_files
from .rules import DAMAGE_REASONS, check_kind, source_warnings
from .samples import SampleBuilder
from .steps import BuildSamples, CommitSource, ReadSource, WriteStaging, clear_dir


def source_fingerprint(source: SourceConfig) -> str:
    """Config + input files (name, size, mtime): a changed input is a new ingest, not a resume."""
    files = []
    if source.kind != "hf" or Path(source.resolved_path()).exists():
        _, paths = list_files(source)
        check_kind(source.name, source.kind, paths)
        files = [(str(p), os.path.getsize(p), int(os.path.getmtime(p))) for p in paths]
    return config_hash({"source": source.model_dump(mode="json"), "files": files})


def ingest(ws: Workspace, sources: list[SourceConfig], executor: ExecutorConfig, registry_path: str | Path,
           *, force: bool = False, progress: bool = True, native: bool | None = None) -> dict:
    """Ingest `sources` into the workspace; returns the counts recorded in `runs`.

    Parquet sources go through the native path (native.py: Arrow compute, all of them in one
    executor run) unless `native` is False (or $MLCURATE_INGEST_NATIVE=0, for comparisons);
    both give the same samples and quarantine."""
    if native is None:
        native = os.environ.get("MLCURATE_INGEST_NATIVE", "1") != "0"
    fast = [s for s in sources if native and native_eligible(s)]
    start_workers_early(executor, ([NativeIngest] if fast else []) + ([ReadSource, BuildSamples, WriteStaging] if len(fast) < len(sources) else []))
    registry_path = str(Path(registry_path).resolve())
    registry = Registry.load(Path(registry_path))
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise ConfigError(f"source names must be unique, got {names}", key="name")
    # Validate everything before writing anything.
    fingerprints = {s.name: source_fingerprint(s) for s in sources}
    for s in sources:
        SampleBuilder(s, registry)
    ws.init(registry_path)
    run_hash = config_hash({"sources": fingerprints, "executor": executor.model_dump(mode="json")})
    totals = {"rows_read": 0, "samples_new": 0, "duplicates_skipped": 0, "quarantined": 0, "quarantined_new": 0,
              "blank_lines": 0, "reasons": {}, "sources": {}}
    with ws.run("ingest", run_hash) as run:
        done = _ingest_native(ws, fast, fingerprints, executor, registry_path, run.run_id, force) if fast else {}
        recorded = []  # native sources, recorded together below (one catalog connection, not one each)
        for source in sources:
            counts = done[source.name] if source.name in done else _ingest_source(
                ws, source, fingerprints[source.name], executor, registry_path, run.run_id, force, progress)
            totals["sources"][source.name] = counts
            for k in ("rows_read", "samples_new", "duplicates_skipped", "quarantined", "quarantined_new", "blank_lines"):
                totals[k] += counts.get(k, 0)
            for reason, n in counts.get("reasons", {}).items():
                totals["reasons"][reason] = totals["reasons"].get(reason, 0) + n
            run.counts = totals
            crash_point("ingest:before-record")
            if source.name in done:
                recorded.append(source)
            else:
                with ws.connect(read_only=False) as con:
                    _record_sources(con, [source], fingerprints, run.run_id)
            if executor.kind == "slurm":
                run.status = "submitted"
        with ws.connect(read_only=False) as con:  # one catalog connection for both
            _record_sources(con, recorded, fingerprints, run.run_id)
            totals["languages_added"] = register_seen_languages(con)
        totals["warnings"] = [w for name, c in totals["sources"].items() for w in source_warnings(name, c)]
        totals["damaged_archives"] = sum(totals["reasons"].get(r, 0) for r in DAMAGE_REASONS)
        run.counts = totals
    return totals


def _ingest_source(ws, source, fingerprint, executor, registry_path, run_id, force, progress) -> dict:
    staging = ws.staging / "ingest" / source.name / fingerprint
    logs = ws.task_logs / "ingest" / source.name / fingerprint
    if force:
        clear_dir(staging)
        clear_dir(logs)
    shards = make_executor(executor, [ReadSource(source, progress), BuildSamples(source, registry_path), WriteStaging(str(staging))],
                           str(logs / "shards"))
    commit = make_executor(executor, [CommitSource(source.name, str(staging), str(ws.root), run_id)], str(logs / "commit"),
                           depends=shards)
    run_executor(commit, f"ingest of source '{source.name}'")
    if executor.kind == "slurm":
        return {"submitted": True}
    counts = read_counts(staging)
    clear_dir(staging)
    clear_dir(logs)
    return counts


def _ingest_native(ws, sources, fingerprints, executor, registry_path, run_id, force) -> dict[str, dict]:
    """Every native source in one executor run (units dealt over the tasks), then one commit run."""
    staging = [ws.staging / "ingest" / s.name / fingerprints[s.name] for s in sources]
    group = config_hash(sorted(fingerprints[s.name] for s in sources))
    logs = ws.task_logs / "ingest" / f"native-{group}"
    if force:
        for d in staging:
            clear_dir(d)
        clear_dir(logs)
    dirs = [str(d) for d in staging]
    shards = make_executor(executor, [NativeIngest(sources, registry_path, dirs)], str(logs / "shards"))
    commit = make_executor(executor, [CommitSources([s.name for s in sources], dirs, str(ws.root), run_id)], str(logs / "commit"),
                           depends=shards)
    run_executor(commit, f"native ingest of {len(sources)} sources")
    if executor.kind == "slurm":
        return {s.name: {"submitted": True} for s in sources}
    out = {}
    for s, d in zip(sources, staging):
        out[s.name] = read_counts(d)
        clear_dir(d)
    clear_dir(logs)
    return out


def _record_sources(con, sources: list[SourceConfig], fingerprints: dict[str, str], run_id: str) -> None:
    if not sources:
        return
    rows = [[s.name, s.kind, s.resolved_path(), s.task, s.split, s.license, fingerprints[s.name], json.dumps(s.model_dump(mode="json")),
             run_id] for s in sources]
    con.executemany(
        """INSERT OR REPLACE INTO sources (name, kind, path, task, split, license, config_hash, config, last_run_id, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now())""", rows)


def run(ctx: StageContext, cfg: IngestConfig) -> StageResult:
    """The stage contract's entry: ingest `ctx.sources` (those named in `cfg.only`, if any)."""
    sources = list(ctx.sources)
    if cfg.only:
        unknown = sorted(set(cfg.only) - {s.name for s in sources})
        if unknown:
            raise ConfigError(f"ingest.only names unknown sources {unknown}", file=ctx.file, key="ingest.only",
                              fix=f"configured sources: {', '.join(s.name for s in sources)}")
        sources = [s for s in sources if s.name in cfg.only]
    if not sources:
        raise ConfigError("no sources to ingest", file=ctx.file, key="sources", fix="list source config files under `sources:`")
    t0 = time.perf_counter()
    counts = ingest(ctx.ws, sources, ctx.executor, ctx.registry_path, force=ctx.force, progress=ctx.progress)
    seconds = time.perf_counter() - t0
    typed = StageCounts(inputs=counts["rows_read"], outputs=counts["samples_new"], skipped=counts["duplicates_skipped"],
                        flagged=counts["quarantined"])
    return StageResult("ingest", typed, summary_lines(counts, seconds), counts, seconds, warnings=counts.get("warnings", []))


def summary_lines(counts: dict, seconds: float) -> list[str]:
    if any(c.get("submitted") for c in counts["sources"].values()):
        return [f"ingest: submitted {len(counts['sources'])} sources to the cluster; `mlcurate status` shows them once done"]
    lines = [f"ingested {counts['rows_read']:,} rows in {seconds:.1f}s: {counts['samples_new']:,} new samples, "
             f"{counts['duplicates_skipped']:,} already present, {counts['quarantined']:,} quarantined"
             + (f", {counts['blank_lines']:,} blank lines skipped" if counts["blank_lines"] else "")]
    for name, c in counts["sources"].items():
        lines.append(f"  {name}: {c['rows_read']:,} rows -> {c.get('samples_new', 0):,} new, {c['quarantined']:,} quarantined")
    for reason, n in sorted(counts["reasons"].items(), key=lambda kv: -kv[1]):
        lines.append(f"  quarantine reason '{reason}': {n:,} (see: mlcurate sql \"SELECT * FROM quarantine WHERE reason = '{reason}'\")")
    return lines


__all__ = ["ingest", "load_registry", "run"]
