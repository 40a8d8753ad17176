"""Large-neighbourhood search: re-solve part of the roster with the rest fixed to the incumbent.

CP-SAT's own LNS knows nothing of the roster's structure. Freeing whole staff rows (every day of a
few people), whole day windows (everybody over a few days) or the team of one shift type lets a
sub-solve swap runs of work between people and move runs in time, which single-variable moves
cannot. Sub-solves are many and short, each one hinted with the whole incumbent solution.
"""

from __future__ import annotations

import logging
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.curtois.model import CurtoisModel
from scheduler.curtois.roster import Assignment, Roster

logger = logging.getLogger(__name__)


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
        self.fixed = built.model.clone()
        self.fixed.clear_hints()

    def start(self, roster: Roster) -> Incumbent | None:
        """Fix the copy to ``roster`` and find every variable's value in it (about a second on a
        half year of 100 staff); None if the roster breaks a hard rule."""
        self._fix(roster, self.cells)
        outcome = self._solve(Neighbourhood(frozenset(), range(0)), None, 60.0, 0)
        return None if outcome is None else outcome[0]

    def accept(self, incumbent: Incumbent, neighbourhood: Neighbourhood) -> None:
        """Fix the copy to a new incumbent that differs from the old only in ``neighbourhood``."""
        self._fix(incumbent.roster, self._free_cells(neighbourhood))

    def solve(
        self, incumbent: Incumbent, neighbourhood: Neighbourhood, time_limit: float, seed: int
    ) -> tuple[Incumbent, bool] | None:
        """Re-solve the free cells from the incumbent; the best found and whether it is proven
        optimal, or None if the sub-solve found no roster in time."""
        return self._solve(neighbourhood, incumbent.values, time_limit, seed)

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

    def _solve(
        self,
        neighbourhood: Neighbourhood,
        hint: Sequence[int] | None,
        time_limit: float,
        seed: int,
    ) -> tuple[Incumbent, bool] | None:
        sub = self.fixed.clone()
        domains = sub.proto.variables
        for shifts in self._free_cells(neighbourhood).values():
            for _, index in shifts:
                domain = domains[index].domain
                domain[0], domain[1] = 0, 1
        if hint is not None:
            sub.proto.solution_hint.vars.extend(range(len(hint)))
            sub.proto.solution_hint.values.extend(hint)
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
        roster = Roster(assignment for index, assignment in self.assignments if values[index])
        return Incumbent(round(solver.objective_value), roster, values), code == cp_model.OPTIMAL


@dataclass
class SearchState:
    """The incumbent of a search and when it was found."""

    objective: int
    roster: Roster
    found_at: float


NeighbourhoodKind = Callable[
    [CurtoisModel, int, Counter[tuple[int, str]], random.Random], Neighbourhood
]


@dataclass
class _AdaptiveSize:
    """A neighbourhood kind's size, kept where about half its sub-solves finish with a proof (as
    CP-SAT's own LNS does): a proof means the neighbourhood held no better roster it could not
    find, so it can grow; a timeout means it was too large to search in the time."""

    size: float
    smallest: int
    largest: int

    @property
    def current(self) -> int:
        """The size to use next, in staff or days."""
        return round(self.size)

    def update(self, proven_optimal: bool) -> None:
        """Grow by a quarter after a proof, shrink by a fifth after a timeout."""
        grown, shrunk = self.size * 1.25 + 0.5, self.size * 0.8
        self.size = min(self.largest, grown) if proven_optimal else max(self.smallest, shrunk)


def improve(
    built: CurtoisModel,
    state: SearchState,
    deadline: float,
    started: float,
    workers: int = 1,
    seed: int = 0,
    step_limit: float = 1.0,
    bound: int | None = None,
) -> SearchState:
    """Repeat short neighbourhood re-solves until ``deadline``, keeping every improvement.

    The kinds take turns at random; each kind's size adapts (see `_AdaptiveSize`). Rosters no
    worse than the incumbent are accepted. The search stops early once the incumbent reaches a
    proven lower ``bound``.
    """
    solver = NeighbourhoodSolver(built, workers)
    incumbent = solver.start(state.roster)
    if incumbent is None:
        logger.warning("%s: start roster breaks a hard rule; no LNS", built.instance.name)
        return state
    instance = built.instance
    rng = random.Random(seed)
    kinds: dict[str, NeighbourhoodKind] = {
        "staff rows": staff_rows,
        "day window": day_window,
        "shift team": shift_team,
    }
    sizes = {
        "staff rows": _AdaptiveSize(3, 1, len(instance.staff)),
        "day window": _AdaptiveSize(2, 1, instance.horizon),
        "shift team": _AdaptiveSize(4, 2, len(instance.staff)),
        "short staff": _AdaptiveSize(3, 2, len(instance.staff)),
    }
    attempts = Counter[str]()
    improvements = Counter[str]()
    # Each sub-solve with the copying and freeing of cells around it: what a kind really costs.
    seconds: defaultdict[str, float] = defaultdict(float)
    costs = cell_costs(built, state.roster)
    short = minutes_short(built, state.roster)
    while (remaining := deadline - time.monotonic()) > 0.2:
        if bound is not None and state.objective <= bound:
            break
        if short and rng.random() < 0.5:
            kind = "short staff"
            neighbourhood = short_staff_rows(built, sizes[kind].current, short, rng)
        else:
            kind = rng.choice(list(kinds))
            neighbourhood = kinds[kind](built, sizes[kind].current, costs, rng)
        step = min(remaining, step_limit)
        began = time.monotonic()
        outcome = solver.solve(incumbent, neighbourhood, step, seed + sum(attempts.values()))
        attempts[kind] += 1
        seconds[kind] += time.monotonic() - began
        sizes[kind].update(outcome is not None and outcome[1])
        if outcome is None or outcome[0].objective > incumbent.objective:
            continue
        # Equal rosters are taken too: moving sideways on a plateau lets the next neighbourhood
        # start somewhere new (Instance 7 at 60 s: 1178 with strict improvements only, then 1081,
        # 1183 and 1185 with sideways moves; the runs vary more than the rule shows).
        improved = outcome[0].objective < incumbent.objective
        incumbent = outcome[0]
        solver.accept(incumbent, neighbourhood)
        if not improved:
            continue
        improvements[kind] += 1
        state = SearchState(incumbent.objective, incumbent.roster, time.monotonic() - started)
        logger.info(
            "LNS %s: %d at %.1fs by %s", instance.name, incumbent.objective, state.found_at, kind
        )
        costs = cell_costs(built, state.roster)
        short = minutes_short(built, state.roster)
    logger.info(
        "LNS %s: neighbourhoods %s, improving %s, seconds %s, final sizes %s",
        instance.name,
        dict(attempts),
        dict(improvements),
        {kind: round(seconds[kind], 1) for kind in attempts},
        {kind: sizes[kind].current for kind in attempts},
    )
    return state
