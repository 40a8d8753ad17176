"""Services over the people table: the staff overview, one's own profile, roles and languages.

Each function takes the acting person and checks their role itself; pages only call these.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.access import Actor, require_role
from vigil.audit import actor_name, record
from vigil.db import Database
from vigil.people import Person
from vigil.roles import Role
from vigil.settings import LANGUAGES


class UnknownPerson(Exception):
    """No person with that id."""


class LastAdmin(Exception):
    """The change would take away the last active administrator stored in Vigil."""


class UnsupportedLanguage(ValueError):
    """The interface language is not one Vigil is written in."""


@dataclass(frozen=True)
class Profile:
    """What a person may see of their own record."""

    email: str
    display_name: str
    roles: tuple[str, ...]
    languages: tuple[str, ...]
    minors_trained: bool
    hotline_trained: bool
    language: str | None


@dataclass(frozen=True)
class StaffOverview:
    """Headcounts of active staff by role and skill; no individual is named."""

    active: int
    by_role: dict[str, int]
    minors_trained: int
    hotline_trained: int
    by_language: dict[str, int]


@dataclass(frozen=True)
class PersonRow:
    """One line of the admin's people list."""

    id: int
    email: str
    display_name: str
    roles: tuple[str, ...]
    active: bool


def my_profile(database: Database, actor: Actor) -> Profile:
    """The acting person's own record."""
    with database.begin() as session:
        person = session.get(Person, actor.person_id)
        if person is None:
            raise UnknownPerson(actor.person_id)
        return Profile(
            email=person.email,
            display_name=person.display_name,
            roles=tuple(sorted(person.roles)),
            languages=tuple(person.languages),
            minors_trained=person.minors_trained,
            hotline_trained=person.hotline_trained,
            language=person.language,
        )


def set_language(database: Database, actor: Actor, language: str) -> None:
    """Remember the acting person's interface language."""
    if language not in LANGUAGES:
        raise UnsupportedLanguage(language)
    with database.begin() as session:
        person = session.get(Person, actor.person_id)
        if person is None:
            raise UnknownPerson(actor.person_id)
        person.language = language


def staff_overview(database: Database, actor: Actor) -> StaffOverview:
    """Aggregate headcounts for managers, leadership and admins."""
    require_role(actor, Role.MANAGER, Role.LEADERSHIP, Role.ADMIN)
    with database.begin() as session:
        people = list(session.scalars(select(Person).where(Person.active.is_(True))))
    by_role: Counter[str] = Counter(role for person in people for role in person.roles)
    by_language: Counter[str] = Counter(lang for person in people for lang in person.languages)
    return StaffOverview(
        active=len(people),
        by_role=dict(by_role),
        minors_trained=sum(person.minors_trained for person in people),
        hotline_trained=sum(person.hotline_trained for person in people),
        by_language=dict(by_language),
    )


def list_people(database: Database, actor: Actor) -> list[PersonRow]:
    """Everyone Vigil knows, with their stored roles; admins only."""
    require_role(actor, Role.ADMIN)
    with database.begin() as session:
        people = session.scalars(select(Person).order_by(Person.display_name, Person.id))
        return [
            PersonRow(p.id, p.email, p.display_name, tuple(sorted(p.roles)), p.active)
            for p in people
        ]


def update_access(
    database: Database, actor: Actor, person_id: int, roles: set[Role], active: bool
) -> None:
    """Set a person's stored roles and active flag (admins only); recorded in the audit chain.

    Roles mapped from the identity provider's groups still apply on top of these.
    """
    require_role(actor, Role.ADMIN)
    with database.begin() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise UnknownPerson(person_id)
        roles_before, active_before = sorted(person.roles), person.active
        person.roles = sorted(role.value for role in roles)
        person.active = active
        session.flush()
        was_admin = active_before and Role.ADMIN.value in roles_before
        if was_admin and not _active_admins(session):
            raise LastAdmin(person.email)
        record(
            session,
            actor=actor_name(actor.person_id),
            action="person.access_changed",
            subject=f"person:{person.id}",
            details={
                "before": {"roles": roles_before, "active": active_before},
                "after": {"roles": person.roles, "active": active},
            },
        )


def record_sign_in(database: Database, actor: Actor) -> None:
    """Note in the audit chain that a person began a session."""
    with database.begin() as session:
        record(
            session,
            actor=actor_name(actor.person_id),
            action="session.signed_in",
            subject=f"person:{actor.person_id}",
            details={"roles": sorted(role.value for role in actor.roles)},
        )


def _active_admins(session: Session) -> int:
    people = session.scalars(select(Person).where(Person.active.is_(True)))
    return sum(Role.ADMIN.value in person.roles for person in people)
