"""Hourly tasks decided a day at a time, with the shifts and every other day's tasks kept.

At Vigil's scale one model holding every hourly task of the month (about 76,000 task variables)
finds no solution within minutes. The task rules are nearly all local: graphic hours per shift,
graphic stretches within a shift, coverage per hour. So the tasks of the shifts starting on one
day (nights included, although they end the next morning) are decided in a small model in which
the neighbouring shifts' tasks are constants, and graphic fairness, the one rule spanning the
month, sees the other days' graphic hours as constants too. Such a model's objective differs from
the whole roster's by a constant, so a better window is a better roster, and the roster is only
ever replaced by a better one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.model import RosterModel, build_model
from scheduler.schema import ExposureClass, Roster, RosterProblem, ShiftAssignment
from scheduler.variables import TaskWindow

log = logging.getLogger(__name__)

SOLVED = (cp_model.OPTIMAL, cp_model.FEASIBLE)
WINDOW_SHIFTS = 150  # shifts whose tasks one window decides (a day of a 200-person team)


@dataclass(frozen=True)
class WindowOutcome:
    """One window's solve: the roster after it, the objective it saved, whether it is optimal."""

    roster: Roster
    saved: int
    optimal: bool


def task_window(problem: RosterProblem, roster: Roster, days: range) -> TaskWindow:
    """The window whose free shifts are those starting on `days`; around them, as constants,
    every shift on duty in the same hours or close enough to join a graphic stretch."""
    free = [a for a in roster.assignments if problem.day_index(a.day) in days]
    free_hours = {h for a in free for h in _duty_hours(problem, a)}
    reach = problem.rules.graphic_streak.limit + 1  # a stretch this long can join two shifts
    near = {h + d for h in free_hours for d in range(-reach, reach + 1)}
    around = [
        a
        for a in roster.assignments
        if problem.day_index(a.day) not in days and not near.isdisjoint(_duty_hours(problem, a))
    ]
    decided = {
        (a.staff, h): task
        for a in around
        for h, task in zip(_hours(problem, a), a.tasks, strict=True)
    }
    inside = {(a.staff, a.day) for a in free + around}
    graphic_elsewhere: dict[str, int] = {}
    for a in roster.assignments:
        if (a.staff, a.day) not in inside:
            graphic = sum(problem.task(t).exposure is ExposureClass.HIGH for t in a.tasks)
            graphic_elsewhere[a.staff] = graphic_elsewhere.get(a.staff, 0) + graphic
    return TaskWindow(
        shifts={(a.staff, a.day): a.pattern for a in free + around},
        decided=decided,
        hours=frozenset(free_hours),
        graphic_elsewhere=graphic_elsewhere,
    )


def days_per_window(problem: RosterProblem, roster: Roster) -> int:
    """Days of shifts per window: about WINDOW_SHIFTS shifts, which CP-SAT decides to proven
    optimality in a second or two; a small team's whole horizon is then a single window."""
    per_day = max(1.0, len(roster.assignments) / problem.days)
    return max(1, min(problem.days, int(WINDOW_SHIFTS / per_day)))


def improve_window(
    problem: RosterProblem, roster: Roster, days: range, time_limit: float, workers: int
) -> WindowOutcome:
    """Re-decide the tasks of the shifts starting on `days`; keep the result only if better."""
    free = [a for a in roster.assignments if problem.day_index(a.day) in days]
    if not free:
        return WindowOutcome(roster, 0, True)
    rm = build_model(problem, window=task_window(problem, roster, days))
    _hint_tasks(rm, problem, free)
    before = _cost_as_it_stands(rm)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = workers
    status = solver.solve(rm.model)
    if before is None or status not in SOLVED or solver.objective_value >= before:
        return WindowOutcome(roster, 0, status == cp_model.OPTIMAL)
    better = {(a.staff, a.day): _solved_tasks(rm, solver, problem, a) for a in free}
    assignments = tuple(
        ShiftAssignment(a.staff, a.day, a.pattern, better.get((a.staff, a.day), a.tasks))
        for a in roster.assignments
    )
    saved = round(before - solver.objective_value)
    return WindowOutcome(
        Roster(roster.start, roster.days, assignments), saved, status == cp_model.OPTIMAL
    )


def improve_tasks(
    problem: RosterProblem,
    roster: Roster,
    *,
    deadline: float,
    workers: int,
    stop: threading.Event,
    window_days: int | None = None,
    window_seconds: float = 5.0,
    on_saved: Callable[[int], None] | None = None,
) -> tuple[Roster, int]:
    """Improve the tasks of `roster` window by window until `deadline`, or until every window
    is optimal with its neighbours as they are. Returns the roster and the objective saved;
    `on_saved` hears the running total after each window that saved something."""
    window_days = window_days or days_per_window(problem, roster)
    starts = list(range(0, problem.days, window_days))
    settled: set[int] = set()  # windows proven optimal since their neighbours last changed
    saved_in_all = 0
    while len(settled) < len(starts):
        for first in starts:
            remaining = deadline - time.monotonic()
            if stop.is_set() or remaining < 0.5:
                return roster, saved_in_all
            if first in settled:
                continue
            unsettled = len(starts) - len(settled)
            limit = min(window_seconds, max(0.5, remaining / unsettled))
            days = range(first, min(first + window_days, problem.days))
            outcome = improve_window(problem, roster, days, limit, workers)
            roster, saved_in_all = outcome.roster, saved_in_all + outcome.saved
            if outcome.optimal:
                settled.add(first)
            if outcome.saved and on_saved is not None:
                on_saved(saved_in_all)
            if outcome.saved:
                # Nights reach the next morning: the windows either side see different constants.
                settled -= {first - window_days, first + window_days}
    log.info("task windows saved %d", saved_in_all)
    return roster, saved_in_all


def _cost_as_it_stands(rm: RosterModel) -> float | None:
    """The window's objective with its tasks as hinted (the roster's), by a solve fixing them."""
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10.0
    status = solver.solve(rm.model)
    if status not in SOLVED:
        log.warning("a task window rejects its own roster (%s)", solver.status_name(status))
        return None
    return solver.objective_value


def _hint_tasks(rm: RosterModel, problem: RosterProblem, free: list[ShiftAssignment]) -> None:
    doing = {
        (a.staff, h): task
        for a in free
        for h, task in zip(_hours(problem, a), a.tasks, strict=True)
    }
    for (staff, hour, task_id), var in rm.variables.tasks.items():
        if (staff, hour) in doing:
            rm.model.add_hint(var, doing[(staff, hour)] == task_id)


def _solved_tasks(
    rm: RosterModel, solver: cp_model.CpSolver, problem: RosterProblem, a: ShiftAssignment
) -> tuple[str, ...]:
    tasks = []
    for hour, kept in zip(_hours(problem, a), a.tasks, strict=True):
        if problem.task(kept).is_break:
            tasks.append(kept)
            continue
        tasks.append(
            next(
                t.id
                for t in problem.tasks
                if (key := (a.staff, hour, t.id)) in rm.variables.tasks
                and solver.boolean_value(rm.variables.tasks[key])
            )
        )
    return tuple(tasks)


def _hours(problem: RosterProblem, a: ShiftAssignment) -> range:
    return problem.pattern(a.pattern).hours(problem.day_index(a.day))


def _duty_hours(problem: RosterProblem, a: ShiftAssignment) -> list[int]:
    return problem.pattern(a.pattern).duty_hours(problem.day_index(a.day))
