"""Shifts improved a few people at a time: a large neighbourhood search on the shift-level model.

One CP-SAT call on a 200-person month (31,000 shift variables) improves slowly: on a two-core
machine its portfolio spends most of the time searching the whole model. Solving the whole month
of three people again, with everyone else's shifts held where the best plan has them, group
after group, improves it much faster. Groups of people beat windows of days: what is left to
gain is cover that needs someone's week rearranged (a day off moved so that a short Sunday gets
a shift), which a two-day window cannot reach. From the same greedy start, 60 s: two-day windows
198,175; groups of 25 people 199,853 (no gain), 15 179,996, 10 176,422, 6 172,822, 3 169,612
(bench/README.md). A window is the whole model with the other people's domains narrowed to one
value, so its objective is the month's objective and every window kept makes a better plan. It
proves no bound. Three people is where the group size starts; it then follows what the windows
show (`GroupSize`): 171,105 at 120 s against 174,158 with three throughout (bench/README.md).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.model import RosterModel
from scheduler.variables import FixedShifts

log = logging.getLogger(__name__)

SOLVED = (cp_model.OPTIMAL, cp_model.FEASIBLE)
WINDOW_SHIFT_VARIABLES = 500  # per window: three people's month with six patterns


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


def staff_per_window(rm: RosterModel) -> int:
    """People per window: about WINDOW_SHIFT_VARIABLES shift variables, which CP-SAT improves
    well within a couple of seconds; a small team is then a single window."""
    staff = len(rm.variables.problem.staff)
    per_person = max(1.0, len(rm.variables.shifts) / staff)
    return max(1, min(staff, round(WINDOW_SHIFT_VARIABLES / per_person)))


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
    """Re-solve groups of people over the whole horizon until `deadline` or `stop`, keeping each
    better plan. Every sweep deals the team into new groups (the same ones on every run), so
    people meet others to trade shifts with; the group size adapts as in CP-SAT's own LNS
    (`GroupSize`). Stops early once a sweep's worth of windows in a row at the largest size is
    proven optimal without a change."""
    staff = [s.id for s in rm.variables.problem.staff]
    size = GroupSize(staff_per_window(rm), len(staff))
    deal = random.Random(0)
    proven_people_in_a_row = 0
    while proven_people_in_a_row < len(staff):
        deal.shuffle(staff)
        first = 0
        while first < len(staff):
            remaining = deadline - time.monotonic()
            if stop.is_set() or remaining < 0.5:
                return plan
            group = frozenset(staff[first : first + size.people])
            first += size.people
            status, better = _solve_window(rm, plan, group, min(window_seconds, remaining), workers)
            size.adapt(proven=status == cp_model.OPTIMAL)
            if better is not None and better.objective < plan.objective:
                plan, proven_people_in_a_row = better, 0
                if on_improved is not None:
                    on_improved(plan)
            elif status == cp_model.OPTIMAL and size.at_most:
                proven_people_in_a_row += len(group)
            else:
                proven_people_in_a_row = 0
    return plan


class GroupSize:
    """People per window, adapted to what the windows show: a window proven optimal had room
    for more people (more trades within reach), one stopped by its time limit had too many.
    CP-SAT's LNS adapts its neighbourhoods' difficulty the same way."""

    GROW, SHRINK = 1.15, 0.9  # grow a little faster than shrink: proven windows are cheap

    def __init__(self, start: int, most: int) -> None:
        self.size, self.most = float(start), most

    @property
    def people(self) -> int:
        return max(1, min(self.most, round(self.size)))

    @property
    def at_most(self) -> bool:
        return self.people == self.most

    def adapt(self, *, proven: bool) -> None:
        factor = self.GROW if proven else self.SHRINK
        self.size = max(1.0, min(float(self.most), self.size * factor))


def _solve_window(
    rm: RosterModel, plan: ShiftPlan, group: frozenset[str], time_limit: float, workers: int
) -> tuple[int, ShiftPlan | None]:
    window = _window_model(rm, plan, group)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = workers
    status = solver.solve(window)
    if status not in SOLVED:
        return status, None
    return status, ShiftPlan(tuple(solver.response_proto.solution), solver.objective_value)


def _window_model(rm: RosterModel, plan: ShiftPlan, group: frozenset[str]) -> cp_model.CpModel:
    """The shift model with every shift of people outside `group` held at `plan`, hinted with
    `plan`."""
    window = rm.model.clone()
    variables = window.proto.variables
    for (staff, _day, _pattern), var in rm.variables.shifts.items():
        if staff not in group:
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
