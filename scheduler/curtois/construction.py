"""A first valid roster, built one staff member at a time.

Every hard rule of the benchmark binds one person only; only cover ties people together, and cover
is soft. So any mix of rows that are each valid is a valid roster. Solving one person's row at a
time (the rows already planned fixed, the cover they leave open priced, see `price_of_working`)
takes a fraction of a second per row, where the full model of a long instance finds no roster in
minutes on 2 cores.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.curtois.instance import Instance, StaffMember
from scheduler.curtois.model import CurtoisModel, build_model
from scheduler.curtois.neighbourhoods import SearchState
from scheduler.curtois.roster import Roster
from scheduler.curtois.rows import contract_instance, price_of_working
from scheduler.curtois.validator import penalties

logger = logging.getLogger(__name__)

# A row's cover-aware solve gets at least this long, or none: a long row needs that for presolve.
MIN_ROW_SECONDS = 0.2
# A row is first planned with this many of its shift types, those with the most cover open…
ROW_SHIFT_TYPES = 6
# …and with the whole contract only if no row of them is found in this long.
NARROW_ROW_SECONDS = 1.0


class NoValidRow(Exception):
    """CP-SAT proved that no row meets one person's contract: as every hard rule binds one person,
    no roster of the instance is valid."""

    def __init__(self, staff_id: str) -> None:
        super().__init__(
            f"no valid roster exists: no row of shifts meets the contract of staff {staff_id} "
            "(shift limits, total minutes, runs of work and of days off, weekends and fixed "
            "days off together); correct that contract"
        )
        self.staff_id = staff_id


def build_staff_by_staff(
    instance: Instance, deadline: float, give_up_at: float, started: float, seed: int = 0
) -> SearchState | None:
    """Plan each person's row in turn, most constrained first; None if a row has no solution
    before ``give_up_at``, `NoValidRow` if CP-SAT proves a row has none.

    Each row pays its own requests and the cover left over by the rows before it, so later people
    fill the gaps earlier ones left. Time left before ``deadline`` is shared evenly among the rows
    still to plan; a row that needs longer may run on until ``give_up_at``.
    """
    order = sorted(instance.staff, key=_freedom)
    staffed: Counter[tuple[int, str]] = Counter()
    rows: list[Roster] = []
    for index, member in enumerate(order):
        seconds = (deadline - time.monotonic()) / (len(order) - index)
        row = _plan_row(instance, member, staffed, seconds, give_up_at, seed)
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
    instance: Instance,
    member: StaffMember,
    staffed: Counter[tuple[int, str]],
    seconds: float,
    give_up_at: float,
    seed: int,
) -> Roster | None:
    """A valid row among the shift types most in demand (see `_in_demand`), improved for what is
    left of ``seconds``; if there is none, any valid row of the whole contract before
    ``give_up_at``."""
    started = time.monotonic()
    price = price_of_working(instance, staffed)
    built = row_model(instance, _in_demand(instance, member, staffed), price)
    try:
        row = _any_valid_row(built, min(NARROW_ROW_SECONDS, give_up_at - started), seed)
    except NoValidRow:  # a proof for the shift types most in demand, not for the whole contract
        row = None
    if row is None:
        whole = row_model(instance, member, price)
        return _any_valid_row(whole, give_up_at - time.monotonic(), seed)
    left = seconds - (time.monotonic() - started)
    if left < MIN_ROW_SECONDS:  # behind schedule, a valid row now beats a better one late
        return row
    built.variables.hint(built.model, row)
    return best_row(built, left, seed) or row


def _in_demand(
    instance: Instance, member: StaffMember, staffed: Counter[tuple[int, str]]
) -> StaffMember:
    """The member's contract narrowed to the ``ROW_SHIFT_TYPES`` shift types with the most cover
    still open: any row of it is a valid row of the whole contract.

    On Instance 24 (16–25 shift types a person) 40 rows took 0.28 s each instead of 0.70 s and
    left less cover open (1,552,072 against 1,725,491; 2 Dec 2026, one worker without presolve);
    all 150 rows now take about 31 s.
    """
    still_open: Counter[str] = Counter()
    for c in instance.cover:
        if member.may_work(c.shift_id):
            still_open[c.shift_id] += max(0, c.requirement - staffed[c.day, c.shift_id])
    kept = {shift for shift, _ in still_open.most_common(ROW_SHIFT_TYPES)}
    narrowed = {shift: limit if shift in kept else 0 for shift, limit in member.max_shifts.items()}
    return replace(member, max_shifts=narrowed)


def row_model(
    instance: Instance, member: StaffMember, price: dict[tuple[int, str], int]
) -> CurtoisModel:
    """One person's contract and requests, the cover the others leave open priced as a linear
    term (``price``, see `price_of_working`).

    Without cover constraints a year-long row of Instance 24 builds in about 0.2 s instead of
    0.5–1 s. Its objective is not the sum of its penalty terms: see `row_cost`.
    """
    built = build_model(contract_instance(instance, member))
    cover = [
        price[day, shift] * var
        for (_, day, shift), var in built.variables.assigned.items()
        if (day, shift) in price
    ]
    requests = [term.weight * term.variable for term in built.penalty_terms]
    built.model.minimize(sum(requests) + sum(cover))
    return built


def row_cost(built: CurtoisModel, price: dict[tuple[int, str], int], row: Roster) -> int:
    """The objective of `row_model` for a row: its requests and its share of the cover cost."""
    cover = sum(price.get((a.day, a.shift_id), 0) for a in row.assignments)
    return sum(penalties(built.instance, row).values()) + cover


def best_row(built: CurtoisModel, seconds: float, seed: int) -> Roster | None:
    """The best row found in ``seconds``, from the model's hint (see `_any_valid_row`)."""
    return _roster_of(_row_solver(seconds, seed), built, built.model)


def quick_row(built: CurtoisModel, seconds: float, seed: int) -> Roster | None:
    """The best row one worker finds from the model's hint in a fraction of a second.

    Without presolve (0.3 s of a year-long row of Instance 24) and without LP: 40 s of hinted
    0.3 s row re-solves took Instance 24 from 808,896 to 542,653, against 797,556 with the two
    workers and light presolve of `best_row` (2 Dec 2026). With time to spare, as in the
    construction of Instance 20 (0.6 s a row), `best_row` is far better: 35,259 against 143,964.
    """
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.cp_model_presolve = False
    solver.parameters.linearization_level = 0
    return _roster_of(solver, built, built.model)


def _any_valid_row(built: CurtoisModel, seconds: float, seed: int) -> Roster | None:
    """Any valid row, tuned on year-long rows of Instances 22 and 24 (1 Dec 2026).

    Such a row must come within one or two shifts of its maximum minutes, a tight puzzle. Two
    quick-restart workers (with and without LP) found a row in 0.1–0.8 s every time, where the
    default portfolio of 1, 2 or 4 workers often found none in 3 s; the full presolve (probing,
    symmetry) alone takes over a second, the light one a fraction.

    Raises `NoValidRow` where CP-SAT proves there is none: without the proof, a copy of Instance
    16 cut to two weeks ran its whole 60 s to end with no roster and status unknown, where the
    full model is proven infeasible in presolve.
    """
    feasibility = built.model.clone()
    feasibility.clear_objective()
    solver = _row_solver(seconds, seed)
    code = solver.solve(feasibility)
    if code == cp_model.INFEASIBLE:
        raise NoValidRow(built.instance.staff[0].id)
    return _read_row(solver, built, code)


def _row_solver(seconds: float, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    solver.parameters.num_workers = 2
    solver.parameters.subsolvers.extend(["quick_restart_no_lp", "quick_restart"])
    solver.parameters.random_seed = seed
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.max_presolve_iterations = 1
    return solver


def _roster_of(
    solver: cp_model.CpSolver, built: CurtoisModel, model: cp_model.CpModel
) -> Roster | None:
    return _read_row(solver, built, solver.solve(model))


def _read_row(
    solver: cp_model.CpSolver, built: CurtoisModel, code: cp_model.CpSolverStatus
) -> Roster | None:
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return built.variables.roster(solver)
