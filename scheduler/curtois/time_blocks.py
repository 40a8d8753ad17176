"""A first roster for long horizons, built block by block in time.

The full model of a 26- or 52-week instance finds no roster in minutes on 2 cores. Solving four
weeks at a time (past blocks fixed, future days off) is small enough, provided each block may use
only its share of the yearly budgets (minutes, shift types, weekends): otherwise early blocks use
people up and later ones go uncovered.
"""

from __future__ import annotations

import logging
import math
import time

from ortools.sat.python import cp_model

from scheduler.curtois.instance import Instance, StaffMember
from scheduler.curtois.model import CurtoisModel
from scheduler.curtois.neighbourhoods import SearchState
from scheduler.curtois.roster import Roster
from scheduler.curtois.variables import RosterVariables

logger = logging.getLogger(__name__)

BLOCK_DAYS = 28


def build_by_time_blocks(
    built: CurtoisModel, deadline: float, started: float, workers: int, seed: int = 0
) -> SearchState | None:
    """Solve consecutive blocks of ``BLOCK_DAYS`` days in turn; None if a block finds nothing."""
    instance, v = built.instance, built.variables
    roster = Roster([])
    firsts = list(range(0, instance.horizon, BLOCK_DAYS))
    for index, first in enumerate(firsts):
        end = min(instance.horizon, first + BLOCK_DAYS)
        sub = built.model.clone()
        sub.clear_hints()
        for (staff, day, shift), var in v.assigned.items():
            if day < first or day >= end:
                value = int(shift in roster.shifts_on(staff, day))
                domain = sub.proto.variables[var.index].domain
                domain[0] = domain[1] = value
        for member in instance.staff:
            _cap_pro_rata(sub, instance, v, member, end)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(
            1.0, (deadline - time.monotonic()) / (len(firsts) - index)
        )
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        code = solver.solve(sub)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            logger.warning("%s: block from day %d: no roster", instance.name, first)
            return None
        roster = v.roster(solver)
        logger.info(
            "%s: days %d–%d planned, objective %d",
            instance.name,
            first,
            end - 1,
            solver.objective_value,
        )
    return SearchState(round(solver.objective_value), roster, time.monotonic() - started)


def _cap_pro_rata(
    sub: cp_model.CpModel, instance: Instance, v: RosterVariables, member: StaffMember, end: int
) -> None:
    """Days before ``end`` may use their share of the horizon's budgets, plus one shift of slack."""
    if end >= instance.horizon:
        return
    share = end / instance.horizon
    days = range(end)
    cells = [
        (shift, v.assigned[member.id, day, shift.id])
        for day in days
        for shift in instance.shifts
        if (member.id, day, shift.id) in v.assigned
    ]
    longest = max(shift.minutes for shift in instance.shifts)
    sub.add(
        sum(s.minutes * var for s, var in cells) <= math.ceil(member.max_minutes * share) + longest
    )
    for shift_id, limit in member.max_shifts.items():
        of_type = [var for s, var in cells if s.id == shift_id]
        if of_type:
            sub.add(sum(of_type) <= math.ceil(limit * share) + 1)
    weekends = [w for w in instance.weekends if w[-1] < end]
    worked = []
    for weekend in weekends:
        var = sub.new_bool_var(f"works weekend (staff={member.id}, sat={weekend[0]})")
        for day in weekend:
            sub.add_implication(v.works[member.id, day], var)
        worked.append(var)
    if worked:
        sub.add(sum(worked) <= math.ceil(member.max_weekends * share) + 1)
