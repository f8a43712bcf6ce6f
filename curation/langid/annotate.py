"""The LID judgement of one text field: predicted language, script, scores, and a status against the
declared language.

Input: batches of `(sample_id, source, field, text, declared)`; output: rows of `LANGID_SCHEMA`,
one per (sample, field). The status says what a user needs to know, in this order of precedence:

    too_short        fewer than `min_chars` characters after stripping: predicted, not judged
    undeclared       the source declared `und_Zyyy`: the prediction labels it
    mixed_script     no script holds `mixed_script_share` of the letters
    script_mismatch  the text's script cannot be the declared one (srp_Latn text in srp_Cyrl)
    unsupported      the model cannot output the declared language: not a mismatch
    match            same language as declared, compared through the CLDR macrolanguage
                     (declared arb, predicted ara; declared swh, predicted swa)
    low_confidence   another language, below the predicted language's threshold
    mismatch         another language, at or above the threshold

`passed` is false for the statuses listed in the config's `drop` (`samples_clean` excludes them).
"""

import re
from collections.abc import Iterable
from typing import Literal

import pyarrow as pa
from pydantic import Field

from ..config import Strict
from ..errors import BadRecord
from ..languages import LanguageNormalizer, macro_language
from ..schema import LANGID_SCHEMA
from .scripts import detect_scripts, script_compatible

STATUSES = ("too_short", "undeclared", "mixed_script", "script_mismatch", "unsupported", "match", "low_confidence", "mismatch")
MISMATCH_STATUSES = ("mismatch", "script_mismatch")
UNDETERMINED = "und_Zyyy"

class LidTrainConfig(Strict):
    """`langid.train`: how `mlcurate langid train` builds a fastText LID from the corpus."""

    sources: list[str] = Field(default_factory=list, description="sources to learn from (default: every natural-language source)")
    group_key: str = Field("article", description="meta field whose value is one holdout unit; rows without it are grouped by sample id")
    holdout_groups: list[str | int] = Field(default_factory=list, description="group values held out for evaluation (e.g. UDHR articles 11-15); empty: use holdout_fraction")
    holdout_fraction: float = Field(0.2, gt=0, lt=1, description="share of groups held out (by hash) when holdout_groups is empty")
    max_per_language: int = Field(200, ge=1, description="cap of training texts per language (balancing)")
    min_per_language: int = Field(20, ge=1, description="languages with fewer texts are repeated up to this many (balancing)")
    max_chars: int = Field(1000, ge=10, description="texts are cut to this many characters")
    dim: int = Field(32, ge=2, description="fastText embedding size")
    epoch: int = Field(40, ge=1, description="fastText epochs")
    lr: float = Field(0.8, gt=0, description="fastText learning rate")
    minn: int = Field(2, ge=0, description="shortest character n-gram")
    maxn: int = Field(5, ge=0, description="longest character n-gram")
    bucket: int = Field(100_000, ge=1000, description="hash buckets for character n-grams (model size)")
    threads: int = Field(2, ge=1, description="training threads")
    quantize: bool = Field(False, description="quantize to .ftz (smaller, slower to build)")
    seed: int = Field(0, description="seed of the balancing sample")


class LidConfig(Strict):
    """`langid:` in configs/pipeline.yaml."""

    model: str = Field("fasttext-lid176", description="backend name (fasttext-lid176) or a model trained with `mlcurate langid train --name`")
    model_path: str | None = Field(None, description="any fastText LID model file (GlotLID, OpenLID); used under the name `model`")
    fields: list[Literal["query", "positive"]] = Field(default_factory=lambda: ["query", "positive"], description="text fields to identify; `positive` only where it is natural language (not code)")
    max_chars: int = Field(1000, ge=10, description="texts are cut to this many characters before prediction")
    min_chars: int = Field(20, ge=0, description="shorter texts are predicted but not judged (status too_short)")
    top_k: int = Field(3, ge=1, le=10, description="how many predictions to keep per text")
    batch_size: int = Field(4096, ge=1, description="texts per prediction batch")
    mixed_script_share: float = Field(0.8, gt=0, le=1, description="below this share of letters in the main script a text is mixed_script")
    thresholds: dict[str, float] = Field(default_factory=lambda: {"default": 0.5}, description="minimum top-1 score per predicted language for a mismatch to count; key `default` for the rest")
    drop: list[Literal[STATUSES]] = Field(default_factory=lambda: ["mismatch", "script_mismatch", "mixed_script"], description="statuses that samples_clean excludes")
    train: LidTrainConfig = Field(default_factory=LidTrainConfig)

    def threshold(self, code: str) -> float:
        return self.thresholds.get(code, self.thresholds.get("default", 0.5))


_NEWLINES = re.compile(r"[\n\r\v\f\u2028\u2029\x85]")


def prepare(text: str, max_chars: int) -> str:
    """One line of at most `max_chars` characters: fastText reads a text up to its first newline."""
    return _NEWLINES.sub(" ", text[:max_chars])


class Annotator:
    """Turns batches of texts into LANGID_SCHEMA columns with one backend and one config."""

    def __init__(self, backend, cfg: LidConfig, normalizer: LanguageNormalizer, run_id: str = ""):
        self.backend, self.cfg, self.normalizer, self.run_id = backend, cfg, normalizer, run_id
        self.supported = frozenset(filter(None, (macro_language(c) for c in backend.labels)))
        # Models whose labels carry scripts (trained, GlotLID) can be steered by the detected script.
        self.k = max(cfg.top_k, 10) if getattr(backend, "explicit_scripts", False) else cfg.top_k
        self._combined: dict[tuple[str, str], str] = {}

    def annotate(self, ids: list[str], sources: list[str], fields: list[str], texts: list[str], declared: list[str | None]) -> pa.Table:
        """Columns of LANGID_SCHEMA for parallel lists of one batch."""
        lines = [prepare(t, self.cfg.max_chars) for t in texts]
        scripts = detect_scripts(lines, self.cfg.mixed_script_share)
        tops = self.backend.predict(lines, k=self.k)
        out = {name: [] for name in ("predicted", "score", "top", "status")}
        for line, sc, top, decl in zip(lines, scripts, tops, declared):
            if self.k > self.cfg.top_k:
                top = self._steer(top, sc.script)
            predicted = self._with_script(top[0][0], sc.script) if top else UNDETERMINED
            score = top[0][1] if top else 0.0
            out["predicted"].append(predicted)
            out["score"].append(score)
            out["top"].append([{"lang": c, "score": s} for c, s in top])
            out["status"].append(self._status(line, sc, predicted, score, decl))
        drop = set(self.cfg.drop)
        n = len(ids)
        return pa.table({
            "sample_id": ids, "source": sources, "field": fields, "declared": declared,
            "predicted": out["predicted"], "script": [s.script for s in scripts],
            "script_share": [s.share for s in scripts], "score": out["score"], "top": out["top"],
            "status": out["status"], "mismatch": [s in MISMATCH_STATUSES for s in out["status"]],
            "passed": [s not in drop for s in out["status"]], "model": [self.backend.name] * n, "run_id": [self.run_id] * n,
        }, schema=LANGID_SCHEMA)

    def _steer(self, top: list[tuple[str, float]], script: str) -> list[tuple[str, float]]:
        """Labels whose script fits the text first, then the rest; cut to top_k."""
        fits = [t for t in top if script_compatible(t[0].partition("_")[2], script)]
        rest = [t for t in top if t not in fits]
        return (fits + rest)[: self.cfg.top_k]

    def _with_script(self, code: str, script: str) -> str:
        """The model's language written in the detected script (`srp_Cyrl` + Latn -> `srp_Latn`)."""
        key = (code, script)
        if key not in self._combined:
            self._combined[key] = self._combine(code, script)
        return self._combined[key]

    def _combine(self, code: str, script: str) -> str:
        language, _, own = code.partition("_")
        if not own or script in ("Zyyy", "Zzzz", "Zinh") or script_compatible(own, script):
            return code
        try:
            return self.normalizer.normalize(f"{language}-{script}")
        except BadRecord:
            return code

    def _status(self, line: str, sc, predicted: str, score: float, declared: str | None) -> str:
        cfg = self.cfg
        if len(line.strip()) < cfg.min_chars:
            return "too_short"
        if not declared or declared == UNDETERMINED:
            return "undeclared"
        if sc.mixed:
            return "mixed_script"
        if not script_compatible(declared.partition("_")[2], sc.script):
            return "script_mismatch"
        want = macro_language(declared)
        if want not in self.supported:
            return "unsupported"
        if macro_language(predicted) == want:
            return "match"
        return "low_confidence" if score < cfg.threshold(predicted) else "mismatch"


def field_rows(batch: pa.Table, fields: Iterable[str]) -> tuple[list, list, list, list, list]:
    """Sample rows -> parallel lists (ids, sources, fields, texts, declared) of the texts to identify.

    `query` is declared `lang`; `positive` is declared `pos_lang` (bitext) or else `lang`, and is
    skipped where it is code (`code_lang` set) or absent (labelled tasks)."""
    cols = batch.to_pydict()
    ids, sources, names, texts, declared = [], [], [], [], []
    for i, sid in enumerate(cols["sample_id"]):
        for name in fields:
            text = cols[name][i]
            if text is None or (name == "positive" and cols["code_lang"][i] is not None):
                continue
            ids.append(sid)
            sources.append(cols["source"][i])
            names.append(name)
            texts.append(text)
            declared.append(cols["pos_lang"][i] or cols["lang"][i] if name == "positive" else cols["lang"][i])
    return ids, sources, names, texts, declared
