"""Wellbeing figures: how much graphic material staff saw per day, against the daily budget.

Leadership sees the distribution only: person-days per band of weighted minutes, the share of
person-days and of staff near or over the budget. The service groups by person inside the
database to build those counts and returns none of the ids. When fewer than `MIN_GROUP` people
had any exposure in the period, the figures are withheld: with two or three people a histogram
points at individuals. Managers, who answer for each reviewer's wellbeing, have a separate
per-person view behind its own role check.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from review.config import load_config
from review.figures import Period
from review.figures_sql import local_day
from review.models import ExposureEntry
from vigil.access import Actor, require_role
from vigil.db import Database
from vigil.people import Person
from vigil.roles import Role

FIGURE_READERS = (Role.LEADERSHIP, Role.MANAGER, Role.ADMIN)
PER_PERSON_READERS = (Role.MANAGER, Role.ADMIN)
MIN_GROUP = 5
NEAR_CAP = 0.8  # a day at 80 % of the budget or more is "near the cap"
BAND_MINUTES = 30


@dataclass(frozen=True)
class ExposureBand:
    """Person-days whose weighted minutes fall in [low, high)."""

    low: int
    high: int
    person_days: int


@dataclass(frozen=True)
class WellbeingFigures:
    """Aggregates of daily exposure across staff; no person is named or numbered."""

    daily_budget_minutes: float
    withheld: bool  # too few people to show without pointing at someone
    staff_exposed: int
    person_days: int
    bands: tuple[ExposureBand, ...]
    person_days_near_cap: int
    person_days_over_cap: int
    staff_near_cap: int  # people with at least one day near the cap in the period

    @property
    def near_cap_share(self) -> float | None:
        return self.person_days_near_cap / self.person_days if self.person_days else None

    @property
    def staff_near_cap_share(self) -> float | None:
        return self.staff_near_cap / self.staff_exposed if self.staff_exposed else None


@dataclass(frozen=True)
class PersonExposure:
    """One person's exposure in a period (managers and admins only)."""

    person_id: int
    name: str
    days: int
    mean_minutes: float
    max_minutes: float
    days_near_cap: int


def _daily(database: Database, period: Period) -> tuple[float, list[tuple[int, float]]]:
    day = local_day(ExposureEntry.started_at)
    with database.begin() as session:
        budget = load_config(session).exposure.daily_minutes
        rows = session.execute(
            select(ExposureEntry.person_id, func.sum(ExposureEntry.weighted_minutes))
            .where(
                ExposureEntry.started_at >= period.starts, ExposureEntry.started_at < period.ends
            )
            .group_by(ExposureEntry.person_id, day)
        ).all()
    return budget, [(int(p), float(m)) for p, m in rows]


def wellbeing_figures(database: Database, actor: Actor, period: Period) -> WellbeingFigures:
    """Daily exposure across staff in the period, as bands and shares near the budget."""
    require_role(actor, *FIGURE_READERS)
    budget, days = _daily(database, period)
    people = {person for person, _ in days}
    near = [(p, m) for p, m in days if m >= NEAR_CAP * budget]
    top = max([m for _, m in days], default=0.0)
    edges = range(0, int(max(top, budget)) + BAND_MINUTES, BAND_MINUTES)
    counts = {low: 0 for low in edges}
    for _, minutes in days:
        counts[int(minutes // BAND_MINUTES) * BAND_MINUTES] += 1
    withheld = 0 < len(people) < MIN_GROUP
    return WellbeingFigures(
        daily_budget_minutes=budget,
        withheld=withheld,
        staff_exposed=0 if withheld else len(people),
        person_days=0 if withheld else len(days),
        bands=()
        if withheld
        else tuple(ExposureBand(low, low + BAND_MINUTES, n) for low, n in counts.items()),
        person_days_near_cap=0 if withheld else len(near),
        person_days_over_cap=0 if withheld else sum(m > budget for _, m in days),
        staff_near_cap=0 if withheld else len({p for p, _ in near}),
    )


def exposure_by_person(database: Database, actor: Actor, period: Period) -> list[PersonExposure]:
    """Each person's daily exposure in the period, highest day first (managers and admins)."""
    require_role(actor, *PER_PERSON_READERS)
    budget, days = _daily(database, period)
    by_person: dict[int, list[float]] = {}
    for person, minutes in days:
        by_person.setdefault(person, []).append(minutes)
    with database.begin() as session:
        names = dict(
            session.execute(
                select(Person.id, Person.display_name).where(Person.id.in_(list(by_person)))
            ).all()
        )
    rows = [
        PersonExposure(
            person_id=person,
            name=names.get(person, str(person)),
            days=len(values),
            mean_minutes=sum(values) / len(values),
            max_minutes=max(values),
            days_near_cap=sum(v >= NEAR_CAP * budget for v in values),
        )
        for person, values in by_person.items()
    ]
    return sorted(rows, key=lambda row: -row.max_minutes)
