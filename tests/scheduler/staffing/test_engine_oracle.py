"""The real roster engine as the planner's oracle: the planning problem, and one small plan."""

from __future__ import annotations

import time
from datetime import date

import pytest

from scheduler.solve import SolveOptions
from scheduler.staffing.demand import StaffDemand
from scheduler.staffing.engine import planning_problem, roster_engine_feasibility
from scheduler.staffing.headcount import Scenario, plan_headcount

MONDAY = date(2026, 11, 30)


def hotline_only(days: int) -> StaffDemand:
    return StaffDemand(MONDAY, {"hotline": (1,) * (24 * days)})


def test_planning_problem_takes_the_scenarios_limits_and_interchangeable_staff() -> None:
    problem = planning_problem(
        hotline_only(7),
        Scenario(graphic_cap_hours=3, weekly_hours=36, working_days_per_week=4),
        headcount=5,
    )
    assert len(problem.staff) == 5
    assert all(s.contract_hours == 36 and not s.overtime_allowed for s in problem.staff)
    assert problem.rules.graphic_daily.limit == 3
    assert problem.rules.weekly_hours.limit == 36
    assert problem.rules.days_off.limit == 3


def test_planning_patterns_stagger_breaks_so_every_hour_after_the_first_shift_can_be_covered() -> (
    None
):
    problem = planning_problem(hotline_only(2), Scenario(), headcount=1)
    covered = {h for p in problem.patterns for d in range(2) for h in p.duty_hours(d)}
    assert set(range(7, 48)) <= covered
    # Before 07:00 on the first day only the previous horizon's night shift could cover.
    assert {row.hour for row in problem.demand} == set(range(7, 48))


@pytest.mark.slow
def test_a_round_the_clock_hotline_for_two_days_needs_six_people() -> None:
    # By hand: each of the day, evening and night shifts is the only one covering some of its
    # hours, so each needs two people to cover one another's break; one shift a day each makes
    # six people, and the same six can repeat their shifts the next day within the rest rule.
    demand = hotline_only(2)
    oracle = roster_engine_feasibility(
        demand, Scenario(), SolveOptions(time_limit=10, workers=2, strategy="monolithic")
    )
    started = time.monotonic()
    answer = plan_headcount(demand, Scenario(), oracle, limit=20)
    assert answer.headcount == 6
    assert (5, False) in answer.tried
    assert answer.lower_bound <= 6
    assert time.monotonic() - started < 120
