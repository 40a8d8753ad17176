"""A victim's request goes through review's own intake: near-duplicates join their case, a
decision already taken is applied again without a human view, and a request with nothing usable
files nothing. The published roster opens the desk to whoever it puts on the hotline now."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from liaison.desk import may_work_desk
from liaison.errors import InvalidVictimRequest
from review.media.synthetic import draw_scene, encode, reencoded, rotated
from review.models import Report
from scheduler.publishing import PublishedRoster
from scheduler.schema import SEOUL, Demand, Roster, RosterProblem, ShiftAssignment, StaffMember
from tests.liaison.conftest import T0, picture, takedown_urls
from tests.scheduler.builders import store_roster

HOUR = dt.timedelta(hours=1)


def test_a_recompressed_turned_copy_joins_the_decided_case_and_gets_its_decision(
    database, file_request, decide_case
):
    first = file_request(urls=("https://t.me/leaks/101",), files=[picture(7)])
    decide_case(first.case_ids[0], now=T0 + HOUR)

    copy = encode(rotated(reencoded(draw_scene(7)), 1))
    again = file_request(urls=("https://x.com/someone/status/9",), files=[copy], now=T0 + 2 * HOUR)

    assert again.case_ids == first.case_ids
    assert "https://x.com/someone/status/9" in takedown_urls(database, first.case_ids[0])


def test_nothing_is_filed_when_no_file_is_usable_and_no_address_given(database, file_request):
    with pytest.raises(InvalidVictimRequest) as refused:
        file_request(urls=(), files=[b"\xff\xd8\xff\xe0 not really a picture"])
    assert refused.value.code == "liaison.request_no_usable_file"
    with database.begin() as session:
        assert session.scalars(select(Report.id)).first() is None


def _publish(database, day: dt.date, on_hotline: int, on_graphic: int) -> None:
    staff = (on_hotline, on_graphic)
    problem = RosterProblem(
        start=day,
        days=1,
        staff=tuple(StaffMember(id=str(p), name=f"p{p}", contract_hours=40) for p in staff),
        demand=tuple(Demand(h, "hotline", 1) for h in range(24)),
    )
    day_shift = [(on_hotline, "hotline"), (on_graphic, "graphic")]
    assignments = tuple(
        ShiftAssignment(str(p), day, "day", tuple(task for _ in range(9))) for p, task in day_shift
    )
    store_roster(database, problem, Roster(day, 1, assignments))


def test_the_published_roster_opens_the_desk_to_whoever_is_on_the_hotline_now(
    database, reviewer, senior
):
    day = dt.date(2026, 11, 30)
    _publish(database, day, on_hotline=reviewer.person_id, on_graphic=senior.person_id)
    roster = PublishedRoster(database)
    shift_start = dt.datetime.combine(day, dt.time(7), SEOUL)  # the day shift: 07:00-16:00
    with database.begin() as session:
        assert may_work_desk(session, reviewer, shift_start + HOUR, roster)
        assert not may_work_desk(session, senior, shift_start + HOUR, roster)
        # Outside the shift the roster no longer opens it.
        assert not may_work_desk(session, reviewer, shift_start - 3 * HOUR, roster)
    # The queue reads the same roster: graphic review only for the one rostered on it.
    assert roster.on_graphic_review(senior.person_id, shift_start + HOUR)
    assert not roster.on_graphic_review(reviewer.person_id, shift_start + HOUR)
