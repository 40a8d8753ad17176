"""Shifts improved a few days at a time: a large neighbourhood search on the shift-level model.

One CP-SAT call on a 200-person month (31,000 shift variables) improves slowly: on a two-core
machine its portfolio spends most of the time searching the whole model. Solving two days again
with every other day's shifts held where the best plan has them, window after window, improved
the same greedy month several times faster (bench/README.md). A window is the whole model with
the other days' domains narrowed to one value, so its objective is the month's objective and
every window kept makes a better plan. It proves no bound: the whole-model search that runs
beside it does.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.model import RosterModel
from scheduler.variables import FixedShifts

log = logging.getLogger(__name__)

SOLVED = (cp_model.OPTIMAL, cp_model.FEASIBLE)
WINDOW_SHIFT_VARIABLES = 2_400  # per window: two days of a 200-person team with six patterns


@dataclass(frozen=True)
class ShiftPlan:
    """A value for every variable of a shift-level model, and the objective they give."""

    values: tuple[int, ...]
    objective: float


def plan_from_hint(rm: RosterModel, time_limit: float = 30.0) -> ShiftPlan | None:
    """The model's hinted decisions, completed: penalty and crew variables follow from them.

    None when the hint breaks a hard rule (a published roster after new absences, say).
    """
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(rm.model)
    if status not in SOLVED:
        log.info("the hinted shifts are no plan: %s", solver.status_name(status))
        return None
    return ShiftPlan(tuple(solver.response_proto.solution), solver.objective_value)


def hint_plan(rm: RosterModel, plan: ShiftPlan) -> None:
    """Hint every variable of the model with `plan`: CP-SAT takes a complete, feasible hint as
    its first solution at once, where a partial one must be completed by search first."""
    _set_hint(rm.model, plan)


def chosen_shifts(rm: RosterModel, plan: ShiftPlan) -> FixedShifts:
    """The pattern each staff-day has in `plan` (None for a day off)."""
    problem = rm.variables.problem
    fixed: FixedShifts = {}
    for (staff, day, pattern_id), var in rm.variables.shifts.items():
        when = problem.date_of(day)
        fixed.setdefault((staff, when), None)
        if plan.values[var.index]:
            fixed[(staff, when)] = pattern_id
    return fixed


def days_per_window(rm: RosterModel) -> int:
    """Days per window: about WINDOW_SHIFT_VARIABLES shift variables, which CP-SAT improves
    well within a couple of seconds; a small team's whole horizon is one window."""
    days = rm.variables.problem.days
    per_day = max(1.0, len(rm.variables.shifts) / days)
    return max(1, min(days, round(WINDOW_SHIFT_VARIABLES / per_day)))


def improve_shifts(
    rm: RosterModel,
    plan: ShiftPlan,
    *,
    deadline: float,
    workers: int,
    stop: threading.Event,
    window_seconds: float = 2.0,
    on_improved: Callable[[ShiftPlan], None] | None = None,
) -> ShiftPlan:
    """Re-solve overlapping windows of days in turn until `deadline` or `stop`, keeping each
    better plan; stops early once a full sweep of windows is proven optimal."""
    days = rm.variables.problem.days
    width = days_per_window(rm)
    starts = list(range(0, max(1, days - width + 1), max(1, width // 2)))
    proven: set[int] = set()  # windows optimal since the plan last changed
    while not stop.is_set() and len(proven) < len(starts):
        for first in starts:
            remaining = deadline - time.monotonic()
            if stop.is_set() or remaining < 0.5:
                return plan
            status, better = _solve_window(
                rm, plan, range(first, first + width), min(window_seconds, remaining), workers
            )
            if better is not None and better.objective < plan.objective:
                plan, proven = better, set()
                if on_improved is not None:
                    on_improved(plan)
            if status == cp_model.OPTIMAL:
                proven.add(first)
    return plan


def _solve_window(
    rm: RosterModel, plan: ShiftPlan, days: range, time_limit: float, workers: int
) -> tuple[int, ShiftPlan | None]:
    window = _window_model(rm, plan, days)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = workers
    status = solver.solve(window)
    if status not in SOLVED:
        return status, None
    return status, ShiftPlan(tuple(solver.response_proto.solution), solver.objective_value)


def _window_model(rm: RosterModel, plan: ShiftPlan, days: range) -> cp_model.CpModel:
    """The shift model with every shift outside `days` held at `plan`, hinted with `plan`."""
    window = rm.model.clone()
    variables = window.proto.variables
    for (_staff, day, _pattern), var in rm.variables.shifts.items():
        if day not in days:
            domain = variables[var.index].domain
            domain[0] = domain[1] = plan.values[var.index]
    _set_hint(window, plan)
    return window


def _set_hint(model: cp_model.CpModel, plan: ShiftPlan) -> None:
    hint = model.proto.solution_hint
    hint.vars.clear()
    hint.values.clear()
    hint.vars.extend(range(len(plan.values)))
    hint.values.extend(plan.values)
