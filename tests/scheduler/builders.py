"""Small roster problems for tests: a few people, a few days, demand placed by hand."""

from __future__ import annotations

from datetime import date

from scheduler.io import problem_to_dict, roster_to_dict
from scheduler.records import RosterVersion, VersionStatus
from scheduler.rules_config import Rules
from scheduler.schema import Demand, Roster, RosterProblem, ShiftPattern, StaffMember
from scheduler.solve import SolveOptions, SolveResult, solve
from vigil.db import Database

MONDAY = date(2026, 11, 30)
DAY = ShiftPattern("day", 7, 9)  # 07-16, break 11:00; duty 07-10 and 12-15
EVENING = ShiftPattern("evening", 15, 9)
NIGHT = ShiftPattern("night", 23, 9)
DAY_DUTY = [7, 8, 9, 10, 12, 13, 14, 15]


def quiet_rules(**overrides: dict) -> Rules:
    """Defaults, but staffing is a hard requirement and surplus hours are free, so a test's
    demand forces work without other costs; `overrides` change single rules."""
    rules = Rules().with_rule("coverage_under", hard=True).with_rule("coverage_over", enabled=False)
    rules = rules.with_rule("fairness_graphic", enabled=False)
    rules = rules.with_rule("fairness_nights", enabled=False)
    rules = rules.with_rule("fairness_weekends", enabled=False)
    for rule_id, changes in overrides.items():
        rules = rules.with_rule(rule_id, **changes)
    return rules


def people(count: int, **fields: object) -> tuple[StaffMember, ...]:
    return tuple(StaffMember(id=f"p{i}", name=f"Person {i}", **fields) for i in range(count))


def problem(
    demand: list[tuple[int, str, int] | tuple[int, str, int, str]],
    *,
    staff: tuple[StaffMember, ...] | None = None,
    days: int = 1,
    patterns: tuple[ShiftPattern, ...] = (DAY,),
    rules: Rules | None = None,
    **extra: object,
) -> RosterProblem:
    return RosterProblem(
        start=MONDAY,
        days=days,
        staff=staff or people(1),
        demand=tuple(Demand(*d) for d in demand),
        patterns=patterns,
        rules=rules or quiet_rules(),
        **extra,
    )


def day_hours(day: int, task: str = "standard", count: int = 1) -> list[tuple[int, str, int]]:
    """Demand for every duty hour of the day pattern on `day`."""
    return [(day * 24 + h, task, count) for h in DAY_DUTY]


def run(p: RosterProblem, seconds: float = 5.0, **options: object) -> SolveResult:
    return solve(p, SolveOptions(time_limit=seconds, workers=8, **options))


def store_roster(
    database: Database, problem: RosterProblem, roster: Roster, *, published: bool = True
) -> None:
    """Store a hand-made roster as a version (published by default), as the pages read it."""
    with database.begin() as session:
        session.add(
            RosterVersion(
                start=problem.start,
                days=problem.days,
                problem=problem_to_dict(problem),
                roster=roster_to_dict(roster),
                objective=0,
                **({"status": VersionStatus.PUBLISHED} if published else {}),
            )
        )
