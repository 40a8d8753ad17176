"""Rules about people's wishes and the published roster: patterns, preferences, stability."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.rules import names
from scheduler.rules.base import PenaltyTerm, at_most
from scheduler.variables import RosterVariables


def shift_patterns(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """Only patterns a person may work (e.g. no nights). When hard, the variables don't exist."""
    problem, setting = v.problem, v.problem.rules.shift_patterns
    if not setting.soft:
        return []
    terms: list[PenaltyTerm] = []
    for person in v.people:
        for (staff, day, pattern_id), var in v.shifts.items():
            if staff == person.id and not person.may_work(pattern_id):
                terms += at_most(
                    model,
                    var,
                    0,
                    setting,
                    name=names.shift_patterns(staff, problem.date_of(day), pattern_id),
                    rule="shift_patterns",
                    staff=staff,
                    upper=1,
                )
    return terms


def preferences(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """Each wish not met costs its own weight times the rule's weight."""
    problem, setting = v.problem, v.problem.rules.preferences
    if not setting.enabled:
        return []
    terms: list[PenaltyTerm] = []
    for person in v.people:
        for wish in person.preferences:
            for day in range(problem.days):
                when = problem.date_of(day)
                if not wish.matches(when):
                    continue
                granted = (
                    sum(var for p, var in v.shifts_on(person.id, day) if wish.about(p))
                    if wish.pattern
                    else v.works(person.id, day)
                )
                # Unmet means: wanted and not granted (1 - granted), or unwanted and granted.
                unmet = 1 - granted if wish.wanted else granted
                weighted = setting.__class__(
                    setting.enabled, setting.hard, setting.weight * wish.weight, 0
                )
                terms += at_most(
                    model,
                    unmet,
                    0,
                    weighted,
                    name=names.preference(person.id, when, wish.pattern, wish.wanted),
                    rule="preferences",
                    staff=person.id,
                    upper=1,
                    enforce=v.guard("preferences", person.id),
                )
    return terms


def stability(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """Each staff-day whose shift differs from the published roster counts as one change."""
    problem, setting = v.problem, v.problem.rules.stability
    if not setting.enabled or problem.published is None:
        return []
    published = problem.published.by_staff_day()
    # A hard limit counts everybody's changes (a shift window's held people as constants); the
    # soft rule is one term per person, and those of held people are constants left out.
    counted = problem.staff if setting.hard else v.people
    changes = []
    for person in counted:
        for day in range(problem.days):
            when = problem.date_of(day)
            before = published.get((person.id, when))
            if before is None:
                changes.append((person.id, when, v.works(person.id, day)))
            else:
                kept = sum(var for p, var in v.shifts_on(person.id, day) if p == before.pattern)
                changes.append((person.id, when, 1 - kept))
    if setting.hard:
        return at_most(
            model,
            sum(c for *_, c in changes),
            setting.limit,
            setting,
            name="changes from published",
            rule="stability",
            staff=None,
            upper=len(changes),
            enforce=v.guard("stability"),
        )
    terms: list[PenaltyTerm] = []
    for staff, when, changed in changes:
        terms += at_most(
            model,
            changed,
            0,
            setting,
            name=names.stability(staff, when),
            rule="stability",
            staff=staff,
            upper=1,
        )
    return terms
