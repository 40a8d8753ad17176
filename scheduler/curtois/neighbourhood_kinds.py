"""The kinds of neighbourhood the LNS re-solves: which staff and days a sub-solve may change.

Freeing whole staff rows (every day of a few people), whole day windows (everybody over a few days)
or the team of one shift type lets a sub-solve swap runs of work between people and move runs in
time, which single-variable moves cannot. Costly cells are drawn more often than cheap ones.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from scheduler.curtois.model import CurtoisModel
from scheduler.curtois.roster import Roster


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


def window_around(day: int, width: int, horizon: int) -> range:
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
        window_around(day, width, built.instance.horizon),
    )


def shift_team(
    built: CurtoisModel, count: int, costs: Counter[tuple[int, str]], rng: random.Random
) -> Neighbourhood:
    """``count`` of the staff who may work a costly shift type, over ``TEAM_SPAN`` days around
    its costly day: the people who can fill that shift's gaps, and little else."""
    day, shift = _costly_cell(costs, rng)
    team = [member.id for member in built.instance.staff if member.may_work(shift)]
    chosen = rng.sample(team, min(count, len(team)))
    return Neighbourhood(frozenset(chosen), window_around(day, TEAM_SPAN, built.instance.horizon))


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
