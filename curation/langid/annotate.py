"""The LID judgement of one text field: predicted language, script, scores, and a status against the
declared language.

Input: batches of `(sample_id, source, field, text, declared)`; output: rows of `LANGID_SCHEMA`,
one per (sample, field). The status says what a user needs to know, in this order of precedence:

    too_short        fewer than `min_chars` characters after stripping: predicted, not judged by
                     the model (a script status below still applies: script needs no length)
    undeclared       the source declared `und_Zyyy`: the prediction labels it
    mixed_script     no script holds `mixed_script_share` of the letters
    script_mismatch  the text's script cannot be the declared one (srp_Latn text in srp_Cyrl); a
                     tag without a script took the text's script at ingest, so this means the
                     source named a script the text contradicts
    unlisted_script  the text's script is none of those the registry lists for the declared language
                     (configs/language_scripts.csv: CLDR plus what the data shows): `fra` over
                     Cyrillic text
    match            same language as declared, compared through the CLDR macrolanguage
                     (declared arb, predicted ara; declared swh, predicted swa)
    close_relative   a language the model confuses with the declared one (the model card's measured
                     pairs plus the documented `CLOSE_RELATIVES` table): Bosnian read as Croatian
    unsupported      the model cannot output the declared language, and its prediction is not one
                     it is nearly always right about (model card precision < `min_precision`)
    low_confidence   another language, below the predicted language's threshold; or the backend
                     declined to name one (`und`: heliport under its own cut-off) or named one never
                     written in the text's script (Catalan over Chakma text), for a declared
                     language it can output (else `unsupported`)
    unreliable       another language, confidently, but the model is weak for the declared language
                     (model card recall < `min_recall`) and its prediction is not one it is nearly
                     always right about: its disagreement is not evidence
    mismatch         another language, at or above the threshold, from a model reliable for the
                     declared language, or with model-card precision >= `min_precision` at a score
                     of at least the card's `precision_min_score` (the level that precision was
                     measured at; the only evidence against a declared language the model cannot
                     output)

"Score" is the top-1 score, or, when the top language's close relatives rank right behind it, the
confidence of that group as one answer (`Annotator._group_score`): a model that splits 0.7 between
Bokmal, Nynorsk and Danish is sure the text is not Afar.

With `policy: off` the model card is ignored: another language at or above the threshold is a
`mismatch`, a declared language the model cannot output is `unsupported` (the pre-card rules).
`passed` is false for the statuses listed in the config's `drop` (`samples_clean` excludes them).
"""

from collections.abc import Iterable

import pyarrow as pa

from ..errors import BadRecord
from ..languages import LanguageNormalizer, macro_language
from ..schema import LANGID_SCHEMA
from .config import DEFAULT_DROP, STATUSES, LidConfig, LidTrainConfig  # noqa: F401 (re-exported: the stage's config)
from .reliability import ModelCard, load_card
from .scripts import detect_scripts, script_compatible

MISMATCH_STATUSES = ("mismatch", "script_mismatch", "unlisted_script")
UNDETERMINED = "und_Zyyy"


def prepare(text: str, max_chars: int) -> str:
    """One line of at most `max_chars` characters: fastText reads a text up to its first newline
    (other whitespace, `\r` included, only separates its tokens)."""
    return text[:max_chars].replace("\n", " ")


def group_score(backend, top: list[tuple[str, float]], n: int) -> float:
    """Confidence that the text is one of the first `n` languages of `top` (n >= 1): the backend's
    own rule if it has one, else the sum of their scores (right for softmax probabilities)."""
    rule = getattr(backend, "group_score", None)
    return rule(top, n) if rule else sum(score for _, score in top[:n])


class Annotator:
    """Turns batches of texts into LANGID_SCHEMA columns with one backend and one config."""

    def __init__(self, backend, cfg: LidConfig, normalizer: LanguageNormalizer, run_id: str = "", card: ModelCard | None = None):
        self.backend, self.cfg, self.normalizer, self.run_id = backend, cfg, normalizer, run_id
        if card is None and cfg.policy == "model":
            card = load_card(backend.name, cfg.card or getattr(backend, "card_path", None))
        self.card = card if cfg.policy == "model" else None
        self.supported = frozenset(filter(None, (macro_language(c) for c in backend.labels)))
        # Models whose labels carry scripts (trained, GlotLID) can be steered by the detected script.
        self.k = max(cfg.top_k, 10) if getattr(backend, "explicit_scripts", False) else cfg.top_k
        self._combined: dict[tuple[str, str], str] = {}
        self._verdicts: dict[tuple, tuple[str, float]] = {}

    def annotate(self, ids: list[str], sources: list[str], fields: list[str], texts: list[str], declared: list[str | None]) -> pa.Table:
        """Columns of LANGID_SCHEMA for parallel lists of one batch."""
        lines = [prepare(t, self.cfg.max_chars) for t in texts]
        scripts = detect_scripts(lines, self.cfg.mixed_script_share)
        tops = self.backend.predict(lines, k=self.k)
        predicted, scores, statuses, top_langs, top_scores, offsets = [], [], [], [], [], [0]
        steer = self.k > self.cfg.top_k
        for line, sc, top, decl in zip(lines, scripts, tops, declared):
            if steer:
                top = self._steer(top, sc.script)
            code, score = top[0] if top else (UNDETERMINED, 0.0)
            code = self._with_script(code, sc.script)
            predicted.append(code)
            scores.append(score)
            statuses.append(self._status(line, sc, code, top, decl))
            for lang, s in top:
                top_langs.append(lang)
                top_scores.append(s)
            offsets.append(len(top_langs))
        return self._table(ids, sources, fields, declared, predicted, scripts, scores, statuses, top_langs, top_scores, offsets)

    def _table(self, ids, sources, fields, declared, predicted, scripts, scores, statuses, top_langs, top_scores, offsets) -> pa.Table:
        drop, n = set(self.cfg.drop), len(ids)
        top_type = LANGID_SCHEMA.field("top").type
        top = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), pa.StructArray.from_arrays(
            [pa.array(top_langs, pa.string()), pa.array(top_scores, pa.float32())], fields=list(top_type.value_type)))
        return pa.table({
            "sample_id": ids, "source": sources, "field": fields, "declared": declared,
            "predicted": predicted, "script": [s.script for s in scripts],
            "script_share": [s.share for s in scripts], "score": scores, "top": top,
            "status": statuses, "mismatch": [s in MISMATCH_STATUSES for s in statuses],
            "passed": [s not in drop for s in statuses], "model": [self.backend.name] * n, "run_id": [self.run_id] * n,
        }, schema=LANGID_SCHEMA)

    def _steer(self, top: list[tuple[str, float]], script: str) -> list[tuple[str, float]]:
        """Script-first: labels written in exactly the text's script, then labels whose script fits
        it (`Hani` for Hans text), then the rest; cut to top_k."""
        exact = [t for t in top if t[0].partition("_")[2] == script]
        fits = [t for t in top if t not in exact and script_compatible(t[0].partition("_")[2], script)]
        rest = [t for t in top if t not in exact and t not in fits]
        return (exact + fits + rest)[: self.cfg.top_k]

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

    def _status(self, line: str, sc, predicted: str, top: list[tuple[str, float]], declared: str | None) -> str:
        cfg = self.cfg
        short = len(line) < cfg.min_chars or (line[:1].isspace() or line[-1:].isspace()) and len(line.strip()) < cfg.min_chars
        if sc.mixed:
            return "too_short" if short else "mixed_script" if declared and declared != UNDETERMINED else "undeclared"
        key = (declared, predicted, sc.script)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = self._verdict(declared, predicted, sc.script)
        status, threshold, weak = verdict
        if short:  # the script of a few letters is certain, a model's guess is not
            return status if status in ("script_mismatch", "unlisted_script") else "too_short"
        if status == "trusted":
            # The card's precision is that of confident predictions (score >= its precision_min_score):
            # a lone weak guess (Maori 0.42 for a language the model does not know, the runners-up
            # unrelated) is not one, a prediction backed by its relatives (Bokmal with Nynorsk and
            # Danish behind it) can be.
            if top and self._group_score(top, declared) >= max(threshold, self.card.precision_min_score):
                return "mismatch"
            status = weak
        if status not in ("mismatch", "unreliable") or (top and top[0][1] >= threshold):
            return status
        return status if top and self._group_score(top, declared) >= threshold else "low_confidence"

    def _group_score(self, top: list[tuple[str, float]], declared: str) -> float:
        """The evidence against the declared language when the top-1 score alone is below its
        threshold: the confidence of the leading run of predictions that are the top language or
        its close relatives (the model card's confusable pairs), none of them the declared language
        or a relative of it, taken as one answer. A model that splits its confidence between Bokmal,
        Nynorsk and Danish is unsure which of them the text is, not whether it is one of them: for
        a text declared Afar, that group is the evidence. How a group's confidence follows from the
        scores is the backend's (`group_score`: summed probabilities for fastText, the gap to the
        best language outside the group for heliport). Without a card (`policy: off`): top-1."""
        if self.card is None:
            return top[0][1]
        confusable, want = self.card.confusable, macro_language(declared)
        lead, n = macro_language(top[0][0]), 0
        for lang, _ in top:
            m = macro_language(lang)
            if m == want or (want, m) in confusable or (m != lead and (lead, m) not in confusable):
                break
            n += 1
        return group_score(self.backend, top, n)

    def _written_in(self, predicted: str, script: str) -> bool:
        """Whether the registry lists the text's script for the predicted language (True when it
        knows nothing about the language or the script is Common/Inherited/unknown)."""
        listed = self.normalizer.registry.scripts_of(predicted)
        return not listed or script in ("Zyyy", "Zzzz", "Zinh") or any(script_compatible(s, script) for s in listed)

    def _verdict(self, declared: str | None, predicted: str, script: str) -> tuple[str, float, str]:
        """(status, threshold, weak) of a long, single-script text before its scores are compared
        with `threshold`; `trusted` means "mismatch if the top-1 score reaches the card's precision
        level, else `weak`". Memoised: a corpus repeats few (declared, predicted, script) triples."""
        if not declared or declared == UNDETERMINED:
            return "undeclared", 0.0, ""
        if not script_compatible(declared.partition("_")[2], script):
            return "script_mismatch", 0.0, ""
        listed = self.normalizer.registry.scripts_of(declared)
        if listed and script not in ("Zyyy", "Zzzz", "Zinh") and not any(script_compatible(s, script) for s in listed):
            return "unlisted_script", 0.0, ""
        want, got = macro_language(declared), macro_language(predicted)
        if got == want:
            return "match", 0.0, ""
        if predicted.partition("_")[0] == "und" or not self._written_in(predicted, script):
            # The backend declined to name a language (heliport's `und` under its cut-off), or named
            # one never written in the text's script (lid.176's Catalan over Chakma text): it did
            # not recognise the text, which says nothing against the declared language.
            return ("unsupported" if want not in self.supported else "low_confidence"), 0.0, ""
        card, cfg = self.card, self.cfg
        if card is None:
            return ("unsupported", 0.0, "") if want not in self.supported else ("mismatch", cfg.threshold(predicted), "")
        if card.close_relatives(declared, predicted):
            return "close_relative", 0.0, ""
        # The disagreement is evidence when the model knows the declared language well, or when its
        # claim "this is P" is nearly always right (the only evidence for a language it cannot output).
        if want in self.supported and card.reliable_for(declared, cfg.min_recall, cfg.min_support):
            return "mismatch", cfg.threshold(predicted), ""
        weak = "unsupported" if want not in self.supported else "unreliable"
        if card.trusted_prediction(predicted, cfg.min_precision):
            return "trusted", cfg.threshold(predicted), weak
        return weak, cfg.threshold(predicted) if weak == "unreliable" else 0.0, ""


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
