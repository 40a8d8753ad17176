"""Claim-next on PostgreSQL in one round trip, or two: the hot path of every reviewer.

1. One read: the settings, the reviewer's minors training, their exposure of the last 36 h and
   whether any lease has run out (so the expiry sweep runs only when there is something to do).
2. One data-modifying statement: pick the best eligible case `FOR UPDATE SKIP LOCKED` (the
   first lane's best, over every lane the reviewer has and every queue cell they may take),
   bump its audit shard's head (the event hash computed in SQL over the same canonical JSON
   that `vigil.audit.verify_chain` recomputes), take the lease, insert the audit event.

The facts of the read are kept per process and reviewer. The reviewer's next claim skips the
read: its statement first checks, in its own snapshot, that the facts are still exactly those
kept (the same settings text, the same training, the same exposure entries, no lease run out)
and claims nothing when they are not; the caller then reads afresh and claims in two. Eligibility
is recomputed from the facts at every claim, so a break that ends or a day that turns is seen
at once. With 32 claimers on 2 cores the read's round trip cost a quarter of the throughput: every
round trip puts a claimer back in a crowded run queue.

Both run in autocommit on a plain psycopg connection kept for this purpose, so there is no
BEGIN/COMMIT round trip, no pool pre-ping and no SQLAlchemy statement compilation per claim;
psycopg prepares the statements on the server after a few uses. The single statement is atomic:
the lease and its audit event commit together or not at all. The head is bumped before the case
is updated, so a case whose shard has no head row is never claimed unaudited; `try_claim` creates
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
LEASE_RUN_OUT_SQL = """COALESCE((SELECT lease_expires_at FROM cases WHERE state = 'claimed'
          ORDER BY lease_expires_at LIMIT 1) < %(now)s, false)"""
SETTINGS_SQL = "(SELECT json_object_agg(key, value ORDER BY key)::text FROM review_settings)"
MINORS_TRAINED_SQL = "COALESCE((SELECT minors_trained FROM people WHERE id = %(person)s), false)"
ELIGIBILITY_SQL = f"""
SELECT {SETTINGS_SQL}, {MINORS_TRAINED_SQL}, e.ids, e.started, e.seconds, e.weighted,
       {LEASE_RUN_OUT_SQL}
FROM (
    SELECT array_agg(id ORDER BY id) AS ids, array_agg(started_at ORDER BY id) AS started,
           array_agg(seconds ORDER BY id) AS seconds,
           array_agg(weighted_minutes ORDER BY id) AS weighted
    FROM exposure_entries WHERE person_id = %(person)s AND started_at >= %(since)s
) AS e
"""
# The facts kept are still the facts. Exposure entries are only ever appended, each starting at
# most a heartbeat (five minutes) before it is written, so a new one always falls after `since`.
FACTS_UNCHANGED_SQL = f"""
    {SETTINGS_SQL} IS NOT DISTINCT FROM %(settings)s
    AND {MINORS_TRAINED_SQL} = %(minors_trained)s
    AND (SELECT COALESCE(array_agg(id ORDER BY id), '{{}}')::bigint[] FROM exposure_entries
         WHERE person_id = %(person)s AND started_at >= %(since)s) = %(exposure_ids)s::bigint[]
    AND NOT {LEASE_RUN_OUT_SQL}"""


@dataclass(frozen=True)
class ReviewerFacts:
    """What the first read returns, kept for the reviewer's next claim: the stored settings, the
    reviewer's facts, and `since`, the start of the exposure read."""

    person_id: int
    since: dt.datetime
    stored_settings: str | None
    minors_trained: bool
    exposure_ids: list[int]
    exposure: list[tuple[dt.datetime, float, float]]
    leases_expired: bool

    @property
    def config(self) -> ReviewConfig:
        return _config_from(self.stored_settings)

    def as_parameters(self) -> dict[str, Any]:
        """The parameters of `FACTS_UNCHANGED_SQL` that say these facts still hold."""
        return {
            "person": self.person_id,
            "since": self.since,
            "settings": self.stored_settings,
            "minors_trained": self.minors_trained,
            "exposure_ids": self.exposure_ids,
        }


@dataclass(frozen=True)
class Attempt:
    """What one claim statement did: the case it picked, the state it picked it from and the
    case it leased (None when no lane had a case, or the picked case's audit shard had no head
    yet), and whether the kept facts it checked still held (always True when it checked none)."""

    picked: int | None
    picked_from: str | None
    claimed: int | None
    facts_held: bool = True


@functools.lru_cache(maxsize=32)
def _config_from(stored: str | None) -> ReviewConfig:
    # Settings rarely change: parse and validate each distinct stored text once per process.
    return apply_settings(json.loads(stored) if stored else {})


def _details_sql(state: str) -> str:
    # The event's details as `canonical_json` writes them: {"from": <state>, "until": <expiry>}.
    # States are plain lower-case words, which JSON needs no escaping for.
    return f"""('{{"from":"' || {state} || '","until":' || %(j_until)s::text || '}}')"""


def _hash_sql() -> str:
    return audit.pg_event_hash_sql(
        {
            "action": "'\"claim\"'",
            "actor": "%(j_actor)s::text",
            "at": "%(j_at)s::text",
            "details": _details_sql("picked.state"),
            "prev_hash": "'\"' || h.hash || '\"'",
            "seq": "(h.seq + 1)::text",
            "shard": "h.shard::text",
            "subject": "'\"case:' || picked.id || '\"'",
        }
    )


@functools.cache
def claim_sql(lanes: tuple[tuple[str, ...], ...], checks_facts: bool = False) -> str:
    """The one-statement claim: the best case of the first of the `lanes` that has one. A lane
    is the SQL conditions of its branches, each a fixed condition on `cases` that one index
    serves (a queue cell, `review.models.QUEUE_CELLS`, or a senior lane). With `checks_facts`
    it claims only while the kept facts hold (`FACTS_UNCHANGED_SQL`).

    One statement for every lane, so a senior whose escalations are empty still claims in one
    round trip (lane by lane, four: 380 claims/s against 1,000). Each branch locks its own best
    case with SKIP LOCKED; the cases not chosen stay locked only until the statement ends, and
    other claimers skip them meanwhile.
    """
    facts, held = "", "true"
    if checks_facts:
        facts = f"facts AS (SELECT {FACTS_UNCHANGED_SQL} AS held),\n"
        held = "(SELECT held FROM facts)"
    branches = [(rank, branch) for rank, lane in enumerate(lanes) for branch in lane]
    # Each top in a subquery of its own: FOR UPDATE is not allowed beside UNION ALL itself.
    tops = "\n    UNION ALL\n    ".join(
        f"SELECT * FROM (SELECT id, state, sort_key, {rank} AS lane FROM cases\n"
        f"     WHERE {branch} AND {held}\n"
        f"     ORDER BY sort_key DESC, id DESC LIMIT 1 FOR UPDATE SKIP LOCKED) AS top{number}"
        for number, (rank, branch) in enumerate(branches)
    )
    return f"""
WITH {facts}picked AS (
    SELECT id, state FROM (
    {tops}
    ) AS tops ORDER BY lane, sort_key DESC, id DESC LIMIT 1
), bump AS (
    UPDATE audit_heads AS h
    SET seq = h.seq + 1, prev_hash = h.hash, hash = {_hash_sql()}
    FROM picked WHERE h.shard = mod(picked.id, {audit.AUDIT_SHARDS})
    RETURNING h.shard, h.seq, h.prev_hash, h.hash, picked.id AS case_id, picked.state
), claimed AS (
    UPDATE cases AS c
    SET state = '{CaseState.CLAIMED.value}', resume_state = c.state,
        lease_holder_id = %(holder)s, lease_started_at = %(now)s,
        lease_expires_at = %(expires)s, version = c.version + 1
    FROM bump WHERE c.id = bump.case_id
    RETURNING c.id
), recorded AS (
    INSERT INTO audit_events (shard, seq, at, actor, action, subject, details, prev_hash, hash)
    SELECT shard, seq, %(now)s, %(actor)s, 'claim', 'case:' || case_id,
           {_details_sql("bump.state")}::json, prev_hash, hash
    FROM bump
)
SELECT (SELECT id FROM picked), (SELECT state FROM picked), (SELECT id FROM claimed), {held}
"""


class _Connections:
    """Idle autocommit connections of one process to one database."""

    def __init__(self, database: Database) -> None:
        self.pid = os.getpid()
        self.database = weakref.ref(database)
        self.idle: list[psycopg.Connection[Any]] = []
        self.lock = threading.Lock()
        # The facts of each reviewer's last read; one small entry per reviewer who claims here.
        self.kept_facts: dict[int, ReviewerFacts] = {}

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


def kept_facts(database: Database, person_id: int) -> ReviewerFacts | None:
    """The facts this process last read for the reviewer, if it read any."""
    return _connections(database).kept_facts.get(person_id)


def read_reviewer_facts(
    database: Database,
    connection: psycopg.Connection[Any],
    person_id: int,
    now: dt.datetime,
    since: dt.datetime,
) -> ReviewerFacts:
    """Settings, minors training, recent exposure and expired leases in one statement; kept
    for the reviewer's next claim."""
    row = connection.execute(
        ELIGIBILITY_SQL, {"person": person_id, "now": now, "since": since}, prepare=True
    ).fetchone()
    assert row is not None  # the aggregates always give one row
    stored, minors, ids, started, seconds, weighted, expired = row
    facts = ReviewerFacts(
        person_id=person_id,
        since=since,
        stored_settings=stored,
        minors_trained=bool(minors),
        exposure_ids=list(ids or []),
        exposure=list(zip(started or [], seconds or [], weighted or [], strict=True)),
        leases_expired=bool(expired),
    )
    _connections(database).kept_facts[person_id] = facts
    return facts


def try_claim(
    connection: psycopg.Connection[Any],
    lanes: tuple[tuple[str, ...], ...],
    *,
    holder: int,
    now: dt.datetime,
    expires: dt.datetime,
    kept: ReviewerFacts | None = None,
) -> Attempt:
    """One claim statement (two when the picked case's audit shard has no head row yet: it is
    created and the statement sent again); with `kept` facts it claims only while they hold."""
    actor = audit.actor_name(holder)
    params = {
        "holder": holder,
        "now": now,
        "expires": expires,
        "actor": actor,
        "j_actor": json.dumps(actor),
        "j_at": json.dumps(audit.canonical_at(now)),
        "j_until": json.dumps(expires.isoformat()),
        **(kept.as_parameters() if kept else {}),
    }
    statement = claim_sql(lanes, checks_facts=kept is not None)
    attempt = _attempt(connection, statement, params)
    if attempt.picked is not None and attempt.claimed is None:  # its shard had no head yet
        create_head(connection, attempt.picked)
        attempt = _attempt(connection, statement, params)
    return attempt


def _attempt(connection: psycopg.Connection[Any], statement: str, params: dict) -> Attempt:
    row = connection.execute(statement, params, prepare=True).fetchone()
    assert row is not None
    return Attempt(picked=row[0], picked_from=row[1], claimed=row[2], facts_held=bool(row[3]))


def create_head(connection: psycopg.Connection[Any], case_id: int) -> None:
    """Create the head row of the case's audit shard if it is missing."""
    connection.execute(
        "INSERT INTO audit_heads (shard, seq, hash, prev_hash) VALUES (%s, 0, %s, %s) "
        "ON CONFLICT (shard) DO NOTHING",
        (audit.shard_of(f"case:{case_id}"), audit.GENESIS_HASH, audit.GENESIS_HASH),
    )
