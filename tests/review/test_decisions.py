"""Decisions: policy and reason required, second review, escalation, undo in the grace window."""

from __future__ import annotations

import datetime as dt

import pytest

from review.decisions import decide, escalate, undo
from review.errors import EscalationRejected, LeaseNotHeld, UndoNotAllowed
from review.models import (
    Case,
    Decision,
    Report,
    ReportSource,
    ReportUrl,
    TakedownRequest,
    TakedownStatus,
)
from review.platforms import platform_for
from review.queue import claim_next
from review.states import CaseState, IllegalTransition
from review.takedowns import update_takedown
from review.taxonomy import DecisionRejected
from tests.review.conftest import T0, add_person
from vigil.audit import AuditEvent, verify_chain
from vigil.roles import Role

SECOND = dt.timedelta(seconds=1)
DEEPFAKE = {"category": "deepfake_sexual", "policy": "Art. 44-7(1)", "reason": "synthetic face"}


def _with_url(database, case_id, url="https://t.me/channel/42"):
    with database.begin() as session:
        report = Report(source=ReportSource.HOTLINE, received_at=T0)
        session.add(report)
        session.flush()
        session.add(
            ReportUrl(
                report_id=report.id,
                case_id=case_id,
                url=url,
                normalised=url,
                platform=platform_for(url).code,
            )
        )


def test_a_violating_decision_drafts_one_takedown_per_url(database, reviewer, make_case):
    case_id = make_case()
    _with_url(database, case_id)
    _with_url(database, case_id, "https://x.com/a/status/1")
    claim_next(database, reviewer, now=T0)
    outcome = decide(
        database,
        reviewer,
        case_id,
        actions=["access_block", "deletion_request"],
        now=T0,
        **DEEPFAKE,
    )
    assert outcome.case_state == CaseState.DECIDED
    assert len(outcome.takedown_ids) == 2
    with database.begin() as session:
        platforms = {r.platform for r in session.query(TakedownRequest)}
        assert platforms == {"telegram", "x"}
        assert verify_chain(session) == []


def test_a_claimed_case_without_its_lane_is_refused_before_a_decision_is_written(
    database, reviewer, make_case
):
    case_id = make_case()
    claim_next(database, reviewer, now=T0)
    with database.begin() as session:
        session.get(Case, case_id).resume_state = None
    with pytest.raises(IllegalTransition):
        decide(database, reviewer, case_id, actions=["access_block"], now=T0, **DEEPFAKE)
    with database.begin() as session:
        assert session.query(Decision).count() == 0


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"policy": " "}, "decision.policy_required"),
        ({"reason": ""}, "decision.reason_required"),
        ({"category": "nonsense"}, "decision.unknown_category"),
    ],
)
def test_a_decision_needs_a_known_category_a_policy_and_a_reason(
    database, reviewer, make_case, change, code
):
    case_id = make_case()
    claim_next(database, reviewer, now=T0)
    with pytest.raises(DecisionRejected) as raised:
        decide(database, reviewer, case_id, actions=["no_action"], now=T0, **(DEEPFAKE | change))
    assert raised.value.code == code
    with database.begin() as session:
        assert session.query(Decision).count() == 0


def test_a_decision_without_the_lease_is_refused(database, reviewer, other_reviewer, make_case):
    case_id = make_case()
    claim_next(database, reviewer, now=T0)
    with pytest.raises(LeaseNotHeld):
        decide(database, other_reviewer, case_id, actions=["access_block"], now=T0, **DEEPFAKE)


def test_not_violating_goes_to_a_second_review_by_another_senior(database, reviewer, make_case):
    case_id = make_case()
    senior = add_person(database, "s@vigil.test", [Role.SENIOR_REVIEWER])
    claim_next(database, senior, now=T0)
    outcome = decide(
        database,
        senior,
        case_id,
        category="not_violating",
        actions=["no_action"],
        policy="guideline 3",
        reason="adult, consensual, public",
        now=T0,
    )
    assert outcome.case_state == CaseState.SECOND_REVIEW
    assert claim_next(database, senior, now=T0) is None  # not their own second review
    assert claim_next(database, reviewer, now=T0) is None  # reviewers do not do second reviews
    second = add_person(database, "s2@vigil.test", [Role.SENIOR_REVIEWER])
    assert claim_next(database, second, now=T0).case_id == case_id
    final = decide(database, second, case_id, actions=["access_block"], now=T0, **DEEPFAKE)
    assert final.case_state == CaseState.DECIDED


def test_csam_by_a_reviewer_is_escalated_and_needs_a_police_referral(
    database, reviewer, senior, make_case
):
    case_id = make_case()
    claim_next(database, reviewer, now=T0)
    csam = {"category": "csam", "policy": "Act on Protection of Children", "reason": "minor"}
    with pytest.raises(DecisionRejected) as raised:
        decide(database, reviewer, case_id, actions=["access_block"], now=T0, **csam)
    assert raised.value.code == "decision.action_required"
    outcome = decide(
        database, reviewer, case_id, actions=["access_block", "police_referral"], now=T0, **csam
    )
    assert outcome.case_state == CaseState.ESCALATED and outcome.takedown_ids == []
    assert claim_next(database, senior, now=T0).case_id == case_id


def test_escalation_to_a_named_senior_reaches_only_them(database, reviewer, senior, make_case):
    case_id = make_case()
    other_senior = add_person(database, "s2@vigil.test", [Role.SENIOR_REVIEWER])
    claim_next(database, reviewer, now=T0)
    escalate(
        database, reviewer, case_id, reason="unsure about age", target_id=senior.person_id, now=T0
    )
    assert claim_next(database, other_senior, now=T0) is None
    assert claim_next(database, senior, now=T0).case_id == case_id


def test_escalation_to_a_non_senior_is_refused(database, reviewer, other_reviewer, make_case):
    case_id = make_case()
    claim_next(database, reviewer, now=T0)
    with pytest.raises(EscalationRejected):
        escalate(
            database, reviewer, case_id, reason="x", target_id=other_reviewer.person_id, now=T0
        )


def test_undo_inside_the_grace_window_gives_the_case_back_to_the_decider(
    database, reviewer, make_case
):
    case_id = make_case()
    _with_url(database, case_id)
    claim_next(database, reviewer, now=T0)
    decide(database, reviewer, case_id, actions=["access_block"], now=T0, **DEEPFAKE)
    undo(database, reviewer, case_id, now=T0 + 120 * SECOND)
    with database.begin() as session:
        case = session.get(Case, case_id)
        assert case.state == CaseState.CLAIMED and case.lease_holder_id == reviewer.person_id
        assert session.query(Decision).one().undone_at == T0 + 120 * SECOND
        assert session.query(TakedownRequest).one().status == TakedownStatus.WITHDRAWN
        assert "undo" in [e.action for e in session.query(AuditEvent)]
    again = decide(database, reviewer, case_id, actions=["deletion_request"], now=T0, **DEEPFAKE)
    assert again.case_state == CaseState.DECIDED


def test_undo_after_the_grace_window_is_refused(database, reviewer, make_case):
    case_id = make_case()
    claim_next(database, reviewer, now=T0)
    decide(database, reviewer, case_id, actions=["access_block"], now=T0, **DEEPFAKE)
    with pytest.raises(UndoNotAllowed) as raised:
        undo(database, reviewer, case_id, now=T0 + 121 * SECOND)
    assert raised.value.code == "undo.window_closed"


def test_undo_by_someone_else_is_refused(database, reviewer, other_reviewer, make_case):
    case_id = make_case()
    claim_next(database, reviewer, now=T0)
    decide(database, reviewer, case_id, actions=["access_block"], now=T0, **DEEPFAKE)
    with pytest.raises(UndoNotAllowed):
        undo(database, other_reviewer, case_id, now=T0)


def test_undo_after_a_takedown_was_sent_is_refused(database, reviewer, make_case):
    case_id = make_case()
    _with_url(database, case_id)
    claim_next(database, reviewer, now=T0)
    outcome = decide(database, reviewer, case_id, actions=["access_block"], now=T0, **DEEPFAKE)
    update_takedown(database, reviewer, outcome.takedown_ids[0], TakedownStatus.SENT, now=T0)
    with pytest.raises(UndoNotAllowed) as raised:
        undo(database, reviewer, case_id, now=T0 + SECOND)
    assert raised.value.code == "undo.takedown_sent"
