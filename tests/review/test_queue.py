"""Claiming: leases, priority order, eligibility, extension, release and expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert

from review import claim_postgres
from review.config import ReviewConfig, change_setting
from review.errors import LeaseExpired, LeaseNotHeld
from review.exposure import ExposureRules
from review.models import Case, ExposureEntry, queue_cell_where, queue_cells
from review.queue import claim_next, expire_leases, extend_lease, release
from review.roster_link import FixedRoster
from review.states import CaseState
from tests.review.conftest import T0, add_person
from vigil.access import AccessDenied
from vigil.audit import AuditEvent, verify_chain
from vigil.people import Person
from vigil.roles import Role

MINUTE = dt.timedelta(minutes=1)


def test_claim_leases_the_case_for_ten_minutes_and_audits_it(database, reviewer, make_case):
    case_id = make_case()
    claim = claim_next(database, reviewer, now=T0)
    assert claim is not None and claim.case_id == case_id
    assert claim.lease_expires_at == T0 + 10 * MINUTE
    with database.begin() as session:
        case = session.get(Case, case_id)
        assert case.state == CaseState.CLAIMED and case.lease_holder_id == reviewer.person_id
        events = session.query(AuditEvent).filter_by(action="claim").all()
        assert [event.subject for event in events] == [f"case:{case_id}"]
        assert verify_chain(session) == []


def test_an_empty_queue_gives_nothing(database, reviewer):
    assert claim_next(database, reviewer, now=T0) is None


def test_two_reviewers_never_hold_the_same_case(database, reviewer, other_reviewer, make_case):
    make_case()
    assert claim_next(database, reviewer, now=T0) is not None
    assert claim_next(database, other_reviewer, now=T0) is None


def test_the_highest_priority_case_is_claimed_first(database, reviewer, make_case):
    plain = make_case(received_at=T0)
    minor = make_case(received_at=T0, suspected_minor=True)
    older = make_case(received_at=T0 - dt.timedelta(hours=5))
    senior = add_person(database, "s@vigil.test", [Role.SENIOR_REVIEWER])
    order = [claim_next(database, senior, now=T0).case_id for _ in range(3)]
    assert order == [minor, older, plain]


def _queued_by_priority(database, **flags) -> list[int]:
    with database.begin() as session:
        cases = session.query(Case).filter_by(state=CaseState.QUEUED, **flags).all()
        return [case.id for case in sorted(cases, key=lambda case: (case.sort_key, case.id))][::-1]


def _claim_all(database, actor, **options) -> list[int]:
    claimed = []
    while (claim := claim_next(database, actor, now=T0, **options)) is not None:
        claimed.append(claim.case_id)
    return claimed


@pytest.mark.parametrize("who", ["senior", "untrained", "off graphic"])
def test_the_queue_is_served_in_priority_order_across_its_cells(database, make_case, who):
    # The queue is cut into cells (minors or not, graphic or not); whichever cells a reviewer
    # may take, they get the best case of them all, not the best of one cell first.
    for hours in range(18):
        make_case(
            received_at=T0 - dt.timedelta(hours=hours),
            suspected_minor=hours % 2 == 0,
            severity_tier=1 + hours % 3,
            victim_request=hours % 4 == 0,
        )
    roles = [Role.SENIOR_REVIEWER] if who == "senior" else [Role.REVIEWER]
    actor = add_person(database, f"{who.replace(' ', '')}@vigil.test", roles)
    flags, options = {}, {}
    if who != "senior":
        flags["suspected_minor"] = False
    if who == "off graphic":
        flags["graphic"] = False
        options["roster"] = FixedRoster(set())
    expected = _queued_by_priority(database, **flags)
    assert len(expected) >= 3
    assert _claim_all(database, actor, **options) == expected


def test_a_senior_is_served_their_escalations_then_the_pool_then_second_reviews_then_the_queue(
    database, reviewer, senior, make_case
):
    # Lanes come before priority: the queue's best case (a minors victim request) waits until
    # every case waiting for a senior is taken.
    make_case(suspected_minor=True, victim_request=True, severity_tier=3)
    waiting = {}
    for state, facts in [
        (CaseState.SECOND_REVIEW, {"first_decider_id": reviewer.person_id}),
        (CaseState.ESCALATED, {}),
        (CaseState.ESCALATED, {"escalated_to_id": senior.person_id}),
    ]:
        case_id = make_case(severity_tier=1)
        with database.begin() as session:
            case = session.get(Case, case_id)
            case.state = state
            for name, value in facts.items():
                setattr(case, name, value)
        waiting[case_id] = state
    claims = [claim_next(database, senior, now=T0) for _ in range(4)]
    assert [claim.case_id for claim in claims[:3]] == list(waiting)[::-1]
    assert [claim.claimed_from for claim in claims] == [
        *list(waiting.values())[::-1],
        CaseState.QUEUED,
    ]
    with database.begin() as session:
        events = session.query(AuditEvent).filter_by(action="claim")
        assert {event.subject: event.details["from"] for event in events} == {
            f"case:{claim.case_id}": claim.claimed_from.value for claim in claims
        }
        assert verify_chain(session) == []


def test_each_kind_of_reviewer_walks_only_its_own_queue_cells_on_postgres(database, reviewer):
    # PostgreSQL has no index hints; the cells are disjoint so that no other index can serve a
    # cell's branch (an index over every waiting case was once chosen for untrained reviewers,
    # who then walked past every minors case on each claim).
    if database.is_sqlite:
        pytest.skip("SQLite's statements name their index (INDEXED BY)")
    with database.begin() as session:
        session.execute(
            insert(Case),
            [
                {
                    "state": CaseState.QUEUED,
                    "severity_tier": 1 + number % 3,
                    "graphic": number % 3 > 0,
                    "suspected_minor": number % 7 == 0,
                    "received_at": T0,
                    "deadline_at": T0 + dt.timedelta(hours=24),
                    "report_count": 1,
                    "copy_count": 0,
                    "sort_key": number,
                    "version": 1,
                }
                for number in range(3000)
            ],
        )
    with claim_postgres.claim_connection(database) as connection:
        connection.execute("ANALYZE cases")
        for excluded in [(), ("suspected_minor",), ("graphic",), ("suspected_minor", "graphic")]:
            cells = queue_cells(excluded)
            statement = claim_postgres.claim_sql(
                (tuple(queue_cell_where(cell, "postgresql") for cell in cells),)
            )
            plan = connection.execute(
                "EXPLAIN (FORMAT JSON) " + statement,
                {
                    "holder": 1,
                    "now": T0,
                    "expires": T0,
                    "actor": "",
                    "j_actor": "",
                    "j_at": "",
                    "j_until": "",
                },
            ).fetchone()[0]
            # Every scan of cases but the UPDATE's look-up of the chosen case by its key.
            walked = {
                node.get("Index Name", node["Node Type"])
                for node in _plan_nodes(plan[0]["Plan"])
                if node.get("Relation Name") == "cases"
                and node["Node Type"].endswith("Scan")
                and node.get("Index Name") != "pk_cases"
            }
            assert walked == set(cells), excluded


def _plan_nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


def test_minors_cases_go_only_to_trained_or_senior_reviewers(database, reviewer, make_case):
    make_case(suspected_minor=True)
    assert claim_next(database, reviewer, now=T0) is None
    trained = add_person(database, "t@vigil.test", [Role.REVIEWER], minors_trained=True)
    assert claim_next(database, trained, now=T0) is not None


def test_a_manager_without_reviewer_role_cannot_claim(database, manager, make_case):
    make_case()
    with pytest.raises(AccessDenied):
        claim_next(database, manager, now=T0)


def _spend(database, person_id, minutes, at):
    with database.begin() as session:
        session.add(
            ExposureEntry(
                person_id=person_id,
                kind="screen",
                started_at=at,
                seconds=minutes * 60,
                severity_tier=2,
                weighted_minutes=minutes,
            )
        )


def test_a_reviewer_over_the_stretch_budget_gets_only_non_graphic_work(
    database, reviewer, make_case
):
    graphic = make_case(severity_tier=3)
    mild = make_case(severity_tier=1, received_at=T0 - dt.timedelta(hours=1))
    _spend(database, reviewer.person_id, 120, T0 - 120 * MINUTE)
    claim = claim_next(database, reviewer, now=T0)
    assert claim.case_id == mild
    assert claim_next(database, reviewer, now=T0) is None
    assert graphic


def test_just_under_the_stretch_budget_graphic_work_is_still_served(database, reviewer, make_case):
    graphic = make_case(severity_tier=3)
    _spend(database, reviewer.person_id, 119.9, T0 - 120 * MINUTE)
    assert claim_next(database, reviewer, now=T0).case_id == graphic


def test_after_a_break_graphic_work_is_served_again(database, reviewer, make_case):
    graphic = make_case(severity_tier=2)
    _spend(database, reviewer.person_id, 120, T0 - 135 * MINUTE)  # ended 15 minutes ago
    assert claim_next(database, reviewer, now=T0).case_id == graphic


# On PostgreSQL a reviewer's next claim reuses the facts their last claim read, once its statement
# has checked that they still hold; each test below changes one fact between two claims.


def test_a_budget_spent_since_the_last_claim_gets_no_graphic_case(database, reviewer, make_case):
    first = make_case(severity_tier=3, received_at=T0 - 3 * MINUTE)
    graphic = make_case(severity_tier=3, received_at=T0 - 2 * MINUTE)
    mild = make_case(severity_tier=1, received_at=T0 - 60 * MINUTE)
    assert claim_next(database, reviewer, now=T0).case_id == first
    _spend(database, reviewer.person_id, 120, T0 - 120 * MINUTE)

    assert claim_next(database, reviewer, now=T0).case_id == mild
    with database.begin() as session:
        assert session.get(Case, graphic).state == CaseState.QUEUED


def test_a_break_over_since_the_last_claim_serves_graphic_work_again(database, reviewer, make_case):
    make_case(severity_tier=1, received_at=T0 - 60 * MINUTE)
    make_case(severity_tier=1, received_at=T0 - 50 * MINUTE)
    graphic = make_case(severity_tier=3, received_at=T0)
    _spend(database, reviewer.person_id, 120, T0 - 120 * MINUTE)
    assert claim_next(database, reviewer, now=T0) is not None  # a mild one: a break is due

    assert claim_next(database, reviewer, now=T0 + 20 * MINUTE).case_id == graphic


def test_minors_training_given_since_the_last_claim_serves_minors_cases(
    database, reviewer, make_case
):
    make_case(received_at=T0 - 60 * MINUTE)
    minors = make_case(suspected_minor=True)
    assert claim_next(database, reviewer, now=T0) is not None
    with database.begin() as session:
        session.get(Person, reviewer.person_id).minors_trained = True

    assert claim_next(database, reviewer, now=T0).case_id == minors


def test_a_lease_length_changed_since_the_last_claim_applies_to_the_next(
    database, reviewer, admin, make_case
):
    make_case()
    make_case()
    assert claim_next(database, reviewer, now=T0).lease_expires_at == T0 + 10 * MINUTE
    change_setting(database, admin, "lease_minutes", 4, now=T0)

    assert claim_next(database, reviewer, now=T0).lease_expires_at == T0 + 4 * MINUTE


def test_a_lease_run_out_since_the_last_claim_is_swept_before_the_next(
    database, reviewer, other_reviewer, make_case
):
    held = make_case(received_at=T0 - 60 * MINUTE)
    make_case(received_at=T0)
    make_case(received_at=T0 - MINUTE)
    assert claim_next(database, other_reviewer, now=T0).case_id == held
    assert claim_next(database, reviewer, now=T0) is not None

    later = T0 + 11 * MINUTE
    assert claim_next(database, reviewer, now=later).case_id == held


def test_postgres_reads_the_facts_again_only_when_they_changed(
    database, reviewer, make_case, monkeypatch
):
    if database.is_sqlite:
        pytest.skip("SQLite reads the facts in the claim's own transaction")
    reads = []
    read = claim_postgres.read_reviewer_facts

    def counted_read(*args):
        reads.append(args[2])
        return read(*args)

    monkeypatch.setattr(claim_postgres, "read_reviewer_facts", counted_read)
    for _ in range(4):
        make_case(severity_tier=1)
    claim_next(database, reviewer, now=T0)
    claim_next(database, reviewer, now=T0 + MINUTE)
    assert len(reads) == 1
    _spend(database, reviewer.person_id, 1, T0)
    claim_next(database, reviewer, now=T0 + 2 * MINUTE)
    claim_next(database, reviewer, now=T0 + 3 * MINUTE)
    assert len(reads) == 2


def test_a_reviewer_not_rostered_on_graphic_review_gets_only_non_graphic_work(
    database, reviewer, make_case
):
    make_case(severity_tier=2)
    roster = FixedRoster(set())
    assert claim_next(database, reviewer, now=T0, roster=roster) is None
    assert claim_next(database, reviewer, now=T0, roster=FixedRoster({reviewer.person_id}))


def test_extend_renews_the_lease_from_now(database, reviewer, make_case):
    case_id = make_case()
    claim_next(database, reviewer, now=T0)
    until = extend_lease(database, reviewer, case_id, now=T0 + 9 * MINUTE)
    assert until == T0 + 19 * MINUTE


def test_an_expired_lease_cannot_be_extended(database, reviewer, make_case):
    case_id = make_case()
    claim_next(database, reviewer, now=T0)
    with pytest.raises(LeaseExpired):
        extend_lease(database, reviewer, case_id, now=T0 + 10 * MINUTE)


def test_only_the_holder_can_extend_or_release(database, reviewer, other_reviewer, make_case):
    case_id = make_case()
    claim_next(database, reviewer, now=T0)
    with pytest.raises(LeaseNotHeld):
        extend_lease(database, other_reviewer, case_id, now=T0)
    with pytest.raises(LeaseNotHeld):
        release(database, other_reviewer, case_id, now=T0)


def test_release_returns_the_case_to_the_queue(database, reviewer, other_reviewer, make_case):
    case_id = make_case()
    claim_next(database, reviewer, now=T0)
    assert release(database, reviewer, case_id, now=T0 + MINUTE) == CaseState.QUEUED
    assert claim_next(database, other_reviewer, now=T0 + MINUTE).case_id == case_id


def test_a_lease_still_live_at_its_last_second_is_not_taken(
    database, reviewer, other_reviewer, make_case
):
    make_case()
    claim_next(database, reviewer, now=T0)
    assert claim_next(database, other_reviewer, now=T0 + 10 * MINUTE) is None


def test_an_expired_lease_returns_the_case_to_the_next_claimer(
    database, reviewer, other_reviewer, make_case
):
    case_id = make_case()
    claim_next(database, reviewer, now=T0)
    later = T0 + 10 * MINUTE + dt.timedelta(seconds=1)
    claim = claim_next(database, other_reviewer, now=later)
    assert claim.case_id == case_id
    with database.begin() as session:
        actions = [e.action for e in session.query(AuditEvent).order_by(AuditEvent.id)]
        assert actions == ["claim", "lease_expired", "claim"]


def test_expire_leases_sweeps_every_expired_case(database, reviewer, other_reviewer, make_case):
    ids = {make_case() for _ in range(3)}
    for _ in range(3):
        claim_next(database, reviewer, now=T0)
    assert set(expire_leases(database, now=T0 + 11 * MINUTE)) == ids


def test_the_lease_length_is_configurable(database, reviewer, make_case):
    make_case()
    config = ReviewConfig(lease_minutes=3, exposure=ExposureRules())
    assert claim_next(database, reviewer, now=T0, config=config).lease_expires_at == T0 + 3 * MINUTE
