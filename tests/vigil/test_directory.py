"""People services: each checks the actor's role itself, and the demo seed keeps existing data."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from vigil.access import AccessDenied, Actor
from vigil.audit import AuditEvent, verify_chain
from vigil.db import Database
from vigil.demo_people import DEMO_USERS, seed_demo_people
from vigil.directory import (
    LastAdmin,
    UnsupportedLanguage,
    list_people,
    my_profile,
    set_language,
    staff_overview,
    update_access,
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


def test_an_admin_changes_roles_and_the_change_is_in_the_audit_chain(database: Database) -> None:
    seed_demo_people(database, staff_count=0)
    admin = actor_for(database, "admin@vigil.example", Role.ADMIN)
    reviewer = actor_for(database, "reviewer@vigil.example", Role.REVIEWER)
    update_access(database, admin, reviewer.person_id, {Role.SENIOR_REVIEWER}, active=True)
    with database.begin() as session:
        assert session.get(Person, reviewer.person_id).roles == ["senior_reviewer"]
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "person.access_changed")
        ).one()
        assert event.subject == f"person:{reviewer.person_id}"
        assert event.details["before"]["roles"] == ["reviewer"]
        assert verify_chain(session) == []


def test_only_admins_change_access(database: Database) -> None:
    seed_demo_people(database, staff_count=0)
    manager = actor_for(database, "manager@vigil.example", Role.MANAGER)
    with pytest.raises(AccessDenied):
        update_access(database, manager, manager.person_id, {Role.ADMIN}, active=True)


def test_the_last_stored_admin_cannot_be_removed_and_nothing_changes(database: Database) -> None:
    seed_demo_people(database, staff_count=0)
    admin = actor_for(database, "admin@vigil.example", Role.ADMIN)
    with pytest.raises(LastAdmin):
        update_access(database, admin, admin.person_id, {Role.REVIEWER}, active=True)
    with database.begin() as session:
        assert session.get(Person, admin.person_id).roles == ["admin"]
        assert session.scalars(select(AuditEvent)).first() is None
