"""A first valid roster, built one staff member at a time.

Every hard rule of the benchmark binds one person only; only cover ties people together, and cover
is soft. So any mix of rows that are each valid is a valid roster. Solving one person's row at a
time (the rows already planned fixed, their cover counted, see `staff_instance`) takes under a
second per row, where the full model of a long instance finds no roster in minutes on 2 cores.
"""

from __future__ import annotations

import logging
import time
from collections import Counter

from ortools.sat.python import cp_model

from scheduler.curtois.instance import Instance, StaffMember
from scheduler.curtois.model import build_model
from scheduler.curtois.neighbourhoods import SearchState
from scheduler.curtois.roster import Roster
from scheduler.curtois.rows import staff_instance
from scheduler.curtois.validator import penalties
from scheduler.curtois.variables import RosterVariables

logger = logging.getLogger(__name__)

# A row's cover-aware solve gets at least this long, or none: a long row needs that for presolve.
MIN_ROW_SECONDS = 0.2


def build_staff_by_staff(
    instance: Instance, deadline: float, give_up_at: float, started: float, seed: int = 0
) -> SearchState | None:
    """Plan each person's row in turn, most constrained first; None if a row has no solution
    before ``give_up_at``.

    Each row pays its own requests and the cover left over by the rows before it, so later people
    fill the gaps earlier ones left. Time left before ``deadline`` is shared evenly among the rows
    still to plan; a row that needs longer may run on until ``give_up_at``.
    """
    order = sorted(instance.staff, key=_freedom)
    staffed: Counter[tuple[int, str]] = Counter()
    rows: list[Roster] = []
    for index, member in enumerate(order):
        seconds = (deadline - time.monotonic()) / (len(order) - index)
        row_instance = staff_instance(instance, {member.id}, staffed)
        row = _plan_row(row_instance, seconds, give_up_at, seed)
        if row is None:
            logger.warning("%s: no valid row for staff %s in time", instance.name, member.id)
            return None
        rows.append(row)
        staffed.update((a.day, a.shift_id) for a in row.assignments)
    roster = Roster(a for row in rows for a in row.assignments)
    objective = sum(penalties(instance, roster).values())
    found_at = time.monotonic() - started
    logger.info(
        "%s: built staff by staff, objective %d at %.1fs", instance.name, objective, found_at
    )
    return SearchState(objective, roster, found_at)


def _freedom(member: StaffMember) -> tuple[int, int]:
    """Sort key: fewer shift types, then fewer days free, plans first — the flexible fill in."""
    return sum(limit > 0 for limit in member.max_shifts.values()), -len(member.days_off)


def _plan_row(
    row_instance: Instance, seconds: float, give_up_at: float, seed: int
) -> Roster | None:
    """Any valid row first (feasibility only, up to ``give_up_at``), then the best row found from
    it in what is left of ``seconds``: on a year-long row the search with the objective may find
    nothing at all in a second, while a plain feasible row comes in a few tenths."""
    started = time.monotonic()
    built = build_model(row_instance)
    feasibility = built.model.clone()
    feasibility.clear_objective()
    valid = _solve(feasibility, built.variables, give_up_at - started, seed)
    if valid is None:
        return None
    left = seconds - (time.monotonic() - started)
    if left < MIN_ROW_SECONDS:  # behind schedule: a valid row now beats a better one late
        return valid
    built.variables.hint(built.model, valid)
    return _solve(built.model, built.variables, left, seed) or valid


def _solve(
    model: cp_model.CpModel, variables: RosterVariables, seconds: float, seed: int
) -> Roster | None:
    """One solve of a row model, tuned on year-long rows of Instances 22 and 24 (1 Dec 2026).

    Such a row must come within one or two shifts of its maximum minutes, a tight puzzle. Two
    quick-restart workers (with and without LP) found a row in 0.1–0.8 s every time, where the
    default portfolio of 1, 2 or 4 workers often found none in 3 s; the full presolve (probing,
    symmetry) alone takes over a second, the light one a fraction.
    """
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    solver.parameters.num_workers = 2
    solver.parameters.subsolvers.extend(["quick_restart_no_lp", "quick_restart"])
    solver.parameters.random_seed = seed
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.max_presolve_iterations = 1
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return variables.roster(solver)
