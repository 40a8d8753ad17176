"""Exposure rules: graphic review at most N hours a shift, and at most M hours in a row."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.rules import names
from scheduler.rules.base import PenaltyTerm, at_most
from scheduler.variables import RosterVariables


def graphic_daily(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """Graphic review hours within each worked shift stay within the daily limit.

    Counted per shift (the shift's start day), so a night across midnight is one working day.
    """
    setting, problem = v.problem.rules.graphic_daily, v.problem
    if not v.with_tasks:
        return []
    terms: list[PenaltyTerm] = []
    for (staff, day, pattern_id), shift in v.shifts.items():
        hours = problem.pattern(pattern_id).duty_hours(day)
        terms += at_most(
            model,
            sum(v.graphic(staff, h) for h in hours),
            setting.limit,
            setting,
            name=names.graphic_daily(staff, problem.date_of(day), setting.limit),
            rule="graphic_daily",
            staff=staff,
            upper=len(hours),
            enforce=[shift, *v.guard("graphic_daily", staff)],
        )
    return terms


def graphic_streak(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """No more than `limit` consecutive graphic hours without a break or a rotation."""
    setting, problem = v.problem.rules.graphic_streak, v.problem
    if not v.with_tasks:
        return []
    terms: list[PenaltyTerm] = []
    span = setting.limit + 1
    for person in v.people:
        hours = set(v.duty_hours(person.id))
        for first in sorted(hours):
            window = range(first, first + span)
            if not all(h in hours for h in window):
                continue
            terms += at_most(
                model,
                sum(v.graphic(person.id, h) for h in window),
                setting.limit,
                setting,
                name=names.graphic_streak(person.id, problem.hour_start(first), setting.limit),
                rule="graphic_streak",
                staff=person.id,
                upper=span,
                enforce=v.guard("graphic_streak", person.id),
            )
    return terms
