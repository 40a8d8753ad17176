"""The audit chain: append-only, hash-chained events, built for many concurrent writers.

Design: the log is split into `AUDIT_SHARDS` independent chains. An event goes to the shard of
its subject (`case:N` → N mod shards, so SQL can place a claim's event without Python; any other
subject → CRC-32), so one case's whole history is one ordered chain. Each shard has a head row
(`audit_heads`: last seq, its hash and the hash before it). Appending locks only that head row —
`UPDATE … SET seq = seq + 1 … RETURNING` takes the row lock and hands back the previous hash in
one statement — then inserts the event and stores its hash as the new head, all in the writer's
own transaction. Writers of different shards never wait for each other; with 64 shards and 32
claimers most claims find their shard free. A single global chain would make every claim wait
for the previous claim's commit, capping throughput at one transaction at a time.

Each event's hash is SHA-256 over a canonical JSON of (shard, seq, at, actor, action, subject,
details, prev_hash). `verify_chain` walks every shard in seq order and reports:
- an altered event (its stored hash no longer matches its fields),
- a removed event (a gap in seq, or a prev_hash that does not match the event before it),
- reordered events (seq or prev_hash out of step with the chain),
- a removed tail (the head names a later seq or another hash than the last event).
An attacker able to rewrite a whole shard and its head consistently is out of scope; anchoring
the heads elsewhere (e.g. printing `chain_digest` into the daily report) closes that gap.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Connection,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from vigil.db import Base, UtcDateTime, utcnow

AUDIT_SHARDS = 1024
GENESIS_HASH = "0" * 64
SYSTEM_ACTOR = "system"


class AuditEvent(Base):
    """One event in one shard's chain. Never updated, never deleted."""

    __tablename__ = "audit_events"
    __table_args__ = (
        UniqueConstraint("shard", "seq", name="uq_audit_events_shard_seq"),
        Index("ix_audit_events_subject", "subject"),
        Index("ix_audit_events_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shard: Mapped[int]
    seq: Mapped[int]
    at: Mapped[dt.datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(80))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The last event of one shard; the row writers of that shard lock in turn."""

    __tablename__ = "audit_heads"

    shard: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))
    # The last event's own prev_hash. It lets one SQL statement chain an event (PostgreSQL has no
    # RETURNING of old values before 18): `SET prev_hash = hash, hash = <new>` returns both.
    prev_hash: Mapped[str] = mapped_column(String(64), server_default=GENESIS_HASH)


_events = cast(Table, AuditEvent.__table__)  # Core statements on the hot path
_heads = cast(Table, AuditHead.__table__)


def shard_of(subject: str) -> int:
    """The shard that holds `subject`'s events (stable across processes).

    Cases, the busiest subjects, go by id (`case:N` → N mod shards): the claim statement computes
    the same in SQL, and neighbouring cases — the ones concurrent claimers take — land on
    different shards. Everything else goes by CRC-32 of the subject.
    """
    kind, _, number = subject.partition(":")
    if kind == "case" and number.isdigit() and number.isascii():
        return int(number) % AUDIT_SHARDS
    return zlib.crc32(subject.encode("utf-8")) % AUDIT_SHARDS


def actor_name(person_id: int | None) -> str:
    """How an actor is written in the chain: the person id, or "system"."""
    return SYSTEM_ACTOR if person_id is None else str(person_id)


def _canonical_details(details: dict[str, Any] | None) -> dict[str, Any]:
    # Round-trip through JSON so what we hash is exactly what the database gives back.
    return json.loads(json.dumps(details or {}, sort_keys=True, ensure_ascii=False))


def canonical_at(at: dt.datetime) -> str:
    """How an event's time is written in its hashed form (UTC, microseconds)."""
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical_json(value: Any) -> str:
    """The canonical JSON text hashed for events: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(
    *,
    shard: int,
    seq: int,
    at: dt.datetime,
    actor: str,
    action: str,
    subject: str,
    details: dict[str, Any],
    prev_hash: str,
) -> str:
    """SHA-256 of the canonical JSON of an event's fields and its predecessor's hash."""
    payload = {
        "shard": shard,
        "seq": seq,
        "at": canonical_at(at),
        "actor": actor,
        "action": action,
        "subject": subject,
        "details": details,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


EVENT_FIELDS = ("action", "actor", "at", "details", "prev_hash", "seq", "shard", "subject")


def pg_event_hash_sql(json_fields: dict[str, str]) -> str:
    """A PostgreSQL expression for `event_hash`, for statements that chain events in SQL.

    `json_fields` maps each of `EVENT_FIELDS` to an SQL expression giving that field's JSON text
    as `canonical_json` writes it (e.g. `'"claim"'`, `h.seq::text`, `'"case:' || id || '"'`).
    The expression joins them in sorted key order exactly as `canonical_json` does, so
    `verify_chain` recomputes the same hash in Python. Callers must only pass text that needs
    no JSON escaping, or escape it the way `canonical_json` does.
    """
    if sorted(json_fields) != list(EVENT_FIELDS):
        raise ValueError(f"give exactly the fields {EVENT_FIELDS}")
    parts = " || ',' || ".join(f"'\"{name}\":' || ({json_fields[name]})" for name in EVENT_FIELDS)
    return f"encode(sha256(convert_to('{{' || {parts} || '}}', 'UTF8')), 'hex')"


@dataclass(frozen=True)
class Recorded:
    """Where an appended event landed."""

    shard: int
    seq: int
    hash: str


Executor = Session | Connection


def _dialect(executor: Executor) -> str:
    bind = executor.get_bind() if isinstance(executor, Session) else executor
    return bind.dialect.name


# Statements built once: appending is on every claim's path, so no per-call construction.
_BUMP = (
    update(_heads)
    .where(_heads.c.shard == bindparam("b_shard"))
    .values(seq=_heads.c.seq + 1)
    .returning(_heads.c.seq, _heads.c.hash)
)
_EVENT_VALUES = {
    "shard": bindparam("e_shard", type_=Integer()),
    "seq": bindparam("e_seq", type_=Integer()),
    "at": bindparam("e_at", type_=UtcDateTime()),
    "actor": bindparam("e_actor", type_=String()),
    "action": bindparam("e_action", type_=String()),
    "subject": bindparam("e_subject", type_=String()),
    "details": bindparam("e_details", type_=JSON()),
    "prev_hash": bindparam("e_prev_hash", type_=String()),
    "hash": bindparam("e_hash", type_=String()),
}
_INSERT_EVENT = insert(_events).values(_EVENT_VALUES)
_MOVE_HEAD = (
    update(_heads)
    .where(_heads.c.shard == bindparam("b_shard"))
    .values(hash=bindparam("b_hash", type_=String()), prev_hash=bindparam("b_prev", type_=String()))
)
# PostgreSQL: the insert rides along with the head update as a data-modifying CTE.
_INSERT_AND_MOVE_HEAD = _MOVE_HEAD.add_cte(_INSERT_EVENT.cte("new_event"))


def record(
    executor: Executor,
    *,
    actor: str,
    action: str,
    subject: str,
    details: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Recorded:
    """Append an event to its subject's shard inside the caller's transaction.

    The head row stays locked until the caller commits, so events of one shard are chained in
    commit order; if the caller rolls back, the event and the head change vanish together.
    """
    at = at or utcnow()
    details = _canonical_details(details)
    shard = shard_of(subject)
    row = executor.execute(_BUMP, {"b_shard": shard}).first()
    if row is None:
        _create_head(executor, shard)
        row = executor.execute(_BUMP, {"b_shard": shard}).one()
    seq, prev_hash = int(row[0]), str(row[1])
    digest = event_hash(
        shard=shard,
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        subject=subject,
        details=details,
        prev_hash=prev_hash,
    )
    params = {
        "e_shard": shard,
        "e_seq": seq,
        "e_at": at,
        "e_actor": actor,
        "e_action": action,
        "e_subject": subject,
        "e_details": details,
        "e_prev_hash": prev_hash,
        "e_hash": digest,
        "b_shard": shard,
        "b_hash": digest,
        "b_prev": prev_hash,
    }
    if _dialect(executor) == "postgresql":
        executor.execute(_INSERT_AND_MOVE_HEAD, params)
    else:
        executor.execute(_INSERT_EVENT, params)
        executor.execute(_MOVE_HEAD, params)
    return Recorded(shard=shard, seq=seq, hash=digest)


def _create_head(executor: Executor, shard: int) -> None:
    builder = pg_insert if _dialect(executor) == "postgresql" else sqlite_insert
    executor.execute(
        builder(_heads)
        .values(shard=shard, seq=0, hash=GENESIS_HASH, prev_hash=GENESIS_HASH)
        .on_conflict_do_nothing(index_elements=["shard"])
    )


@dataclass(frozen=True)
class ChainProblem:
    """One place where the chain does not hold; `event_id` is None for a missing tail."""

    shard: int
    seq: int
    event_id: int | None
    problem: str  # altered | removed_or_reordered | tail_removed | head_altered

    def describe(self) -> str:
        where = f"event {self.event_id}" if self.event_id is not None else "the last event"
        return f"{where} (shard {self.shard}, seq {self.seq}): {self.problem.replace('_', ' ')}"


def _rows(session: Session, batch: int) -> Iterator[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.shard, AuditEvent.seq)
    yield from session.scalars(query.execution_options(yield_per=batch))


def create_heads(executor: Executor) -> None:
    """Create every shard's head row that is missing (idempotent)."""
    for shard in range(AUDIT_SHARDS):
        _create_head(executor, shard)


def verify_chain(session: Session, batch: int = 5000) -> list[ChainProblem]:
    """Every problem in every shard, the earliest-written event first (empty when intact)."""
    problems: list[ChainProblem] = []
    heads = {head.shard: head for head in session.scalars(select(AuditHead))}
    seen: dict[int, tuple[int, str, str]] = {}
    for event in _rows(session, batch):
        last_seq, prev, _ = seen.get(event.shard, (0, GENESIS_HASH, GENESIS_HASH))
        if event.seq != last_seq + 1 or event.prev_hash != prev:
            problems.append(ChainProblem(event.shard, event.seq, event.id, "removed_or_reordered"))
        recomputed = event_hash(
            shard=event.shard,
            seq=event.seq,
            at=event.at,
            actor=event.actor,
            action=event.action,
            subject=event.subject,
            details=event.details,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            problems.append(ChainProblem(event.shard, event.seq, event.id, "altered"))
        seen[event.shard] = (event.seq, event.hash, event.prev_hash)
    for shard in sorted(set(heads) | set(seen)):
        last_seq, last_hash, last_prev = seen.get(shard, (0, GENESIS_HASH, GENESIS_HASH))
        head = heads.get(shard)
        if head is None or head.seq > last_seq:
            problems.append(ChainProblem(shard, last_seq + 1, None, "tail_removed"))
        elif head.seq != last_seq or (head.hash, head.prev_hash) != (last_hash, last_prev):
            problems.append(ChainProblem(shard, head.seq, None, "head_altered"))
    problems.sort(key=lambda p: (p.event_id is None, p.event_id or 0, p.shard, p.seq))
    return problems


def chain_digest(session: Session) -> str:
    """One hash over every shard head: print it somewhere else to anchor the whole log."""
    heads = session.execute(select(_heads.c.shard, _heads.c.seq, _heads.c.hash).order_by("shard"))
    text = ";".join(f"{shard}:{seq}:{digest}" for shard, seq, digest in heads)
    return hashlib.sha256(text.encode()).hexdigest()
