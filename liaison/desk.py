"""Who may work the hotline desk: managers, and reviewers trained for the hotline or rostered on
it at this moment. The roster is asked through a small protocol so the scheduler can plug in its
published roster without this package importing it.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from sqlalchemy.orm import Session

from liaison.errors import NotOnHotlineDesk
from vigil.access import Actor
from vigil.db import Database, utcnow
from vigil.people import Person
from vigil.roles import Role


class HotlineRoster(Protocol):
    """Answers whether a person is rostered on the hotline task at a moment."""

    def on_hotline(self, session: Session, person_id: int, at: dt.datetime) -> bool: ...


class NobodyRostered:
    """The provider until rosters are published: only the hotline skill and managers count."""

    def on_hotline(self, session: Session, person_id: int, at: dt.datetime) -> bool:
        return False


class FixedHotlineRoster:
    """A roster given as a set of person ids (tests, and a manual override by managers)."""

    def __init__(self, person_ids: set[int]) -> None:
        self.person_ids = set(person_ids)

    def on_hotline(self, session: Session, person_id: int, at: dt.datetime) -> bool:
        return person_id in self.person_ids


NOBODY_ROSTERED = NobodyRostered()


def may_work_desk(
    session: Session, actor: Actor, at: dt.datetime, roster: HotlineRoster = NOBODY_ROSTERED
) -> bool:
    """True when the actor may take calls and see victims' protected contact details."""
    if actor.has(Role.MANAGER):
        return True
    if not actor.has(Role.REVIEWER):
        return False
    person = session.get(Person, actor.person_id)
    # The skill is read from the database on every call: a withdrawn training takes effect at once.
    if person is not None and person.active and person.hotline_trained:
        return True
    return roster.on_hotline(session, actor.person_id, at)


def require_desk(
    session: Session, actor: Actor, at: dt.datetime, roster: HotlineRoster = NOBODY_ROSTERED
) -> None:
    """Raise `NotOnHotlineDesk` unless the actor may work the hotline desk."""
    if not may_work_desk(session, actor, at, roster):
        raise NotOnHotlineDesk(email=actor.email)


def desk_open_to(
    database: Database,
    actor: Actor,
    at: dt.datetime | None = None,
    roster: HotlineRoster = NOBODY_ROSTERED,
) -> bool:
    """Whether the desk's tools are open to the actor (pages ask before drawing forms)."""
    with database.begin() as session:
        return may_work_desk(session, actor, at or utcnow(), roster)
