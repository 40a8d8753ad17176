"""Rows of the synthetic history: cases and reports, then what followed each decided case.

Split from `history_demo` so each file stays readable: this one says what a case's life looks
like (decision, takedowns with each platform's delays, exposure, audit events), that one decides
how many cases arrive when and writes the rows.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from review.models import ReportSource, TakedownStatus
from review.priority import SECONDS_PER_URGENCY_POINT, SEVERITY_POINTS
from review.states import CaseState

TIER_WEIGHTS = {1: 0.0, 2: 1.0, 3: 1.5}
CLOSE_AFTER_DAYS = 14
SOURCES = [s.value for s in ReportSource]
SOURCE_SHARES = [0.25, 0.2, 0.15, 0.35, 0.05]


@dataclass(frozen=True)
class PlatformHabit:
    """How a platform answers: share of the requests, median hours to removal, removal rate."""

    code: str
    share: float
    median_hours: float
    removal_rate: float
    domestic: bool = False


PLATFORM_HABITS = (
    PlatformHabit("telegram", 0.30, 90.0, 0.45),
    PlatformHabit("x", 0.20, 30.0, 0.75),
    PlatformHabit("instagram", 0.10, 16.0, 0.88),
    PlatformHabit("facebook", 0.08, 20.0, 0.85),
    PlatformHabit("youtube", 0.07, 12.0, 0.92),
    PlatformHabit("discord", 0.07, 48.0, 0.65),
    PlatformHabit("reddit", 0.05, 40.0, 0.70),
    PlatformHabit("naver", 0.06, 6.0, 0.97, domestic=True),
    PlatformHabit("kakao", 0.04, 8.0, 0.96, domestic=True),
    PlatformHabit("daum", 0.03, 8.0, 0.95, domestic=True),
)


@dataclass
class CasePlan:
    """One entry per case: arrival, kind, work, decision time (nan: still waiting) and decider."""

    received: np.ndarray  # epoch seconds
    graphic: np.ndarray
    tier: np.ndarray
    handling_minutes: np.ndarray
    decided: np.ndarray
    decider: np.ndarray
    violating: np.ndarray


@dataclass
class FollowUps:
    """Rows that follow decisions; `*_index` fields point into lists written before them."""

    decisions: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    exposure: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)


def at(seconds: float) -> dt.datetime:
    """Epoch seconds as an aware UTC datetime."""
    return dt.datetime.fromtimestamp(float(seconds), dt.UTC)


def case_rows(
    rng: np.random.Generator, plan: CasePlan, now: dt.datetime
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[int, int]]]:
    """Cases, their reports (one to three each) and (report index, case index) links."""
    cases: list[dict[str, Any]] = []
    reports: list[dict[str, Any]] = []
    links: list[tuple[int, int]] = []
    extra_reports = rng.choice([0, 1, 2], size=plan.received.size, p=[0.85, 0.12, 0.03])
    sources = rng.choice(
        SOURCES, size=plan.received.size + int(extra_reports.sum()), p=SOURCE_SHARES
    )
    for i, received_s in enumerate(plan.received):
        received = at(received_s)
        deadline = received + dt.timedelta(hours=24)
        tier = int(plan.tier[i])
        decided = None if math.isnan(plan.decided[i]) else at(plan.decided[i])
        closed_at: dt.datetime | None = None
        if decided is not None and (now - decided).days >= CLOSE_AFTER_DAYS:
            closed_at = decided + dt.timedelta(days=CLOSE_AFTER_DAYS)
        state = CaseState.QUEUED if decided is None else CaseState.DECIDED
        cases.append(
            {
                "state": CaseState.CLOSED if closed_at is not None else state,
                "severity_tier": tier,
                "graphic": bool(plan.graphic[i]),
                "received_at": received,
                "deadline_at": deadline,
                "report_count": 1 + int(extra_reports[i]),
                "copy_count": 0,
                "sort_key": SEVERITY_POINTS[tier] * SECONDS_PER_URGENCY_POINT
                - int(deadline.timestamp()),
                "first_decider_id": None if decided is None else int(plan.decider[i]),
                "created_at": received,
                "decided_at": decided,
                "closed_at": closed_at,
            }
        )
        for k in range(1 + int(extra_reports[i])):
            arrived = received + dt.timedelta(hours=float(rng.uniform(0, 6)) * k)
            links.append((len(reports), i))
            reports.append(
                {
                    "source": sources[len(reports)],
                    "received_at": arrived,
                    "severity_tier": tier,
                    "created_at": arrived,
                }
            )
    return cases, reports, links


def follow_up_rows(
    rng: np.random.Generator, plan: CasePlan, case_ids: list[int], now: dt.datetime
) -> FollowUps:
    """Decisions, takedown requests and their events, exposure and audit events."""
    rows = FollowUps()
    shares = np.array([p.share for p in PLATFORM_HABITS])
    for i in np.flatnonzero(~np.isnan(plan.decided)).tolist():
        case_id, person = case_ids[i], int(plan.decider[i])
        decided = at(plan.decided[i])
        claimed = decided - dt.timedelta(minutes=float(plan.handling_minutes[i]))
        violating = bool(plan.violating[i])
        habits = [
            PLATFORM_HABITS[k]
            for k in rng.choice(len(shares), size=1 + (rng.random() < 0.3), p=shares)
        ]
        actions = sorted(
            {"access_block" if not h.domestic else "deletion_request" for h in habits}
            if violating
            else {"no_action"}
        )
        rows.decisions.append(
            {
                "case_id": case_id,
                "stage": "first",
                "category": "deepfake_sexual" if violating else "not_violating",
                "actions": actions,
                "policy": "정보통신망법 제44조의7",
                "reason": "synthetic history",
                "applies_to_reuploads": True,
                "decided_by_id": person,
                "decided_at": decided,
            }
        )
        subject = f"case:{case_id}"
        rows.audit += [
            {"at": claimed, "actor": str(person), "action": "claim", "subject": subject},
            {"at": decided, "actor": str(person), "action": "decision", "subject": subject},
        ]
        if plan.graphic[i]:
            _exposure(rng, rows, plan, i, case_id, claimed)
        if violating:
            for number, habit in enumerate({h.code: h for h in habits}.values()):
                _takedown(rng, rows, habit, case_id, number, decided, now)
    return rows


def _exposure(
    rng: np.random.Generator,
    rows: FollowUps,
    plan: CasePlan,
    i: int,
    case_id: int,
    claimed: dt.datetime,
) -> None:
    seconds = float(plan.handling_minutes[i]) * 60 * float(rng.uniform(0.5, 0.9))
    tier = int(plan.tier[i])
    rows.exposure.append(
        {
            "person_id": int(plan.decider[i]),
            "case_id": case_id,
            "kind": "screen",
            "started_at": claimed,
            "seconds": seconds,
            "severity_tier": tier,
            "weighted_minutes": TIER_WEIGHTS[tier] * seconds / 60,
        }
    )


def _takedown(
    rng: np.random.Generator,
    rows: FollowUps,
    habit: PlatformHabit,
    case_id: int,
    number: int,
    decided: dt.datetime,
    now: dt.datetime,
) -> None:
    """One request and its events; an answer that would come after `now` has not come yet."""
    sent = decided + dt.timedelta(hours=float(rng.uniform(0.2, 2.0)))
    answer = sent + dt.timedelta(hours=float(rng.lognormal(math.log(habit.median_hours), 0.7)))
    removed = rng.random() < habit.removal_rate
    changes = [(TakedownStatus.DRAFTED, decided)]
    if sent <= now:
        changes.append((TakedownStatus.SENT, sent))
    if answer <= now:
        outcome = TakedownStatus.REMOVED if removed else rng.choice(["refused", "no_response"])
        changes.append((TakedownStatus(outcome), answer))
    status, changed = changes[-1]
    index = len(rows.requests)
    rows.requests.append(
        {
            "case_id": case_id,
            "decision_index": len(rows.decisions) - 1,
            "url": f"https://{habit.code}.example/item/{case_id}-{number}",
            "platform": habit.code,
            "actions": rows.decisions[-1]["actions"],
            "status": status,
            "created_at": decided,
            "status_changed_at": changed,
            "removed_at": changed if status == TakedownStatus.REMOVED else None,
        }
    )
    rows.events += [
        {"request_index": index, "status": s, "at": when, "kind": "change", "note": ""}
        for s, when in changes
    ]
