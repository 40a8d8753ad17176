"""What a victim may be told about their request: plain steps, nothing about the material and
nothing about anyone else.

The status is derived from two things only: the state of the cases the victim's own report joined,
and the takedown requests for the URLs that report named. A case often gathers other people's
reports of the same material; their URLs, platforms, counts and contact never reach this answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.desk import NOBODY_ROSTERED, HotlineRoster, require_desk
from liaison.errors import UnknownReference
from liaison.models import CaseReference, PlatformEntry
from liaison.victim_requests import report_for_reference
from review.models import (
    Case,
    CaseReport,
    Decision,
    ReportUrl,
    TakedownEvent,
    TakedownRequest,
)
from review.models import TakedownStatus as S
from review.platforms import KNOWN_PLATFORMS
from review.states import CaseState
from review.taxonomy import DEFAULT_CATEGORIES
from vigil import audit
from vigil.access import Actor
from vigil.db import Database, utcnow

_VIOLATING = {category.code for category in DEFAULT_CATEGORIES if category.violating}
_IN_REVIEW = {CaseState.QUEUED, CaseState.CLAIMED, CaseState.SECOND_REVIEW, CaseState.ESCALATED}
# Takedown status → the step a victim is told. Withdrawn requests were never sent: not mentioned.
_TAKEDOWN_STEP = {
    S.DRAFTED: "removal_preparing",
    S.SENT: "removal_requested",
    S.ACKNOWLEDGED: "removal_requested",
    S.NO_RESPONSE: "removal_requested",
    S.REMOVED: "removed",
    S.REFUSED: "refused",
}


@dataclass(frozen=True)
class StatusStep:
    """One plain-words step: a code, when it happened, and its parameters (a platform's name)."""

    code: str
    at: dt.datetime
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PublicStatus:
    """Everything a victim may be told about their request, oldest step first."""

    reference: str
    language: str
    steps: list[StatusStep]

    @property
    def current(self) -> StatusStep:
        return self.steps[-1]


def platform_name(session: Session, code: str) -> str:
    """A platform's display name from the directory, the built-in list, or the site's domain."""
    entry = session.scalars(select(PlatformEntry).where(PlatformEntry.code == code)).first()
    if entry is not None:
        return entry.name
    if code in KNOWN_PLATFORMS:
        return KNOWN_PLATFORMS[code].name
    return code.removeprefix("site:")


def _case_steps(
    session: Session, case: Case, own_urls: set[str], since: dt.datetime
) -> list[StatusStep]:
    if case.state in _IN_REVIEW:
        return [StatusStep("under_review", since)]
    decision = session.scalars(
        select(Decision)
        .where(Decision.case_id == case.id, Decision.undone_at.is_(None))
        .order_by(Decision.decided_at.desc(), Decision.id.desc())
    ).first()
    decided_at = case.decided_at or (decision.decided_at if decision else case.received_at)
    if decision is None or decision.category not in _VIOLATING:
        return [StatusStep("reviewed_no_removal", decided_at)]
    steps = [StatusStep("reviewed_illegal", decided_at)]
    requests = session.scalars(
        select(TakedownRequest)
        .where(TakedownRequest.case_id == case.id, TakedownRequest.url.in_(own_urls))
        .order_by(TakedownRequest.created_at, TakedownRequest.id)
    ).all()
    for request in requests:
        name = platform_name(session, request.platform)
        if request.status is S.DRAFTED:
            steps.append(StatusStep("removal_preparing", request.created_at, {"platform": name}))
            continue
        # The request's own history: asked on one date, removed or refused on another.
        events = session.scalars(
            select(TakedownEvent)
            .where(TakedownEvent.request_id == request.id, TakedownEvent.kind != "note")
            .order_by(TakedownEvent.at, TakedownEvent.id)
        ).all()
        for event in events:
            code = _TAKEDOWN_STEP.get(event.status)
            if code is not None and code != "removal_preparing":
                steps.append(StatusStep(code, event.at, {"platform": name}))
    return steps


def status_of(session: Session, reference: CaseReference) -> PublicStatus:
    """The public status of one reference (no access check: callers check)."""
    own_urls = set(
        session.scalars(
            select(ReportUrl.normalised).where(ReportUrl.report_id == reference.report_id)
        )
    )
    cases = session.scalars(
        select(Case)
        .join(CaseReport, CaseReport.case_id == Case.id)
        .where(CaseReport.report_id == reference.report_id)
        .order_by(Case.id)
    ).all()
    steps = [StatusStep("received", reference.created_at)]
    seen: set[tuple[str, str]] = set()
    for case in cases:
        for step in _case_steps(session, case, own_urls, reference.created_at):
            key = (step.code, step.params.get("platform", ""))
            if key not in seen:
                seen.add(key)
                steps.append(step)
    # "Received" stays first even when the case was decided before this victim called.
    steps[1:] = sorted(steps[1:], key=lambda step: step.at)
    return PublicStatus(reference.reference, reference.language, steps)


def lookup_status(
    database: Database,
    actor: Actor,
    reference: str,
    *,
    now: dt.datetime | None = None,
    roster: HotlineRoster = NOBODY_ROSTERED,
) -> PublicStatus:
    """The status for a reference a victim gives; desk only, and every lookup is audited.

    An unknown and a malformed reference get the same answer, so lookups reveal nothing.
    """
    now = now or utcnow()
    with database.begin() as session:
        require_desk(session, actor, now, roster)
        row = report_for_reference(session, reference)
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="reference_lookup",
            subject=f"report:{row.report_id}" if row else "liaison:reference",
            details={"found": row is not None},
            at=now,
        )
        status = status_of(session, row) if row is not None else None
    # Raised after the commit: failed lookups stay in the audit chain (guessing shows up there).
    if status is None:
        raise UnknownReference()
    return status
