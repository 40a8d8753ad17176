"""Many processes claiming and deciding at once, on both backends.

Each case must be decided exactly once and claimed exactly once (no two holders); a worker killed
in the middle of a decision leaves nothing behind, and another worker finishes its case once the
lease has expired.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import time

import pytest
import sqlalchemy as sa

from review import decisions
from review.decisions import decide
from review.errors import LeaseExpired, LeaseNotHeld
from review.models import Case, Decision
from review.priority import CaseFacts, deadline_for, sort_key
from review.queue import claim_next
from review.states import CaseState
from tests.review.conftest import T0, add_person
from vigil.audit import AuditEvent, verify_chain
from vigil.db import Database, utcnow
from vigil.roles import Role

CASES = int(os.environ.get("VIGIL_CONCURRENCY_CASES", "2000"))
WORKERS = int(os.environ.get("VIGIL_CONCURRENCY_WORKERS", "32"))
DECISION = {
    "category": "deepfake_sexual",
    "actions": ["access_block"],
    "policy": "Art. 44-7(1)",
    "reason": "synthetic face",
}


def seed_cases(database: Database, count: int, received_at: dt.datetime) -> None:
    """Queued cases inserted in bulk (the intake path is tested elsewhere)."""
    rows = []
    for number in range(count):
        at = received_at - dt.timedelta(seconds=number)
        facts = CaseFacts(False, False, 1, deadline_for(at), 1, 0)
        rows.append(
            {
                "state": CaseState.QUEUED,
                "severity_tier": 1,
                "graphic": False,
                "suspected_minor": False,
                "victim_request": False,
                "bank_match": False,
                "received_at": at,
                "deadline_at": deadline_for(at),
                "report_count": 1,
                "copy_count": 0,
                "sort_key": sort_key(facts),
                "version": 1,
                "created_at": at,
            }
        )
    with database.begin() as session:
        session.execute(sa.insert(Case), rows)


def _patiently(call, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Run `call`, again when SQLite stayed locked past its 30 s busy timeout: with 32 writers
    on two busy cores one of them can lose the lock race that long. The transaction that
    failed was rolled back whole, so trying again is what a reviewer pressing again does."""
    for _ in range(20):
        try:
            return call(*args, **kwargs)
        except sa.exc.OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.2)
    return call(*args, **kwargs)


def _work(url: str, actor, results) -> None:  # type: ignore[no-untyped-def]
    database = Database(url, pool_size=1) if not url.startswith("sqlite") else Database(url)
    decided = lost = 0
    while True:
        claim = _patiently(claim_next, database, actor)
        if claim is None:
            break
        try:
            _patiently(decide, database, actor, claim.case_id, **DECISION)
            decided += 1
        except (LeaseNotHeld, LeaseExpired):
            lost += 1
    database.dispose()
    results.put((decided, lost))


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_every_case_is_decided_exactly_once_by_many_workers(database):
    actors = [add_person(database, f"w{n}@vigil.test", [Role.REVIEWER]) for n in range(WORKERS)]
    seed_cases(database, CASES, utcnow())
    url = database.engine.url.render_as_string(hide_password=False)
    database.dispose()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    started = time.monotonic()
    workers = [context.Process(target=_work, args=(url, actor, results)) for actor in actors]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=110) for _ in workers]
    for worker in workers:
        worker.join(timeout=10)
    elapsed = time.monotonic() - started
    assert sum(decided for decided, _ in outcomes) == CASES
    assert sum(lost for _, lost in outcomes) == 0
    with database.begin() as session:
        per_case = session.execute(
            sa.select(Decision.case_id, sa.func.count()).group_by(Decision.case_id)
        ).all()
        assert len(per_case) == CASES and {count for _, count in per_case} == {1}
        claims = session.execute(
            sa.select(AuditEvent.subject, sa.func.count())
            .where(AuditEvent.action == "claim")
            .group_by(AuditEvent.subject)
        ).all()
        assert len(claims) == CASES and {count for _, count in claims} == {1}
        assert session.scalar(sa.select(sa.func.count()).where(Case.state != "decided")) == 0
        assert verify_chain(session) == []
    print(f"{CASES} cases, {WORKERS} workers, {database.engine.dialect.name}: {elapsed:.1f} s")


def _die_mid_decision(url: str, actor, claimed) -> None:  # type: ignore[no-untyped-def]
    database = Database(url)
    claim = claim_next(database, actor, now=T0)
    claimed.put(claim.case_id)

    def killed(*_args, **_kwargs):  # the process dies after the decision row was flushed
        os.kill(os.getpid(), signal.SIGKILL)

    decisions.draft_takedowns = killed  # type: ignore[assignment]
    decide(database, actor, claim.case_id, now=T0, **DECISION)


@pytest.mark.slow
def test_a_worker_killed_mid_decision_leaves_no_decision_and_its_case_is_finished(database):
    doomed = add_person(database, "doomed@vigil.test", [Role.REVIEWER])
    survivor = add_person(database, "survivor@vigil.test", [Role.REVIEWER])
    seed_cases(database, 1, T0)
    url = database.engine.url.render_as_string(hide_password=False)
    database.dispose()
    context = multiprocessing.get_context("fork")
    claimed = context.Queue()
    worker = context.Process(target=_die_mid_decision, args=(url, doomed, claimed))
    worker.start()
    case_id = claimed.get(timeout=30)
    worker.join(timeout=30)
    assert worker.exitcode == -signal.SIGKILL
    with database.begin() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0
        case = session.get(Case, case_id)
        assert case.state == CaseState.CLAIMED and case.lease_holder_id == doomed.person_id
    assert claim_next(database, survivor, now=T0 + dt.timedelta(minutes=5)) is None
    later = T0 + dt.timedelta(minutes=10, seconds=1)
    assert claim_next(database, survivor, now=later).case_id == case_id
    outcome = decide(database, survivor, case_id, now=later, **DECISION)
    assert outcome.case_state == CaseState.DECIDED
    with database.begin() as session:
        assert [d.decided_by_id for d in session.query(Decision)] == [survivor.person_id]
        assert verify_chain(session) == []
