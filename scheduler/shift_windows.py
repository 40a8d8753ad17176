"""Shifts improved a few people at a time: a large neighbourhood search on the shift-level model.

One CP-SAT call on a 200-person month (31,000 shift variables) improves slowly: on a two-core
machine its portfolio spends most of the time searching the whole model. Solving the whole month
of three people again, with everyone else's shifts held where the best plan has them, group
after group, improves it much faster. Groups of people beat windows of days: what is left to
gain is cover that needs someone's week rearranged (a day off moved so that a short Sunday gets
a shift), which a two-day window cannot reach. From the same greedy start, 60 s: two-day windows
198,175; groups of 25 people 199,853 (no gain), 15 179,996, 10 176,422, 6 172,822, 3 169,612
(bench/README.md). The group size then follows what the windows show (`GroupSize`).

A window is a model of its own people only (`ShiftWindow`): their shift variables and their
rules, with everybody else's shifts entering coverage and fairness as constants. Its objective
differs from the whole model's by a constant, so what it saves the month saves, and it costs
the group, not the team: a clone of the whole model with the others held took 1.2-2.5 s a window
at 200 x 28, nearly all of it building and presolving the others. It proves no bound.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.model import RosterModel, build_model
from scheduler.schema import RosterProblem
from scheduler.solutions import hint_from_plan
from scheduler.variables import FixedShifts, HeldShifts, ShiftWindow

log = logging.getLogger(__name__)

SOLVED = (cp_model.OPTIMAL, cp_model.FEASIBLE)
WINDOW_SHIFT_VARIABLES = 500  # per window at the start: three people's month with six patterns


@dataclass(frozen=True)
class ShiftPlan:
    """The pattern of every staff-day a model decides (None for a day off), and the shift-level
    objective of the whole roster they give."""

    shifts: FixedShifts
    objective: int  # whole, as every weight is: windows add up their savings exactly


def plan_from_hint(rm: RosterModel, time_limit: float = 30.0) -> ShiftPlan | None:
    """The model's hinted decisions, completed: penalty and crew variables follow from them. The
    model's hint is then complete, so a search from it has its first solution at once.

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
    hint_solution(rm, solver)
    return plan_of(rm, solver)


def plan_of(rm: RosterModel, solver: cp_model.CpSolver) -> ShiftPlan:
    """The shifts a solved model holds, and its objective."""
    values = solver.response_proto.solution
    problem = rm.variables.problem
    shifts: FixedShifts = {}
    for (staff, day, pattern_id), var in rm.variables.shifts.items():
        when = problem.date_of(day)
        shifts.setdefault((staff, when), None)
        if values[var.index]:
            shifts[(staff, when)] = pattern_id
    return ShiftPlan(shifts, round(solver.objective_value))


def hint_solution(rm: RosterModel, solver: cp_model.CpSolver) -> None:
    """Hint every variable of the model with the solver's solution: CP-SAT takes a complete,
    feasible hint as its first solution at once, where a partial one must be completed first."""
    hint = rm.model.proto.solution_hint
    hint.vars.clear()
    hint.values.clear()
    hint.vars.extend(range(len(solver.response_proto.solution)))
    hint.values.extend(solver.response_proto.solution)


def staff_per_window(problem: RosterProblem) -> int:
    """People per window at the start: about WINDOW_SHIFT_VARIABLES shift variables, which
    CP-SAT improves well within a couple of seconds; a small team is then a single window."""
    strict = problem.rules.shift_patterns.strict
    per_person = sum(
        (problem.days - len(s.leave))
        * sum(1 for p in problem.patterns if s.may_work(p.id) or not strict)
        for s in problem.staff
    ) / len(problem.staff)
    return max(1, min(len(problem.staff), round(WINDOW_SHIFT_VARIABLES / max(1.0, per_person))))


def improve_shifts(
    problem: RosterProblem,
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
    staff = [s.id for s in problem.staff]
    size = GroupSize(staff_per_window(problem), len(staff))
    deal = random.Random(0)
    proven_people_in_a_row = windows = 0
    began = time.monotonic()
    held = HeldShifts.of(problem, plan.shifts)
    while proven_people_in_a_row < len(staff):
        deal.shuffle(staff)
        first = 0
        while first < len(staff):
            remaining = deadline - time.monotonic()
            if stop.is_set() or remaining < 0.5:
                _log_pace(windows, began, size)
                return plan
            group = frozenset(staff[first : first + size.people])
            first += size.people
            windows += 1
            status, better = solve_window(
                problem, plan, group, min(window_seconds, remaining), workers, held
            )
            log.debug(
                "window of %d people: %s in %.2fs, saved %s",
                len(group),
                status,
                time.monotonic() + remaining - deadline,
                None if better is None else plan.objective - better.objective,
            )
            size.adapt(proven=status == cp_model.OPTIMAL)
            if better is not None and better.objective < plan.objective:
                plan, proven_people_in_a_row = better, 0
                held = HeldShifts.of(problem, plan.shifts)
                if on_improved is not None:
                    on_improved(plan)
            elif status == cp_model.OPTIMAL and size.at_most:
                proven_people_in_a_row += len(group)
            else:
                proven_people_in_a_row = 0
    _log_pace(windows, began, size)
    return plan


def _log_pace(windows: int, began: float, size: GroupSize) -> None:
    took = time.monotonic() - began
    log.info(
        "shift windows: %d in %.1fs (%.2f a second), %d people a window at the end",
        windows,
        took,
        windows / max(took, 1e-9),
        size.people,
    )


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


def solve_window(
    problem: RosterProblem,
    plan: ShiftPlan,
    group: Sequence[str] | frozenset[str],
    time_limit: float,
    workers: int,
    held: HeldShifts | None = None,
) -> tuple[cp_model.CpSolverStatus, ShiftPlan | None]:
    """Decide the shifts of `group` again with everybody else's held where `plan` has them.

    Returns CP-SAT's status and the plan with the window's best shifts, whose objective is
    `plan`'s less what the window saved: the window's objective differs from the whole model's
    by a constant, so the window's own before and after give the change exactly. `held` is
    `plan`'s shifts indexed for windows, when the caller keeps it between windows.
    """
    held = held or HeldShifts.of(problem, plan.shifts)
    window = build_model(
        problem, with_tasks=False, shift_window=ShiftWindow(frozenset(group), held)
    )
    hint_from_plan(window, plan.shifts)
    before = plan_from_hint(window)
    if before is None:  # the held plan breaks a hard rule in the group's own month: nothing to do
        return cp_model.MODEL_INVALID, None
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = workers
    status = solver.solve(window.model)
    if status not in SOLVED:
        return status, None
    after = plan_of(window, solver)
    saved = before.objective - after.objective
    return status, ShiftPlan({**plan.shifts, **after.shifts}, plan.objective - saved)
