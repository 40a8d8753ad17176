"""The benchmark's 9 hard rules as CP-SAT constraints, one function per rule.

Runs of working days and days off are stated as short clauses over "a run starts here" instead of
automata: ``works[d] and not works[d-1] implies works[d+j]`` says a run that starts on day d lasts
past day d+j. Each clause has three literals, which keeps propagation and the LP cheap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from scheduler.curtois.instance import Instance
from scheduler.curtois.variables import RosterVariables

HardRule = Callable[[cp_model.CpModel, Instance, RosterVariables], None]


def one_shift_per_day(model: cp_model.CpModel, instance: Instance, v: RosterVariables) -> None:
    """Rule 1: at most one shift a day; ``works`` is that day's shift count (0 or 1)."""
    for member in instance.staff:
        for day in range(instance.horizon):
            model.add(sum(v.shifts_of(member.id, day, instance)) == v.works[member.id, day])


def rotation(model: cp_model.CpModel, instance: Instance, v: RosterVariables) -> None:
    """Rule 2: a shift excludes, the next day, every shift that may not follow it.

    One at-most-one per day for all the shifts that ban the same followers, instead of one clause
    per pair: a day's shifts already exclude each other, so "at most one of these shifts today and
    their banned followers tomorrow" is equivalent, and tighter for the LP. On Instance 24 (32
    shift types in 10 such groups) it is a quarter of the constraints of one per shift.
    """
    groups: dict[frozenset[str], list[str]] = defaultdict(list)
    for shift in instance.shifts:
        if shift.cannot_follow:
            groups[shift.cannot_follow].append(shift.id)
    for member in instance.staff:
        for day in range(instance.horizon - 1):
            for banned, shifts in groups.items():
                today = _cells(v, member.id, day, shifts)
                tomorrow = _cells(v, member.id, day + 1, sorted(banned))
                if today and tomorrow:
                    model.add_at_most_one(today + tomorrow)


def _cells(v: RosterVariables, staff_id: str, day: int, shifts: list[str]) -> list[cp_model.IntVar]:
    """The shift variables of one person on one day among ``shifts`` (those the contract allows)."""
    return [v.assigned[key] for shift in shifts if (key := (staff_id, day, shift)) in v.assigned]


def shift_type_limits(model: cp_model.CpModel, instance: Instance, v: RosterVariables) -> None:
    """Rule 3: at most MaxShifts[type] shifts of each type (types with 0 have no variables)."""
    for member in instance.staff:
        for shift_id, limit in member.max_shifts.items():
            shifts = [
                v.assigned[member.id, day, shift_id]
                for day in range(instance.horizon)
                if (member.id, day, shift_id) in v.assigned
            ]
            if len(shifts) > limit:
                model.add(sum(shifts) <= limit)


def total_minutes(model: cp_model.CpModel, instance: Instance, v: RosterVariables) -> None:
    """Rule 4: worked minutes between MinTotalMinutes and MaxTotalMinutes (less any elastic
    shortfall, which is 0 in the strict model)."""
    for member in instance.staff:
        minutes = sum(
            shift.minutes * v.assigned[member.id, day, shift.id]
            for day in range(instance.horizon)
            for shift in instance.shifts
            if (member.id, day, shift.id) in v.assigned
        )
        model.add(minutes <= member.max_minutes)
        model.add(minutes + v.minutes_short[member.id] >= member.min_minutes)


def max_consecutive(model: cp_model.CpModel, instance: Instance, v: RosterVariables) -> None:
    """Rule 5: every window of MaxConsecutiveShifts+1 days holds at least one day off."""
    for member in instance.staff:
        window = member.max_consecutive + 1
        for first in range(instance.horizon - window + 1):
            days = range(first, first + window)
            model.add(sum(v.works[member.id, day] for day in days) <= member.max_consecutive)


def min_consecutive(model: cp_model.CpModel, instance: Instance, v: RosterVariables) -> None:
    """Rule 6: a run of work starting on day d covers days d..d+min-1 (days outside are off).

    A run starting on day 0 or ending on the last day may be shorter where the instance exempts
    it (see `Instance.first_run_exempt` and `Instance.last_run_exempt`).
    """
    for member in instance.staff:
        for day in range(1 if instance.first_run_exempt else 0, instance.horizon):
            starts = [v.works[member.id, day].Not()]  # the clause holds if day d is off…
            if day > 0:
                starts.append(v.works[member.id, day - 1])  # …or the run started earlier
            for later in range(day + 1, day + member.min_consecutive):
                if later < instance.horizon:
                    model.add_bool_or([*starts, v.works[member.id, later]])
                elif not instance.last_run_exempt:
                    model.add_bool_or(starts)  # the horizon ends the run too early
                    break


def min_days_off(model: cp_model.CpModel, instance: Instance, v: RosterVariables) -> None:
    """Rule 7: days off that start after a working day last MinConsecutiveDaysOff days, unless
    the horizon ends first (edge runs are free)."""
    for member in instance.staff:
        for day in range(1, instance.horizon):
            starts = [v.works[member.id, day - 1].Not(), v.works[member.id, day]]
            for later in range(day + 1, min(day + member.min_days_off, instance.horizon)):
                model.add_bool_or([*starts, v.works[member.id, later].Not()])


def max_weekends(model: cp_model.CpModel, instance: Instance, v: RosterVariables) -> None:
    """Rule 8: at most MaxWeekends weekends with work on Saturday or Sunday."""
    for member in instance.staff:
        worked = []
        for weekend in instance.weekends:
            weekend_var = model.new_bool_var(f"works weekend (staff={member.id}, sat={weekend[0]})")
            for day in weekend:
                model.add_implication(v.works[member.id, day], weekend_var)
            worked.append(weekend_var)
        if len(worked) > member.max_weekends:
            model.add(sum(worked) <= member.max_weekends)


def days_off(model: cp_model.CpModel, instance: Instance, v: RosterVariables) -> None:
    """Rule 9: no shift on a fixed day off."""
    for member in instance.staff:
        for day in member.days_off:
            model.add(v.works[member.id, day] == 0)
