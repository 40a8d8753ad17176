"""People services: each checks the actor's role itself, and the demo seed keeps existing data."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from vigil.access import AccessDenied, Actor
from vigil.db import Database
from vigil.demo_people import DEMO_USERS, seed_demo_people
from vigil.directory import (
    UnsupportedLanguage,
    list_people,
    my_profile,
    set_language,
    staff_overview,
)
from vigil.people import Person
from vigil.roles import Role


def actor_for(database: Database, email: str, *roles: Role) -> Actor:
    with database.begin() as session:
        person = session.scalars(select(Person).where(Person.email == email)).one()
        return Actor(person.id, person.email, person.display_name, frozenset(roles), "ko")


def test_seeding_twice_adds_nobody_and_keeps_edits(database: Database) -> None:
    added = seed_demo_people(database, staff_count=20)
    assert added == len(DEMO_USERS) + 20
    with database.begin() as session:
        session.scalars(
            select(Person).where(Person.email == "manager@vigil.example")
        ).one().display_name = "이수진 팀장"
    assert seed_demo_people(database, staff_count=20) == 0
    with database.begin() as session:
        assert (
            session.scalars(
                select(Person.display_name).where(Person.email == "manager@vigil.example")
            ).one()
            == "이수진 팀장"
        )


def test_reviewers_cannot_see_the_staff_overview_or_people_list(database: Database) -> None:
    seed_demo_people(database, staff_count=5)
    reviewer = actor_for(database, "reviewer@vigil.example", Role.REVIEWER)
    with pytest.raises(AccessDenied):
        staff_overview(database, reviewer)
    with pytest.raises(AccessDenied):
        list_people(database, reviewer)


def test_the_staff_overview_counts_active_people_only(database: Database) -> None:
    seed_demo_people(database, staff_count=10)
    with database.begin() as session:
        session.scalars(
            select(Person).where(Person.email == "senior@vigil.example")
        ).one().active = False
    leader = actor_for(database, "leader@vigil.example", Role.LEADERSHIP)
    overview = staff_overview(database, leader)
    assert overview.active == len(DEMO_USERS) + 10 - 1
    assert overview.by_language["ko"] == overview.active


def test_a_person_chooses_their_interface_language(database: Database) -> None:
    seed_demo_people(database, staff_count=0)
    reviewer = actor_for(database, "reviewer@vigil.example", Role.REVIEWER)
    set_language(database, reviewer, "en")
    assert my_profile(database, reviewer).language == "en"
    with pytest.raises(UnsupportedLanguage):
        set_language(database, reviewer, "xx")
