"""`langid.vote`: several backends judge each text; a drop by model needs their agreement.

Every backend annotates the batch with its own model card (see annotate.py). The output row is the
first backend's (predicted language, scores, model name joined by `+`), with one change: a model
status (`mismatch`) stands only when the rule holds among the backends that can judge the declared
language: their own status is not `unsupported` (it cannot output the language) nor `unreliable`
(it also reads another language, but its card says it is weak for the declared one: neither its
disagreement nor a dissent from it is evidence, so it abstains):

    all        every judging backend says mismatch (default: one dissent keeps the sample)
    majority   more than half of them do
    any        at least one does

When the first backend's mismatch does not stand, the row takes the status of the first dissenting
backend (`match`, `close_relative`, `low_confidence`). When the first backend cannot judge
(`unsupported`, `unreliable`) and the rule holds among the others, the row becomes `mismatch`; when
no backend can judge, the first backend's status stands. Script
statuses (`too_short`, `mixed_script`, `script_mismatch`, `unlisted_script`, `undeclared`) do not
depend on the model and are the same for every backend.

    >>> VoteAnnotator([lid176, corpus], LidConfig(vote=["udhr"]), normalizer).annotate(...)
"""

import pyarrow as pa

from ..languages import LanguageNormalizer
from .annotate import Annotator, LidConfig
from .reliability import ModelCard

JUDGED = ("match", "close_relative", "low_confidence", "mismatch")
ABSTAINED = ("unsupported", "unreliable")


def combine(statuses: list[str], rule: str) -> str:
    """One status from the backends' statuses of one text (first backend first)."""
    first = statuses[0]
    if first not in JUDGED and first not in ABSTAINED:
        return first  # a script status: the same for everyone
    judges = [s for s in statuses if s in JUDGED]
    if not judges:
        return first
    votes = sum(s == "mismatch" for s in judges)
    holds = {"all": votes == len(judges), "majority": votes * 2 > len(judges), "any": votes >= 1}[rule]
    if holds:
        return "mismatch"
    if first == "mismatch" or first in ABSTAINED:
        return next(s for s in judges if s != "mismatch")
    return first


class VoteAnnotator:
    """Annotates with every backend and combines their statuses by `cfg.vote_rule`."""

    def __init__(self, backends: list, cfg: LidConfig, normalizer: LanguageNormalizer, run_id: str = "",
                 cards: dict[str, ModelCard] | None = None):
        cards = cards or {}
        self.cfg = cfg
        self.annotators = [Annotator(b, cfg, normalizer, run_id, card=cards.get(b.name)) for b in backends]
        self.name = "+".join(b.name for b in backends)

    def annotate(self, ids, sources, fields, texts, declared) -> pa.Table:
        tables = [a.annotate(ids, sources, fields, texts, declared) for a in self.annotators]
        per_backend = [t.column("status").to_pylist() for t in tables]
        statuses = [combine(list(s), self.cfg.vote_rule) for s in zip(*per_backend)]
        first = tables[0]
        drop = set(self.cfg.drop)
        n = first.num_rows
        for name, values in (("status", pa.array(statuses, pa.string())),
                             ("mismatch", pa.array([s in ("mismatch", "script_mismatch", "unlisted_script") for s in statuses])),
                             ("passed", pa.array([s not in drop for s in statuses])),
                             ("model", pa.array([self.name] * n, pa.string()))):
            first = first.set_column(first.schema.get_field_index(name), first.schema.field(name), values)
        return first
