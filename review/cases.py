"""Opening cases and keeping their priority in step with their facts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from review.exposure import is_graphic
from review.models import Case
from review.priority import CaseFacts, Reason, deadline_for, explain, sort_key
from review.states import CaseState


def facts_of(case: Case) -> CaseFacts:
    """The priority facts of a case."""
    return CaseFacts(
        suspected_minor=case.suspected_minor,
        victim_request=case.victim_request,
        severity_tier=case.severity_tier,
        deadline_at=case.deadline_at,
        report_count=case.report_count,
        copy_count=case.copy_count,
        bank_match=case.bank_match,
    )


def refresh_priority(case: Case) -> None:
    """Recompute the stored sort key and the graphic flag after the facts changed."""
    case.graphic = is_graphic(case.severity_tier)
    case.sort_key = sort_key(facts_of(case))


def open_case(
    session: Session,
    *,
    received_at: dt.datetime,
    severity_tier: int = 2,
    suspected_minor: bool = False,
    victim_request: bool = False,
    bank_match: bool = False,
    copy_count: int = 0,
) -> Case:
    """A new queued case for one report."""
    case = Case(
        state=CaseState.QUEUED,
        severity_tier=severity_tier,
        suspected_minor=suspected_minor,
        victim_request=victim_request,
        bank_match=bank_match,
        received_at=received_at,
        deadline_at=deadline_for(received_at),
        report_count=1,
        copy_count=copy_count,
        version=1,
    )
    refresh_priority(case)
    session.add(case)
    session.flush()
    return case


def join_case(
    case: Case,
    *,
    received_at: dt.datetime,
    severity_tier: int,
    suspected_minor: bool,
    victim_request: bool,
    new_copies: int,
    bank_match: bool = False,
) -> None:
    """Add another report (and its copies) to a case: the strongest facts win."""
    case.report_count += 1
    case.copy_count += new_copies
    case.severity_tier = max(case.severity_tier, severity_tier)
    case.suspected_minor = case.suspected_minor or suspected_minor
    case.victim_request = case.victim_request or victim_request
    case.bank_match = case.bank_match or bank_match
    if received_at < case.received_at:
        case.received_at = received_at
        case.deadline_at = deadline_for(received_at)
    refresh_priority(case)
    case.version += 1


def why_first(case: Case, now: dt.datetime) -> tuple[int, list[Reason]]:
    """The case's score at `now` and the reasons behind it."""
    return explain(facts_of(case), now)
