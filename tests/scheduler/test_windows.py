"""Issue 5: the staged solve re-decides shifts and hourly tasks a few days at a time."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import replace

import pytest

from scheduler.demo import demo_problem
from scheduler.greedy import greedy_shifts, greedy_tasks
from scheduler.model import build_model
from scheduler.replan import replan
from scheduler.schema import DEFAULT_TASKS, Demand, RosterProblem, shape_of
from scheduler.shift_windows import (
    GroupSize,
    ShiftPlan,
    improve_shifts,
    plan_from_hint,
    solve_window,
)
from scheduler.solutions import hint_from_plan
from scheduler.solve import SolveOptions
from scheduler.task_windows import improve_tasks, task_window
from scheduler.validator import validate
from scheduler.variables import FixedShifts
from tests.scheduler.builders import run


def greedy_month():
    """A small team with nights, skills and graphic fairness, and its greedy roster."""
    problem = demo_problem(staff=14, days=5, seed=5)
    plan = greedy_shifts(problem)
    return problem, plan, greedy_tasks(problem, plan)


def whole_month_cost(problem: RosterProblem, shifts: FixedShifts) -> ShiftPlan:
    """The shift-level objective of a plan, counted on the model of the whole team."""
    rm = build_model(problem, with_tasks=False)
    hint_from_plan(rm, shifts)
    plan = plan_from_hint(rm)
    assert plan is not None
    return plan


def one_task_month() -> RosterProblem:
    """The demo team with standard review as the only task: the shift-level objective is then
    the validator's, as every hour on duty is an hour of the one demanded task."""
    demo = demo_problem(staff=12, days=7, seed=5)
    standard = [t for t in DEFAULT_TASKS if t.id in ("standard", "break")]
    hours: dict[int, int] = {}
    for d in demo.demand:
        if d.skill is None:
            hours[d.hour] = hours.get(d.hour, 0) + d.count
    demand = tuple(Demand(hour, "standard", count) for hour, count in sorted(hours.items()))
    return replace(demo, tasks=tuple(standard), demand=demand)


def test_what_a_shift_window_saves_is_what_the_validator_counts_saved_on_the_whole_roster():
    problem = one_task_month()
    start = whole_month_cost(problem, greedy_shifts(problem))
    before = validate(problem, greedy_tasks(problem, start.shifts))
    assert before.valid and before.objective == start.objective
    group = [s.id for s in problem.staff[:4]]
    _, better = solve_window(problem, start, group, time_limit=10, workers=2)
    assert better is not None and better.objective < start.objective
    after = validate(problem, greedy_tasks(problem, better.shifts))
    assert after.valid
    assert before.objective - after.objective == start.objective - better.objective


def test_a_shift_windows_objective_is_the_whole_models_with_nights_skills_and_fairness():
    problem, plan, _ = greedy_month()
    _assert_dealt_windows_price_as_the_whole_month(problem, plan, seed=3)


@pytest.mark.parametrize("hard", [False, True])
def test_a_shift_window_counts_changes_from_the_published_roster_of_everybody(hard):
    # A hard limit on changes adds up the whole team's: the held people's enter as constants.
    problem, plan, greedy = greedy_month()
    moved = replace(greedy, assignments=greedy.assignments[3:])  # three shifts to give back
    rules = problem.rules.with_rule("stability", hard=hard, limit=4)
    problem = replace(problem, published=moved, rules=rules)
    _assert_dealt_windows_price_as_the_whole_month(problem, plan, seed=4)


def _assert_dealt_windows_price_as_the_whole_month(problem, plan, *, seed):
    """Four windows of three people dealt at random, each kept if better: every window's
    objective is the whole model's for the plan it returns."""
    start = whole_month_cost(problem, plan)
    ids = [s.id for s in problem.staff]
    deal = random.Random(seed)
    for _ in range(4):
        _, better = solve_window(problem, start, deal.sample(ids, 3), 5, workers=2)
        assert better is not None
        assert better.objective == whole_month_cost(problem, better.shifts).objective
        start = min(start, better, key=lambda plan: plan.objective)


def test_a_shift_window_changes_nobody_outside_its_group():
    problem, plan, _ = greedy_month()
    start = whole_month_cost(problem, plan)
    group = {s.id for s in problem.staff[8:11]}
    _, better = solve_window(problem, start, group, 5, workers=2)
    assert better is not None and better.objective < start.objective
    changed = {
        staff for (staff, day), was in start.shifts.items() if better.shifts[(staff, day)] != was
    }
    assert changed and changed <= group
    assert better.shifts.keys() == start.shifts.keys()


def test_task_windows_return_a_valid_roster_never_worse_than_the_greedy_tasks():
    problem, _, greedy = greedy_month()
    before = validate(problem, greedy)
    roster, saved = improve_tasks(
        problem,
        greedy,
        deadline=time.monotonic() + 20,
        workers=2,
        stop=threading.Event(),
        window_days=1,
    )
    after = validate(problem, roster)
    assert before.valid and after.valid
    assert after.objective <= before.objective
    # Each window's objective differs from the month's by a constant: what it saves is saved.
    assert saved == before.objective - after.objective


def test_a_task_window_holds_the_night_before_and_counts_only_its_own_hours():
    problem, _, greedy = greedy_month()
    window = task_window(problem, greedy, range(1, 2))
    nights_before = [
        a
        for a in greedy.assignments
        if problem.day_index(a.day) == 0 and shape_of(a.pattern) == "night"
    ]
    assert nights_before, "the demo team works nights"
    for night in nights_before:
        assert window.shifts[(night.staff, night.day)] == night.pattern
        assert (night.staff, 24) in window.decided  # its tasks after midnight are kept
    free_hours = {
        h
        for a in greedy.assignments
        if problem.day_index(a.day) == 1
        for h in problem.pattern(a.pattern).duty_hours(1)
    }
    assert window.hours == free_hours


def test_a_stopped_task_stage_returns_the_roster_it_was_given():
    problem, _, greedy = greedy_month()
    stop = threading.Event()
    stop.set()
    roster, saved = improve_tasks(
        problem, greedy, deadline=time.monotonic() + 20, workers=2, stop=stop
    )
    assert roster == greedy and saved == 0


def test_the_shift_level_cost_of_a_plan_never_exceeds_the_exact_cost_of_its_roster():
    problem, plan, greedy = greedy_month()
    rm = build_model(problem, with_tasks=False)
    hint_from_plan(rm, plan)
    start = plan_from_hint(rm)
    assert start is not None
    assert start.shifts == plan
    assert start.objective <= validate(problem, greedy).objective


def test_shift_windows_never_make_the_plan_worse_and_keep_the_hard_rules():
    problem, plan, _ = greedy_month()
    rm = build_model(problem, with_tasks=False)
    hint_from_plan(rm, plan)
    start = plan_from_hint(rm)
    assert start is not None
    better = improve_shifts(
        problem, start, deadline=time.monotonic() + 8, workers=2, stop=threading.Event()
    )
    assert better.objective <= start.objective
    report = validate(problem, greedy_tasks(problem, better.shifts))
    assert report.valid
    assert better.objective <= report.objective  # still a bound on the exact cost


def test_shift_windows_grow_after_proven_windows_and_shrink_after_timed_out_ones():
    size = GroupSize(3, most=5)
    for _ in range(10):
        size.adapt(proven=True)
    assert size.people == 5 and size.at_most
    for _ in range(30):
        size.adapt(proven=False)
    assert size.people == 1 and not size.at_most


def test_the_staged_solve_is_never_worse_than_its_greedy_first_roster():
    problem, _, greedy = greedy_month()
    result = run(problem, 12, strategy="staged")
    assert result.status in ("optimal", "feasible")
    assert validate(problem, result.roster).valid
    assert result.objective <= validate(problem, greedy).objective
    assert result.bound is not None and result.bound <= result.objective


def test_a_staged_replan_after_an_absence_keeps_the_pins_and_returns_a_valid_roster():
    # With a published roster there is no greedy plan: the shift windows start from the
    # published shifts, hinted into the model.
    problem, _, greedy = greedy_month()
    absent = greedy.assignments[0]
    pinned = frozenset((a.staff, a.day) for a in greedy.assignments[1:6])
    again = replan(
        problem,
        greedy,
        pinned=pinned,
        absences={absent.staff: frozenset({absent.day})},
        options=SolveOptions(time_limit=12, strategy="staged"),
    )
    after, before = again.solve.roster.by_staff_day(), greedy.by_staff_day()
    assert all(after.get(key) == before[key] for key in pinned)
    assert (absent.staff, absent.day) not in after
