"""Claim-next on PostgreSQL in two round trips: the hot path of every reviewer.

1. One read: the settings, the reviewer's minors training, their exposure of the last 36 h and
   whether any lease has run out (so the expiry sweep runs only when there is something to do).
2. One data-modifying statement: pick the best eligible case `FOR UPDATE SKIP LOCKED`, bump its
   audit shard's head (the event hash computed in SQL over the same canonical JSON that
   `vigil.audit.verify_chain` recomputes), take the lease, insert the audit event.

Both run in autocommit on a plain psycopg connection kept for this purpose, so there is no
BEGIN/COMMIT round trip, no pool pre-ping and no SQLAlchemy statement compilation per claim;
psycopg prepares the statements on the server after a few uses. The single statement is atomic:
the lease and its audit event commit together or not at all. The head is bumped before the case
is updated, so a case whose shard has no head row is never claimed unaudited; the caller creates
the head and tries again.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy import event

from review.config import ReviewConfig, apply_settings
from review.states import CaseState
from vigil import audit
from vigil.db import Database

IDLE_CONNECTIONS = 4  # per process and database; more claimers at once open more, then close

# The earliest lease, not `EXISTS (… lease_expires_at < now)`: asked for an order, the planner
# walks `ix_cases_state_lease` from its first entry. For the EXISTS it may instead walk every
# claimed case through the priority index when its statistics saw no leases (measured: 7 ms and
# 6,000 rows per claim with 32 claimers, a quarter of the throughput).
ELIGIBILITY_SQL = """
SELECT s.settings, p.minors_trained, e.started, e.seconds, e.weighted,
       COALESCE((SELECT lease_expires_at FROM cases WHERE state = 'claimed'
                 ORDER BY lease_expires_at LIMIT 1) < %(now)s, false)
FROM (SELECT json_object_agg(key, value)::text AS settings FROM review_settings) AS s
LEFT JOIN people AS p ON p.id = %(person)s
CROSS JOIN (
    SELECT array_agg(started_at) AS started, array_agg(seconds) AS seconds,
           array_agg(weighted_minutes) AS weighted
    FROM exposure_entries WHERE person_id = %(person)s AND started_at >= %(since)s
) AS e
"""


@dataclass(frozen=True)
class ReviewerFacts:
    """What the first read returns: the configuration in force and the reviewer's facts."""

    config: ReviewConfig
    minors_trained: bool
    exposure: list[tuple[dt.datetime, float, float]]
    leases_expired: bool


@functools.lru_cache(maxsize=32)
def _config_from(stored: str | None) -> ReviewConfig:
    # Settings rarely change: parse and validate each distinct stored text once per process.
    return apply_settings(json.loads(stored) if stored else {})


def _hash_sql() -> str:
    return audit.pg_event_hash_sql(
        {
            "action": "'\"claim\"'",
            "actor": "%(j_actor)s::text",
            "at": "%(j_at)s::text",
            "details": "%(j_details)s::text",
            "prev_hash": "'\"' || h.hash || '\"'",
            "seq": "(h.seq + 1)::text",
            "shard": "h.shard::text",
            "subject": "'\"case:' || picked.id || '\"'",
        }
    )


@functools.cache
def claim_sql(lane: CaseState, filters: tuple[str, ...]) -> str:
    """The one-statement claim for a lane; `filters` are fixed SQL conditions on `cases`.

    States are literals, not parameters: a generic plan for `state = $1` cannot know that few
    rows are claimed and may sort the whole table.
    """
    where = " AND ".join((f"state = '{lane.value}'", *filters))
    return f"""
WITH picked AS (
    SELECT id FROM cases WHERE {where}
    ORDER BY sort_key DESC, id DESC LIMIT 1 FOR UPDATE SKIP LOCKED
), bump AS (
    UPDATE audit_heads AS h
    SET seq = h.seq + 1, prev_hash = h.hash, hash = {_hash_sql()}
    FROM picked WHERE h.shard = mod(picked.id, {audit.AUDIT_SHARDS})
    RETURNING h.shard, h.seq, h.prev_hash, h.hash, picked.id AS case_id
), claimed AS (
    UPDATE cases AS c
    SET state = '{CaseState.CLAIMED.value}', resume_state = c.state,
        lease_holder_id = %(holder)s, lease_started_at = %(now)s,
        lease_expires_at = %(expires)s, version = c.version + 1
    FROM bump WHERE c.id = bump.case_id
    RETURNING c.id
), recorded AS (
    INSERT INTO audit_events (shard, seq, at, actor, action, subject, details, prev_hash, hash)
    SELECT shard, seq, %(now)s, %(actor)s, 'claim', 'case:' || case_id, %(j_details)s::json,
           prev_hash, hash
    FROM bump
)
SELECT (SELECT id FROM picked), (SELECT id FROM claimed)
"""


class _Connections:
    """Idle autocommit connections of one process to one database."""

    def __init__(self, database: Database) -> None:
        self.pid = os.getpid()
        self.database = weakref.ref(database)
        self.idle: list[psycopg.Connection[Any]] = []
        self.lock = threading.Lock()

    def take(self) -> psycopg.Connection[Any]:
        with self.lock:
            if self.idle:
                return self.idle.pop()
        database = self.database()
        assert database is not None
        # Opened through the engine (its URL and connect arguments), then taken out of its pool.
        pooled = database.engine.raw_connection()
        connection: psycopg.Connection[Any] = pooled.driver_connection  # type: ignore[assignment]
        pooled.detach()
        connection.rollback()  # the pool's pre-ping may have opened a transaction
        connection.autocommit = True
        return connection

    def give_back(self, connection: psycopg.Connection[Any]) -> None:
        with self.lock:
            if not connection.closed and len(self.idle) < IDLE_CONNECTIONS:
                self.idle.append(connection)
                return
        connection.close()

    def close(self) -> None:
        with self.lock:
            idle, self.idle = self.idle, []
        for connection in idle:
            connection.close()


_by_database: weakref.WeakKeyDictionary[Database, _Connections] = weakref.WeakKeyDictionary()
_inherited: list[_Connections] = []  # a forked child must never close its parent's sockets
_registry_lock = threading.Lock()


def _connections(database: Database) -> _Connections:
    with _registry_lock:
        found = _by_database.get(database)
        if found is not None and found.pid == os.getpid():
            return found
        if found is not None:
            _inherited.append(found)
        fresh = _by_database[database] = _Connections(database)
        event.listen(database.engine, "engine_disposed", lambda _engine: _close_if_ours(fresh))
        return fresh


def _close_if_ours(connections: _Connections) -> None:
    if connections.pid == os.getpid():
        connections.close()


@contextmanager
def claim_connection(database: Database) -> Iterator[psycopg.Connection[Any]]:
    """An autocommit connection for the claim statements; a broken one is not reused."""
    connections = _connections(database)
    connection = connections.take()
    try:
        yield connection
    except psycopg.OperationalError:
        connection.close()
        raise
    finally:
        connections.give_back(connection)


def read_reviewer_facts(
    connection: psycopg.Connection[Any], person_id: int, now: dt.datetime, since: dt.datetime
) -> ReviewerFacts:
    """Settings, minors training, recent exposure and expired leases in one statement."""
    row = connection.execute(
        ELIGIBILITY_SQL, {"person": person_id, "now": now, "since": since}, prepare=True
    ).fetchone()
    assert row is not None  # the aggregates always give one row
    stored, minors, started, seconds, weighted, expired = row
    exposure = list(zip(started or [], seconds or [], weighted or [], strict=True))
    return ReviewerFacts(_config_from(stored), bool(minors), exposure, bool(expired))


def try_claim(
    connection: psycopg.Connection[Any],
    lane: CaseState,
    filters: tuple[str, ...],
    *,
    holder: int,
    now: dt.datetime,
    expires: dt.datetime,
    extra: dict[str, Any] | None = None,
) -> tuple[int | None, int | None]:
    """(picked, claimed) case ids: (None, None) when the lane is empty, (id, None) when the
    picked case's audit shard has no head row yet (nothing was changed)."""
    actor = audit.actor_name(holder)
    details = audit.canonical_json({"from": lane.value, "until": expires.isoformat()})
    params = {
        "holder": holder,
        "now": now,
        "expires": expires,
        "actor": actor,
        "j_actor": json.dumps(actor),
        "j_at": json.dumps(audit.canonical_at(now)),
        "j_details": details,
        **(extra or {}),
    }
    row = connection.execute(claim_sql(lane, filters), params, prepare=True).fetchone()
    assert row is not None
    return row[0], row[1]


def create_head(connection: psycopg.Connection[Any], case_id: int) -> None:
    """Create the head row of the case's audit shard if it is missing."""
    connection.execute(
        "INSERT INTO audit_heads (shard, seq, hash, prev_hash) VALUES (%s, 0, %s, %s) "
        "ON CONFLICT (shard) DO NOTHING",
        (audit.shard_of(f"case:{case_id}"), audit.GENESIS_HASH, audit.GENESIS_HASH),
    )
