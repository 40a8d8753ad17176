"""The exposure ledger: screen time and reveals of graphic material, per reviewer. Append-only."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from review.config import ReviewConfig, load_config
from review.exposure import EXPOSURE_LOOKBACK, Exposure, ExposureStatus, status
from review.models import Case, ExposureEntry
from review.queue import DEFAULT_ZONE, held_case
from vigil.access import AccessDenied, Actor, require_role
from vigil.db import Database, utcnow
from vigil.roles import Role

MAX_HEARTBEAT_SECONDS = 300  # one report of screen time covers at most five minutes


def add_exposure(
    session: Session,
    person_id: int,
    case: Case,
    kind: str,
    seconds: float,
    config: ReviewConfig,
    started_at: dt.datetime,
) -> ExposureEntry | None:
    """Append an entry when the material is graphic (weight above zero); None otherwise."""
    weighted = config.exposure.weighted_minutes(case.severity_tier, seconds)
    if weighted <= 0:
        return None
    entry = ExposureEntry(
        person_id=person_id,
        case_id=case.id,
        kind=kind,
        started_at=started_at,
        seconds=seconds,
        severity_tier=case.severity_tier,
        weighted_minutes=weighted,
    )
    session.add(entry)
    return entry


def record_screen_time(
    database: Database,
    actor: Actor,
    case_id: int,
    seconds: float,
    *,
    now: dt.datetime | None = None,
) -> ExposureStatus:
    """The page reports how long the held case was on screen since its last report."""
    require_role(actor, Role.REVIEWER)
    now = now or utcnow()
    seconds = max(0.0, min(float(seconds), MAX_HEARTBEAT_SECONDS))
    with database.begin() as session:
        config = load_config(session)
        case = held_case(session, actor, case_id, now)
        add_exposure(
            session,
            actor.person_id,
            case,
            "screen",
            seconds,
            config,
            now - dt.timedelta(seconds=seconds),
        )
        session.flush()
        return standing(session, actor.person_id, now, config)


def recent_exposure(session: Session, person_id: int, now: dt.datetime) -> list[Exposure]:
    """The reviewer's exposure entries that `status` needs at `now` (`EXPOSURE_LOOKBACK`)."""
    rows = session.execute(
        select(
            ExposureEntry.started_at, ExposureEntry.seconds, ExposureEntry.weighted_minutes
        ).where(
            ExposureEntry.person_id == person_id,
            ExposureEntry.started_at >= now - EXPOSURE_LOOKBACK,
        )
    ).all()
    return [Exposure(*row) for row in rows]


def standing(
    session: Session, person_id: int, now: dt.datetime, config: ReviewConfig
) -> ExposureStatus:
    """A reviewer's standing against the budgets, read in the caller's transaction."""
    entries = recent_exposure(session, person_id, now)
    return status(entries, now, config.exposure, ZoneInfo(DEFAULT_ZONE))


def exposure_status(
    database: Database,
    actor: Actor,
    person_id: int | None = None,
    *,
    now: dt.datetime | None = None,
) -> ExposureStatus:
    """A reviewer's standing against the budgets; managers may look at anyone's."""
    person_id = actor.person_id if person_id is None else person_id
    if person_id != actor.person_id:
        require_role(actor, Role.MANAGER)
    elif not actor.has(Role.REVIEWER, Role.MANAGER):
        raise AccessDenied(actor, [Role.REVIEWER, Role.MANAGER])
    now = now or utcnow()
    with database.begin() as session:
        return standing(session, person_id, now, load_config(session))
