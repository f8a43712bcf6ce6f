"""What a LID model can be trusted with: per-language reliability and confusable languages.

A confident prediction of another language drops a correct sample when the model is weak for the
declared language or confuses it with a close relative. This module measures both for a backend on
labelled texts and keeps the answer as a small JSON "model card" that the drop policy reads:

    recall[D]        share of texts declared D that the model predicts as D (macrolanguage-level)
    precision[P]     share of confident predictions P (score >= `min_score`) whose text is in P
    confusable       pairs (D, P) the model confuses: at least `min_pair_share` of D's texts (and
                     at least `min_pair_count`) predicted P, plus the documented table below

Cards ship for the built-in backends in `curation/langid/models/<backend>.json`, measured on the
bundled UDHR sample's articles 0-10 (preamble = 0; documented label noise left out: `udhr_noise`;
the held-out articles 11-15 are what
benchmarks/lid_fidelity_bench.py judges on), and are written by `mlcurate langid train` for a
corpus-trained model from its own held-out split. Regenerate the shipped cards with
`python -m curation.langid.reliability` (about a minute).

`CLOSE_RELATIVES` is the documented part: groups of languages that general LID models (lid.176,
heliport, OpenLID, GlotLID alike) confuse because they are one dialect continuum, one language in
two standards, or a creole of its lexifier. Codes are CLDR macrolanguage forms (`macro_language`).
"""

import gzip
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..languages import macro_language

CARDS_DIR = Path(__file__).with_name("models")

# Documented close relatives (CLDR macrolanguage forms). Sources: the confusion tables of the
# lid.176 / OpenLID / GlotLID papers and our measurement on UDHR articles 0-10 (see module doc).
CLOSE_RELATIVES: tuple[tuple[str, ...], ...] = (
    ("sh", "bs", "hr", "sr", "cnr"),           # Serbo-Croatian standards
    ("hi", "mr", "sa", "ne", "new", "bh", "bho", "mai", "mag", "awa", "hne", "anp"),  # Devanagari Indo-Aryan
    ("ur", "hi"),                              # Hindustani in two scripts (after script steering)
    ("oc", "ca", "es", "gl", "pt", "ast", "an", "lad"),  # Ibero-/Occitano-Romance
    ("it", "co", "sc", "vec", "lij", "lmo", "pms", "nap", "scn", "fur", "rm", "lld"),  # Italo-Romance
    ("fr", "wa", "pcd", "nrm", "frp"),         # Gallo-Romance
    ("ro", "mo", "rup"),                       # Daco-Romance
    ("no", "nb", "nn", "da", "sv", "fo", "is"),  # North Germanic
    ("de", "lb", "gsw", "bar", "pfl", "ksh", "nds", "yi", "li", "nl", "af", "fy", "stq", "vls", "zea"),  # West Germanic
    ("en", "sco", "jam", "pcm", "tpi", "bis", "pis", "srn", "gul", "crs", "kri", "gcf", "hwc"),  # English and English-based creoles
    ("ms", "id", "min", "bjn", "jv", "su", "mad", "ban", "ace", "bew"),  # Malayic and neighbours
    ("tl", "ceb", "ilo", "war", "hil", "bcl", "pam", "pag"),  # Philippine
    ("cs", "sk", "szl", "pl", "csb", "dsb", "hsb"),  # West Slavic
    ("ru", "uk", "be", "rue", "orv"),          # East Slavic
    ("bg", "mk"),                              # East South Slavic
    ("fa", "tg", "prs", "ps"),                 # Persian standards
    ("ar", "arz", "ary", "apc", "acm", "aeb", "arq", "ajp", "acq", "ars", "mt"),  # Arabic varieties
    ("zh", "yue", "wuu", "hak", "nan", "gan", "hsn", "cjy", "cdo", "lzh"),  # Sinitic
    ("tr", "az", "tk", "gag", "crh"),          # Oghuz Turkic
    ("kk", "ky", "tt", "ba", "nog", "kaa", "krc", "kum", "alt", "kjh", "cjs", "tyv"),  # Kipchak / Siberian Turkic
    ("uz", "ug"),                              # Karluk Turkic
    ("sw", "swc", "zdj", "wni"),               # Swahili and Comorian
    ("rw", "rn"),                              # Rwanda-Rundi
    ("zu", "xh", "nr", "ss", "nd"),            # Nguni
    ("st", "tn", "nso"),                       # Sotho-Tswana
    ("fi", "et", "krl", "vep", "vot", "olo", "liv", "smn", "se", "sms", "sma", "smj"),  # Finnic and Sami
    ("qu", "quy", "quz", "qub", "qug", "qvc", "qvh", "qvm", "qvn", "qwh", "qxn", "quc"),  # Quechuan
    ("ku", "kmr", "ckb", "sdh"),               # Kurdish
    ("lv", "ltg"),                             # Latvian and Latgalian
    ("ga", "gd", "gv"),                        # Goidelic
    ("br", "cy", "kw"),                        # Brythonic
    ("eo", "ia", "ie", "io"),                  # constructed, Romance vocabulary
    ("ht", "fr", "mfe", "gcf", "rcf", "acf", "crs", "lou"),  # French-based creoles and their lexifier
    ("pap", "pt", "es", "kea", "pov", "cri", "fab", "pre", "gcr"),  # Iberian-based creoles and their lexifiers
    ("ff", "fuc", "fuf", "fuh", "fuq", "fuv", "ful"),  # Fula
    ("om", "gaz", "hae"),                      # Oromo
    ("ak", "tw", "fat"),                       # Akan
)


def _pairs_from_groups(groups) -> frozenset[tuple[str, str]]:
    return frozenset((a, b) for g in groups for a in g for b in g if a != b)


DOCUMENTED_PAIRS = _pairs_from_groups(CLOSE_RELATIVES)


@dataclass
class ModelCard:
    """Reliability of one backend: what the drop policy reads (see module doc)."""

    name: str
    recall: dict[str, float] = field(default_factory=dict)       # declared macro code -> recall
    support: dict[str, int] = field(default_factory=dict)        # declared macro code -> texts measured
    precision: dict[str, float] = field(default_factory=dict)    # predicted macro code -> precision
    confused: list[tuple[str, str, int]] = field(default_factory=list)  # measured (declared, predicted, count)
    measured_on: str = ""
    precision_min_score: float = 0.5  # precision counts predictions scoring at least this (`measure`'s min_score)

    @cached_property
    def confusable(self) -> frozenset[tuple[str, str]]:
        measured = {(d, p) for d, p, _ in self.confused} | {(p, d) for d, p, _ in self.confused}
        return DOCUMENTED_PAIRS | frozenset(measured)

    def close_relatives(self, declared: str, predicted: str) -> bool:
        """Whether a prediction `predicted` for a text declared `declared` (registry codes) names a
        language the model confuses with the declared one."""
        return (macro_language(declared), macro_language(predicted)) in self.confusable

    def reliable_for(self, declared: str, min_recall: float, min_support: int) -> bool:
        """Whether the model recognises the declared language well enough that its disagreement
        counts: measured recall >= min_recall on >= min_support texts."""
        lang = macro_language(declared)
        return self.support.get(lang, 0) >= min_support and self.recall.get(lang, 0.0) >= min_recall

    def trusted_prediction(self, predicted: str, min_precision: float) -> bool:
        """Whether a confident prediction `predicted` is nearly always right (so it may overrule a
        declared language the model cannot output at all)."""
        return self.precision.get(macro_language(predicted), 0.0) >= min_precision

    def to_json(self) -> dict:
        return {"name": self.name, "measured_on": self.measured_on, "precision_min_score": self.precision_min_score,
                "recall": self.recall, "support": self.support, "precision": self.precision,
                "confused": [list(c) for c in self.confused]}

    @classmethod
    def from_json(cls, data: dict) -> "ModelCard":
        return cls(data["name"], data.get("recall", {}), data.get("support", {}), data.get("precision", {}),
                   [tuple(c) for c in data.get("confused", [])], data.get("measured_on", ""),
                   data.get("precision_min_score", 0.5))


def measure(name: str, gold: list[str], predicted: list[str], scores: list[float], *, min_score: float = 0.5,
            min_pair_share: float = 0.1, min_pair_count: int = 2, measured_on: str = "") -> ModelCard:
    """A model card from parallel lists of gold codes, top-1 predicted codes and their scores."""
    by_decl: Counter = Counter()
    hits: Counter = Counter()
    pred_n: Counter = Counter()
    pred_ok: Counter = Counter()
    pairs: Counter = Counter()
    for g, p, s in zip(gold, predicted, scores):
        gm, pm = macro_language(g) or g, macro_language(p) or p
        by_decl[gm] += 1
        if gm == pm:
            hits[gm] += 1
        elif s >= min_score:
            pairs[(gm, pm)] += 1
        if s >= min_score:
            pred_n[(gm, pm)] += 1
    confused = sorted(((d, p, n) for (d, p), n in pairs.items() if n >= min_pair_count and n >= min_pair_share * by_decl[d]),
                      key=lambda c: (-c[2], c[0], c[1]))
    # A confident prediction is right when it names the text's language or a confusable relative.
    close = DOCUMENTED_PAIRS | {(d, p) for d, p, _ in confused}
    for (gm, pm), n in list(pred_n.items()):
        pred_ok[pm] += n if gm == pm or (gm, pm) in close else 0
        pred_n[pm] += n
        del pred_n[(gm, pm)]
    return ModelCard(name, {k: round(hits[k] / n, 4) for k, n in sorted(by_decl.items())}, dict(sorted(by_decl.items())),
                     {k: round(pred_ok[k] / n, 4) for k, n in sorted(pred_n.items())}, confused, measured_on, min_score)


def load_card(name: str, path: str | Path | None = None) -> ModelCard | None:
    """The card shipped for backend `name` (or at `path`, e.g. next to a trained model); None if none."""
    p = Path(path) if path else CARDS_DIR / f"{name}.json"
    if not p.exists():
        return None
    return ModelCard.from_json(json.loads(p.read_text(encoding="utf-8")))


# Documented label noise of the bundled UDHR (curation/sample_data/README.md): left out of the
# cards' measurement and of benchmarks/lid_fidelity_bench.py's false-drop rate.
UDHR_NOISE_SCRIPTS = {("ckb", "Latn"), ("azb", "Latn")}   # (ISO 639-3, script of the text)
UDHR_NOISE_NAMES = {"French (Welche)"}                     # tagged `fr`, a Lorraine Romance dialect


def udhr_noise(row: dict, gold: str) -> bool:
    """Whether a bundled UDHR row (with its gold registry code) is documented label noise."""
    return tuple(gold.split("_", 1)) in UDHR_NOISE_SCRIPTS or row.get("name") in UDHR_NOISE_NAMES


def udhr_gold(rows: list[dict], normalizer) -> list[tuple[dict, str]]:
    """(row, gold registry code) for bundled UDHR rows: the declared tag, written in the text's
    script when the tag has none (as ingest does); undetermined and invalid tags left out."""
    from ..errors import BadRecord
    from ..scripts import detect_scripts

    out = []
    for row, sc in zip(rows, detect_scripts([r["text"] for r in rows])):
        try:
            code = normalizer.normalize_for_script(row["lang"], "" if sc.mixed else sc.script)
        except BadRecord:
            continue
        if code != "und_Zyyy":
            out.append((row, code))
    return out


def main(argv: list[str] | None = None) -> int:
    """Measure and write the shipped cards of the built-in backends on UDHR articles 0-10."""
    import argparse

    from ..languages import LanguageNormalizer, Registry
    from ..paths import SAMPLE_DATA_DIR
    from .annotate import Annotator, LidConfig
    from .backends import BACKENDS, load_backend

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--backend", action="append", help="backend names (default: every built-in one installed)")
    args = ap.parse_args(argv)
    normalizer = LanguageNormalizer(Registry.load())
    with gzip.open(SAMPLE_DATA_DIR / "udhr_pairs.jsonl.gz", "rt", encoding="utf-8") as f:
        rows = [r for r in map(json.loads, f) if int(r["article"]) <= 10]
    pairs = [(r, g) for r, g in udhr_gold(rows, normalizer) if not udhr_noise(r, g)]
    texts, gold = [r["text"] for r, _ in pairs], [g for _, g in pairs]
    CARDS_DIR.mkdir(exist_ok=True)
    for name in args.backend or list(BACKENDS):
        try:
            backend = load_backend(name)
        except Exception as e:  # an optional backend that is not installed
            print(f"skip {name}: {e}")
            continue
        annotator = Annotator(backend, LidConfig(policy="off"), normalizer)
        table = annotator.annotate([""] * len(texts), [""] * len(texts), ["query"] * len(texts), texts, gold)
        card = measure(name, gold, table.column("predicted").to_pylist(), table.column("score").to_pylist(),
                       measured_on=f"bundled UDHR articles 0-10, {len(texts)} paragraphs")
        out = CARDS_DIR / f"{name}.json"
        out.write_text(json.dumps(card.to_json(), indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{name}: {len(card.recall)} languages, {len(card.confused)} confused pairs -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
