"""A roster from the linear programme over whole rows: column generation, then a dive.

Every hard rule binds one person, so a roster is one valid row per person, and only cover ties
the rows together. The linear programme that picks a mix of rows per person (the *master*) has a
far tighter bound than the shift-by-shift model: on Instance 14, 1,283 where CP-SAT's LP gives
1,277 (best known 1,278 under the exempt reading of rule 6). Its rows are found one person at a
time (*pricing*): the row whose requests cost least once each covered shift is paid its dual
price. Then the *dive*: fix the people whose mix is one row, re-price the others, and repeat,
until a few people are left, whose rows are solved exactly against the others' cover.

At the issue's 600 s, with the LNS after it, this took 8, 12, 14, 16 and 17 to within 0.6 % of
their best known, from 1.4-10.2 % (3 Dec 2026, bench/README.md).
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import repeat

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from scheduler.curtois.instance import Instance
from scheduler.curtois.lns import LNS_THREADS
from scheduler.curtois.model import build_model
from scheduler.curtois.neighbourhoods import SearchState
from scheduler.curtois.roster import Roster
from scheduler.curtois.rows import contract_instance, rows_of, staff_instance
from scheduler.curtois.validator import penalties

logger = logging.getLogger(__name__)

# Each person's pricing solve gets at most this long; a round of all 32 people of 14 took 1.7 s.
PRICING_SECONDS = 1.0
# Duals are fractions; the pricing model's objective is in whole hundredths of a penalty point.
DUAL_SCALE = 100
# A row enters the master only if it lowers the LP by more than this.
REDUCED_COST_EPSILON = 1e-6
# Re-pricing rounds between two fixings of the dive: with five the LP of 17 rose only from 5,759.0
# to 5,768.0 over the first 24 fixings.
DIVE_PRICING_ROUNDS = 5
# The dive stops with this many people left, whose rows CP-SAT then solves together exactly. The
# last fixings are the costly ones: on 14 diving to the last person gave 1,405, to ten left 1,285;
# on 17 ten left were too many for CP-SAT in 60 s (6,261), three left gave 5,892.
LAST_STAFF = 3
# …and has at most this long for them (on 17, three people took 2.5 s).
LAST_STAFF_SECONDS = 30.0
# A mix weighing at least this on one row counts as that row.
WHOLE_ROW = 0.99


@dataclass(frozen=True)
class Column:
    """One valid row of one person, with what its requests cost and the (day, shift)s it works."""

    cost: int
    cells: frozenset[tuple[int, str]]
    row: Roster


@dataclass(frozen=True)
class MasterSolution:
    """The master LP's value, each person's dual (the price of their one row), each cover's dual,
    and how much of each column the mix takes."""

    value: float
    person_duals: dict[str, float]
    cover_duals: dict[tuple[int, str], float]
    mix: dict[str, list[float]]


class RowMaster:
    """The rows found so far for each person and the LP over them."""

    def __init__(self, instance: Instance, start: Roster) -> None:
        self.instance = instance
        self.contracts = {m.id: contract_instance(instance, m) for m in instance.staff}
        # Built once: each round of pricing only sets a new objective (0.18 s a round on 14).
        self._pricing = {staff: build_model(contract) for staff, contract in self.contracts.items()}
        self.columns: dict[str, list[Column]] = {m.id: [] for m in instance.staff}
        self._known: set[tuple[str, frozenset[tuple[int, str]]]] = set()
        # The start's rows keep the master feasible: every person has a valid row from the outset.
        for staff, row in rows_of(start, instance).items():
            self.add(staff, row)

    def add(self, staff_id: str, row: Roster) -> bool:
        """Add a row to the person's columns; False if it is there already."""
        cells = frozenset((a.day, a.shift_id) for a in row.assignments)
        if (staff_id, cells) in self._known:
            return False
        self._known.add((staff_id, cells))
        cost = sum(penalties(self.contracts[staff_id], row).values())
        self.columns[staff_id].append(Column(cost, cells, row))
        return True

    def fix(self, staff_id: str, index: int) -> None:
        """Keep only one of the person's columns."""
        self.columns[staff_id] = [self.columns[staff_id][index]]

    def solve_lp(self) -> MasterSolution:
        """min Σ row costs + Σ cover slacks, one row (or a mix summing to one) per person."""
        lp = pywraplp.Solver.CreateSolver("GLOP")
        objective = lp.Objective()
        objective.SetMinimization()
        one_row = {staff: lp.Constraint(1, 1) for staff in self.columns}
        covers = {}
        for c in self.instance.cover:
            covers[c.day, c.shift_id] = balance = lp.Constraint(c.requirement, c.requirement)
            under, over = lp.NumVar(0, lp.infinity(), ""), lp.NumVar(0, lp.infinity(), "")
            balance.SetCoefficient(under, 1)
            balance.SetCoefficient(over, -1)
            objective.SetCoefficient(under, c.under_weight)
            objective.SetCoefficient(over, c.over_weight)
        mix = {}
        for staff, columns in self.columns.items():
            mix[staff] = [lp.NumVar(0, 1, "") for _ in columns]
            for share, column in zip(mix[staff], columns, strict=True):
                objective.SetCoefficient(share, column.cost)
                one_row[staff].SetCoefficient(share, 1)
                for cell in column.cells:
                    if cell in covers:
                        covers[cell].SetCoefficient(share, 1)
        if lp.Solve() != pywraplp.Solver.OPTIMAL:
            raise RuntimeError(f"{self.instance.name}: the row master LP has no optimum")
        return MasterSolution(
            objective.Value(),
            {staff: constraint.dual_value() for staff, constraint in one_row.items()},
            {cell: constraint.dual_value() for cell, constraint in covers.items()},
            {staff: [share.solution_value() for share in shares] for staff, shares in mix.items()},
        )

    def price(self, staff_id: str, lp: MasterSolution, seed: int) -> Roster | None:
        """The person's row with the least reduced cost under the LP's duals, if it is negative
        (the row would lower the LP). Safe from several threads at once for different people."""
        built = self._pricing[staff_id]
        duals = lp.cover_duals
        requests = [DUAL_SCALE * t.weight * t.variable for t in built.penalty_terms]
        cover = [
            -round(DUAL_SCALE * duals[day, shift]) * var
            for (_, day, shift), var in built.variables.assigned.items()
            if (day, shift) in duals
        ]
        built.model.minimize(sum(requests) + sum(cover))  # replaces the last round's
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = PRICING_SECONDS
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.linearization_level = 2
        if solver.solve(built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        row = built.variables.roster(solver)
        # Recomputed with the exact duals: the scaled ones are rounded.
        cost = sum(penalties(self.contracts[staff_id], row).values())
        paid = sum(duals.get((a.day, a.shift_id), 0.0) for a in row.assignments)
        reduced = cost - paid - lp.person_duals[staff_id]
        return row if reduced < -REDUCED_COST_EPSILON else None


def generate_rows(
    master: RowMaster, staff_ids: list[str], rounds: int, deadline: float, seed: int
) -> tuple[MasterSolution, bool]:
    """Price the people's rows until none lowers the LP, for at most ``rounds`` rounds or until
    ``deadline``; the last LP, and whether it settled (no row lowered it). People are priced one
    per core at once, as the LNS's sub-solves are (CP-SAT releases the GIL)."""
    lp = master.solve_lp()
    with ThreadPoolExecutor(LNS_THREADS) as pool:
        for round_ in range(rounds):
            if time.monotonic() >= deadline:
                break
            rows = pool.map(master.price, staff_ids, repeat(lp), repeat(seed + round_))
            found = zip(staff_ids, rows, strict=True)
            added = [master.add(staff, row) for staff, row in found if row is not None]
            lp = master.solve_lp()
            if not any(added):
                return lp, True
    return lp, False


def dive(
    instance: Instance, start: SearchState, deadline: float, started: float, seed: int = 0
) -> SearchState | None:
    """A roster from the row master (see the module's docstring), or None if the LP over rows
    does not settle by half the time left: then the dive would fix people by a poor LP. The dive
    fixes more people at once as ``deadline`` nears, so it ends in time."""
    master = RowMaster(instance, start.roster)
    everybody = [m.id for m in instance.staff]
    half_way = time.monotonic() + (deadline - time.monotonic()) / 2
    lp, settled = generate_rows(master, everybody, 10**6, half_way, seed)
    if not settled:
        # On 18 (12 weeks) a dive from the LP at half time (4,453) gave 4,945, 11 % above it.
        logger.info("%s: row LP %.1f not settled in time; no dive", instance.name, lp.value)
        return None
    row_lp = lp.value
    logger.info("%s: row LP settled at %.1f", instance.name, row_lp)
    free = set(everybody)
    step_seconds = 1.0
    while len(free) > LAST_STAFF:
        step_began = time.monotonic()
        for staff, index in _rows_to_fix(lp, free, deadline - step_began, step_seconds):
            master.fix(staff, index)
            free.discard(staff)
        if len(free) > LAST_STAFF:  # the last ones are solved exactly below
            lp, _ = generate_rows(master, sorted(free), DIVE_PRICING_ROUNDS, deadline, seed)
        step_seconds = time.monotonic() - step_began
    fixed = Roster(
        a
        for staff, columns in master.columns.items()
        if staff not in free
        for a in columns[0].row.assignments
    )
    last = _solve_last(instance, fixed, sorted(free), start.roster, deadline, seed)
    roster = Roster([*fixed.assignments, *last.assignments])
    objective = sum(penalties(instance, roster).values())
    logger.info("%s: dive %d against the settled row LP's %.1f", instance.name, objective, row_lp)
    return SearchState(objective, roster, time.monotonic() - started)


def _rows_to_fix(
    lp: MasterSolution, free: set[str], seconds_left: float, step_seconds: float
) -> list[tuple[str, int]]:
    """Each free person whose mix is one row, and at least the one whose mix leans most on one
    row; more at once where the time left would not fix them one step at a time."""
    leaning = sorted(
        ((max(lp.mix[s]), s, lp.mix[s].index(max(lp.mix[s]))) for s in free), reverse=True
    )
    whole = sum(weight >= WHOLE_ROW for weight, _, _ in leaning)
    steps_left = max(1.0, seconds_left / max(step_seconds, 0.01))
    in_time = math.ceil((len(free) - LAST_STAFF) / steps_left)
    return [(staff, index) for _, staff, index in leaning[: max(1, whole, in_time)]]


def _solve_last(
    instance: Instance,
    fixed: Roster,
    staff_ids: list[str],
    start: Roster,
    deadline: float,
    seed: int,
) -> Roster:
    """The last people's rows solved together against the cover the others leave open, from
    their rows in ``start`` (which stay if nothing better is found in time)."""
    own_start = Roster(a for a in start.assignments if a.staff_id in staff_ids)
    if not staff_ids:
        return own_start
    on_duty = Counter((a.day, a.shift_id) for a in fixed.assignments)
    built = build_model(staff_instance(instance, staff_ids, on_duty))
    built.variables.hint(built.model, own_start)
    solver = cp_model.CpSolver()
    seconds = min(LAST_STAFF_SECONDS, deadline - time.monotonic())
    solver.parameters.max_time_in_seconds = max(1.0, seconds)
    solver.parameters.num_workers = 8
    solver.parameters.random_seed = seed
    if solver.solve(built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return own_start
    return built.variables.roster(solver)
