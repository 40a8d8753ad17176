"""The audit chain: intact chains verify; altering, removing or reordering an event is caught."""

from __future__ import annotations

import sqlalchemy as sa

from tests.review.conftest import T0
from vigil import audit
from vigil.audit import AuditEvent, record, shard_of, verify_chain


def _fill(database, events=6, subject="case:7"):
    with database.begin() as session:
        for number in range(events):
            record(
                session,
                actor="3",
                action="claim",
                subject=subject,
                details={"n": number, "ko": "검토"},
                at=T0,
            )
        record(session, actor="system", action="export", subject="export:1", at=T0)


def _ids(database, subject="case:7"):
    with database.begin() as session:
        return list(
            session.scalars(
                sa.select(AuditEvent.id).where(AuditEvent.subject == subject).order_by("seq")
            )
        )


def test_an_untouched_chain_verifies(database):
    _fill(database)
    with database.begin() as session:
        assert verify_chain(session) == []


def test_events_of_one_subject_form_one_ordered_chain(database):
    _fill(database)
    with database.begin() as session:
        rows = session.scalars(sa.select(AuditEvent).where(AuditEvent.subject == "case:7")).all()
        assert {row.shard for row in rows} == {shard_of("case:7")}
        assert sorted(row.seq for row in rows) == list(range(1, 7))


def test_an_altered_event_is_named(database):
    _fill(database)
    target = _ids(database)[2]
    with database.begin() as session:
        session.execute(
            sa.update(AuditEvent).where(AuditEvent.id == target).values(details={"n": 99})
        )
    with database.begin() as session:
        problems = verify_chain(session)
    assert problems[0].event_id == target and problems[0].problem == "altered"


def test_a_removed_event_is_detected_at_the_event_after_it(database):
    _fill(database)
    ids = _ids(database)
    with database.begin() as session:
        session.execute(sa.delete(AuditEvent).where(AuditEvent.id == ids[2]))
    with database.begin() as session:
        problems = verify_chain(session)
    assert problems[0].event_id == ids[3] and problems[0].problem == "removed_or_reordered"


def test_a_removed_last_event_is_detected_from_the_shard_head(database):
    _fill(database)
    ids = _ids(database)
    with database.begin() as session:
        session.execute(sa.delete(AuditEvent).where(AuditEvent.id == ids[-1]))
    with database.begin() as session:
        problems = verify_chain(session)
    assert [p.problem for p in problems] == ["tail_removed"]


def test_two_swapped_events_are_detected(database):
    _fill(database)
    ids = _ids(database)
    with database.begin() as session:
        # Swap the positions of events 2 and 3 in the chain (the seq they claim).
        session.execute(sa.update(AuditEvent).where(AuditEvent.id == ids[1]).values(seq=-1))
        session.execute(sa.update(AuditEvent).where(AuditEvent.id == ids[2]).values(seq=2))
        session.execute(sa.update(AuditEvent).where(AuditEvent.id == ids[1]).values(seq=3))
    with database.begin() as session:
        problems = verify_chain(session)
    assert problems and problems[0].event_id == ids[1]


def test_an_event_with_a_rewritten_time_is_detected(database):
    _fill(database)
    ids = _ids(database)
    with database.begin() as session:
        session.execute(
            sa.update(AuditEvent).where(AuditEvent.id == ids[0]).values(at=T0.replace(year=2025))
        )
    with database.begin() as session:
        assert verify_chain(session)[0].event_id == ids[0]


def test_the_chain_digest_changes_with_every_event(database):
    _fill(database, events=1)
    with database.begin() as session:
        before = audit.chain_digest(session)
        record(session, actor="system", action="export", subject="export:2", at=T0)
        assert audit.chain_digest(session) != before
