"""A roster from the linear programme over whole rows: column generation, then a dive.

Every hard rule binds one person, so a roster is one valid row per person, and only cover ties
the rows together. The linear programme that picks a mix of rows per person (the *master*) has a
far tighter bound than the shift-by-shift model: on Instance 14, 1,283 where CP-SAT's LP gives
1,277 (best known 1,278 under the exempt reading of rule 6). Its rows are found one person at a
time (*pricing*): the row whose requests cost least once each covered shift is paid its dual
price. Rows are priced at duals smoothed towards those of the best Lagrangian bound so far, and
that bound says when the LP has settled. The duals are rounded to the hundredths the pricing
model sees, so each person's cheapest row at them is proven, and the bound is a proof that no
roster costs less. Then the *dive*: fix the people whose mix is one row, re-price the others, and
repeat, until a few people are left, whose rows are solved exactly against the others' cover.

At the issue's 600 s, with the LNS after it, this took 8, 12, 14, 16 and 17 to within 0.6 % of
their best known, from 1.4-10.2 %; with the smoothing and the bound, 15 to 3.3-3.7 % from 20.8 %
(3 Dec 2026, bench/README.md). At 60 s it took 9, 10 and 11 to their best known in some runs
(10 and 11 proven optimal by its bound), and 5-7 to within 0.1-0.5 % of that bound.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Collection, Iterable
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
from scheduler.curtois.rows import contract_instance, on_duty_besides, rows_of, staff_instance
from scheduler.curtois.validator import penalties

logger = logging.getLogger(__name__)

# Each person's pricing solve gets at most this long; a round of all 32 people of 14 took 1.7 s.
PRICING_SECONDS = 1.0
# Duals are fractions; the pricing model's objective is in whole hundredths of a penalty point.
DUAL_SCALE = 100
# A row enters the master only if it lowers the LP by more than this.
REDUCED_COST_EPSILON = 1e-6
# Each pricing solve offers its best row and up to this many of the rows it passed on the way:
# on 15 the LP came within 0.4 % of its bound in 25 rounds with four, 40 with one (3 Dec 2026).
ROWS_PER_PRICING = 4
# Rows are priced at this mix of the duals that gave the best Lagrangian bound so far and the
# LP's own (Wentges' smoothing): the LP's duals swing from round to round, and rows priced at them
# alone overshoot. Half and half cut the rounds on 15 by a third.
SMOOTHING = 0.5
# The LP counts as settled once it is within this share of its Lagrangian bound, or once the bound
# proves the LP's value rounded up: the last tenth of a per cent took 15 of Instance 15's 45 rounds
# (to prove 3,832, 222 s against 118 s) and does not change which rows the dive fixes.
SETTLED_GAP = 0.001
# The dive starts only from an LP at most this far above its Lagrangian bound, reached within
# this share of its time. At 60 s the LP of 8-11 settles 20-27 s into the dive's 27 s: with 0.7,
# two runs of 9 in four found no dive and ended at 582 and 584, against 442 and 443 with one;
# with 0.85, 9 dived in three of three (440-441) and 8 gave 1,423 against 2,046 (3 Dec 2026).
DIVE_GAP = 0.005
SETTLE_SHARE = 0.85
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
# A step's one fixing of a torn mix that raises the LP by more than this share is taken back and
# its row banned, at most TAKEBACKS times a dive: on 5 one fixing with six people left raised it
# from 1,146.5 to 1,243.0, and half the dives ended at 1,253-1,259, with take-backs none above
# 1,163 (six seeds each). Only while there is time for a step per person still to fix: on 15,
# short of time at the end of its dive, take-backs left less for the rest (4,497 and 4,484).
JUMP = 0.02
TAKEBACKS = 3


@dataclass(frozen=True)
class Column:
    """One valid row of one person, with what its requests cost and the (day, shift)s it works."""

    cost: int
    cells: frozenset[tuple[int, str]]
    row: Roster


@dataclass(frozen=True)
class Priced:
    """What one pricing solve found: its rows (best last), and the least ``cost − dual prices``
    of any of the person's rows, or None if CP-SAT did not prove its row the least in time."""

    rows: list[Roster]
    least: float | None


@dataclass(frozen=True)
class Settled:
    """Where column generation stopped: the last LP, how far it lies above its best Lagrangian
    bound (a share of the LP; 0 when no row lowers it at its own duals), and that bound (−inf
    until every person's pricing is proven in one round)."""

    lp: MasterSolution
    gap: float
    bound: float


@dataclass(frozen=True)
class Dive:
    """The dive's roster (the rows the LP over rows leans on if it did not settle in time), and
    the proven lower bound on any roster's objective that the LP gave before the dive fixed
    anyone."""

    state: SearchState
    bound: int | None


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
        # The dive's choices: the column each fixed person keeps, and the columns it took back.
        self.fixed: dict[str, int] = {}
        self.banned: set[tuple[str, int]] = set()
        self._known: set[tuple[str, frozenset[tuple[int, str]]]] = set()
        # The start's rows keep the master feasible: every person has a valid row from the outset.
        for staff, row in rows_of(start, instance).items():
            self.add(staff, row)

    def add(self, staff_id: str, row: Roster) -> bool:
        """Add a row to the person's columns; False if it is there already."""
        cells = _cells(row)
        if (staff_id, cells) in self._known:
            return False
        self._known.add((staff_id, cells))
        self.columns[staff_id].append(Column(self.cost(staff_id, row), cells, row))
        return True

    def fix(self, staff_id: str, index: int) -> None:
        """Let the LP use only this one of the person's columns."""
        self.fixed[staff_id] = index

    def ban(self, staff_id: str, index: int) -> None:
        """Free the person again, and never let the LP use this column of theirs."""
        self.fixed.pop(staff_id, None)
        self.banned.add((staff_id, index))

    def usable(self, staff_id: str) -> list[bool]:
        """Which of the person's columns the LP may use."""
        if staff_id in self.fixed:
            return [i == self.fixed[staff_id] for i in range(len(self.columns[staff_id]))]
        return [(staff_id, i) not in self.banned for i in range(len(self.columns[staff_id]))]

    def free(self) -> list[str]:
        """The people the dive has not fixed, by id."""
        return sorted(staff for staff in self.columns if staff not in self.fixed)

    def fixed_row(self, staff_id: str) -> Roster:
        """The row the person is fixed to."""
        return self.columns[staff_id][self.fixed[staff_id]].row

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
            mix[staff] = [lp.NumVar(0, int(usable), "") for usable in self.usable(staff)]
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

    def price(self, staff_id: str, duals: dict[tuple[int, str], float], seed: int) -> Priced:
        """The person's rows that cost least once each covered shift pays its dual price. Safe
        from several threads at once for different people."""
        built = self._pricing[staff_id]
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
        on_the_way = _RowCollector(built.variables.roster)
        status = solver.solve(built.model, on_the_way)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Priced([], None)
        best = built.variables.roster(solver)
        rows = [*on_the_way.rows[-1 - ROWS_PER_PRICING : -1], best]
        # Recomputed with the exact duals: the scaled ones are rounded.
        least = self.cost(staff_id, best) - _paid(_cells(best), duals)
        return Priced(rows, least if status == cp_model.OPTIMAL else None)

    def cost(self, staff_id: str, row: Roster) -> int:
        """What the person's requests cost in this row."""
        return sum(penalties(self.contracts[staff_id], row).values())

    def reduced_cost(self, staff_id: str, row: Roster, lp: MasterSolution) -> float:
        """How much the row would lower the LP per unit of it, negated: below zero it helps."""
        paid = _paid(_cells(row), lp.cover_duals)
        return self.cost(staff_id, row) - paid - lp.person_duals[staff_id]

    def lagrangian_bound(
        self, duals: dict[tuple[int, str], float], least: dict[str, float | None]
    ) -> float | None:
        """The LP's Lagrangian bound at these cover duals: what the cover asks for at its dual
        prices, plus each person's cheapest row at them: ``least`` for the people just priced,
        the cheapest of their columns for the others (the dive has fixed their rows). None if a
        least is not proven.

        It needs no slack terms because the duals it is given lie between −over and +under
        weight: the LP's own do, and so does any mix of them."""
        if any(value is None for value in least.values()):
            return None
        bound = sum(duals[c.day, c.shift_id] * c.requirement for c in self.instance.cover)
        for staff, columns in self.columns.items():
            value = least.get(staff)
            if value is None:
                value = min(
                    c.cost - _paid(c.cells, duals)
                    for c, usable in zip(columns, self.usable(staff), strict=True)
                    if usable
                )
            bound += value
        return bound


class _RowCollector(cp_model.CpSolverSolutionCallback):
    """Every row a pricing solve finds on its way to the best."""

    def __init__(self, read: Callable[[cp_model.CpSolverSolutionCallback], Roster]) -> None:
        super().__init__()
        self._read = read
        self.rows: list[Roster] = []

    def on_solution_callback(self) -> None:
        self.rows.append(self._read(self))


def _cells(row: Roster) -> frozenset[tuple[int, str]]:
    """The (day, shift)s a row works."""
    return frozenset((a.day, a.shift_id) for a in row.assignments)


def _paid(cells: Iterable[tuple[int, str]], duals: dict[tuple[int, str], float]) -> float:
    """What these (day, shift)s are paid at these dual prices (uncovered ones nothing)."""
    return sum(duals.get(cell, 0.0) for cell in cells)


def generate_rows(
    master: RowMaster, staff_ids: list[str], rounds: int, deadline: float, seed: int
) -> Settled:
    """Price the people's rows until the LP is within SETTLED_GAP of its Lagrangian bound, for at
    most ``rounds`` rounds or until ``deadline``. Rows are priced at duals smoothed towards those
    of the best bound (SMOOTHING); after a round that finds none there, at the LP's own, where
    finding none means the LP has settled. People are priced one per core at once, as the LNS's
    sub-solves are (CP-SAT releases the GIL)."""
    lp = master.solve_lp()
    centre: dict[tuple[int, str], float] | None = None
    best_bound = -math.inf
    mispriced = False
    with ThreadPoolExecutor(LNS_THREADS) as pool:
        for round_ in range(rounds):
            if time.monotonic() >= deadline:
                break
            if centre is None or mispriced:
                own, duals = True, _in_hundredths(lp.cover_duals)
            else:
                own, duals = False, _in_hundredths(_smoothed(centre, lp.cover_duals))
            priced = list(pool.map(master.price, staff_ids, repeat(duals), repeat(seed + round_)))
            bound = master.lagrangian_bound(
                duals, {staff: p.least for staff, p in zip(staff_ids, priced, strict=True)}
            )
            if bound is not None and bound > best_bound:
                best_bound, centre = bound, duals
            added = [
                master.add(staff, row)
                for staff, p in zip(staff_ids, priced, strict=True)
                for row in p.rows
                if master.reduced_cost(staff, row, lp) < -REDUCED_COST_EPSILON
            ]
            if any(added):
                lp = master.solve_lp()
            elif own:
                return Settled(lp, 0.0, best_bound)  # no row lowers the LP at its own duals
            mispriced = not any(added)
            if _gap(lp, best_bound) <= SETTLED_GAP or _bound_meets(lp, best_bound):
                break
    return Settled(lp, _gap(lp, best_bound), best_bound)


def _bound_meets(lp: MasterSolution, bound: float) -> bool:
    """Whether the bound already proves the LP's value rounded up (objectives are whole), so that
    no further round can raise what it proves."""
    proven = _proven(bound)
    return proven is not None and proven >= math.ceil(lp.value - 1e-6)


def _in_hundredths(duals: dict[tuple[int, str], float]) -> dict[tuple[int, str], float]:
    """The duals rounded to what the pricing model sees (whole 1/DUAL_SCALE): at them its least is
    exact, so the Lagrangian bound is a proof. Cover weights are whole, so rounding keeps the
    duals between −over and +under weight, where the bound needs them."""
    return {cell: round(DUAL_SCALE * value) / DUAL_SCALE for cell, value in duals.items()}


def _smoothed(
    centre: dict[tuple[int, str], float], duals: dict[tuple[int, str], float]
) -> dict[tuple[int, str], float]:
    """The duals to price at: SMOOTHING of the way from the LP's duals back to the centre."""
    return {cell: SMOOTHING * centre[cell] + (1 - SMOOTHING) * duals[cell] for cell in duals}


def _gap(lp: MasterSolution, bound: float) -> float:
    """How far the LP lies above the bound, as a share of the LP."""
    return (lp.value - bound) / max(abs(lp.value), 1.0)


def dive(
    instance: Instance, start: SearchState, deadline: float, started: float, seed: int = 0
) -> Dive:
    """A roster from the row master (see the module's docstring), unless the LP over rows is not
    within DIVE_GAP of its bound within SETTLE_SHARE of the time: then it would fix people by a poor
    LP. The dive fixes more people at once as ``deadline`` nears, so it ends in time."""
    master = RowMaster(instance, start.roster)
    everybody = [m.id for m in instance.staff]
    settle_by = time.monotonic() + SETTLE_SHARE * (deadline - time.monotonic())
    settled = generate_rows(master, everybody, 10**6, settle_by, seed)
    lp, bound = settled.lp, _proven(settled.bound)
    if settled.gap > DIVE_GAP:
        # On 18 (12 weeks) a dive from the LP at half time (4,453) gave 4,945, 11 % above it.
        # The rows the LP leans on are still valid, and far cheaper than the construction it
        # started from: on a five-week cut of 19 at 60 s, 7,440 against 15,675, and 1,883 after
        # the LNS against 2,928 from the construction (the plain model: 2,681).
        rows = _leaning_rows(master, lp, everybody)
        objective = sum(penalties(instance, rows).values())
        logger.info(
            "%s: row LP %.1f not settled in time (bound %s); no dive, the rows it leans on: %d",
            instance.name,
            lp.value,
            bound,
            objective,
        )
        return Dive(SearchState(objective, rows, time.monotonic() - started), bound)
    row_lp = lp.value
    logger.info("%s: row LP settled at %.1f (bound %s)", instance.name, row_lp, bound)
    step_seconds = 1.0
    takebacks = TAKEBACKS
    while len(master.free()) > LAST_STAFF:
        step_began = time.monotonic()
        before = lp
        chosen = _rows_to_fix(lp, master.free(), deadline - step_began, step_seconds)
        for staff, index in chosen:
            master.fix(staff, index)
        free = master.free()
        if len(free) > LAST_STAFF:  # the last ones are solved exactly below
            step = generate_rows(master, free, DIVE_PRICING_ROUNDS, deadline, seed)
            lp = step.lp
            logger.debug(
                "%s: %d free, row LP %.1f (gap %.2f %%)",
                instance.name,
                len(free),
                lp.value,
                100 * step.gap,
            )
            torn = _torn(before, chosen)
            # Only with time for a step per person still to fix: else the rest pays for it.
            now = time.monotonic()
            spare = deadline - now > (len(free) + 1) * (now - step_began)
            jumped = lp.value > (1 + JUMP) * before.value
            if takebacks and spare and len(torn) == 1 and jumped:
                staff, index = torn[0]
                master.ban(staff, index)
                takebacks -= 1
                lp = master.solve_lp()
                logger.debug("%s: took back %s", instance.name, staff)
        step_seconds = time.monotonic() - step_began
    fixed = Roster(a for staff in master.fixed for a in master.fixed_row(staff).assignments)
    free = master.free()
    last = _solve_last(instance, fixed, free, _leaning_rows(master, lp, free), deadline, seed)
    roster = Roster([*fixed.assignments, *last.assignments])
    objective = sum(penalties(instance, roster).values())
    logger.info("%s: dive %d against the settled row LP's %.1f", instance.name, objective, row_lp)
    return Dive(SearchState(objective, roster, time.monotonic() - started), bound)


def _leaning_rows(master: RowMaster, lp: MasterSolution, staff_ids: Iterable[str]) -> Roster:
    """Each person's row that their mix in the LP weighs most."""
    rows = (master.columns[staff][_leaning_on(lp, staff)].row for staff in staff_ids)
    return Roster(a for row in rows for a in row.assignments)


def _proven(bound: float) -> int | None:
    """The least whole objective a Lagrangian bound allows (objectives are whole), None if no
    bound was proven; the tolerance is for the float sum of duals in hundredths."""
    return None if bound == -math.inf else math.ceil(bound - 1e-6)


def _rows_to_fix(
    lp: MasterSolution, free: Collection[str], seconds_left: float, step_seconds: float
) -> list[tuple[str, int]]:
    """Each free person whose mix is one row, and at least the one whose mix leans most on one
    row; more at once where the time left would not fix them one step at a time."""
    leaning = sorted(((max(lp.mix[s]), s, _leaning_on(lp, s)) for s in free), reverse=True)
    whole = sum(weight >= WHOLE_ROW for weight, _, _ in leaning)
    steps_left = max(1.0, seconds_left / max(step_seconds, 0.01))
    in_time = math.ceil((len(free) - LAST_STAFF) / steps_left)
    return [(staff, index) for _, staff, index in leaning[: max(1, whole, in_time)]]


def _torn(before: MasterSolution, chosen: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The fixings of a step to a row the person's mix did not take whole."""
    return [(staff, index) for staff, index in chosen if before.mix[staff][index] < WHOLE_ROW]


def _leaning_on(lp: MasterSolution, staff_id: str) -> int:
    """The column the person's mix weighs most."""
    return lp.mix[staff_id].index(max(lp.mix[staff_id]))


def _solve_last(
    instance: Instance,
    fixed: Roster,
    staff_ids: list[str],
    leaning: Roster,
    deadline: float,
    seed: int,
) -> Roster:
    """The last people's rows solved together against the cover the others leave open, from
    the rows their mixes lean on (which stay if nothing better is found in time)."""
    if not staff_ids:
        return leaning
    built = build_model(staff_instance(instance, staff_ids, on_duty_besides(fixed, staff_ids)))
    built.variables.hint(built.model, leaning)
    solver = cp_model.CpSolver()
    seconds = min(LAST_STAFF_SECONDS, deadline - time.monotonic())
    solver.parameters.max_time_in_seconds = max(1.0, seconds)
    solver.parameters.num_workers = 8
    solver.parameters.random_seed = seed
    if solver.solve(built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return leaning
    return built.variables.roster(solver)
