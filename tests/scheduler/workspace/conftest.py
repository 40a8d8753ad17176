"""Rostering workspace fixtures: demo people and a manager to act as."""

from __future__ import annotations

import datetime as dt

import pytest

from vigil.access import Actor
from vigil.db import Database
from vigil.demo_people import seed_demo_people
from vigil.people import find_person
from vigil.roles import Role

MONDAY = dt.date(2026, 12, 7)


def actor(database: Database, email: str, *roles: Role) -> Actor:
    with database.begin() as session:
        person = find_person(session, email)
        assert person is not None
        return Actor(person.id, person.email, person.display_name, frozenset(roles), "ko")


@pytest.fixture
def manager(database: Database) -> Actor:
    seed_demo_people(database, staff_count=12)
    return actor(database, "manager@vigil.example", Role.MANAGER)
