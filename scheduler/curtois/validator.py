"""Check a roster against the 9 hard rules and recompute its objective, without any solver.

Every roster the solver returns goes through here, so a modelling mistake shows up as a violation
or as an objective that differs from the solver's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from scheduler.curtois.instance import Instance, StaffMember
from scheduler.curtois.roster import Roster


@dataclass(frozen=True)
class Violation:
    """One breach of a hard rule, in words a manager can read."""

    rule: str
    staff_id: str
    detail: str


@dataclass(frozen=True)
class RosterCheck:
    """The validator's verdict: hard-rule violations and the objective split by penalty kind."""

    violations: tuple[Violation, ...]
    penalties: dict[str, int]

    @property
    def is_valid(self) -> bool:
        """True when no hard rule is broken."""
        return not self.violations

    @property
    def objective(self) -> int:
        """The benchmark objective: the sum of all penalties."""
        return sum(self.penalties.values())


RuleCheck = Callable[[Instance, Roster, StaffMember], list[Violation]]


def one_shift_per_day(instance: Instance, roster: Roster, member: StaffMember) -> list[Violation]:
    """Rule 1: at most one shift per employee per day."""
    return [
        Violation("one shift per day", member.id, f"day {day}: {roster.shifts_on(member.id, day)}")
        for day in range(instance.horizon)
        if len(roster.shifts_on(member.id, day)) > 1
    ]


def rotation(instance: Instance, roster: Roster, member: StaffMember) -> list[Violation]:
    """Rule 2: no shift the day after a shift that it may not follow."""
    return [
        Violation("rotation", member.id, f"{later} on day {day + 1} after {earlier}")
        for day in range(instance.horizon - 1)
        for earlier in roster.shifts_on(member.id, day)
        for later in roster.shifts_on(member.id, day + 1)
        if later in instance.shift_by_id[earlier].cannot_follow
    ]


def shift_type_limits(instance: Instance, roster: Roster, member: StaffMember) -> list[Violation]:
    """Rule 3: at most MaxShifts[type] shifts of each type."""
    counts = Counter(
        shift for day in range(instance.horizon) for shift in roster.shifts_on(member.id, day)
    )
    return [
        Violation(
            "shift type limit",
            member.id,
            f"{count} × {shift}, max {member.max_shifts.get(shift, 0)}",
        )
        for shift, count in sorted(counts.items())
        if count > member.max_shifts.get(shift, 0)
    ]


def total_minutes(instance: Instance, roster: Roster, member: StaffMember) -> list[Violation]:
    """Rule 4: worked minutes between MinTotalMinutes and MaxTotalMinutes."""
    minutes = sum(
        instance.shift_by_id[shift].minutes
        for day in range(instance.horizon)
        for shift in roster.shifts_on(member.id, day)
    )
    if member.min_minutes <= minutes <= member.max_minutes:
        return []
    span = f"{member.min_minutes}..{member.max_minutes}"
    return [Violation("total minutes", member.id, f"{minutes} min, allowed {span}")]


def _runs(
    instance: Instance, roster: Roster, staff_id: str, working: bool
) -> list[tuple[int, int]]:
    """Maximal runs (first day, length) of working days, or of days off, inside the horizon."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for day in range(instance.horizon + 1):
        inside = day < instance.horizon and roster.works(staff_id, day) == working
        if inside and start is None:
            start = day
        elif not inside and start is not None:
            runs.append((start, day - start))
            start = None
    return runs


def max_consecutive(instance: Instance, roster: Roster, member: StaffMember) -> list[Violation]:
    """Rule 5: no run of working days longer than MaxConsecutiveShifts."""
    return [
        Violation("max consecutive shifts", member.id, f"{length} from day {start}")
        for start, length in _runs(instance, roster, member.id, working=True)
        if length > member.max_consecutive
    ]


def min_consecutive(instance: Instance, roster: Roster, member: StaffMember) -> list[Violation]:
    """Rule 6: no run of working days shorter than MinConsecutiveShifts (edge runs included
    unless the instance exempts them)."""
    return [
        Violation("min consecutive shifts", member.id, f"{length} from day {start}")
        for start, length in _runs(instance, roster, member.id, working=True)
        if length < member.min_consecutive
        and not (instance.first_run_exempt and start == 0)
        and not (instance.last_run_exempt and start + length == instance.horizon)
    ]


def min_days_off(instance: Instance, roster: Roster, member: StaffMember) -> list[Violation]:
    """Rule 7: a run of days off between two working days lasts at least MinConsecutiveDaysOff."""
    return [
        Violation("min consecutive days off", member.id, f"{length} from day {start}")
        for start, length in _runs(instance, roster, member.id, working=False)
        if start > 0 and start + length < instance.horizon and length < member.min_days_off
    ]


def max_weekends(instance: Instance, roster: Roster, member: StaffMember) -> list[Violation]:
    """Rule 8: at most MaxWeekends weekends with work on Saturday or Sunday."""
    worked = sum(
        any(roster.works(member.id, day) for day in weekend) for weekend in instance.weekends
    )
    if worked <= member.max_weekends:
        return []
    return [Violation("max weekends", member.id, f"{worked} weekends, max {member.max_weekends}")]


def days_off(instance: Instance, roster: Roster, member: StaffMember) -> list[Violation]:
    """Rule 9: no shift on a fixed day off."""
    return [
        Violation("days off", member.id, f"works on day off {day}")
        for day in sorted(member.days_off)
        if roster.works(member.id, day)
    ]


HARD_RULES: tuple[RuleCheck, ...] = (
    one_shift_per_day,
    rotation,
    shift_type_limits,
    total_minutes,
    max_consecutive,
    min_consecutive,
    min_days_off,
    max_weekends,
    days_off,
)


def penalties(instance: Instance, roster: Roster) -> dict[str, int]:
    """The objective split into shift-on requests, shift-off requests, under- and over-cover."""
    on = sum(
        r.weight
        for r in instance.on_requests
        if r.shift_id not in roster.shifts_on(r.staff_id, r.day)
    )
    off = sum(
        r.weight for r in instance.off_requests if r.shift_id in roster.shifts_on(r.staff_id, r.day)
    )
    staffed = Counter((a.day, a.shift_id) for a in roster.assignments)
    under = sum(
        c.under_weight * max(0, c.requirement - staffed[c.day, c.shift_id]) for c in instance.cover
    )
    over = sum(
        c.over_weight * max(0, staffed[c.day, c.shift_id] - c.requirement) for c in instance.cover
    )
    return {
        "shift-on requests": on,
        "shift-off requests": off,
        "under cover": under,
        "over cover": over,
    }


def check_roster(instance: Instance, roster: Roster) -> RosterCheck:
    """Every hard-rule violation of the roster, and its objective recomputed from scratch."""
    roster.check_fits(instance)
    violations = [
        violation
        for member in instance.staff
        for rule in HARD_RULES
        for violation in rule(instance, roster, member)
    ]
    return RosterCheck(tuple(violations), penalties(instance, roster))
