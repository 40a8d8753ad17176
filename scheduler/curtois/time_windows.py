"""Re-solving a few weeks of a long roster with the rest of the horizon fixed.

On Instances 21–24 the whole model is too large for the LNS, and re-solving one person's row at a
time (`scheduler.curtois.row_search`) cannot swap work between two people. A window of a few weeks
is an instance of its own: the same shift types and rules, each person's budgets for the horizon
(minutes, shifts of each type, weekends) less what they work outside the window, and the cover and
requests of its days. A fixed margin on either side lets every rule that touches a free day see
all of that rule's days, so the window's valid rosters are exactly the horizon's valid rosters that
differ only in the free days, and the LNS (`scheduler.curtois.lns`) works on a window as on a small
instance.
"""

from __future__ import annotations

import logging
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from scheduler.curtois.instance import Instance, StaffMember
from scheduler.curtois.lns import improve
from scheduler.curtois.model import CurtoisModel, build_model
from scheduler.curtois.neighbourhoods import SearchState
from scheduler.curtois.roster import Assignment, Roster
from scheduler.curtois.validator import penalties

logger = logging.getLogger(__name__)

# Days a window may change: at least four weeks, more while its model stays near the size of
# Instance 21's windows (23,000 shift variables), where the LNS does well (20's whole model, 39,000,
# did better whole than in windows). On 22, 450 s from one constructed roster: 43,457 with 56 free
# days (70-day windows, 23,000 variables) against 47,348 with 28 (3 Dec 2026, one run each).
# The next window starts half the free days later, so a run of work across one window's edge lies
# inside the next.
MIN_FREE_DAYS = 28
WINDOW_SHIFT_VARIABLES = 24_000
# A window gets at least this long: building its model and finding every variable's value for the
# LNS's first sub-solve take a few seconds on the largest instances.
MIN_WINDOW_SECONDS = 8.0
# A window's LNS stops once this many seconds have taken less than 1 % off its objective (see
# `lns.STALL_SHARE`): most of a window's gain comes in its first seconds, the time saved goes to
# the windows after it and to the next round.
WINDOW_PATIENCE = 3.0


@dataclass(frozen=True)
class Window:
    """Days ``first``..``end - 1`` of the horizon, of which only the days in ``free`` may change."""

    first: int
    end: int
    free: range


def margin_days(instance: Instance) -> int:
    """Fixed days on either side of a window, in whole weeks so that the window's weekends are
    the horizon's: one more than the longest run rule spans, so that every run rule touching a
    free day has all its days inside the window."""
    longest = max(
        max(member.max_consecutive, member.min_consecutive, member.min_days_off)
        for member in instance.staff
    )
    return -(-(longest + 1) // 7) * 7


def free_days(instance: Instance) -> int:
    """The days a window may change: as many as keep its model within ``WINDOW_SHIFT_VARIABLES``,
    at least ``MIN_FREE_DAYS``, in whole fortnights so that the step (half of them) is whole weeks
    and every window starts on a Monday."""
    per_day = max(1, instance.shift_variables // instance.horizon)  # a whole number of cells
    fitting = WINDOW_SHIFT_VARIABLES // per_day - 2 * margin_days(instance)
    return max(MIN_FREE_DAYS, fitting // 14 * 14)


def window_days(instance: Instance) -> int:
    """The days of a window in the middle of the horizon: its free days and both margins."""
    return min(instance.horizon, free_days(instance) + 2 * margin_days(instance))


def windows(instance: Instance) -> list[Window]:
    """Windows of `free_days` free days every half of that from day 0 (both in whole weeks),
    each with its margins, cut short at the horizon's edges."""
    margin, horizon, free_count = margin_days(instance), instance.horizon, free_days(instance)
    result = []
    for start in range(0, horizon, free_count // 2):
        free = range(start, min(start + free_count, horizon))
        result.append(Window(max(0, start - margin), min(horizon, free.stop + margin), free))
        if free.stop == horizon:
            break
    return result


def window_instance(instance: Instance, roster: Roster, window: Window) -> Instance:
    """The window's days as an instance of their own, day 0 being ``window.first``; the budgets
    are what the roster leaves each person outside the window."""
    first, end = window.first, window.end
    worked_outside: dict[str, list[Assignment]] = defaultdict(list)
    for assignment in roster.assignments:
        if not first <= assignment.day < end:
            worked_outside[assignment.staff_id].append(assignment)
    return replace(
        instance,
        name=f"{instance.name} days {first}-{end - 1}",
        horizon=end - first,
        staff=tuple(
            _budget_left(instance, member, worked_outside[member.id], window)
            for member in instance.staff
        ),
        on_requests=tuple(
            replace(r, day=r.day - first) for r in instance.on_requests if first <= r.day < end
        ),
        off_requests=tuple(
            replace(r, day=r.day - first) for r in instance.off_requests if first <= r.day < end
        ),
        cover=tuple(replace(c, day=c.day - first) for c in instance.cover if first <= c.day < end),
        continues_before=instance.continues_before or first > 0,
        continues_after=instance.continues_after or end < instance.horizon,
    )


def _budget_left(
    instance: Instance, member: StaffMember, worked_outside: list[Assignment], window: Window
) -> StaffMember:
    """The member's contract for the window: the limits less what they work outside it."""
    minutes = sum(instance.shift_by_id[a.shift_id].minutes for a in worked_outside)
    of_type = Counter(a.shift_id for a in worked_outside)
    # Windows start on a Monday, so a weekend is wholly inside or wholly outside.
    days = {a.day for a in worked_outside}
    weekends = sum(any(day in days for day in weekend) for weekend in instance.weekends)
    return replace(
        member,
        max_shifts={shift: limit - of_type[shift] for shift, limit in member.max_shifts.items()},
        max_minutes=member.max_minutes - minutes,
        min_minutes=max(0, member.min_minutes - minutes),
        max_weekends=member.max_weekends - weekends,
        days_off=frozenset(
            day - window.first for day in member.days_off if window.first <= day < window.end
        ),
    )


def window_model(instance: Instance, roster: Roster, window: Window) -> tuple[CurtoisModel, Roster]:
    """The window's model with its margins fixed to the roster, and the roster's part in it (in
    the window's days)."""
    built = build_model(window_instance(instance, roster, window))
    inside = inside_window(roster, window)
    # Constraints, not domains: the LNS frees a neighbourhood by resetting its cells' domains.
    for (staff, day, shift), var in built.variables.assigned.items():
        if day + window.first not in window.free:
            built.model.add(var == int(shift in inside.shifts_on(staff, day)))
    return built, inside


def inside_window(roster: Roster, window: Window) -> Roster:
    """The roster's part in the window, in the window's days."""
    return Roster(
        Assignment(a.staff_id, a.day - window.first, a.shift_id)
        for a in roster.assignments
        if window.first <= a.day < window.end
    )


def round_fits(instance: Instance, seconds: float) -> bool:
    """Whether ``seconds`` give every window its ``MIN_WINDOW_SECONDS``."""
    return seconds >= len(windows(instance)) * MIN_WINDOW_SECONDS


def spliced(roster: Roster, inside: Roster, window: Window) -> Roster:
    """The roster with the window's days replaced by ``inside`` (in the window's days)."""
    kept = (a for a in roster.assignments if not window.first <= a.day < window.end)
    moved = (Assignment(a.staff_id, a.day + window.first, a.shift_id) for a in inside.assignments)
    return Roster([*kept, *moved])


def improve_by_windows(
    instance: Instance, state: SearchState, deadline: float, started: float, seed: int = 0
) -> SearchState:
    """Run the LNS on one window after another in random order, round after round until
    ``deadline``, each for its share of the round's time left (at least ``MIN_WINDOW_SECONDS``
    where there is that much) or until it stalls (see ``WINDOW_PATIENCE``).

    A window's objective is its cover and requests; the rest of the horizon's does not change, so
    the horizon's objective falls by whatever the window's does.
    """
    rng = random.Random(seed)
    plan = windows(instance)
    roster, objective, found_at, solved = state.roster, state.objective, state.found_at, 0
    while deadline - time.monotonic() > MIN_WINDOW_SECONDS / 2:
        rng.shuffle(plan)
        for index, window in enumerate(plan):
            left = deadline - time.monotonic()
            if left < MIN_WINDOW_SECONDS / 2:
                break
            # Building the window's model counts against its time.
            until = time.monotonic() + min(
                left, max(MIN_WINDOW_SECONDS, left / (len(plan) - index))
            )
            built, inside = window_model(instance, roster, window)
            before = sum(penalties(built.instance, inside).values())
            after = improve(
                built,
                SearchState(before, inside, found_at),
                until,
                started,
                seed=seed + solved,
                patience=WINDOW_PATIENCE,
            )
            solved += 1
            # The validator's price: a sub-solve cut short may overstate it (see `solve_model`).
            gain = before - sum(penalties(built.instance, after.roster).values())
            if gain > 0:
                roster = spliced(roster, after.roster, window)
                objective -= gain
                found_at = after.found_at
    logger.info("%s: %d windows re-solved, objective %d", instance.name, solved, objective)
    return SearchState(objective, roster, found_at)
