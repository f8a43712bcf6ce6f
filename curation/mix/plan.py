"""Planning: how many samples each (task, language, source) contributes.

Within each task budget B, language l gets B·p_l with p_l ∝ n_l^α, where n_l = Σ_s w_s·n_{l,s}
(per-source weights scale a source's size). Bounds per language: at most `cap` and at most
available × `max_epochs`; at least min(`floor`, that upper bound). Bounds are met by water-filling
(fix the languages that break a bound, re-share the rest of the budget), then counts are rounded by
largest remainder so they sum to the budget. A language's count is split over its sources ∝ w_s·n_{l,s}
with the same epoch bound.

With `total_tokens` the budget is in tokens (query + positive, from the `tokens` layer): it is split
over tasks (by `task_weights`, else by available tokens), and each task's sample budget is the
largest whose plan, at each (language, source)'s mean tokens per sample, stays within the task's
tokens (a bisection over the sample budget; the planned allocation grows with the budget).
Temperature, floors and caps keep their meaning in samples.
"""

import math
from dataclasses import dataclass, field

from .spec import MixSpec


@dataclass
class Cell:
    """Available samples of one (task, language, source)."""

    task: str
    lang: str
    source: str
    usable: int
    unusable: int = 0  # no positive and no way to build one: counted, never exported
    tokens: int = 0    # tokens (query + positive) of the usable samples, from the `tokens` layer
    counted: int = 0   # usable samples the `tokens` layer has counted

    @property
    def mean_tokens(self) -> float:
        return self.tokens / self.counted if self.counted else 0.0


@dataclass
class LangPlan:
    task: str
    lang: str
    available: int
    unusable: int
    share: float  # p_l from the temperature, before bounds
    target: float  # B·p_l, before bounds
    planned: int
    changed_by: str  # "", "cap", "floor", "epochs"
    sources: dict[str, int] = field(default_factory=dict)  # planned per source

    @property
    def upsampling(self) -> float:
        return self.planned / self.available if self.available else 0.0


@dataclass
class TaskPlan:
    task: str
    budget: int
    languages: list[LangPlan]
    token_budget: int | None = None  # with `total_tokens`: this task's share
    planned_tokens: float | None = None  # expected tokens of the plan (mean tokens per sample x planned)

    @property
    def planned(self) -> int:
        return sum(lp.planned for lp in self.languages)

    @property
    def available(self) -> int:
        return sum(lp.available for lp in self.languages)

    @property
    def unusable(self) -> int:
        return sum(lp.unusable for lp in self.languages)


@dataclass
class Plan:
    tasks: list[TaskPlan]
    skipped_tasks: dict[str, int]  # task -> available samples left out (no budget)

    def cells(self) -> list[tuple[str, str, str, int]]:
        """(task, lang, source, planned) for every planned > 0, sorted."""
        return sorted((t.task, lp.lang, s, k) for t in self.tasks for lp in t.languages for s, k in lp.sources.items() if k > 0)

    @property
    def planned(self) -> int:
        return sum(t.planned for t in self.tasks)


def water_fill(budget: float, weights: list[float], lo: list[float], hi: list[float]) -> tuple[list[float], list[str]]:
    """Share `budget` ∝ `weights` within [lo, hi] per item. Returns (amounts, bound hit per item:
    'hi', 'lo' or ''). When the lower bounds exceed the budget they still hold (floors win);
    when the upper bounds cannot reach it, every item sits at its upper bound."""
    n = len(weights)
    fixed: dict[int, tuple[float, str]] = {}
    while True:
        free = [i for i in range(n) if i not in fixed]
        remaining = budget - sum(v for v, _ in fixed.values())
        total_w = sum(weights[i] for i in free)
        targets = {i: (max(remaining, 0.0) * weights[i] / total_w if total_w > 0 else 0.0) for i in free}
        over = [i for i in free if targets[i] > hi[i] + 1e-9]
        if over:
            fixed.update({i: (hi[i], "hi") for i in over})
            continue
        under = [i for i in free if targets[i] < lo[i] - 1e-9]
        if under:
            fixed.update({i: (lo[i], "lo") for i in under})
            continue
        out = [fixed[i][0] if i in fixed else targets[i] for i in range(n)]
        return out, [fixed[i][1] if i in fixed else "" for i in range(n)]


def round_to_total(values: list[float], keys: list, hi: list[int]) -> list[int]:
    """Integers summing to round(sum(values)) by largest remainder (ties broken by key), each ≤ hi."""
    base = [min(math.floor(v + 1e-9), h) for v, h in zip(values, hi)]
    missing = round(sum(values)) - sum(base)
    order = sorted(range(len(values)), key=lambda i: (-(values[i] - base[i]), keys[i]))
    for i in order:
        if missing <= 0:
            break
        if base[i] < hi[i]:
            base[i] += 1
            missing -= 1
    return base


def task_budgets(spec: MixSpec, available: dict[str, int]) -> dict[str, int]:
    """Budget per task: `tasks` as given, or `total` split by `task_weights` (else by availability)."""
    if spec.tasks:
        return {t: b for t, b in spec.tasks.items() if b > 0}
    weights = {t: spec.task_weights.get(t, 0.0) for t in available} if spec.task_weights else dict(available)
    tasks = sorted(t for t, w in weights.items() if w > 0)
    shares = [spec.total * weights[t] / sum(weights[t] for t in tasks) for t in tasks]
    return dict(zip(tasks, round_to_total(shares, tasks, [spec.total] * len(tasks))))


def plan_task(spec: MixSpec, task: str, budget: int, cells: list[Cell]) -> TaskPlan:
    """Plan one task over its languages (cells of this task only)."""
    by_lang: dict[str, list[Cell]] = {}
    for c in cells:
        by_lang.setdefault(c.lang, []).append(c)
    langs = sorted(by_lang)
    n = [sum(c.usable for c in by_lang[l] if spec.weight(c.source) > 0) for l in langs]
    eff = [sum(spec.weight(c.source) * c.usable for c in by_lang[l]) for l in langs]
    powered = [e ** spec.alpha if e > 0 else 0.0 for e in eff]
    shares = [p / sum(powered) if sum(powered) else 0.0 for p in powered]
    epoch_hi = [math.floor(k * spec.max_epochs + 1e-9) for k in n]
    hi = [min(h, spec.cap) if spec.cap is not None else h for h in epoch_hi]
    lo = [min(spec.floor, h) for h in hi]
    amounts, bound = water_fill(float(budget), shares, [float(x) for x in lo], [float(x) for x in hi])
    planned = round_to_total(amounts, langs, hi)
    plans = []
    for i, lang in enumerate(langs):
        why = ""
        if bound[i] == "hi":
            why = "cap" if spec.cap is not None and hi[i] == spec.cap and spec.cap < epoch_hi[i] else "epochs"
        elif bound[i] == "lo":
            why = "floor"
        lp = LangPlan(task, lang, n[i], sum(c.unusable for c in by_lang[lang]), shares[i], budget * shares[i], planned[i], why)
        lp.sources = split_sources(spec, by_lang[lang], planned[i])
        plans.append(lp)
    return TaskPlan(task, budget, plans)


def split_sources(spec: MixSpec, cells: list[Cell], planned: int) -> dict[str, int]:
    cells = sorted((c for c in cells if spec.weight(c.source) > 0 and c.usable > 0), key=lambda c: c.source)
    if not cells or planned == 0:
        return {}
    hi = [math.floor(c.usable * spec.max_epochs + 1e-9) for c in cells]
    amounts, _ = water_fill(float(planned), [spec.weight(c.source) * c.usable for c in cells], [0.0] * len(cells), [float(h) for h in hi])
    return dict(zip((c.source for c in cells), round_to_total(amounts, [c.source for c in cells], hi)))


def plan_tokens(plan: TaskPlan, cells: list[Cell]) -> float:
    """Expected tokens of a task plan: planned samples of each (language, source) x its mean tokens."""
    mean = {(c.lang, c.source): c.mean_tokens for c in cells}
    return sum(k * mean.get((lp.lang, s), 0.0) for lp in plan.languages for s, k in lp.sources.items())


def token_task_budgets(spec: MixSpec, tokens: dict[str, int]) -> dict[str, int]:
    """`total_tokens` per task: by `task_weights`, else by available tokens."""
    weights = {t: spec.task_weights.get(t, 0.0) for t in tokens} if spec.task_weights else dict(tokens)
    tasks = sorted(t for t, w in weights.items() if w > 0)
    shares = [spec.total_tokens * weights[t] / sum(weights[t] for t in tasks) for t in tasks]
    return dict(zip(tasks, round_to_total(shares, tasks, [spec.total_tokens] * len(tasks))))


def plan_task_tokens(spec: MixSpec, task: str, token_budget: int, cells: list[Cell]) -> TaskPlan:
    """The largest sample budget whose plan stays within `token_budget` tokens (bisection)."""
    most = sum(math.floor(c.usable * spec.max_epochs + 1e-9) for c in cells if spec.weight(c.source) > 0)
    lo, hi = 0, most
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if plan_tokens(plan_task(spec, task, mid, cells), cells) <= token_budget:
            lo = mid
        else:
            hi = mid - 1
    best = plan_task(spec, task, lo, cells)
    best.token_budget, best.planned_tokens = token_budget, plan_tokens(best, cells)
    return best


def make_plan(spec: MixSpec, cells: list[Cell]) -> Plan:
    """The whole plan: budgets per task, then languages within each task."""
    available: dict[str, int] = {}
    tokens: dict[str, int] = {}
    for c in cells:
        if spec.weight(c.source) > 0:
            available[c.task] = available.get(c.task, 0) + c.usable
            tokens[c.task] = tokens.get(c.task, 0) + c.tokens
    if spec.total_tokens is not None:
        budgets = token_task_budgets(spec, tokens)
        tasks = [plan_task_tokens(spec, t, b, [c for c in cells if c.task == t]) for t, b in sorted(budgets.items())]
    else:
        budgets = task_budgets(spec, available)
        tasks = [plan_task(spec, t, b, [c for c in cells if c.task == t]) for t, b in sorted(budgets.items())]
        for t in tasks:
            t.planned_tokens = plan_tokens(t, [c for c in cells if c.task == t.task])
    skipped = {t: n for t, n in sorted(available.items()) if t not in budgets}
    return Plan(tasks, skipped)
