"""The hotline's contact log: every call or message, its channel, language and outcome.

These rows are the arrival history the staffing model reads for Erlang C demand, so a contact is
logged with its real start and end times, never the time it was typed in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select

from liaison.desk import NOBODY_ROSTERED, HotlineRoster, require_desk
from liaison.errors import InvalidContactLog
from liaison.models import Channel, ContactOutcome, HotlineContact
from vigil import audit
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.roles import Role

# A contact longer than this is a typing mistake (a wrong date), not a call.
MAX_CONTACT = dt.timedelta(hours=6)
# Clocks of staff machines drift; a contact may end this far "in the future".
CLOCK_SLACK = dt.timedelta(minutes=5)
_LANGUAGE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True)
class ContactLog:
    """One call or message as the operator logs it; checks itself on construction."""

    started_at: dt.datetime
    ended_at: dt.datetime
    channel: Channel
    language: str
    outcome: ContactOutcome

    def __post_init__(self) -> None:
        if self.started_at.tzinfo is None or self.ended_at.tzinfo is None:
            raise InvalidContactLog("liaison.contact_naive_time")
        if self.ended_at < self.started_at:
            raise InvalidContactLog("liaison.contact_ends_before_start")
        if self.ended_at - self.started_at > MAX_CONTACT:
            raise InvalidContactLog("liaison.contact_too_long", hours=MAX_CONTACT.seconds // 3600)
        if not _LANGUAGE.fullmatch(self.language):
            raise InvalidContactLog("liaison.contact_language", language=self.language)
        Channel(self.channel)
        ContactOutcome(self.outcome)

    def check_not_future(self, now: dt.datetime) -> None:
        """Refuse a contact that ends after now (beyond clock drift)."""
        if self.ended_at > now + CLOCK_SLACK:
            raise InvalidContactLog("liaison.contact_in_future")


@dataclass(frozen=True)
class ContactRow:
    """A logged contact as the desk and the staffing model read it."""

    id: int
    started_at: dt.datetime
    ended_at: dt.datetime
    channel: Channel
    language: str
    outcome: ContactOutcome
    report_id: int | None

    @property
    def handling_seconds(self) -> float:
        """How long the contact took (the service time of Erlang C)."""
        return (self.ended_at - self.started_at).total_seconds()


def _row(contact: HotlineContact) -> ContactRow:
    return ContactRow(
        id=contact.id,
        started_at=contact.started_at,
        ended_at=contact.ended_at,
        channel=Channel(contact.channel),
        language=contact.language,
        outcome=ContactOutcome(contact.outcome),
        report_id=contact.report_id,
    )


def log_contact(
    database: Database,
    actor: Actor,
    log: ContactLog,
    *,
    report_id: int | None = None,
    now: dt.datetime | None = None,
    roster: HotlineRoster = NOBODY_ROSTERED,
) -> ContactRow:
    """Record a call or message taken by the actor; audited."""
    now = now or utcnow()
    log.check_not_future(now)
    with database.begin() as session:
        require_desk(session, actor, now, roster)
        contact = HotlineContact(
            started_at=log.started_at,
            ended_at=log.ended_at,
            channel=log.channel,
            language=log.language,
            outcome=log.outcome,
            staff_id=actor.person_id,
            report_id=report_id,
            created_at=now,
        )
        session.add(contact)
        session.flush()
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="hotline_contact",
            subject=f"hotline:{contact.id}",
            details={
                "channel": log.channel.value,
                "language": log.language,
                "outcome": log.outcome.value,
                "seconds": int((log.ended_at - log.started_at).total_seconds()),
            },
            at=now,
        )
        return _row(contact)


def recent_contacts(
    database: Database,
    actor: Actor,
    *,
    limit: int = 50,
    now: dt.datetime | None = None,
    roster: HotlineRoster = NOBODY_ROSTERED,
) -> list[ContactRow]:
    """The desk's latest contacts, newest first."""
    now = now or utcnow()
    with database.begin() as session:
        require_desk(session, actor, now, roster)
        query = select(HotlineContact).order_by(HotlineContact.started_at.desc()).limit(limit)
        return [_row(contact) for contact in session.scalars(query)]


def call_history(
    database: Database, actor: Actor, start: dt.datetime, end: dt.datetime
) -> list[ContactRow]:
    """Contacts that started in [start, end), oldest first: the arrivals for demand models.

    Managers (who plan staffing) and the desk read it; it names no caller and no staff member.
    """
    require_role(actor, Role.MANAGER, Role.ADMIN, Role.REVIEWER)
    query = (
        select(HotlineContact)
        .where(HotlineContact.started_at >= start, HotlineContact.started_at < end)
        .order_by(HotlineContact.started_at, HotlineContact.id)
    )
    with database.begin() as session:
        return [_row(contact) for contact in session.scalars(query)]
