"""Bulk appending of historical events to the audit chain, for the synthetic history.

`vigil.audit.record` appends one event per call, which is right for live actions but would take
minutes for the 50,000 claims and decisions of a synthetic year. This writes the same chain in
bulk: events are grouped by shard, ordered by time inside each shard, hashed with
`vigil.audit.event_hash` onto the shard's current head, inserted in batches, and the heads moved,
all in the caller's transaction. `verify_chain` accepts the result like any other chain.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, insert, select, update

from vigil.audit import GENESIS_HASH, AuditEvent, AuditHead, event_hash, shard_of

BATCH = 5_000
_heads = cast(Table, AuditHead.__table__)


def append_events(connection: Connection, events: list[dict[str, Any]]) -> int:
    """Append events given as {"at", "actor", "action", "subject", "details"?}; returns how many."""
    by_shard: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        by_shard[shard_of(event["subject"])].append(event)
    heads = {
        shard: (seq, digest)
        for shard, seq, digest in connection.execute(
            select(_heads.c.shard, _heads.c.seq, _heads.c.hash)
        )
    }
    rows: list[dict[str, Any]] = []
    moved: dict[int, tuple[int, str, str]] = {}  # shard -> seq, hash, prev_hash of the last
    for shard, items in by_shard.items():
        seq, digest = heads.get(shard, (0, GENESIS_HASH))
        for event in sorted(items, key=lambda e: e["at"]):
            at: dt.datetime = event["at"]
            details = event.get("details") or {}
            seq += 1
            row = {
                "shard": shard,
                "seq": seq,
                "at": at,
                "actor": event["actor"],
                "action": event["action"],
                "subject": event["subject"],
                "details": details,
                "prev_hash": digest,
            }
            digest = event_hash(**row)
            rows.append({**row, "hash": digest})
        moved[shard] = (seq, digest, rows[-1]["prev_hash"])
    for first in range(0, len(rows), BATCH):
        connection.execute(insert(AuditEvent), rows[first : first + BATCH])
    # A head keeps the last event's hash and its prev_hash (see `vigil.audit.AuditHead`).
    known = [
        {"b_shard": s, "b_seq": q, "b_hash": h, "b_prev": p}
        for s, (q, h, p) in moved.items()
        if s in heads
    ]
    new = [
        {"shard": s, "seq": q, "hash": h, "prev_hash": p}
        for s, (q, h, p) in moved.items()
        if s not in heads
    ]
    if known:
        connection.execute(
            update(_heads)
            .where(_heads.c.shard == bindparam("b_shard"))
            .values(
                seq=bindparam("b_seq"), hash=bindparam("b_hash"), prev_hash=bindparam("b_prev")
            ),
            known,
        )
    if new:
        connection.execute(insert(_heads), new)
    return len(rows)
