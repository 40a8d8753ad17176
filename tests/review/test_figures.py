"""Operational figures on both backends: each count at the edges of its rule, and roles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from review.figures import (
    Period,
    monthly_trends,
    platform_figures,
    queue_now,
    work_figures,
)
from review.figures_wellbeing import MIN_GROUP, exposure_by_person, wellbeing_figures
from review.models import Case, Decision, ExposureEntry, TakedownEvent, TakedownRequest
from review.models import TakedownStatus as S
from review.states import CaseState
from tests.review.conftest import add_person
from vigil.access import AccessDenied, Actor
from vigil.db import Database
from vigil.roles import Role

NOW = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)  # 12:00 in Seoul
H = dt.timedelta(hours=1)
# Fields that would identify someone; figures for leadership must carry none of them.
PERSONAL_FIELDS = {"name", "display_name", "email", "person", "staff", "people"}
NOVEMBER = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))


@pytest.fixture
def leader(database: Database) -> Actor:
    return add_person(database, "leader@vigil.test", [Role.LEADERSHIP])


@pytest.fixture
def manager(database: Database) -> Actor:
    return add_person(database, "manager@vigil.test", [Role.MANAGER])


def add_case(
    database: Database,
    received: dt.datetime,
    *,
    decided: dt.datetime | None = None,
    state: CaseState | None = None,
    graphic: bool = True,
) -> int:
    with database.begin() as session:
        case = Case(
            state=state or (CaseState.DECIDED if decided else CaseState.QUEUED),
            graphic=graphic,
            received_at=received,
            deadline_at=received + 24 * H,
            sort_key=0,
            decided_at=decided,
        )
        session.add(case)
        session.flush()
        if decided is not None:
            session.add(
                Decision(
                    case_id=case.id,
                    stage="first",
                    category="ncii",
                    actions=["deletion_request"],
                    policy="p",
                    reason="r",
                    decided_at=decided,
                )
            )
        return case.id


def add_request(
    database: Database,
    case_id: int,
    platform: str,
    created: dt.datetime,
    *,
    removed: dt.datetime | None = None,
    sent: dt.datetime | None = None,
    status: S | None = None,
) -> None:
    with database.begin() as session:
        decision_id = session.query(Decision.id).filter(Decision.case_id == case_id).scalar()
        status = status or (S.REMOVED if removed else S.SENT)
        request = TakedownRequest(
            case_id=case_id,
            decision_id=decision_id,
            url=f"https://{platform}.example/{uuid.uuid4().hex}",
            platform=platform,
            actions=["deletion_request"],
            status=status,
            created_at=created,
            status_changed_at=removed or sent or created,
            removed_at=removed,
        )
        session.add(request)
        session.flush()
        if sent is not None:
            session.add(TakedownEvent(request_id=request.id, status=S.SENT, at=sent, kind="change"))


def add_exposure(database: Database, person_id: int, at: dt.datetime, minutes: float) -> None:
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


def test_the_queue_now_counts_waiting_cases_past_and_near_their_deadline(
    database: Database, leader: Actor
) -> None:
    add_case(database, NOW - 24 * H - dt.timedelta(seconds=1))  # just past its deadline
    add_case(database, NOW - 24 * H)  # deadline is now: not past yet, due within 4 h
    add_case(database, NOW - 20 * H, graphic=False)  # deadline exactly 4 h away: not "within"
    add_case(database, NOW - 30 * H, decided=NOW - 10 * H)  # decided: not waiting
    add_case(database, NOW - 2 * H, state=CaseState.ESCALATED)

    queue = queue_now(database, leader, NOW)

    assert queue.waiting == 4
    assert queue.waiting_graphic == 3
    assert queue.past_deadline == 1
    assert queue.due_within_4h == 1
    assert queue.by_state == {"decided": 1, "escalated": 1, "queued": 3}
    assert queue.oldest_waiting_hours == pytest.approx(24 + 1 / 3600)


def test_a_case_decided_at_its_deadline_counts_as_within_24_hours_and_a_second_later_does_not(
    database: Database, leader: Actor
) -> None:
    received = NOW - 3 * 24 * H
    add_case(database, received, decided=received + 24 * H)
    add_case(database, received, decided=received + 24 * H + dt.timedelta(seconds=1))
    add_case(database, received)  # never decided, deadline passed: a miss
    add_case(database, NOW - 23 * H)  # deadline still ahead: not judged yet

    work = work_figures(database, leader, NOVEMBER, NOW)

    assert work.received == 4
    assert work.judged == 3
    assert work.decided_within_24h == 1
    assert work.decided_within_24h_share == pytest.approx(1 / 3)


def test_a_case_is_taken_down_within_24_hours_only_when_every_request_was_removed_in_time(
    database: Database, leader: Actor
) -> None:
    received = NOW - 5 * 24 * H
    deadline = received + 24 * H
    all_in_time = add_case(database, received, decided=received + 2 * H)
    add_request(database, all_in_time, "naver", received + 3 * H, removed=deadline)
    add_request(database, all_in_time, "kakao", received + 3 * H, removed=deadline - H)
    one_late = add_case(database, received, decided=received + 2 * H)
    add_request(database, one_late, "naver", received + 3 * H, removed=deadline - H)
    add_request(
        database, one_late, "x", received + 3 * H, removed=deadline + dt.timedelta(seconds=1)
    )
    still_open = add_case(database, received, decided=received + 2 * H)
    add_request(database, still_open, "telegram", received + 3 * H, sent=received + 4 * H)

    work = work_figures(database, leader, NOVEMBER, NOW)

    assert work.taken_down_judged == 3
    assert work.taken_down_within_24h == 1


def test_decisions_are_counted_on_the_agencys_calendar_day(
    database: Database, leader: Actor
) -> None:
    seoul_midnight = dt.datetime(2026, 11, 10, 15, 0, tzinfo=dt.UTC)  # 11-11 00:00 in Seoul
    add_case(database, NOW - 20 * 24 * H, decided=seoul_midnight - dt.timedelta(seconds=1))
    add_case(database, NOW - 20 * 24 * H, decided=seoul_midnight)
    add_case(database, NOW - 20 * 24 * H, decided=seoul_midnight + 2 * H)

    per_day = {
        d.day: d.count for d in work_figures(database, leader, NOVEMBER, NOW).decisions_per_day
    }

    assert per_day[dt.date(2026, 11, 10)] == 1
    assert per_day[dt.date(2026, 11, 11)] == 2
    assert max(per_day) == dt.date(2026, 11, 20)  # no days after today


def test_platform_figures_give_removal_rate_median_time_and_overdue_at_the_agreed_time(
    database: Database, leader: Actor
) -> None:
    received = NOW - 10 * 24 * H
    case_id = add_case(database, received, decided=received + H)
    for hours in (2, 4, 9):
        add_request(database, case_id, "naver", received + H, removed=received + H + hours * H)
    add_request(database, case_id, "naver", received + H, status=S.REFUSED)
    # Telegram agreed 48 hours: sent exactly 48 h ago is not overdue yet, a second more is.
    add_request(database, case_id, "telegram", received + H, sent=NOW - 48 * H)
    add_request(
        database, case_id, "telegram", received + 2 * H, sent=NOW - 48 * H - dt.timedelta(seconds=1)
    )
    # X keeps the default 24 hours.
    add_request(database, case_id, "x", received + 3 * H, sent=NOW - 25 * H)

    figures = {
        f.platform: f
        for f in platform_figures(database, leader, NOVEMBER, {"telegram": 48}, now=NOW)
    }

    naver = figures["naver"]
    assert (naver.requests, naver.removed) == (4, 3)
    assert naver.removal_rate == pytest.approx(0.75)
    assert naver.median_hours_to_removal == pytest.approx(4.0)
    assert (figures["telegram"].awaiting, figures["telegram"].overdue) == (2, 1)
    assert figures["x"].overdue == 1


def test_monthly_trends_follow_the_agencys_calendar_month(
    database: Database, leader: Actor
) -> None:
    first_of_november = dt.datetime(2026, 10, 31, 15, 0, tzinfo=dt.UTC)  # 11-01 00:00 Seoul
    add_case(database, first_of_november - dt.timedelta(seconds=1), decided=first_of_november)
    add_case(database, first_of_november, decided=first_of_november + 30 * H)
    year = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    months = {m.month: m for m in monthly_trends(database, leader, year, NOW)}

    assert months["2026-10"].received == 1
    assert months["2026-10"].decisions == 0
    assert months["2026-11"].received == 1
    assert months["2026-11"].decisions == 2
    assert months["2026-10"].decided_within_24h_share == 1.0
    assert months["2026-11"].decided_within_24h_share == 0.0


def _staff(database: Database, count: int) -> list[int]:
    return [
        add_person(database, f"staff{k}@vigil.test", [Role.REVIEWER]).person_id
        for k in range(count)
    ]


def test_days_at_80_percent_of_the_budget_are_near_the_cap_and_just_below_are_not(
    database: Database, leader: Actor
) -> None:
    people = _staff(database, MIN_GROUP)
    day = NOW - 2 * 24 * H
    add_exposure(database, people[0], day, 192.0)  # 80 % of 240
    add_exposure(database, people[1], day, 191.9)
    add_exposure(database, people[2], day, 240.1)  # over the budget too
    add_exposure(database, people[3], day, 240.0)  # at the budget: near, not over
    add_exposure(database, people[4], day, 10.0)

    figures = wellbeing_figures(database, leader, NOVEMBER)

    assert figures.withheld is False
    assert (figures.staff_exposed, figures.person_days) == (5, 5)
    assert figures.person_days_near_cap == 3
    assert figures.person_days_over_cap == 1
    assert figures.staff_near_cap_share == pytest.approx(0.6)
    assert sum(band.person_days for band in figures.bands) == 5


def test_wellbeing_is_withheld_below_the_minimum_group_and_shown_at_it(
    database: Database, leader: Actor
) -> None:
    people = _staff(database, MIN_GROUP)
    for person in people[:-1]:
        add_exposure(database, person, NOW - 24 * H, 100.0)
    assert wellbeing_figures(database, leader, NOVEMBER).withheld is True
    assert wellbeing_figures(database, leader, NOVEMBER).bands == ()

    add_exposure(database, people[-1], NOW - 24 * H, 100.0)
    assert wellbeing_figures(database, leader, NOVEMBER).withheld is False


def test_leadership_gets_no_person_in_any_figure_and_no_per_person_exposure(
    database: Database, leader: Actor, manager: Actor
) -> None:
    people = _staff(database, MIN_GROUP)
    for person in people:
        add_exposure(database, person, NOW - 24 * H, 200.0)
    case_id = add_case(database, NOW - 48 * H, decided=NOW - 40 * H)
    add_request(database, case_id, "x", NOW - 40 * H, removed=NOW - 30 * H)

    results = [
        queue_now(database, leader, NOW),
        work_figures(database, leader, NOVEMBER, NOW),
        *platform_figures(database, leader, NOVEMBER, now=NOW),
        *monthly_trends(database, leader, NOVEMBER, NOW),
        wellbeing_figures(database, leader, NOVEMBER),
    ]
    for result in results:
        for name in _field_names(result):
            assert not name.endswith("_id") and name not in PERSONAL_FIELDS, name
    with pytest.raises(AccessDenied):
        exposure_by_person(database, leader, NOVEMBER)

    rows = exposure_by_person(database, manager, NOVEMBER)
    assert sorted(row.person_id for row in rows) == sorted(people)
    assert all(row.days_near_cap == 1 for row in rows)


def _field_names(value: object) -> list[str]:
    names: list[str] = []
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            names.append(field.name)
            inner = getattr(value, field.name)
            for item in inner if isinstance(inner, tuple) else [inner]:
                names += _field_names(item)
    return names


def test_reviewers_may_read_no_figures(database: Database) -> None:
    reviewer = add_person(database, "reviewer@vigil.test", [Role.REVIEWER])
    calls = [
        lambda: queue_now(database, reviewer, NOW),
        lambda: work_figures(database, reviewer, NOVEMBER, NOW),
        lambda: platform_figures(database, reviewer, NOVEMBER, now=NOW),
        lambda: monthly_trends(database, reviewer, NOVEMBER, NOW),
        lambda: wellbeing_figures(database, reviewer, NOVEMBER),
        lambda: exposure_by_person(database, reviewer, NOVEMBER),
    ]
    for call in calls:
        with pytest.raises(AccessDenied):
            call()
