"""What rostering keeps in the database: absences, wishes, demand, rule sets, solve jobs, rosters.

Rule sets and rosters are versioned: a change adds a row, so the history stays readable.
Problems and rosters are stored as the JSON of `scheduler.io`, the same form the command line
reads and writes, so a stored roster can be re-validated by the solver-free validator at any time.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Enum, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vigil.db import Base, utcnow


def _states(kind: type[StrEnum]) -> Enum:
    return Enum(kind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class AbsenceKind(StrEnum):
    LEAVE = "leave"
    SICK = "sick"
    TRAINING = "training"
    OTHER = "other"


class StaffAbsence(Base):
    """A day a person cannot be rostered (leave, sickness...)."""

    __tablename__ = "staff_absences"
    __table_args__ = (Index("ix_staff_absences_person_day", "person_id", "day", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[AbsenceKind] = mapped_column(_states(AbsenceKind))
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class StaffWish(Base):
    """A person's wish about a day or weekday, optionally a shift pattern; weighted."""

    __tablename__ = "staff_wishes"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    wanted: Mapped[bool] = mapped_column(Boolean)
    weight: Mapped[int] = mapped_column(default=1)
    day: Mapped[dt.date | None] = mapped_column(Date)
    weekday: Mapped[int | None]
    pattern: Mapped[str | None] = mapped_column(String(20))


class DemandRow(Base):
    """People needed on a task in one hour of the week template (or of one date, overriding it)."""

    __tablename__ = "demand_rows"
    __table_args__ = (Index("ix_demand_rows_slot", "on_date", "weekday", "hour"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    on_date: Mapped[dt.date | None] = mapped_column(Date)  # None: the weekly template
    weekday: Mapped[int | None]  # 0 = Monday; set for template rows
    hour: Mapped[int]
    task: Mapped[str] = mapped_column(String(20))
    count: Mapped[int]
    skill: Mapped[str | None] = mapped_column(String(20))


class RuleSetVersion(Base):
    """One version of the rules; the newest is in force."""

    __tablename__ = "rule_set_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class RosterJob(Base):
    """A solve asked for by a manager; run by a worker process, followed by any app process."""

    __tablename__ = "roster_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[JobStatus] = mapped_column(_states(JobStatus), default=JobStatus.QUEUED)
    problem: Mapped[dict[str, Any]] = mapped_column(JSON)
    time_limit: Mapped[float] = mapped_column(Float)
    # The published version this solve starts from (copied onto the roster it produces).
    based_on_id: Mapped[int | None]
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    result_status: Mapped[str | None] = mapped_column(String(20))
    explanation: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    error: Mapped[str] = mapped_column(Text, default="")


class JobProgress(Base):
    """One progress report of a running solve (objective, bound, seconds since start)."""

    __tablename__ = "roster_job_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("roster_jobs.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    objective: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    elapsed: Mapped[float] = mapped_column(Float)


class VersionStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


class RosterVersion(Base):
    """A roster the engine produced and the validator passed; at most one published per start."""

    __tablename__ = "roster_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[dt.date] = mapped_column(Date, index=True)
    days: Mapped[int]
    problem: Mapped[dict[str, Any]] = mapped_column(JSON)
    roster: Mapped[dict[str, Any]] = mapped_column(JSON)
    objective: Mapped[int]
    bound: Mapped[float | None] = mapped_column(Float)
    cost_by_rule: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    status: Mapped[VersionStatus] = mapped_column(
        _states(VersionStatus), default=VersionStatus.DRAFT
    )
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("roster_versions.id"))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("roster_jobs.id"), index=True)
    note: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    published_at: Mapped[dt.datetime | None]
