"""The roster model: variables, the structure every roster has, and the rules in one list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.rules import coverage, exposure, fairness, labour, wishes
from scheduler.rules.base import PenaltyTerm
from scheduler.schema import RosterProblem
from scheduler.variables import (
    FixedShifts,
    RosterVariables,
    ShiftWindow,
    TaskWindow,
    build_variables,
)

Rule = Callable[[cp_model.CpModel, RosterVariables], list[PenaltyTerm]]

# The rules, in the order they are added; each returns its share of the objective.
RULES: tuple[Rule, ...] = (
    exposure.graphic_daily,
    exposure.graphic_streak,
    labour.weekly_hours,
    labour.rest,
    labour.consecutive_days,
    labour.consecutive_nights,
    labour.days_off,
    labour.weekends,
    wishes.shift_patterns,
    fairness.fairness_nights,
    fairness.fairness_weekends,
    fairness.fairness_graphic,
    wishes.stability,
    coverage.coverage,
    wishes.preferences,
)

# The rules that read hourly tasks. Once every shift is decided the other rules are constants,
# so a task window (see `scheduler.task_windows`) needs only these.
TASK_RULES: tuple[Rule, ...] = (
    exposure.graphic_daily,
    exposure.graphic_streak,
    fairness.fairness_graphic,
    coverage.coverage,
)


@dataclass
class RosterModel:
    """A built CP-SAT model with its variables and every named penalty term."""

    model: cp_model.CpModel
    variables: RosterVariables
    terms: list[PenaltyTerm]


def build_model(
    problem: RosterProblem,
    *,
    with_tasks: bool = True,
    fixed: FixedShifts | None = None,
    explain: bool = False,
    window: TaskWindow | None = None,
    shift_window: ShiftWindow | None = None,
) -> RosterModel:
    """Build the roster model.

    `with_tasks=False` leaves out hourly tasks (the shift-level stage); `fixed` decides every
    staff-day's pattern in advance (the task stage); `window` re-decides the tasks of part of a
    roster, and `shift_window` (shift level) the shifts of a few people with everybody else's
    held: either model's objective differs from the whole roster's by a constant; `explain`
    guards hard rules with literals.
    """
    model = cp_model.CpModel()
    v = build_variables(
        model,
        problem,
        with_tasks=with_tasks,
        fixed=fixed,
        explain=explain,
        window=window,
        shift_window=shift_window,
    )
    add_structure(model, v)
    terms: list[PenaltyTerm] = []
    for rule in RULES if window is None else TASK_RULES:
        terms += rule(model, v)
    model.minimize(sum(t.weight * t.var for t in terms))
    return RosterModel(model, v, terms)


def add_structure(model: cp_model.CpModel, v: RosterVariables) -> None:
    """What makes a roster a roster: one shift a day, no overlaps, one task per duty hour,
    and the published assignment kept where it is pinned."""
    problem = v.problem
    for person in v.people:
        for day in range(problem.days):
            model.add_at_most_one(var for _, var in v.shifts_on(person.id, day))
        # Shifts of one day are already at most one; only shifts of different days (a night
        # and the next morning) can overlap, so only those hours need a constraint.
        started: dict[int, set[int]] = defaultdict(set)  # hour -> days of shifts covering it
        for day in range(problem.days):
            for pattern_id, _ in v.shifts_on(person.id, day):
                for h in problem.pattern(pattern_id).hours(day):
                    started[h].add(day)
        for hour in sorted(h for h, days in started.items() if len(days) > 1):
            model.add(sum(v.covering(person.id, hour)) <= 1)
        if v.with_tasks:
            for hour in v.duty_hours(person.id):
                doing = [
                    v.tasks[key]
                    for t in problem.tasks
                    if (key := (person.id, hour, t.id)) in v.tasks
                ]
                model.add(sum(doing) == sum(v.on_duty(person.id, hour)))
    _pin(model, v)


def _pin(model: cp_model.CpModel, v: RosterVariables) -> None:
    problem = v.problem
    if not problem.pinned or problem.published is None:
        return
    published = problem.published.by_staff_day()
    people = {s.id for s in v.people}  # a shift window's held people kept their pins already
    for staff, when in problem.pinned:
        day = problem.day_index(when)
        if staff not in people or not 0 <= day < problem.days:
            continue
        kept = published.get((staff, when))
        for pattern_id, var in v.shifts_on(staff, day):
            model.add(var == int(kept is not None and kept.pattern == pattern_id))
        if kept is None or not v.with_tasks:
            continue
        hours = problem.pattern(kept.pattern).hours(day)
        for hour, task_id in zip(hours, kept.tasks, strict=True):
            key = (staff, hour, task_id)
            if key in v.tasks:
                model.add(v.tasks[key] == 1)
