"""Re-planning: keep the past and chosen assignments, absorb an absence, change little.

The published roster becomes the stability reference (each changed staff-day costs) and the
solver's hint; pinned staff-days are fixed. The result lists every change for the manager.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from scheduler.schema import Roster, RosterProblem
from scheduler.solve import SolveOptions, SolveResult, solve


@dataclass(frozen=True)
class RosterChange:
    """One staff-day whose shift differs from the published roster (None means off)."""

    staff: str
    day: date
    before: str | None
    after: str | None


@dataclass(frozen=True)
class ReplanResult:
    solve: SolveResult
    changes: tuple[RosterChange, ...]


def replan_problem(
    problem: RosterProblem,
    published: Roster,
    *,
    pin_before: date | None = None,
    pinned: frozenset[tuple[str, date]] = frozenset(),
    absences: dict[str, frozenset[date]] | None = None,
) -> RosterProblem:
    """The problem to re-solve: absences added to leave, days before `pin_before` and the chosen
    staff-days pinned (except where the person is now absent), stability against `published`."""
    absences = absences or {}
    staff = tuple(
        replace(s, leave=s.leave | absences.get(s.id, frozenset())) for s in problem.staff
    )
    pins = set(pinned)
    if pin_before is not None:
        pins |= {
            (s.id, problem.date_of(d))
            for s in problem.staff
            for d in range(problem.days)
            if problem.date_of(d) < pin_before
        }
    # An absence overrides a pin: the person cannot work that day whatever was published.
    pins = {(s, d) for s, d in pins if d not in absences.get(s, frozenset())}
    rules = problem.rules
    if not rules.stability.enabled:
        rules = rules.with_rule("stability", enabled=True, hard=False)
    return replace(problem, staff=staff, published=published, pinned=frozenset(pins), rules=rules)


def changes_between(before: Roster, after: Roster) -> tuple[RosterChange, ...]:
    """Every staff-day whose pattern differs between two rosters of the same horizon."""
    old, new = before.by_staff_day(), after.by_staff_day()
    changed = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        pattern_before = None if a is None else a.pattern
        pattern_after = None if b is None else b.pattern
        if pattern_before != pattern_after:
            changed.append(RosterChange(key[0], key[1], pattern_before, pattern_after))
    return tuple(changed)


def replan(
    problem: RosterProblem,
    published: Roster,
    *,
    pin_before: date | None = None,
    pinned: frozenset[tuple[str, date]] = frozenset(),
    absences: dict[str, frozenset[date]] | None = None,
    options: SolveOptions | None = None,
) -> ReplanResult:
    """Re-solve after an absence with as few changes as possible, and report the changes."""
    again = replan_problem(
        problem, published, pin_before=pin_before, pinned=pinned, absences=absences
    )
    result = solve(again, options)
    changes = changes_between(published, result.roster) if result.roster else ()
    return ReplanResult(result, changes)
