"""Issue 5: crew sizes per day and pattern give the staged solve its bound and its greedy start."""

from __future__ import annotations

from collections import Counter

from scheduler.crews import plan_crews
from scheduler.demo import demo_problem
from scheduler.greedy import greedy_shifts, greedy_tasks
from scheduler.validator import validate
from tests.scheduler.builders import run


def test_the_crew_bound_never_exceeds_the_cost_of_a_solved_roster():
    problem = demo_problem(staff=14, days=7, seed=5)
    crews = plan_crews(problem)
    result = run(problem, 10, strategy="monolithic")
    assert crews.bound is not None and result.objective is not None
    assert crews.bound <= result.objective


def test_the_greedy_plan_staffs_no_more_than_the_crews_and_keeps_the_hard_rules():
    problem = demo_problem(staff=30, days=14, seed=3)
    crews = plan_crews(problem)
    plan = greedy_shifts(problem, crews.sizes)
    staffed = Counter((problem.day_index(when), p) for (_, when), p in plan.items() if p)
    assert all(count <= crews.sizes[key] for key, count in staffed.items())
    assert validate(problem, greedy_tasks(problem, plan)).valid


def test_no_week_has_more_crew_places_than_the_team_can_work_after_its_days_off():
    problem = demo_problem(staff=20, days=14, seed=4)
    sizes = plan_crews(problem).sizes
    for week in problem.weeks():
        places = sum(n for (day, _), n in sizes.items() if day in week)
        assert places <= len(problem.staff) * 5
