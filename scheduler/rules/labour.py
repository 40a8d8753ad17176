"""Labour rules: weekly hours, rest between shifts, runs of days and nights, days off, weekends."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

from ortools.sat.python import cp_model

from scheduler.rules import names
from scheduler.rules.base import Expr, PenaltyTerm, at_most
from scheduler.schema import RosterProblem, StaffMember
from scheduler.variables import RosterVariables


def weekly_cap(problem: RosterProblem, person: StaffMember, week_length: int) -> int:
    """Paid hours allowed in a week: the legal limit, or the contract when no overtime is allowed.

    A short last week keeps the full cap: its other days lie outside the horizon, unknown here.
    """
    limit = problem.rules.weekly_hours.limit
    return limit if person.overtime_allowed else min(limit, person.contract_hours)


def weekly_hours(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """Paid hours per 7-day week stay within 40 h + 12 h overtime (or the contract)."""
    problem, setting = v.problem, v.problem.rules.weekly_hours
    terms: list[PenaltyTerm] = []
    for person in v.people:
        for week in problem.weeks():
            paid = [
                (problem.pattern(p).paid_hours, var)
                for d in week
                for p, var in v.shifts_on(person.id, d)
            ]
            terms += at_most(
                model,
                sum(hours * var for hours, var in paid),
                weekly_cap(problem, person, len(week)),
                setting,
                name=names.weekly_hours(person.id, problem.date_of(week.start), setting.limit),
                rule="weekly_hours",
                staff=person.id,
                upper=sum(h for h, _ in paid) if paid else 0,
                enforce=v.guard("weekly_hours", person.id),
            )
    return terms


def rest(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """At least `limit` hours between the end of one shift and the start of the next."""
    problem, setting = v.problem, v.problem.rules.rest
    # Pairs of patterns too close together, by how many days apart they start: the same for
    # every person and day, so worked out once (a month of 200 people has 100,000 pairs to try).
    too_close = {
        (p.id, q.id, apart)
        for p in problem.patterns
        for q in problem.patterns
        for apart in (1, 2)
        if 0 <= q.hours(apart).start - p.hours(0).stop < setting.limit
    }
    terms: list[PenaltyTerm] = []
    for person in v.people:
        for day in range(problem.days):
            for later in (day + 1, day + 2):
                for p, first in v.shifts_on(person.id, day):
                    for q, second in v.shifts_on(person.id, later):
                        if (p, q, later - day) not in too_close:
                            continue  # far enough apart; overlaps are forbidden by the structure
                        terms += at_most(
                            model,
                            first + second,
                            1,
                            setting,
                            name=names.rest(
                                person.id,
                                problem.date_of(day),
                                problem.date_of(later),
                                setting.limit,
                            ),
                            rule="rest",
                            staff=person.id,
                            upper=2,
                            enforce=v.guard("rest", person.id),
                        )
    return terms


def consecutive_days(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """No more than `limit` working days in a row."""
    return _runs(model, v, "consecutive_days", v.works, names.consecutive_days)


def consecutive_nights(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """No more than `limit` night shifts in a row."""
    return _runs(model, v, "consecutive_nights", v.night, names.consecutive_nights)


def _runs(
    model: cp_model.CpModel,
    v: RosterVariables,
    rule: str,
    worked: Callable[[str, int], Expr],
    name: Callable[[str, date, int], str],
) -> list[PenaltyTerm]:
    problem = v.problem
    setting = getattr(problem.rules, rule)
    span = setting.limit + 1
    terms: list[PenaltyTerm] = []
    for person in v.people:
        for first in range(problem.days - span + 1):
            terms += at_most(
                model,
                sum(worked(person.id, d) for d in range(first, first + span)),
                setting.limit,
                setting,
                name=name(person.id, problem.date_of(first), setting.limit),
                rule=rule,
                staff=person.id,
                upper=span,
                enforce=v.guard(rule, person.id),
            )
    return terms


def days_off(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """At least `limit` days off in every 7-day week (in proportion for a short last week)."""
    problem, setting = v.problem, v.problem.rules.days_off
    terms: list[PenaltyTerm] = []
    for person in v.people:
        for week in problem.weeks():
            needed_off = setting.limit * len(week) // 7
            terms += at_most(
                model,
                sum(v.works(person.id, d) for d in week),
                len(week) - needed_off,
                setting,
                name=names.days_off(person.id, problem.date_of(week.start), setting.limit),
                rule="days_off",
                staff=person.id,
                upper=len(week),
                enforce=v.guard("days_off", person.id),
            )
    return terms


def weekend_days(problem: RosterProblem) -> list[list[int]]:
    """Day indexes of each weekend (Saturday and Sunday) that falls in the horizon."""
    weekends: dict[int, list[int]] = {}
    for d in range(problem.days):
        weekday = problem.date_of(d).weekday()
        if weekday >= 5:
            saturday = d - (weekday - 5)
            weekends.setdefault(saturday, []).append(d)
    return list(weekends.values())


def weekend_limit(problem: RosterProblem) -> int:
    """Weekends a person may work in this horizon: the 4-week limit in proportion, rounded up."""
    return math.ceil(problem.rules.weekends.limit * problem.days / 28)


def weekends(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """No more than `limit` weekends worked per 4 weeks; any shift on Sat or Sun counts."""
    problem, setting = v.problem, v.problem.rules.weekends
    if not setting.enabled:
        return []
    limit = weekend_limit(problem)
    terms: list[PenaltyTerm] = []
    for person in v.people:
        worked = []
        for days in weekend_days(problem):
            w = model.new_bool_var(f"weekend {person.id} {days[0]}")
            for d in days:
                model.add(w >= v.works(person.id, d))
            worked.append(w)
        terms += at_most(
            model,
            sum(worked),
            limit,
            setting,
            name=names.weekends(person.id, limit),
            rule="weekends",
            staff=person.id,
            upper=len(worked),
            enforce=v.guard("weekends", person.id),
        )
    return terms
