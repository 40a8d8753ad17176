"""The headcount planner: its bound, its search, its monotonicity and what the answer rests on."""

from __future__ import annotations

import dataclasses
import math
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.schema import DEFAULT_TASKS, Demand
from scheduler.staffing.demand import TASKS, StaffDemand
from scheduler.staffing.forecast import (
    ArrivalForecast,
    CallLoad,
    CaseWork,
    HandlingTime,
    fit_arrivals,
)
from scheduler.staffing.headcount import (
    Scenario,
    StaffingInputs,
    answer_scenarios,
    lower_bound,
    plan_headcount,
    smallest_headcount,
    staff_demand,
)
from scheduler.staffing.messages import StaffingInputError
from tests.scheduler.staffing.synthetic import FIRST_MONDAY, period, poisson_history

MONDAY = date(2026, 11, 30)


def flat_demand(graphic: int, standard: int, hotline: int, days: int = 7) -> StaffDemand:
    hours = days * 24
    return StaffDemand(
        MONDAY,
        {
            "graphic": (graphic,) * hours,
            "standard": (standard,) * hours,
            "hotline": (hotline,) * hours,
        },
    )


class FakeRosterEngine:
    """Finds a roster exactly when the team has at least `needed` people; counts its runs."""

    def __init__(self, needed: int) -> None:
        self.needed = needed
        self.runs: list[int] = []

    def __call__(self, headcount: int) -> bool:
        self.runs.append(headcount)
        return headcount >= self.needed


def test_staffing_tasks_are_the_roster_engines_tasks() -> None:
    assert set(TASKS) <= {task.id for task in DEFAULT_TASKS}


def test_demand_becomes_the_roster_engines_demand_rows() -> None:
    demand = StaffDemand(MONDAY, {"graphic": (0, 2) + (0,) * 22, "hotline": (1,) * 24})
    rows = demand.to_roster_demand()
    assert Demand(1, "graphic", 2) in rows
    assert len(rows) == 25  # zero hours are left out


def test_lower_bound_from_person_hours() -> None:
    # 10 people every hour of a week is 1,680 person-hours; at 40 h a person that is 42 people.
    bound = lower_bound(flat_demand(0, 10, 0), Scenario())
    assert bound.headcount == 42
    assert bound.reasons[0].code == "bound_person_hours"


def test_lower_bound_from_the_exposure_cap() -> None:
    # 4 on graphic review around the clock is 672 graphic hours; 4 h a shift, 5 shifts a week.
    bound = lower_bound(flat_demand(4, 0, 0), Scenario(graphic_cap_hours=4))
    assert bound.headcount == math.ceil(672 / (4 * 5)) == 34
    assert bound.reasons[0].code == "graphic_cap"
    assert lower_bound(flat_demand(4, 0, 0), Scenario(graphic_cap_hours=3)).headcount == 45


def test_lower_bound_from_the_busiest_clock_hour() -> None:
    # 30 people at 14:00 every day, nobody else: 210 person-days at 14:00, 5 days a person.
    hours = [30 if h % 24 == 14 else 0 for h in range(168)]
    bound = lower_bound(StaffDemand(MONDAY, {"standard": tuple(hours)}), Scenario())
    assert bound.headcount == 42
    assert bound.reasons[0].code == "bound_hour_of_day"
    assert bound.reasons[0].params["hour"] == 14


def test_search_returns_the_lower_bound_when_a_roster_exists_there() -> None:
    engine = FakeRosterEngine(needed=30)
    assert smallest_headcount(30, engine) == (30, ((30, True),))


@pytest.mark.parametrize("needed", [31, 32, 33, 37, 50, 94, 200])
def test_search_finds_the_smallest_feasible_headcount_in_few_runs(needed: int) -> None:
    engine = FakeRosterEngine(needed)
    found, tried = smallest_headcount(30, engine)
    assert found == needed
    assert (needed - 1, False) in tried or needed == 30
    assert len(engine.runs) <= 2 * math.ceil(math.log2(needed - 29)) + 2


def test_search_gives_up_at_the_limit_with_a_reason() -> None:
    with pytest.raises(StaffingInputError) as caught:
        smallest_headcount(10, FakeRosterEngine(10_000), limit=100)
    assert caught.value.statement.code == "no_headcount_found"


@settings(max_examples=40, deadline=None)
@given(
    base=st.lists(st.integers(0, 6), min_size=3 * 168, max_size=3 * 168),
    extra=st.lists(st.integers(0, 3), min_size=3 * 168, max_size=3 * 168),
    slack=st.integers(0, 25),
)
def test_more_demand_never_needs_fewer_staff(base: list[int], extra: list[int], slack: int) -> None:
    def demand(values: list[int]) -> StaffDemand:
        return StaffDemand(
            MONDAY, {t: tuple(values[i * 168 : (i + 1) * 168]) for i, t in enumerate(TASKS)}
        )

    smaller = demand(base)
    larger = demand([b + e for b, e in zip(base, extra, strict=True)])
    scenario = Scenario()
    # Pure arithmetic path.
    assert lower_bound(larger, scenario).headcount >= lower_bound(smaller, scenario).headcount

    # A fake engine that needs `slack` more people than the person-hours bound of its demand.
    def engine_for(d: StaffDemand) -> FakeRosterEngine:
        return FakeRosterEngine(math.ceil(d.person_hours() / 40) + slack)

    small = plan_headcount(smaller, scenario, engine_for(smaller))
    large = plan_headcount(larger, scenario, engine_for(larger))
    assert large.headcount >= small.headcount


def test_answer_rests_on_its_bound_the_engine_and_todays_staff() -> None:
    answer = plan_headcount(flat_demand(4, 6, 2), Scenario(current_staff=70), FakeRosterEngine(80))
    codes = [s.code for s in answer.assumptions]
    assert answer.headcount == 80 and answer.checked_by_roster
    assert "roster_checked" in codes and "contract_hours" in codes
    short = next(s for s in answer.assumptions if s.code == "current_staff_short")
    assert short.params == {"current": 70, "headcount": 80, "gap": 10}
    assert "10명 부족" in short.render("ko")
    for statement in answer.assumptions:  # every sentence renders in both languages
        assert statement.render("en") and statement.render("ko")


def test_without_an_engine_the_answer_is_the_lower_bound_and_says_so() -> None:
    answer = plan_headcount(flat_demand(1, 2, 1), Scenario())
    assert not answer.checked_by_roster
    assert answer.headcount == answer.lower_bound
    assert not {"roster_checked", "roster_at_lower_bound"} & {s.code for s in answer.assumptions}


def test_the_answer_holds_aggregates_only() -> None:
    # Leadership sees this answer: no person, no roster, no individual exposure may be in it.
    fields = {f.name for f in dataclasses.fields(plan_headcount(flat_demand(1, 1, 1), Scenario()))}
    assert fields == {
        "headcount",
        "lower_bound",
        "checked_by_roster",
        "per_task_peak",
        "person_hours",
        "assumptions",
        "tried",
    }


def history_inputs() -> StaffingInputs:
    cases = fit_arrivals(poisson_history(weeks=12, first_week_level=2000.0, seed=21), *period(12))
    calls = ArrivalForecast.from_weekly_table(np.full(168, 6.0), FIRST_MONDAY)
    work = CaseWork(
        graphic=HandlingTime(500, 5.0, 11.0, 6.0),
        standard=HandlingTime(500, 3.0, 7.0, 3.5),
        graphic_share=0.45,
    )
    start = FIRST_MONDAY + timedelta(weeks=12)
    return StaffingInputs(cases, work, CallLoad(calls, 300.0), start)


def test_a_week_of_demand_comes_from_the_history_with_its_reasons() -> None:
    demand, said = staff_demand(history_inputs(), Scenario())
    assert demand.days == 7 and set(demand.per_task) == set(TASKS)
    assert min(demand.per_task["hotline"]) >= 1  # answered every hour
    codes = [s.code for s in said]
    assert codes[:2] == ["forecast_trend", "case_volume"]
    assert "hotline_service_level" in codes and "review_deadline" in codes


def test_what_ifs_growth_and_a_tighter_exposure_cap_never_need_fewer_people() -> None:
    answers = answer_scenarios(
        history_inputs(),
        {
            "today": Scenario(),
            "doubled": Scenario(growth_factor=2.0),
            "cap_3h": Scenario(graphic_cap_hours=3),
            "deadline_12h": Scenario(deadline_hours=12),
        },
    )
    today = answers["today"].headcount
    assert answers["doubled"].headcount > today
    assert answers["cap_3h"].headcount >= today
    assert answers["deadline_12h"].headcount >= today
    assert answers["doubled"].per_task_peak["graphic"] > answers["today"].per_task_peak["graphic"]
