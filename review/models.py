"""The review domain's tables. States are stored as strings (`native_enum=False`)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Enum,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from review.states import CaseState
from vigil.db import Base, utcnow


class ReportSource(StrEnum):
    """Where a report came from."""

    HOTLINE = "hotline"  # a victim through the 24-hour hotline
    PLATFORM = "platform"
    AUTOMATED = "automated"
    MONITORING = "monitoring"
    POLICE = "police"


class TakedownStatus(StrEnum):
    """Where a takedown request stands with the platform."""

    DRAFTED = "drafted"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    REMOVED = "removed"
    REFUSED = "refused"
    NO_RESPONSE = "no_response"
    WITHDRAWN = "withdrawn"  # its decision was undone before it was sent


def _enum(kind: type[StrEnum]) -> Enum:
    return Enum(
        kind,
        native_enum=False,
        length=20,
        values_callable=lambda members: [member.value for member in members],
    )


# claim_next takes the best waiting case a reviewer may take. The queue is cut into four
# disjoint cells, minors or not × graphic or not, each with its own partial index in priority
# order, and a claim takes the best of the tops of the cells the reviewer may take. Why cells
# and not one index per kind of reviewer: PostgreSQL has no index hints, and beside an index over
# every waiting case it sometimes chose that one for a reviewer not trained for minors (after
# some churn, LIMIT 1 prices both alike), walking past every minors case at the top on each claim
# (655 buffers a claim; p95 64 ms against 43 ms). A cell's condition implies no other index's.
# Only waiting cases are in them, so taking a case costs them nothing.
QUEUE_CELLS = {
    "ix_cases_queue_plain": {"suspected_minor": False, "graphic": False},
    "ix_cases_queue_graphic": {"suspected_minor": False, "graphic": True},
    "ix_cases_queue_minors": {"suspected_minor": True, "graphic": False},
    "ix_cases_queue_minors_graphic": {"suspected_minor": True, "graphic": True},
}
SENIOR_LANES_WHERE = "state IN ('escalated', 'second_review')"


def queue_cells(excluded: tuple[str, ...]) -> tuple[str, ...]:
    """The queue cells that hold no case with any of the `excluded` flags."""
    return tuple(
        name for name, flags in QUEUE_CELLS.items() if not any(flags[flag] for flag in excluded)
    )


def queue_cell_where(cell: str, dialect: str) -> str:
    """The condition of a queue cell's index, written as the claim statements write it, or the
    planner will not match it to the index's condition (SQLite matches terms literally)."""
    flags = QUEUE_CELLS[cell]
    if dialect == "postgresql":
        terms = [flag if on else f"NOT {flag}" for flag, on in flags.items()]
    else:
        terms = [f"{flag} = {int(on)}" for flag, on in flags.items()]
    return " AND ".join(["state = 'queued'", *terms])


def priority_indexes() -> list[Index]:
    """The queue's indexes and the senior lanes' (escalations and second reviews)."""
    indexes = [
        Index(
            name,
            "sort_key",
            "id",
            postgresql_where=text(queue_cell_where(name, "postgresql")),
            sqlite_where=text(queue_cell_where(name, "sqlite")),
        )
        for name in QUEUE_CELLS
    ]
    where = text(SENIOR_LANES_WHERE)
    indexes.append(
        Index(
            "ix_cases_senior_lanes",
            "state",
            "sort_key",
            "id",
            postgresql_where=where,
            sqlite_where=where,
        )
    )
    return indexes


class Case(Base):
    """Near-duplicate items and the reports that carry them, decided once for every copy."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_state_lease", "state", "lease_expires_at"),
        *priority_indexes(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[CaseState] = mapped_column(_enum(CaseState), default=CaseState.QUEUED)
    # The waiting state a claimed case returns to on release or expiry.
    resume_state: Mapped[CaseState | None] = mapped_column(_enum(CaseState))
    severity_tier: Mapped[int] = mapped_column(default=2)
    graphic: Mapped[bool] = mapped_column(Boolean, default=True)
    suspected_minor: Mapped[bool] = mapped_column(Boolean, default=False)
    victim_request: Mapped[bool] = mapped_column(Boolean, default=False)
    bank_match: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[dt.datetime]
    deadline_at: Mapped[dt.datetime]
    report_count: Mapped[int] = mapped_column(default=1)
    copy_count: Mapped[int] = mapped_column(default=0)
    sort_key: Mapped[int] = mapped_column(BigInteger)
    lease_holder_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    lease_started_at: Mapped[dt.datetime | None]
    lease_expires_at: Mapped[dt.datetime | None]
    first_decider_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    escalated_to_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]


class Report(Base):
    """One report from one source; the reporter's contact is encrypted with the media key ring."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[ReportSource] = mapped_column(_enum(ReportSource))
    received_at: Mapped[dt.datetime]
    external_ref: Mapped[str | None] = mapped_column(String(120), unique=True)
    contact_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    notes: Mapped[str] = mapped_column(Text, default="")
    suspected_minor: Mapped[bool] = mapped_column(Boolean, default=False)
    victim_request: Mapped[bool] = mapped_column(Boolean, default=False)
    severity_tier: Mapped[int] = mapped_column(default=2)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CaseReport(Base):
    """Which reports a case gathers (a report with several unrelated files feeds several)."""

    __tablename__ = "case_reports"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)


class ReportUrl(Base):
    """An address where reported material was seen."""

    __tablename__ = "report_urls"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    normalised: Mapped[str] = mapped_column(String(2000), index=True)
    platform: Mapped[str] = mapped_column(String(120))


class MediaItem(Base):
    """One file: the encrypted original in the blob store, its derivatives and its facts."""

    __tablename__ = "media_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # image | video
    media_format: Mapped[str] = mapped_column(String(10))
    blob_key: Mapped[str | None] = mapped_column(String(200))  # None once purged
    key_id: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    byte_size: Mapped[int] = mapped_column(BigInteger)
    width: Mapped[int]
    height: Mapped[int]
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    derivative_keys: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    quality: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    original_purged_at: Mapped[dt.datetime | None]


class ItemHash(Base):
    """A PDQ hash of an item (one per video keyframe), kept after the original is purged."""

    __tablename__ = "item_hashes"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("media_items.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    frame: Mapped[int] = mapped_column(default=0)
    hash_hex: Mapped[str] = mapped_column(String(64))
    quality: Mapped[int]


class HashBank(Base):
    """An imported list of known hashes, with its match threshold and what a match does."""

    __tablename__ = "hash_banks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    threshold: Mapped[int] = mapped_column(default=31)
    # "auto_decide": apply `category`/`actions` with no human view; "review": queue with a flag.
    action: Mapped[str] = mapped_column(String(20), default="review")
    category: Mapped[str | None] = mapped_column(String(40))
    actions: Mapped[list[str]] = mapped_column(JSON, default=list)
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class BankHash(Base):
    """One hash of a bank."""

    __tablename__ = "bank_hashes"
    __table_args__ = (UniqueConstraint("bank_id", "hash_hex", name="uq_bank_hashes_bank_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("hash_banks.id"), index=True)
    hash_hex: Mapped[str] = mapped_column(String(64))
    quality: Mapped[int] = mapped_column(default=100)
    label: Mapped[str] = mapped_column(String(200), default="")


class Decision(Base):
    """A decision on a case; an undone decision keeps its row with `undone_at` set."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20))  # first | second_review | escalation | auto
    category: Mapped[str] = mapped_column(String(40))
    actions: Mapped[list[str]] = mapped_column(JSON)
    policy: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    applies_to_reuploads: Mapped[bool] = mapped_column(Boolean, default=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    decided_at: Mapped[dt.datetime]
    source: Mapped[str | None] = mapped_column(String(80))  # auto: "bank:3" or "case:17"
    undone_at: Mapped[dt.datetime | None]
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))


class Escalation(Base):
    """A case handed up: to a named person, or to the senior pool when `target_id` is None."""

    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    target_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    reason: Mapped[str] = mapped_column(Text)
    mandatory: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime]
    resolved_at: Mapped[dt.datetime | None]


class TakedownRequest(Base):
    """One request per URL and platform for a decision with removal actions."""

    __tablename__ = "takedown_requests"
    __table_args__ = (UniqueConstraint("decision_id", "url", name="uq_takedown_requests_decision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"))
    url: Mapped[str] = mapped_column(String(2000))
    platform: Mapped[str] = mapped_column(String(120), index=True)
    actions: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[TakedownStatus] = mapped_column(
        _enum(TakedownStatus), default=TakedownStatus.DRAFTED
    )
    created_at: Mapped[dt.datetime]
    status_changed_at: Mapped[dt.datetime]
    removed_at: Mapped[dt.datetime | None]
    last_checked_at: Mapped[dt.datetime | None]


class TakedownEvent(Base):
    """A status change or a re-check of a takedown request."""

    __tablename__ = "takedown_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("takedown_requests.id"), index=True)
    status: Mapped[TakedownStatus] = mapped_column(_enum(TakedownStatus))
    at: Mapped[dt.datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(20))  # change | recheck
    note: Mapped[str] = mapped_column(Text, default="")


class ExposureEntry(Base):
    """Exposure a reviewer took (a reveal, or graphic material on screen). Never deleted."""

    __tablename__ = "exposure_entries"
    __table_args__ = (Index("ix_exposure_entries_person_started", "person_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(10))  # reveal | screen
    started_at: Mapped[dt.datetime]
    seconds: Mapped[float] = mapped_column(Float)
    severity_tier: Mapped[int]
    weighted_minutes: Mapped[float] = mapped_column(Float)


class ReviewSetting(Base):
    """A setting managers and admins change at run time (budgets, second review, retention)."""

    __tablename__ = "review_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
