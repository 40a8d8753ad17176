"""Review fixtures: staff with their roles, actors for them, a clock, and a case factory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from review.cases import open_case
from vigil.access import Actor
from vigil.db import Database
from vigil.people import Person
from vigil.roles import Role, with_implied

T0 = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)  # 10:00 in Seoul, a Monday


def spend_graphic_minutes(
    database: Database, person_id: int, minutes: float, *, ending: dt.datetime
) -> None:
    """Graphic screen time in one stretch that ends at `ending` (the ledger is append-only)."""
    from review.models import ExposureEntry

    with database.begin() as session:
        session.add(
            ExposureEntry(
                person_id=person_id,
                case_id=None,
                kind="screen",
                started_at=ending - dt.timedelta(minutes=minutes),
                seconds=minutes * 60,
                severity_tier=2,
                weighted_minutes=minutes,
            )
        )


def spend_two_graphic_hours(database: Database, person_id: int) -> None:
    """Two hours of graphic screen time ending a minute ago: a break is due."""
    from vigil.db import utcnow

    spend_graphic_minutes(database, person_id, 120, ending=utcnow() - dt.timedelta(minutes=1))


def add_person(
    database: Database, email: str, roles: list[Role], *, minors_trained: bool = False
) -> Actor:
    """A person in the database and the actor they sign in as."""
    with database.begin() as session:
        person = Person(
            email=email,
            display_name=email.split("@")[0],
            roles=[role.value for role in roles],
            minors_trained=minors_trained,
        )
        session.add(person)
        session.flush()
        return Actor(
            person_id=person.id,
            email=email,
            display_name=person.display_name,
            roles=with_implied(frozenset(roles)),
            language="ko",
        )


@pytest.fixture
def reviewer(database: Database) -> Actor:
    return add_person(database, "reviewer@vigil.test", [Role.REVIEWER])


@pytest.fixture
def other_reviewer(database: Database) -> Actor:
    return add_person(database, "other@vigil.test", [Role.REVIEWER])


@pytest.fixture
def senior(database: Database) -> Actor:
    return add_person(database, "senior@vigil.test", [Role.SENIOR_REVIEWER])


@pytest.fixture
def manager(database: Database) -> Actor:
    return add_person(database, "manager@vigil.test", [Role.MANAGER])


@pytest.fixture
def admin(database: Database) -> Actor:
    return add_person(database, "admin@vigil.test", [Role.ADMIN])


@pytest.fixture
def make_case(database: Database) -> Callable[..., int]:
    """Open a queued case directly (intake has its own tests); returns its id."""

    def make(received_at: dt.datetime = T0, **facts: object) -> int:
        with database.begin() as session:
            return open_case(session, received_at=received_at, **facts).id  # type: ignore[arg-type]

    return make
