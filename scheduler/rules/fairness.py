"""Fairness: nights, weekend days and graphic hours spread evenly across staff."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.rules import names
from scheduler.rules.base import PenaltyTerm, spread_at_most
from scheduler.rules.labour import weekend_days
from scheduler.variables import RosterVariables


def night_eligible(v: RosterVariables) -> list[str]:
    """Staff who may work nights at all; comparing others' zero nights would be meaningless."""
    nights = [p.id for p in v.problem.patterns if p.is_night]
    return [s.id for s in v.problem.staff if any(s.may_work(p) for p in nights)]


def fairness_nights(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """The most and fewest night shifts across night-eligible staff differ by at most `limit`."""
    setting = v.problem.rules.fairness_nights
    nights = {p.id for p in v.problem.patterns if p.is_night}
    every_day = range(v.problem.days)
    counts = [v.shift_count(s, every_day, nights) for s in night_eligible(v)]
    return spread_at_most(
        model,
        counts,
        v.problem.days,
        setting.limit,
        setting,
        name=names.fairness("nights"),
        rule="fairness_nights",
        enforce=v.guard("fairness_nights"),
    )


def fairness_weekends(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """The most and fewest weekend days worked differ by at most `limit`."""
    setting = v.problem.rules.fairness_weekends
    days = [d for pair in weekend_days(v.problem) for d in pair]
    counts = [v.shift_count(s.id, days) for s in v.problem.staff]
    return spread_at_most(
        model,
        counts,
        len(days),
        setting.limit,
        setting,
        name=names.fairness("weekend days"),
        rule="fairness_weekends",
        enforce=v.guard("fairness_weekends"),
    )


def fairness_graphic(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """The most and fewest graphic review hours differ by at most `limit`."""
    setting = v.problem.rules.fairness_graphic
    if not v.with_tasks:
        return []
    # A task window decides part of the month: hours decided outside it count as constants.
    counts = [
        v.graphic_elsewhere(s.id) + sum(v.graphic(s.id, h) for h in v.duty_hours(s.id))
        for s in v.problem.staff
    ]
    upper = max(v.graphic_elsewhere(s.id) + len(v.duty_hours(s.id)) for s in v.problem.staff)
    return spread_at_most(
        model,
        counts,
        upper,
        setting.limit,
        setting,
        name=names.fairness("graphic hours"),
        rule="fairness_graphic",
        enforce=v.guard("fairness_graphic"),
    )
