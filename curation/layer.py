"""One layer writer for every stage: the only code that publishes files into a workspace layer.

A layer is a folder of Parquet parts partitioned by source (`annotations/<stage>/source=<name>/`,
or `samples/`, `quarantine/`), plus `_empty.parquet` carrying the schema so views work before any
data lands. `AnnotationLayer` gives a stage:

    done_ids(source)          sample ids the layer already holds (idempotent re-runs skip them)
    write_part(...)           one part, written to a temporary name and renamed
    part_writer(...)          the same for a part written batch by batch
    publish(staged, run_id)   move parts a run staged elsewhere into the layer, one rename each
    replace(run_id, staged)   --force: the run's new parts in first, then every older part out,
                              so the layer is never empty in between
    write_counts / merge_counts   per-task counts files and their sum (tasks on any executor)

Temp-name-and-rename lives in `curation.store` (`write_parquet_atomic`, `atomic_parquet_writer`,
`move_atomic`, `write_json_atomic`); no stage renames files itself.
"""

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .store import Workspace, atomic_parquet_writer, move_atomic, write_json_atomic, write_parquet_atomic


class Layer:
    """A source-partitioned folder of Parquet parts with one schema."""

    def __init__(self, root: Path, schema: pa.Schema | None = None):
        self.dir, self.schema = Path(root), schema

    def ensure_schema(self) -> None:
        Workspace.ensure_layer_schema(self.dir, self.schema)

    def source_dir(self, source: str, base: Path | None = None) -> Path:
        return (base or self.dir) / f"source={source}"

    def parts(self, source: str | None = None) -> list[Path]:
        pattern = f"source={source}/*.parquet" if source is not None else "source=*/*.parquet"
        return sorted(self.dir.glob(pattern))

    def part_path(self, source: str, run_id: str, rank: int | None = None, base: Path | None = None) -> Path:
        name = f"part-{run_id}.parquet" if rank is None else f"part-{run_id}-{rank:05d}.parquet"
        return self.source_dir(source, base) / name

    def write_part(self, table: pa.Table, source: str, run_id: str, rank: int | None = None, base: Path | None = None) -> Path:
        """Write one part atomically into the layer (or into `base`, a staging folder laid out alike)."""
        path = self.part_path(source, run_id, rank, base)
        write_parquet_atomic(table, path)
        return path

    @contextlib.contextmanager
    def part_writer(self, source: str, run_id: str, rank: int | None = None, base: Path | None = None) -> Iterator[pq.ParquetWriter]:
        """A writer for one part written batch by batch (into the layer, or into `base`, a staging
        folder laid out alike); the part appears only when the block ends."""
        with atomic_parquet_writer(self.part_path(source, run_id, rank, base), self.schema) as writer:
            yield writer

    def publish_file(self, staged: Path, final: Path) -> None:
        """Move one finished file into the layer by a rename."""
        move_atomic(staged, final)

    def publish(self, staged: Path) -> list[Path]:
        """Move every part under `staged/source=*/` into the same place in the layer."""
        moved = []
        for part in sorted(Path(staged).glob("source=*/*.parquet")):
            final = self.dir / part.parent.name / part.name
            self.publish_file(part, final)
            moved.append(final)
        return moved

    def remove_other_runs(self, run_id: str) -> int:
        """Remove every part not written by `run_id`; returns how many."""
        old = [p for p in self.parts() if run_id not in p.name]
        for p in old:
            p.unlink(missing_ok=True)
        return len(old)

    def replace(self, run_id: str, staged: Path | None = None) -> None:
        """Replace the layer by `run_id`'s parts: staged ones moved in first, then the old ones removed."""
        if staged is not None:
            self.publish(staged)
        self.remove_other_runs(run_id)


class AnnotationLayer(Layer):
    """`annotations/<stage>/` of a workspace, keyed by sample_id."""

    def __init__(self, ws: Workspace | Path, stage: str, schema: pa.Schema):
        root = ws.root if isinstance(ws, Workspace) else Path(ws)
        super().__init__(root / "annotations" / stage, schema)
        self.stage = stage

    def done_ids(self, source: str | None = None) -> set[str]:
        files = self.parts(source)
        if not files:
            return set()
        return set(pa.concat_tables(pq.read_table(p, columns=["sample_id"]) for p in files).column(0).to_pylist())


def write_counts(staging: Path, rank: int, counts: dict) -> None:
    """One task's counts, as `counts-<rank>.json` in the run's staging folder."""
    write_json_atomic(Path(staging) / f"counts-{rank:05d}.json", counts)


def merge_counts(staging: Path, into: dict | None = None) -> dict:
    """The sum of every task's counts file: numbers added, nested dicts merged key by key."""
    total = into if into is not None else {}
    for f in sorted(Path(staging).glob("counts-*.json")):
        _add(total, json.loads(f.read_text()))
    return total


def _add(total: dict, counts: dict) -> None:
    for key, value in counts.items():
        if isinstance(value, dict):
            _add(total.setdefault(key, {}), value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            total[key] = total.get(key, 0) + value
        else:
            total.setdefault(key, value)
