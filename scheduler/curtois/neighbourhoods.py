"""Neighbourhoods of the large-neighbourhood search (`scheduler.curtois.lns`): re-solve part of
the roster with the rest fixed to the incumbent.

CP-SAT's own LNS knows nothing of the roster's structure. Freeing whole staff rows (every day of a
few people), whole day windows (everybody over a few days) or the team of one shift type lets a
sub-solve swap runs of work between people and move runs in time, which single-variable moves
cannot. Sub-solves are many and short, each one hinted with the whole incumbent solution.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.curtois.model import CurtoisModel
from scheduler.curtois.roster import Assignment, Roster
from scheduler.curtois.validator import check_roster


@dataclass(frozen=True)
class Neighbourhood:
    """The staff and days left free in one sub-solve; everything else stays as it is."""

    staff: frozenset[str]
    days: range

    def frees(self, staff_id: str, day: int) -> bool:
        """Whether this staff member's shift on this day may change."""
        return staff_id in self.staff and day in self.days


# A shift type's team is freed over this many days around a costly day: its people's runs of work
# interact only over a few weeks, and a year of a whole team is too large for a short sub-solve.
TEAM_SPAN = 28


def cell_costs(built: CurtoisModel, roster: Roster) -> Counter[tuple[int, str]]:
    """What the roster pays on each (day, shift): cover shortfall and excess, missed requests."""
    instance = built.instance
    costs: Counter[tuple[int, str]] = Counter()
    staffed = Counter((a.day, a.shift_id) for a in roster.assignments)
    for c in instance.cover:
        short = c.requirement - staffed[c.day, c.shift_id]
        costs[c.day, c.shift_id] += c.under_weight * short if short > 0 else c.over_weight * -short
    for r in instance.on_requests:
        missed = r.shift_id not in roster.shifts_on(r.staff_id, r.day)
        costs[r.day, r.shift_id] += r.weight * missed
    for r in instance.off_requests:
        costs[r.day, r.shift_id] += r.weight * (r.shift_id in roster.shifts_on(r.staff_id, r.day))
    return costs


def _costly_cell(costs: Counter[tuple[int, str]], rng: random.Random) -> tuple[int, str]:
    """A (day, shift) drawn with probability growing with its cost: expensive ones get re-solved
    most, the cheap ones now and then."""
    cells = list(costs)
    return rng.choices(cells, weights=[1 + costs[cell] for cell in cells])[0]


def _window_around(day: int, width: int, horizon: int) -> range:
    """``width`` consecutive days centred on ``day``, shifted to fit inside the horizon."""
    width = min(width, horizon)
    first = min(max(0, day - width // 2), horizon - width)
    return range(first, first + width)


def staff_rows(
    built: CurtoisModel, count: int, costs: Counter[tuple[int, str]], rng: random.Random
) -> Neighbourhood:
    """``count`` random staff over the whole horizon: moves work between people and through the
    year within each one's minutes, shift-type and weekend budgets."""
    staff_ids = [member.id for member in built.instance.staff]
    chosen = rng.sample(staff_ids, min(count, len(staff_ids)))
    return Neighbourhood(frozenset(chosen), range(built.instance.horizon))


def day_window(
    built: CurtoisModel, width: int, costs: Counter[tuple[int, str]], rng: random.Random
) -> Neighbourhood:
    """Everybody over ``width`` days around a costly day: moves runs, re-balances cover."""
    day, _ = _costly_cell(costs, rng)
    return Neighbourhood(
        frozenset(member.id for member in built.instance.staff),
        _window_around(day, width, built.instance.horizon),
    )


def shift_team(
    built: CurtoisModel, count: int, costs: Counter[tuple[int, str]], rng: random.Random
) -> Neighbourhood:
    """``count`` of the staff who may work a costly shift type, over ``TEAM_SPAN`` days around
    its costly day: the people who can fill that shift's gaps, and little else."""
    day, shift = _costly_cell(costs, rng)
    team = [member.id for member in built.instance.staff if member.may_work(shift)]
    chosen = rng.sample(team, min(count, len(team)))
    return Neighbourhood(frozenset(chosen), _window_around(day, TEAM_SPAN, built.instance.horizon))


def minutes_short(built: CurtoisModel, roster: Roster) -> dict[str, int]:
    """Minutes each staff member is short of their minimum (elastic model only; else empty)."""
    worked: Counter[str] = Counter()
    for a in roster.assignments:
        worked[a.staff_id] += built.instance.shift_by_id[a.shift_id].minutes
    return {
        m.id: m.min_minutes - worked[m.id]
        for m in built.instance.staff
        if worked[m.id] < m.min_minutes
    }


def short_staff_rows(
    built: CurtoisModel, count: int, short: dict[str, int], rng: random.Random
) -> Neighbourhood:
    """The staff furthest below their minimum minutes, over the whole horizon: a shortfall can
    only be made up where the person is free to take shifts anywhere in the year."""
    worst = sorted(short, key=lambda staff: -short[staff])[: max(1, count // 2)]
    others = [m.id for m in built.instance.staff if m.id not in worst]
    chosen = worst + rng.sample(others, min(len(others), max(1, count - len(worst))))
    return Neighbourhood(frozenset(chosen), range(built.instance.horizon))


@dataclass(frozen=True)
class Incumbent:
    """The best roster so far with the value of every model variable in it (slacks, weekends…):
    a complete hint lets a sub-solve start from the incumbent at once, where a hint of the shift
    variables alone cost Instance 13 two seconds of search per week-long window before it even
    had a solution."""

    objective: int
    roster: Roster
    values: Sequence[int]


class NeighbourhoodSolver:
    """Re-solves neighbourhoods of the incumbent in a copy of the model with every shift fixed.

    The copy is kept fixed to the incumbent and only the cells that changed are updated: setting
    all 145,000 shift domains for each sub-solve took 0.5 s of Python on Instance 21, as long as
    the sub-solve itself (fixing them by one `bool_and` instead doubled CP-SAT's presolve).
    """

    def __init__(self, built: CurtoisModel, workers: int) -> None:
        self.built = built
        self.workers = workers
        cells: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
        for (staff, day, shift), var in built.variables.assigned.items():
            cells[staff, day].append((shift, var.index))
        self.cells = dict(cells)
        # Reading a roster through these instead of asking the solver variable by variable saves
        # 0.2 s a sub-solve on Instance 21.
        self.assignments = [
            (var.index, Assignment(staff, day, shift))
            for (staff, day, shift), var in built.variables.assigned.items()
        ]
        self.shift_indices = frozenset(index for index, _ in self.assignments)
        self.fixed = built.model.clone()
        self.fixed.clear_hints()

    def start(self, roster: Roster) -> Incumbent | None:
        """Fix the copy to ``roster`` and find every variable's value in it (about a second on a
        half year of 100 staff); None if the roster breaks a hard rule."""
        self._fix(roster, self.cells)
        outcome = self.run(self.prepare(Neighbourhood(frozenset(), range(0)), None), 60.0, 0)
        return None if outcome is None else outcome[0]

    def accept(self, incumbent: Incumbent, neighbourhood: Neighbourhood) -> None:
        """Fix the copy to a new incumbent that differs from the old only in ``neighbourhood``."""
        self._fix(incumbent.roster, self._free_cells(neighbourhood))

    def solve(
        self, incumbent: Incumbent, neighbourhood: Neighbourhood, time_limit: float, seed: int
    ) -> tuple[Incumbent, bool] | None:
        """Re-solve the free cells from the incumbent; the best found and whether it is proven
        optimal, or None if the sub-solve found no roster in time."""
        return self.run(self.prepare(neighbourhood, incumbent.values), time_limit, seed)

    def prepare(self, neighbourhood: Neighbourhood, hint: Sequence[int] | None) -> cp_model.CpModel:
        """The fixed copy with ``neighbourhood`` freed, hinted with every variable's value.

        Call it only from the thread that calls `accept`: it clones the copy `accept` changes.
        """
        sub = self.fixed.clone()
        domains = sub.proto.variables
        for shifts in self._free_cells(neighbourhood).values():
            for _, index in shifts:
                domain = domains[index].domain
                domain[0], domain[1] = 0, 1
        if hint is not None:
            sub.proto.solution_hint.vars.extend(range(len(hint)))
            sub.proto.solution_hint.values.extend(hint)
        return sub

    def run(
        self, sub: cp_model.CpModel, time_limit: float, seed: int
    ) -> tuple[Incumbent, bool] | None:
        """Solve a prepared neighbourhood; safe from several threads at once, as CP-SAT releases
        the GIL while it solves and this reads nothing `accept` changes."""
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = time_limit
        solver.parameters.num_workers = self.workers
        solver.parameters.random_seed = seed
        # Measured on Instance 7: one worker with the full LP proves a 5-staff neighbourhood
        # optimal in 1.4 s, where 2 or 4 default workers time out at 10 s; it also leaves the other
        # core free.
        solver.parameters.linearization_level = 2
        code = solver.solve(sub)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        values = list(solver.response_proto.solution)
        found = Incumbent(round(solver.objective_value), self._roster(values), values)
        return found, code == cp_model.OPTIMAL

    def merge(self, found: Incumbent, base: Incumbent, current: Incumbent) -> Incumbent | None:
        """``found``, re-solved from ``base``, carried over to the later incumbent ``current``;
        None if both changed one person's shift on one day, or the merged roster breaks a hard
        rule (two changes to one person's year may each keep within a limit and together not).

        Only the shift variables decide: a slack or weekend literal both changed (half the
        overlaps on Instance 20) is an overlap of their covers or weekends, which the validator
        prices, and the hint takes ``found``'s value for it.
        """
        changed_here = _changed(base.values, found.values)
        changed_since = set(_changed(base.values, current.values))
        if any(index in changed_since for index in changed_here if index in self.shift_indices):
            return None
        values = list(current.values)
        for index in changed_here:
            values[index] = found.values[index]
        roster = self._roster(values)
        check = check_roster(self.built.instance, roster)
        return Incumbent(check.objective, roster, values) if check.is_valid else None

    def _roster(self, values: Sequence[int]) -> Roster:
        return Roster(assignment for index, assignment in self.assignments if values[index])

    def _free_cells(
        self, neighbourhood: Neighbourhood
    ) -> dict[tuple[str, int], list[tuple[str, int]]]:
        return {
            (staff, day): self.cells[staff, day]
            for staff in neighbourhood.staff
            for day in neighbourhood.days
            if (staff, day) in self.cells
        }

    def _fix(self, roster: Roster, cells: dict[tuple[str, int], list[tuple[str, int]]]) -> None:
        domains = self.fixed.proto.variables
        for (staff, day), shifts in cells.items():
            worked = roster.shifts_on(staff, day)
            for shift, index in shifts:
                domain = domains[index].domain  # a Boolean domain is the pair [lo, hi]
                domain[0] = domain[1] = int(shift in worked)


def _changed(before: Sequence[int], after: Sequence[int]) -> list[int]:
    """The indices of the variables whose value differs between two solutions."""
    return [index for index, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]


@dataclass
class SearchState:
    """The incumbent of a search, when it was found, and whether the search proved it optimal."""

    objective: int
    roster: Roster
    found_at: float
    proven_optimal: bool = False


NeighbourhoodKind = Callable[
    [CurtoisModel, int, Counter[tuple[int, str]], random.Random], Neighbourhood
]
