"""The liaison tables: the hotline's contact log, case references given to victims, the platform
directory with its escalation ladders, emergency numbers, escalations and evidence packages.

Victims' contact details are not here: they stay sealed on `reports.contact_sealed`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vigil.db import Base, utcnow


class Channel(StrEnum):
    """How a person reached the hotline."""

    PHONE = "phone"
    WEB_FORM = "web_form"
    MESSENGER = "messenger"


class ContactOutcome(StrEnum):
    """What came of a hotline contact."""

    REQUEST_FILED = "request_filed"  # a removal request was taken
    STATUS_GIVEN = "status_given"  # the caller was told where their case stands
    ADVICE_GIVEN = "advice_given"
    REFERRED = "referred"  # to police, counselling or legal aid
    EMERGENCY = "emergency"  # the caller was in danger and was put through to help
    DROPPED = "dropped"  # the line dropped or the caller hung up
    NOT_IN_SCOPE = "not_in_scope"


def _enum(kind: type[StrEnum]) -> Enum:
    return Enum(
        kind,
        native_enum=False,
        length=20,
        values_callable=lambda members: [member.value for member in members],
    )


class HotlineContact(Base):
    """One call or message taken on the hotline: the arrival history for Erlang C demand."""

    __tablename__ = "liaison_hotline_contacts"
    __table_args__ = (Index("ix_liaison_hotline_contacts_started_at", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime]
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    language: Mapped[str] = mapped_column(String(8))
    outcome: Mapped[ContactOutcome] = mapped_column(_enum(ContactOutcome))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CaseReference(Base):
    """The reference a victim is given for their request; random, so it cannot be guessed."""

    __tablename__ = "liaison_case_references"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), unique=True)
    consent_to_act: Mapped[bool] = mapped_column(Boolean)
    language: Mapped[str] = mapped_column(String(8))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PlatformEntry(Base):
    """A platform in the agency's directory: how to reach it and how fast it agreed to answer.

    `contacts` lists channels ({"kind": "email" | "web_form" | "api" | "phone", "address": ...});
    `escalation` is the ladder tried in order once a request is overdue ({"name", "address"}).
    """

    __tablename__ = "liaison_platforms"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    hosts: Mapped[list[str]] = mapped_column(JSON, default=list)
    contacts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    escalation: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    agreed_response_hours: Mapped[int] = mapped_column(default=24)
    letter_language: Mapped[str] = mapped_column(String(8), default="en")
    # Optional per-platform letter bodies (string.Template); empty means the agency's default.
    letter_template_ko: Mapped[str] = mapped_column(Text, default="")
    letter_template_en: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))


class EmergencyContact(Base):
    """A number on the desk's "if you are in danger" panel; the agency edits the list."""

    __tablename__ = "liaison_emergency_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    number: Mapped[str] = mapped_column(String(40))
    label_ko: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))


class TakedownEscalation(Base):
    """An overdue takedown request handed to the next contact on its platform's ladder."""

    __tablename__ = "liaison_takedown_escalations"
    __table_args__ = (
        UniqueConstraint("takedown_id", "level", name="uq_liaison_takedown_escalations_takedown"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    takedown_id: Mapped[int] = mapped_column(ForeignKey("takedown_requests.id"), index=True)
    platform: Mapped[str] = mapped_column(String(120), index=True)
    level: Mapped[int]
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_address: Mapped[str] = mapped_column(String(400))
    due_at: Mapped[dt.datetime]
    escalated_at: Mapped[dt.datetime]


class EvidencePackage(Base):
    """A police evidence package that was built (the file itself is handed over, not kept)."""

    __tablename__ = "liaison_evidence_packages"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime]
    file_sha256: Mapped[str] = mapped_column(String(64))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    public_key_fingerprint: Mapped[str] = mapped_column(String(64))
    item_count: Mapped[int]
