"""Decisions on a held case: decide, escalate, undo within the grace window, auto-decide.

A decision is final (takedown requests are drafted) unless its category needs a second review or
a mandatory escalation; then the case waits for a senior reviewer, whose decision is final.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from review.config import ReviewConfig, load_config
from review.errors import CaseNotFound, EscalationRejected, UndoNotAllowed
from review.models import Case, Decision, Escalation, TakedownEvent, TakedownRequest, TakedownStatus
from review.queue import clear_lease, held_case
from review.states import CaseEvent, CaseState, IllegalTransition, next_state
from review.takedowns import draft_takedowns
from review.taxonomy import Category
from vigil import audit
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.people import Person
from vigil.roles import Role

STAGE_FOR_LANE = {
    CaseState.QUEUED: "first",
    CaseState.SECOND_REVIEW: "second_review",
    CaseState.ESCALATED: "escalation",
}


@dataclass(frozen=True)
class DecisionOutcome:
    """What a decision did: its id, the case's new state and the takedown requests drafted."""

    decision_id: int
    case_state: CaseState
    takedown_ids: list[int]


def _next_event(stage: str, category: Category, actor: Actor, config: ReviewConfig) -> CaseEvent:
    if stage != "first":
        return CaseEvent.DECIDE
    if category.mandatory_escalation and not actor.has(Role.SENIOR_REVIEWER):
        return CaseEvent.ESCALATE
    if config.taxonomy.needs_second_review(category.code):
        return CaseEvent.DECIDE_FOR_SECOND_REVIEW
    return CaseEvent.DECIDE


def decide(
    database: Database,
    actor: Actor,
    case_id: int,
    *,
    category: str,
    actions: Iterable[str],
    policy: str,
    reason: str,
    applies_to_reuploads: bool = True,
    now: dt.datetime | None = None,
    config: ReviewConfig | None = None,
) -> DecisionOutcome:
    """Record the actor's decision on a case they hold; raises `DecisionRejected` on bad input."""
    require_role(actor, Role.REVIEWER)
    now = now or utcnow()
    actions = sorted(set(actions))
    with database.begin() as session:
        config = config or load_config(session)
        case = held_case(session, actor, case_id, now)
        chosen = config.taxonomy.check(category, actions, policy, reason)
        if case.resume_state is None:  # a claim records the lane; without it no stage is known
            raise IllegalTransition(case.state, CaseEvent.DECIDE)
        stage = STAGE_FOR_LANE[case.resume_state]
        event = _next_event(stage, chosen, actor, config)
        decision = Decision(
            case_id=case.id,
            stage=stage,
            category=category,
            actions=actions,
            policy=policy.strip(),
            reason=reason.strip(),
            applies_to_reuploads=applies_to_reuploads,
            decided_by_id=actor.person_id,
            decided_at=now,
        )
        session.add(decision)
        session.flush()
        case.state = next_state(case.state, event)
        if stage == "first":
            case.first_decider_id = actor.person_id
        clear_lease(case)
        takedown_ids: list[int] = []
        if event is CaseEvent.ESCALATE:
            _open_escalation(session, case, actor.person_id, None, "mandatory", True, now)
        elif event is CaseEvent.DECIDE:
            case.decided_at = now
            _resolve_escalations(session, case.id, now)
            takedown_ids = draft_takedowns(session, case, decision, now)
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="decision",
            subject=f"case:{case.id}",
            details={
                "decision": decision.id,
                "stage": stage,
                "category": category,
                "actions": actions,
                "policy": decision.policy,
                "state": case.state.value,
                "takedowns": takedown_ids,
            },
            at=now,
        )
        return DecisionOutcome(decision.id, case.state, takedown_ids)


def _open_escalation(
    session: Session,
    case: Case,
    requested_by: int | None,
    target_id: int | None,
    reason: str,
    mandatory: bool,
    now: dt.datetime,
) -> Escalation:
    case.escalated_to_id = target_id
    escalation = Escalation(
        case_id=case.id,
        requested_by_id=requested_by,
        target_id=target_id,
        reason=reason,
        mandatory=mandatory,
        created_at=now,
    )
    session.add(escalation)
    session.flush()
    audit.record(
        session,
        actor=audit.actor_name(requested_by),
        action="escalation",
        subject=f"case:{case.id}",
        details={"escalation": escalation.id, "to": target_id, "mandatory": mandatory},
        at=now,
    )
    return escalation


def _resolve_escalations(session: Session, case_id: int, now: dt.datetime) -> None:
    session.execute(
        update(Escalation)
        .where(Escalation.case_id == case_id, Escalation.resolved_at.is_(None))
        .values(resolved_at=now)
    )


def escalate(
    database: Database,
    actor: Actor,
    case_id: int,
    *,
    reason: str,
    target_id: int | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Hand a held case to a named senior reviewer, or to the senior pool (`target_id=None`)."""
    require_role(actor, Role.REVIEWER)
    now = now or utcnow()
    if not reason.strip():
        raise EscalationRejected("escalation.reason_required")
    with database.begin() as session:
        case = held_case(session, actor, case_id, now)
        if target_id is not None:
            target = session.get(Person, target_id)
            if target is None or not target.active or not target.is_senior:
                raise EscalationRejected("escalation.target_not_senior", person_id=target_id)
            if target_id == actor.person_id:
                raise EscalationRejected("escalation.to_self")
        case.state = next_state(case.state, CaseEvent.ESCALATE)
        clear_lease(case)
        escalation = _open_escalation(
            session, case, actor.person_id, target_id, reason.strip(), False, now
        )
        return escalation.id


def standing_decision(session: Session, case_id: int) -> Decision | None:
    """The decision in force on a case: the latest one that was not undone."""
    return session.scalars(
        select(Decision)
        .where(Decision.case_id == case_id, Decision.undone_at.is_(None))
        .order_by(Decision.id.desc())
        .limit(1)
    ).first()


def undo(
    database: Database,
    actor: Actor,
    case_id: int,
    *,
    now: dt.datetime | None = None,
    config: ReviewConfig | None = None,
) -> int:
    """Withdraw the actor's latest decision within the grace window; the case comes back to them
    under a fresh lease. Returns the undone decision's id."""
    require_role(actor, Role.REVIEWER)
    now = now or utcnow()
    with database.begin() as session:
        config = config or load_config(session)
        case = session.get(Case, case_id, with_for_update=True)
        if case is None:
            raise CaseNotFound(case_id=case_id)
        decision = standing_decision(session, case_id)
        if decision is None or decision.decided_by_id != actor.person_id:
            raise UndoNotAllowed("undo.not_yours", case_id=case_id)
        if now - decision.decided_at > dt.timedelta(seconds=config.undo_grace_seconds):
            raise UndoNotAllowed("undo.window_closed", seconds=int(config.undo_grace_seconds))
        try:
            case.state = next_state(case.state, CaseEvent.UNDO)
        except IllegalTransition:
            raise UndoNotAllowed("undo.case_moved_on", case_id=case_id) from None
        _withdraw_takedowns(session, decision, actor.person_id, now)
        lane = {v: k for k, v in STAGE_FOR_LANE.items()}[decision.stage]
        decision.undone_at, decision.undone_by_id = now, actor.person_id
        if decision.stage == "first":
            case.first_decider_id = None
        if lane is not CaseState.ESCALATED:
            case.escalated_to_id = None
        session.execute(
            update(Escalation)
            .where(Escalation.case_id == case_id, Escalation.created_at >= decision.decided_at)
            .values(resolved_at=now)
        )
        case.resume_state = lane
        case.lease_holder_id = actor.person_id
        case.lease_started_at = now
        case.lease_expires_at = now + dt.timedelta(minutes=config.lease_minutes)
        case.decided_at = None
        case.version += 1
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="undo",
            subject=f"case:{case_id}",
            details={"decision": decision.id, "returned_to": lane.value},
            at=now,
        )
        return decision.id


def _withdraw_takedowns(
    session: Session, decision: Decision, actor_id: int, now: dt.datetime
) -> None:
    requests = session.scalars(
        select(TakedownRequest).where(TakedownRequest.decision_id == decision.id)
    ).all()
    if any(request.status != TakedownStatus.DRAFTED for request in requests):
        raise UndoNotAllowed("undo.takedown_sent", decision_id=decision.id)
    for request in requests:
        request.status, request.status_changed_at = TakedownStatus.WITHDRAWN, now
        session.add(
            TakedownEvent(
                request_id=request.id,
                status=TakedownStatus.WITHDRAWN,
                at=now,
                actor_id=actor_id,
                kind="change",
                note="decision undone",
            )
        )


def auto_decide(
    session: Session,
    case: Case,
    *,
    category: str,
    actions: list[str],
    policy: str,
    source: str,
    now: dt.datetime,
) -> Decision:
    """Apply a known decision to a queued case with no human view (re-upload or bank match)."""
    case.state = next_state(case.state, CaseEvent.AUTO_DECIDE)
    case.decided_at = now
    decision = Decision(
        case_id=case.id,
        stage="auto",
        category=category,
        actions=sorted(actions),
        policy=policy,
        reason=f"automatic: same material as {source}",
        applies_to_reuploads=True,
        decided_by_id=None,
        decided_at=now,
        source=source,
    )
    session.add(decision)
    session.flush()
    takedown_ids = draft_takedowns(session, case, decision, now)
    audit.record(
        session,
        actor=audit.SYSTEM_ACTOR,
        action="auto_decision",
        subject=f"case:{case.id}",
        details={
            "decision": decision.id,
            "source": source,
            "category": category,
            "takedowns": takedown_ids,
        },
        at=now,
    )
    return decision
