"""A neighbourhood aimed at one missing shift: the staff who could take it, around its day.

On the large instances under-cover is 85–97 % of the objective, and on Instance 12 it is not a
lack of hours: the contracts' MaxTotalMinutes add up to the demand (483,600 against 483,360
minutes), yet a roster 46 shifts short has 31 of 60 people below their maximum. The missing
shifts are a matter of placement: somebody with hours to spare must rearrange their runs of work
(minimum lengths, days off, weekends) to take the gap, and others may have to cover what they
give up. The other kinds find such moves only by chance.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from scheduler.curtois.instance import Instance
from scheduler.curtois.model import CurtoisModel
from scheduler.curtois.neighbourhood_kinds import Neighbourhood, window_around
from scheduler.curtois.roster import Roster

# The freed people are re-planned over this many days around the missing shift: long enough to
# move a run of work or a day off, short enough that a sub-solve of a few people ends in 1 s.
GAP_SPAN = 14


@dataclass(frozen=True)
class CoverGaps:
    """The roster's missing shifts and, per person, what they may still take on."""

    roster: Roster
    missing: dict[tuple[int, str], int]  # (day, shift) -> under weight times people missing
    minutes_left: dict[str, int]
    shifts_left: dict[tuple[str, str], int]  # (staff, shift) -> MaxShifts minus shifts worked


def cover_gaps(built: CurtoisModel, roster: Roster) -> CoverGaps:
    """Where the roster leaves cover short, and every person's unused minutes and shift counts."""
    instance = built.instance
    staffed = Counter((a.day, a.shift_id) for a in roster.assignments)
    missing = {
        (c.day, c.shift_id): c.under_weight * (c.requirement - staffed[c.day, c.shift_id])
        for c in instance.cover
        if c.requirement > staffed[c.day, c.shift_id] and c.under_weight > 0
    }
    worked: Counter[str] = Counter()
    counts: Counter[tuple[str, str]] = Counter()
    for a in roster.assignments:
        worked[a.staff_id] += instance.shift_by_id[a.shift_id].minutes
        counts[a.staff_id, a.shift_id] += 1
    return CoverGaps(
        roster,
        missing,
        {m.id: m.max_minutes - worked[m.id] for m in instance.staff},
        {
            (m.id, shift): limit - counts[m.id, shift]
            for m in instance.staff
            for shift, limit in m.max_shifts.items()
        },
    )


def gap_team(built: CurtoisModel, count: int, gaps: CoverGaps, rng: random.Random) -> Neighbourhood:
    """``count`` people who could take a missing shift, over ``GAP_SPAN`` days around it.

    The gap is drawn by its under-cover price among those that somebody has the hours and the
    shift count to take (on Instance 15 every night-shift gap is beyond all MaxShifts; only the
    other kinds can move those). Half the people are such people with room: they are the ones
    who can close it. The rest may work that shift but are on another shift that day or out of
    hours, so they can swap with the first half or take over what those give up. The roster must
    have a gap.
    """
    instance = built.instance
    candidates = {cell: _could_take(instance, gaps, *cell) for cell in gaps.missing}
    fillable = [cell for cell in gaps.missing if candidates[cell][0]] or list(gaps.missing)
    cell = rng.choices(fillable, weights=[gaps.missing[cell] for cell in fillable])[0]
    with_room, others = candidates[cell]
    chosen = rng.sample(with_room, min(len(with_room), max(1, count // 2)))
    rest = others + [staff for staff in with_room if staff not in chosen]
    chosen += rng.sample(rest, min(len(rest), count - len(chosen)))
    return Neighbourhood(frozenset(chosen), window_around(cell[0], GAP_SPAN, instance.horizon))


def _could_take(
    instance: Instance, gaps: CoverGaps, day: int, shift: str
) -> tuple[list[str], list[str]]:
    """Who may work ``shift`` on ``day`` and is not on it already: those with the minutes and
    shift count left to add it, and the others."""
    minutes = instance.shift_by_id[shift].minutes
    with_room: list[str] = []
    others: list[str] = []
    for m in instance.staff:
        if m.may_work(shift) and day not in m.days_off:
            if shift in gaps.roster.shifts_on(m.id, day):
                continue
            has_room = gaps.minutes_left[m.id] >= minutes and gaps.shifts_left[m.id, shift] > 0
            (with_room if has_room else others).append(m.id)
    return with_room, others
