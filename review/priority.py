"""Queue priority: a score, and the reasons that make it up, each a code the UI can translate.

The deadline part grows linearly with time (`URGENCY_POINTS_PER_HOUR` per hour, from 0 when a report
arrives to 240 at its 24-hour deadline, and on past it). Because every case gains urgency at the
same rate, the ordering never changes with time, so the database can store one sort key
(`sort_key`) and index it, instead of recomputing every score on every claim.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

DEADLINE_HOURS = 24
URGENCY_POINTS_PER_HOUR = 10
SECONDS_PER_URGENCY_POINT = 3600 // URGENCY_POINTS_PER_HOUR

SUSPECTED_MINOR_POINTS = 400
VICTIM_REQUEST_POINTS = 250
BANK_MATCH_POINTS = 150
SEVERITY_POINTS = {1: 0, 2: 100, 3: 200}
EXTRA_REPORT_POINTS, MAX_EXTRA_REPORTS = 15, 10
EXTRA_COPY_POINTS, MAX_EXTRA_COPIES = 5, 20


class InvalidCaseFacts(ValueError):
    """The facts given for a priority are impossible (no reports, unknown tier, naive time)."""


@dataclass(frozen=True)
class Reason:
    """One rule's share of a score: a message code, its parameters and the points it adds."""

    code: str
    points: int
    params: dict[str, int | str] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseFacts:
    """What priority is computed from."""

    suspected_minor: bool
    victim_request: bool
    severity_tier: int
    deadline_at: dt.datetime
    report_count: int
    copy_count: int
    bank_match: bool = False

    def __post_init__(self) -> None:
        if self.severity_tier not in SEVERITY_POINTS:
            raise InvalidCaseFacts(f"severity tier must be one of {sorted(SEVERITY_POINTS)}")
        if self.report_count < 1 or self.copy_count < 0:
            raise InvalidCaseFacts("a case has at least one report and no negative copy count")
        if self.deadline_at.tzinfo is None:
            raise InvalidCaseFacts("the deadline must be time-zone aware")


def deadline_for(received_at: dt.datetime) -> dt.datetime:
    """The 24-hour deadline of a report received at `received_at`."""
    return received_at + dt.timedelta(hours=DEADLINE_HOURS)


def static_reasons(facts: CaseFacts) -> list[Reason]:
    """The reasons that do not change with time, in the order they are shown."""
    reasons: list[Reason] = []
    if facts.suspected_minor:
        reasons.append(Reason("priority.suspected_minor", SUSPECTED_MINOR_POINTS))
    if facts.victim_request:
        reasons.append(Reason("priority.victim_request", VICTIM_REQUEST_POINTS))
    if facts.bank_match:
        reasons.append(Reason("priority.bank_match", BANK_MATCH_POINTS))
    severity = SEVERITY_POINTS[facts.severity_tier]
    if severity:
        reasons.append(Reason("priority.severity", severity, {"tier": facts.severity_tier}))
    extra_reports = min(facts.report_count - 1, MAX_EXTRA_REPORTS)
    if extra_reports > 0:
        reasons.append(
            Reason(
                "priority.reports",
                extra_reports * EXTRA_REPORT_POINTS,
                {"count": facts.report_count},
            )
        )
    extra_copies = min(max(facts.copy_count - 1, 0), MAX_EXTRA_COPIES)
    if extra_copies > 0:
        reasons.append(
            Reason("priority.copies", extra_copies * EXTRA_COPY_POINTS, {"count": facts.copy_count})
        )
    return reasons


def static_points(facts: CaseFacts) -> int:
    """The time-independent part of the score."""
    return sum(reason.points for reason in static_reasons(facts))


def urgency_reason(deadline_at: dt.datetime, now: dt.datetime) -> Reason:
    """The deadline's share of the score at `now`."""
    seconds_left = (deadline_at - now).total_seconds()
    elapsed = DEADLINE_HOURS * 3600 - seconds_left
    points = int(elapsed // SECONDS_PER_URGENCY_POINT)
    if seconds_left < 0:
        overdue_minutes = int(-seconds_left // 60)
        return Reason("priority.deadline_overdue", points, {"minutes": overdue_minutes})
    return Reason("priority.deadline_left", points, {"minutes": int(seconds_left // 60)})


def explain(facts: CaseFacts, now: dt.datetime) -> tuple[int, list[Reason]]:
    """The score at `now` and every reason behind it ("why is this first")."""
    reasons = [*static_reasons(facts), urgency_reason(facts.deadline_at, now)]
    return sum(reason.points for reason in reasons), reasons


def sort_key(facts: CaseFacts) -> int:
    """A time-independent key that orders cases exactly as their scores do at any moment.

    score(now) = static + (now - deadline + 24 h) / 360 s, so comparing scores at the same `now`
    is comparing static * 360 - deadline_seconds.
    """
    return static_points(facts) * SECONDS_PER_URGENCY_POINT - int(facts.deadline_at.timestamp())
