"""Planning: temperature shares, task budgets, floors, caps and the upsampling limit."""

import pytest

from curation.mix.plan import Cell, make_plan, water_fill
from curation.mix.spec import MixSpec

from .conftest import SKEWED


def cells(counts=SKEWED, task="retrieval", source="web"):
    return [Cell(task, lang, source, n) for lang, n in counts.items()]


def spec(**kw) -> MixSpec:
    return MixSpec.model_validate({"name": "t", "tasks": {"retrieval": 3000}, "max_epochs": 1000, **kw})


def planned(plan) -> dict[str, int]:
    return {lp.lang: lp.planned for lp in plan.tasks[0].languages}


@pytest.mark.parametrize("alpha", [0.0, 0.3, 1.0])
def test_temperature_shares(alpha):
    plan = make_plan(spec(alpha=alpha), cells())
    weights = {lang: n ** alpha for lang, n in SKEWED.items()}
    for lang, k in planned(plan).items():
        assert abs(k / 3000 - weights[lang] / sum(weights.values())) < 0.001
    assert plan.planned == 3000


def test_uniform_is_equal_and_natural_is_proportional():
    assert set(planned(make_plan(spec(alpha=0), cells())).values()) == {500}
    natural = planned(make_plan(spec(alpha=1, tasks={"retrieval": 6370}), cells()))
    assert natural == SKEWED


def test_cap_and_floor_reshare_the_budget():
    plan = make_plan(spec(alpha=1, cap=1000, floor=100), cells())
    got = planned(plan)
    assert max(got.values()) <= 1000 and min(got.values()) >= 100 and sum(got.values()) == 3000
    why = {lp.lang: lp.changed_by for lp in plan.tasks[0].languages}
    assert why["eng_Latn"] == "cap" and why["quy_Latn"] == "floor"


def test_upsampling_limit_bounds_small_languages():
    plan = make_plan(spec(alpha=0, max_epochs=2), cells())
    got = planned(plan)
    assert got["quy_Latn"] == 20 and got["yor_Latn"] == 120
    assert {lp.lang: lp.changed_by for lp in plan.tasks[0].languages}["quy_Latn"] == "epochs"
    assert all(k <= 2 * SKEWED[lang] for lang, k in got.items()) and sum(got.values()) == 3000


def test_floor_never_exceeds_the_upsampling_limit():
    got = planned(make_plan(spec(alpha=1, floor=50, max_epochs=1), cells()))
    assert got["quy_Latn"] == 10


def test_budget_out_of_reach_is_reported_short():
    plan = make_plan(spec(tasks={"retrieval": 100_000}, max_epochs=1), cells())
    assert plan.planned == sum(SKEWED.values()) and plan.tasks[0].budget == 100_000


def test_total_split_by_task_weights_and_source_weights():
    both = cells() + [Cell("clustering", "eng_Latn", "clu", 500)]
    plan = make_plan(MixSpec(name="t", total=1000, task_weights={"retrieval": 3, "clustering": 1}), both)
    assert {t.task: t.budget for t in plan.tasks} == {"clustering": 250, "retrieval": 750}
    two = [Cell("retrieval", "eng_Latn", "a", 1000), Cell("retrieval", "eng_Latn", "b", 1000)]
    lp = make_plan(MixSpec(name="t", total=300, source_weights={"b": 2}), two).tasks[0].languages[0]
    assert lp.sources == {"a": 100, "b": 200}
    zero = make_plan(MixSpec(name="t", total=300, source_weights={"b": 0}), two).tasks[0].languages[0]
    assert zero.sources == {"a": 300}


def test_tasks_without_budget_are_reported():
    plan = make_plan(spec(), cells() + [Cell("clustering", "eng_Latn", "clu", 5)])
    assert plan.skipped_tasks == {"clustering": 5}


def test_water_fill_floors_win_over_budget():
    amounts, bound = water_fill(10, [1, 1, 1], [5, 5, 5], [100, 100, 100])
    assert amounts == [5, 5, 5] and bound == ["lo", "lo", "lo"]
