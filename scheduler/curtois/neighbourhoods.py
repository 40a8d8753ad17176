"""Large-neighbourhood search: re-solve part of the roster with the rest fixed to the incumbent.

CP-SAT's own LNS knows nothing of the roster's structure. Freeing whole staff rows (every day of a
few people) or whole day windows (everybody over a few days) lets a sub-solve swap runs of work
between people and move runs in time, which single-variable moves cannot.
"""

from __future__ import annotations

import logging
import random
import time
from collections import Counter
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.curtois.model import CurtoisModel
from scheduler.curtois.roster import Roster

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Neighbourhood:
    """The staff and days left free in one sub-solve; everything else stays as it is."""

    staff: frozenset[str]
    days: range

    def frees(self, staff_id: str, day: int) -> bool:
        """Whether this staff member's shift on this day may change."""
        return staff_id in self.staff and day in self.days


# Staff rows span at most this many days: on the 26- and 52-week instances a whole row of a few
# people is already a large model, and runs of work interact only over a few weeks.
ROW_SPAN = 56


def day_costs(built: CurtoisModel, roster: Roster) -> list[int]:
    """What the roster pays on each day: cover shortfall and excess, and missed requests."""
    instance = built.instance
    costs = [0] * instance.horizon
    staffed = Counter((a.day, a.shift_id) for a in roster.assignments)
    for c in instance.cover:
        short = c.requirement - staffed[c.day, c.shift_id]
        costs[c.day] += c.under_weight * short if short > 0 else c.over_weight * -short
    for r in instance.on_requests:
        costs[r.day] += r.weight * (r.shift_id not in roster.shifts_on(r.staff_id, r.day))
    for r in instance.off_requests:
        costs[r.day] += r.weight * (r.shift_id in roster.shifts_on(r.staff_id, r.day))
    return costs


def _costly_day(costs: list[int], rng: random.Random) -> int:
    """A day drawn with probability growing with its cost, so expensive days get re-solved most."""
    return rng.choices(range(len(costs)), weights=[1 + cost for cost in costs])[0]


def staff_rows(
    built: CurtoisModel, count: int, costs: list[int], rng: random.Random
) -> Neighbourhood:
    """``count`` random staff members over up to ``ROW_SPAN`` days around a costly day."""
    horizon = built.instance.horizon
    staff_ids = [member.id for member in built.instance.staff]
    chosen = rng.sample(staff_ids, min(count, len(staff_ids)))
    span = min(ROW_SPAN, horizon)
    first = min(max(0, _costly_day(costs, rng) - span // 2), horizon - span)
    return Neighbourhood(frozenset(chosen), range(first, first + span))


def day_window(
    built: CurtoisModel, width: int, costs: list[int], rng: random.Random
) -> Neighbourhood:
    """Everybody over ``width`` days around a costly day: moves runs, re-balances cover."""
    horizon = built.instance.horizon
    width = min(width, horizon)
    first = min(max(0, _costly_day(costs, rng) - width // 2), horizon - width)
    return Neighbourhood(
        frozenset(member.id for member in built.instance.staff), range(first, first + width)
    )


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


def solve_neighbourhood(
    built: CurtoisModel,
    incumbent: Roster,
    neighbourhood: Neighbourhood,
    time_limit: float,
    workers: int,
    seed: int,
) -> tuple[int, Roster, bool] | None:
    """Re-solve the free cells; returns (objective, roster, proven optimal) or None if no roster.

    The base model must already carry the incumbent as its hint (the clone keeps it).
    """
    sub = built.model.clone()
    proto_vars = sub.proto.variables
    for (staff, day, shift), var in built.variables.assigned.items():
        if not neighbourhood.frees(staff, day):
            value = int(shift in incumbent.shifts_on(staff, day))
            domain = proto_vars[var.index].domain
            domain[0] = domain[1] = value  # a Boolean domain is the pair [lo, hi]
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # Measured on Instance 7: one worker with the full LP proves a 5-staff neighbourhood optimal in
    # 1.4 s, where 2 or 4 default workers time out at 10 s; it also leaves the other core free.
    solver.parameters.linearization_level = 2
    code = solver.solve(sub)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return round(solver.objective_value), built.variables.roster(solver), code == cp_model.OPTIMAL


@dataclass
class SearchState:
    """The incumbent of a search and when it was found."""

    objective: int
    roster: Roster
    found_at: float


def improve(
    built: CurtoisModel,
    state: SearchState,
    deadline: float,
    started: float,
    workers: int = 1,
    seed: int = 0,
    step_limit: float = 3.0,
    bound: int | None = None,
) -> SearchState:
    """Repeat neighbourhood re-solves until ``deadline``, keeping every improvement.

    Each kind's size adapts: it grows while sub-solves finish with proof of optimality (the
    neighbourhood was too easy to hold an improvement) and shrinks when they time out. The search
    stops early once the incumbent reaches a proven lower ``bound``.
    """
    rng = random.Random(seed)
    sizes = {"staff rows": 4, "day window": 5}
    limits = {
        "staff rows": (2, len(built.instance.staff)),
        "day window": (2, built.instance.horizon),
    }
    builders = {"staff rows": staff_rows, "day window": day_window}
    attempts = 0
    built.variables.hint(built.model, state.roster)
    costs = day_costs(built, state.roster)
    short = minutes_short(built, state.roster)
    sizes["short staff"], limits["short staff"] = 3, (2, len(built.instance.staff))
    while (remaining := deadline - time.monotonic()) > 0.5:
        if bound is not None and state.objective <= bound:
            break
        if short and rng.random() < 0.5:
            kind = "short staff"
            neighbourhood = short_staff_rows(built, sizes[kind], short, rng)
        else:
            kind = rng.choice(list(builders))
            neighbourhood = builders[kind](built, sizes[kind], costs, rng)
        tick = time.monotonic()
        outcome = solve_neighbourhood(
            built, state.roster, neighbourhood, min(remaining, step_limit), workers, seed + attempts
        )
        attempts += 1
        logger.debug(
            "neighbourhood %d staff × %d days: %s in %.1fs",
            len(neighbourhood.staff),
            len(neighbourhood.days),
            outcome and outcome[::2],
            time.monotonic() - tick,
        )
        smallest, largest = limits[kind]
        optimal = outcome is not None and outcome[2]
        grown, shrunk = sizes[kind] + 1 + sizes[kind] // 4, sizes[kind] - 1 - sizes[kind] // 8
        sizes[kind] = min(largest, grown) if optimal else max(smallest, shrunk)
        if outcome is None:
            continue
        objective, roster, _ = outcome
        if objective < state.objective:
            state = SearchState(objective, roster, time.monotonic() - started)
            logger.info("LNS %s: %d at %.1fs", built.instance.name, objective, state.found_at)
        elif objective == state.objective:
            # Moving sideways on a plateau lets the next neighbourhood start somewhere new.
            state = SearchState(objective, roster, state.found_at)
        else:
            continue
        built.variables.hint(built.model, state.roster)
        costs = day_costs(built, state.roster)
        short = minutes_short(built, state.roster)
    logger.info("LNS %s: %d neighbourhoods", built.instance.name, attempts)
    return state
