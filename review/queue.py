"""Claiming cases as leases: claim_next, extend_lease, release, expire_leases.

PostgreSQL: one data-modifying statement over every lane that picks the best case `FOR UPDATE
SKIP LOCKED`, so concurrent claimers skip each other's rows instead of waiting, and takes the
lease with its audit event (`review.claim_postgres`). SQLite: per lane, an `UPDATE … WHERE id =
(SELECT … LIMIT 1)` inside the BEGIN IMMEDIATE transaction that `vigil.db` opens, which lets
one writer at a time in — the single-writer equivalent. A lease and its audit event commit
together or not at all.
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast
from zoneinfo import ZoneInfo

import psycopg
from sqlalchemy import (
    BindParameter,
    Connection,
    String,
    Table,
    and_,
    bindparam,
    not_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from review import claim_postgres
from review.config import ReviewConfig, load_config
from review.errors import CaseNotFound, LeaseExpired, LeaseNotHeld
from review.exposure import EXPOSURE_LOOKBACK, Exposure, ExposureStatus
from review.exposure import status as exposure_status
from review.models import Case, ExposureEntry, queue_cell_where, queue_cells
from review.roster_link import EVERYONE_ON_DUTY, GraphicRoster
from review.states import CaseEvent, CaseState, next_state
from vigil import audit
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.people import Person
from vigil.roles import Role
from vigil.settings import Settings

_cases = cast(Table, Case.__table__)
_exposure = cast(Table, ExposureEntry.__table__)
_people = cast(Table, Person.__table__)
EXPIRY_SWEEP_LIMIT = 50
DEFAULT_ZONE = Settings.model_fields["timezone"].default
_NO_LEASE = {
    "resume_state": None,
    "lease_holder_id": None,
    "lease_started_at": None,
    "lease_expires_at": None,
    "version": _cases.c.version + 1,
}


@dataclass(frozen=True)
class Claim:
    """A case now held by the claimer until `lease_expires_at`."""

    case_id: int
    lease_expires_at: dt.datetime
    claimed_from: CaseState


@dataclass(frozen=True)
class Eligibility:
    """What work a reviewer may be given now, and why not the rest."""

    may_minors: bool
    may_graphic: bool
    exposure: ExposureStatus
    rostered_on_graphic: bool


def eligibility(
    session: Session | Connection,
    actor: Actor,
    now: dt.datetime,
    config: ReviewConfig,
    roster: GraphicRoster = EVERYONE_ON_DUTY,
    zone_name: str = DEFAULT_ZONE,
) -> Eligibility:
    """The reviewer's eligibility: minors training, exposure budget and graphic roster."""
    rows = session.execute(
        select(
            _people.c.minors_trained,
            _exposure.c.started_at,
            _exposure.c.seconds,
            _exposure.c.weighted_minutes,
        )
        .select_from(_people)
        .outerjoin(
            _exposure,
            and_(
                _exposure.c.person_id == _people.c.id,
                _exposure.c.started_at >= now - EXPOSURE_LOOKBACK,
            ),
        )
        .where(_people.c.id == actor.person_id)
    ).all()
    minors_trained = bool(rows and rows[0][0])
    entries = [(row[1], row[2], row[3]) for row in rows if row[1] is not None]
    return eligibility_from(actor, minors_trained, entries, now, config, roster, zone_name)


def eligibility_from(
    actor: Actor,
    minors_trained: bool,
    exposure: list[tuple[dt.datetime, float, float]],
    now: dt.datetime,
    config: ReviewConfig,
    roster: GraphicRoster = EVERYONE_ON_DUTY,
    zone_name: str = DEFAULT_ZONE,
) -> Eligibility:
    """Eligibility from facts already read: (started_at, seconds, weighted minutes) entries."""
    entries = [Exposure(*entry) for entry in exposure]
    budget = exposure_status(entries, now, config.exposure, ZoneInfo(zone_name))
    rostered = roster.on_graphic_review(actor.person_id, now)
    return Eligibility(
        may_minors=minors_trained or actor.has(Role.SENIOR_REVIEWER),
        may_graphic=budget.graphic_allowed and rostered,
        exposure=budget,
        rostered_on_graphic=rostered,
    )


# Seniors serve escalations named to them, then the senior pool, then second reviews, then the
# ordinary queue; each lane is ordered by priority. Written once for both databases as SQL
# conditions on `cases`, `{holder}` standing for the claimer's person id.
SENIOR_LANES = (
    (CaseState.ESCALATED, "escalated_to_id = {holder}"),
    (CaseState.ESCALATED, "escalated_to_id IS NULL"),
    (CaseState.SECOND_REVIEW, "(first_decider_id <> {holder} OR first_decider_id IS NULL)"),
)


def _sweep_expired(session: Session | Connection, now: dt.datetime) -> list[int]:
    """Put cases whose lease ran out back where they were claimed from; audited."""
    expired = (
        select(_cases.c.id, _cases.c.lease_holder_id)
        .where(_cases.c.state == _literal(CaseState.CLAIMED), _cases.c.lease_expires_at < now)
        # Oldest first; the order also keeps the planner on ix_cases_state_lease (see
        # claim_postgres.LEASE_RUN_OUT_SQL).
        .order_by(_cases.c.lease_expires_at)
        .limit(EXPIRY_SWEEP_LIMIT)
        .with_for_update(skip_locked=True)
    )
    rows: Sequence[Any]  # (case id, old holder, state returned to)
    if _dialect(session) == "postgresql":
        # One round trip on the hot path; RETURNING reads the old holder from the CTE.
        old = expired.cte("expired")
        rows = session.execute(
            update(_cases)
            .where(_cases.c.id == old.c.id)
            .values(**_NO_LEASE, state=_cases.c.resume_state)
            .returning(_cases.c.id, old.c.lease_holder_id, _cases.c.state)
        ).all()
    else:
        # SQLite's RETURNING cannot read the FROM table; we hold the write lock anyway.
        found = session.execute(expired).all()
        swept = []
        for case_id, holder in found:
            state = session.execute(
                update(_cases)
                .where(_cases.c.id == case_id)
                .values(**_NO_LEASE, state=_cases.c.resume_state)
                .returning(_cases.c.state)
            ).scalar_one()
            swept.append((case_id, holder, state))
        rows = swept
    for case_id, holder, state in rows:
        audit.record(
            session,
            actor=audit.SYSTEM_ACTOR,
            action="lease_expired",
            subject=f"case:{case_id}",
            details={"holder": holder, "returned_to": str(state)},
            at=now,
        )
    return [row[0] for row in rows]


def _dialect(executor: Session | Connection) -> str:
    bind = executor.get_bind() if isinstance(executor, Session) else executor
    return bind.dialect.name


# When each process last swept expired leases, per database. Sweeping on every claim costs a round
# trip for nothing most of the time; a case whose lease ran out waits at most this long (by the
# claimer's clock) before some claimer returns it. `expire_leases` sweeps unconditionally.
SWEEP_EVERY = dt.timedelta(seconds=2)
_last_sweep: weakref.WeakKeyDictionary[Database, dt.datetime] = weakref.WeakKeyDictionary()


def _sweep_due(database: Database, now: dt.datetime) -> bool:
    last = _last_sweep.get(database)
    if last is not None and abs(now - last) < SWEEP_EVERY:
        return False
    _last_sweep[database] = now
    return True


def _literal(state: CaseState) -> BindParameter[str]:
    # Rendered into the SQL text, not sent as a parameter: PostgreSQL's generic plan for a
    # prepared `state = $1` cannot know that few rows are claimed and may sort the whole table.
    return bindparam(None, state.value, type_=String(), literal_execute=True)


def _take(best):
    """Lease the case `best` (a scalar subquery) picks; returns its id."""
    return (
        update(_cases)
        .where(_cases.c.id == best)
        .values(
            state=CaseState.CLAIMED,
            resume_state=_cases.c.state,
            lease_holder_id=bindparam("holder"),
            lease_started_at=bindparam("now"),
            lease_expires_at=bindparam("expires"),
            version=_cases.c.version + 1,
        )
        .returning(_cases.c.id)
    )


def _sqlite_lane_statement(lane: CaseState, condition: str, may_graphic: bool):
    # A senior lane on SQLite: few cases wait in these states (ix_cases_senior_lanes).
    best = (
        select(_cases.c.id)
        .where(_cases.c.state == _literal(lane), text(condition.format(holder=":holder")))
        .order_by(_cases.c.sort_key.desc(), _cases.c.id.desc())
        .limit(1)
    )
    if not may_graphic:
        best = best.where(not_(_cases.c.graphic))
    return _take(best.scalar_subquery())


def excluded_flags(allowed: Eligibility) -> tuple[str, ...]:
    """The case flags this reviewer may not take (`review.models.QUEUE_CELLS`)."""
    return tuple(
        flag
        for flag, may in (("suspected_minor", allowed.may_minors), ("graphic", allowed.may_graphic))
        if not may
    )


@functools.cache
def _sqlite_queue_statement(excluded: tuple[str, ...]):
    # The best of the tops of the queue cells the reviewer may take. SQLite, without
    # statistics, prefers ix_cases_state_lease and a sort of the whole queue, so each top names
    # its cell's index itself; its WHERE is the index's own condition.
    tops = " UNION ALL ".join(
        f"SELECT * FROM (SELECT id, sort_key FROM cases INDEXED BY {cell} "
        f"WHERE {queue_cell_where(cell, 'sqlite')} ORDER BY sort_key DESC, id DESC LIMIT 1)"
        for cell in queue_cells(excluded)
    )
    best = (
        text(f"SELECT id FROM ({tops}) ORDER BY sort_key DESC, id DESC LIMIT 1")
        .columns(_cases.c.id)
        .scalar_subquery()
    )
    return _take(best)


def claim_next(
    database: Database,
    actor: Actor,
    *,
    now: dt.datetime | None = None,
    config: ReviewConfig | None = None,
    roster: GraphicRoster = EVERYONE_ON_DUTY,
    zone_name: str = DEFAULT_ZONE,
) -> Claim | None:
    """Lease the best case this reviewer may take, or None when there is none for them.

    Sweep expired leases (when there are any, at most every `SWEEP_EVERY`), read the settings
    and the reviewer's eligibility, take the best eligible case with a lease and append its
    audit event — the lease and the event always commit together. PostgreSQL: one statement in
    autocommit while the facts this process kept for the reviewer hold, otherwise two
    (`review.claim_postgres`); SQLite: one BEGIN IMMEDIATE transaction.
    """
    require_role(actor, Role.REVIEWER)
    now = now or utcnow()
    if not database.is_sqlite:
        return _claim_on_postgres(database, actor, now, config, roster, zone_name)
    # SQLite: one BEGIN IMMEDIATE transaction on a Core connection (the single-writer path).
    with database.engine.begin() as connection:
        config = config or load_config(connection)
        if _sweep_due(database, now):
            _sweep_expired(connection, now)
        allowed = eligibility(connection, actor, now, config, roster, zone_name)
        expires = now + dt.timedelta(minutes=config.lease_minutes)
        params = {"holder": actor.person_id, "now": now, "expires": expires}
        senior_lanes = SENIOR_LANES if actor.has(Role.SENIOR_REVIEWER) else ()
        for lane_state, condition in [*senior_lanes, (CaseState.QUEUED, "")]:
            if lane_state is CaseState.QUEUED:
                statement = _sqlite_queue_statement(excluded_flags(allowed))
            else:
                statement = _sqlite_lane_statement(lane_state, condition, allowed.may_graphic)
            row = connection.execute(statement, params).first()
            if row is not None:
                audit.record(
                    connection,
                    actor=audit.actor_name(actor.person_id),
                    action="claim",
                    subject=f"case:{row[0]}",
                    details={"from": lane_state.value, "until": expires.isoformat()},
                    at=now,
                )
                return Claim(case_id=row[0], lease_expires_at=expires, claimed_from=lane_state)
    return None


@functools.cache
def _postgres_lanes(senior: bool, excluded: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    # `SENIOR_LANES` and the queue, each as the SQL conditions of its branches for
    # `claim_postgres.claim_sql`; `excluded` as from `excluded_flags`. Built once per kind of
    # reviewer: the claim is the hot path. States are literals, not parameters: a generic plan
    # for `state = $1` cannot know that few rows are claimed and may sort the whole table.
    graphic = " AND NOT graphic" if "graphic" in excluded else ""
    senior_lanes = tuple(
        (f"state = '{lane.value}' AND {condition.format(holder='%(holder)s')}{graphic}",)
        for lane, condition in SENIOR_LANES
    )
    # One branch per queue cell, written as the cell's index condition.
    queue = tuple(queue_cell_where(cell, "postgresql") for cell in queue_cells(excluded))
    return (*senior_lanes, queue) if senior else (queue,)


def _claim_on_postgres(
    database: Database,
    actor: Actor,
    now: dt.datetime,
    config: ReviewConfig | None,
    roster: GraphicRoster,
    zone_name: str,
) -> Claim | None:
    """One round trip when the facts this process kept for the reviewer still hold; otherwise
    two (see `claim_postgres`), with the expiry sweep in its own transaction between them when
    the read says a lease has run out."""
    with claim_postgres.claim_connection(database) as connection:
        kept = claim_postgres.kept_facts(database, actor.person_id)
        if kept is not None:
            try:
                return _claim_best(
                    connection, actor, kept, now, config, roster, zone_name, check_facts=True
                )
            except _KeptFactsChanged:
                pass  # read them afresh
        facts = claim_postgres.read_reviewer_facts(
            database, connection, actor.person_id, now, now - EXPOSURE_LOOKBACK
        )
        if facts.leases_expired and _sweep_due(database, now):
            with database.engine.begin() as sweeping:
                _sweep_expired(sweeping, now)
        return _claim_best(connection, actor, facts, now, config, roster, zone_name)


class _KeptFactsChanged(Exception):
    """The facts kept for the reviewer no longer hold; nothing was claimed."""


def _claim_best(
    connection: psycopg.Connection[Any],
    actor: Actor,
    facts: claim_postgres.ReviewerFacts,
    now: dt.datetime,
    config: ReviewConfig | None,
    roster: GraphicRoster,
    zone_name: str,
    *,
    check_facts: bool = False,
) -> Claim | None:
    """The best case of the first lane that has one for the reviewer, or None. With
    `check_facts` the statement claims only while `facts` still hold (else _KeptFactsChanged)."""
    config = config or facts.config
    allowed = eligibility_from(
        actor, facts.minors_trained, facts.exposure, now, config, roster, zone_name
    )
    expires = now + dt.timedelta(minutes=config.lease_minutes)
    attempt = claim_postgres.try_claim(
        connection,
        _postgres_lanes(actor.has(Role.SENIOR_REVIEWER), excluded_flags(allowed)),
        holder=actor.person_id,
        now=now,
        expires=expires,
        kept=facts if check_facts else None,
    )
    if not attempt.facts_held:
        raise _KeptFactsChanged
    if attempt.claimed is None or attempt.picked_from is None:
        return None
    return Claim(
        case_id=attempt.claimed,
        lease_expires_at=expires,
        claimed_from=CaseState(attempt.picked_from),
    )


def held_case(session: Session, actor: Actor, case_id: int, now: dt.datetime) -> Case:
    """The case, locked for this transaction, when the actor holds a live lease on it."""
    case = session.get(Case, case_id, with_for_update=True)
    if case is None:
        raise CaseNotFound(case_id=case_id)
    if case.state != CaseState.CLAIMED or case.lease_holder_id != actor.person_id:
        raise LeaseNotHeld(case_id=case_id)
    if case.lease_expires_at is None or case.lease_expires_at <= now:
        raise LeaseExpired(case_id=case_id)
    return case


def extend_lease(
    database: Database,
    actor: Actor,
    case_id: int,
    *,
    now: dt.datetime | None = None,
    config: ReviewConfig | None = None,
) -> dt.datetime:
    """Renew a live lease for another lease period from now; returns the new expiry."""
    require_role(actor, Role.REVIEWER)
    now = now or utcnow()
    with database.begin() as session:
        config = config or load_config(session)
        case = held_case(session, actor, case_id, now)
        next_state(case.state, CaseEvent.EXTEND)
        case.lease_expires_at = now + dt.timedelta(minutes=config.lease_minutes)
        case.version += 1
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="extend",
            subject=f"case:{case_id}",
            details={"until": case.lease_expires_at.isoformat()},
            at=now,
        )
        return case.lease_expires_at


def release(
    database: Database,
    actor: Actor,
    case_id: int,
    *,
    reason: str = "skip",
    now: dt.datetime | None = None,
) -> CaseState:
    """Give a held case back (a skip); it returns to the state it was claimed from."""
    require_role(actor, Role.REVIEWER)
    now = now or utcnow()
    with database.begin() as session:
        case = held_case(session, actor, case_id, now)
        case.state = next_state(case.state, CaseEvent.RELEASE, case.resume_state)
        clear_lease(case)
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="release",
            subject=f"case:{case_id}",
            details={"reason": reason, "returned_to": case.state.value},
            at=now,
        )
        return case.state


def clear_lease(case: Case) -> None:
    """Forget the lease (after release, expiry or a decision)."""
    case.resume_state = None
    case.lease_holder_id = None
    case.lease_started_at = None
    case.lease_expires_at = None
    case.version += 1


def expire_leases(database: Database, now: dt.datetime | None = None) -> list[int]:
    """Return every case whose lease has run out to the queue; the ids returned (system job)."""
    now = now or utcnow()
    expired: list[int] = []
    while True:
        with database.begin() as session:
            batch = _sweep_expired(session, now)
        expired += batch
        if len(batch) < EXPIRY_SWEEP_LIMIT:
            return expired
