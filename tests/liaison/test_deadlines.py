"""Platform directory and deadlines: editing, overdue flags just inside and outside the agreed
time, one escalation rung per period, counts per platform."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from liaison.deadlines import deadlines_by_platform, flag_overdue, list_overdue
from liaison.directory import (
    Contact,
    PlatformProfile,
    default_profiles,
    list_platforms,
    save_platforms,
    seed_default_platforms,
)
from liaison.errors import InvalidPlatformEntry
from liaison.models import TakedownEscalation
from review.models import TakedownStatus as S
from tests.liaison.conftest import T0, picture, takedown_urls
from vigil.access import AccessDenied
from vigil.audit import AuditEvent

SECOND = dt.timedelta(seconds=1)
HOUR = dt.timedelta(hours=1)
SENT_AT = T0 + HOUR


def test_the_default_directory_covers_the_platforms_named_in_the_brief():
    names = {profile.name for profile in default_profiles()}
    assert {"Telegram", "X", "Facebook", "Instagram", "YouTube"} <= names
    telegram = next(p for p in default_profiles() if p.code == "telegram")
    assert "t.me" in telegram.hosts and telegram.agreed_response_hours == 24


def test_seeding_twice_keeps_edits(database, manager):
    assert seed_default_platforms(database) == len(default_profiles())
    telegram = next(p for p in list_platforms(database, manager) if p.code == "telegram")
    edited = PlatformProfile(**{**telegram.__dict__, "agreed_response_hours": 12})
    assert save_platforms(database, manager, [edited]) == 1
    assert save_platforms(database, manager, [edited]) == 0  # nothing changed, nothing audited
    assert seed_default_platforms(database) == 0
    again = next(p for p in list_platforms(database, manager) if p.code == "telegram")
    assert again.agreed_response_hours == 12


def test_reviewers_read_the_directory_but_only_managers_edit_it(database, reviewer):
    with pytest.raises(AccessDenied):
        save_platforms(database, reviewer, default_profiles()[:1])


@pytest.mark.parametrize("hours", [0, 24 * 30 + 1])
def test_agreed_hours_outside_one_hour_to_thirty_days_are_refused(hours):
    with pytest.raises(InvalidPlatformEntry):
        PlatformProfile(code="x", name="X", agreed_response_hours=hours)
    PlatformProfile(code="x", name="X", agreed_response_hours=1)
    PlatformProfile(code="x", name="X", agreed_response_hours=24 * 30)


def test_a_letter_template_may_only_use_the_letter_fields():
    PlatformProfile(code="x", name="X", letter_template_en="Please remove $url ($category)")
    with pytest.raises(InvalidPlatformEntry) as refused:
        PlatformProfile(code="x", name="X", letter_template_en="Dear $victim_name")
    assert refused.value.params["field"] == "victim_name"


def _sent_request(file_request, decide_case, answer, database, url="https://t.me/leaks/101"):
    filed = file_request(urls=[url], files=[picture(7)])
    decide_case(filed.case_ids[0], now=T0)
    takedown = takedown_urls(database, filed.case_ids[0])[url]
    answer(takedown, S.SENT, now=SENT_AT)
    return takedown


def test_a_request_is_overdue_only_after_the_agreed_time(
    database, manager, file_request, decide_case, answer
):
    seed_default_platforms(database)
    takedown = _sent_request(file_request, decide_case, answer, database)
    assert list_overdue(database, manager, SENT_AT + 24 * HOUR) == []
    (late,) = list_overdue(database, manager, SENT_AT + 24 * HOUR + SECOND)
    assert late.takedown_id == takedown and late.platform_name == "Telegram"
    assert late.next_contact == Contact("Trust & Safety desk", "trust-safety@telegram.invalid")


def test_escalation_climbs_one_rung_per_agreed_period_and_is_audited(
    database, manager, file_request, decide_case, answer
):
    seed_default_platforms(database)
    takedown = _sent_request(file_request, decide_case, answer, database)
    assert flag_overdue(database, None, SENT_AT + 24 * HOUR) == []
    assert len(flag_overdue(database, None, SENT_AT + 24 * HOUR + SECOND)) == 1
    assert flag_overdue(database, None, SENT_AT + 30 * HOUR) == []  # rung 2 not due yet
    assert flag_overdue(database, None, SENT_AT + 48 * HOUR) == []  # due strictly after 48 h
    assert len(flag_overdue(database, manager, SENT_AT + 48 * HOUR + SECOND)) == 1
    assert flag_overdue(database, None, SENT_AT + 500 * HOUR) == []  # ladder exhausted
    with database.begin() as session:
        rungs = session.scalars(
            select(TakedownEscalation.contact_name).order_by(TakedownEscalation.level)
        ).all()
        events = session.scalars(
            select(AuditEvent.details).where(AuditEvent.action == "takedown_escalated")
        ).all()
    assert rungs == ["Trust & Safety desk", "Regional policy lead"]
    assert [event["takedown"] for event in events] == [takedown, takedown]
    (counts,) = deadlines_by_platform(database, manager, SENT_AT + 500 * HOUR)
    assert (counts.platform, counts.awaiting, counts.overdue, counts.escalations) == (
        "telegram",
        1,
        1,
        2,
    )


def test_a_shorter_agreed_time_makes_requests_overdue_sooner(
    database, manager, file_request, decide_case, answer
):
    seed_default_platforms(database)
    telegram = next(p for p in list_platforms(database, manager) if p.code == "telegram")
    save_platforms(
        database, manager, [PlatformProfile(**{**telegram.__dict__, "agreed_response_hours": 2})]
    )
    _sent_request(file_request, decide_case, answer, database)
    assert list_overdue(database, manager, SENT_AT + 2 * HOUR) == []
    assert len(list_overdue(database, manager, SENT_AT + 2 * HOUR + SECOND)) == 1


def test_removed_and_refused_requests_are_no_longer_awaited(
    database, manager, file_request, decide_case, answer
):
    takedown = _sent_request(file_request, decide_case, answer, database)
    answer(takedown, S.REMOVED, now=SENT_AT + HOUR)
    assert list_overdue(database, manager, SENT_AT + 100 * HOUR) == []


def test_a_site_missing_from_the_directory_gets_the_default_24_hours_and_no_ladder(
    database, manager, file_request, decide_case, answer
):
    _sent_request(file_request, decide_case, answer, database, "https://leaks.example.net/v/1")
    (late,) = list_overdue(database, manager, SENT_AT + 24 * HOUR + SECOND)
    assert late.platform_name == "leaks.example.net" and late.next_contact is None
    assert flag_overdue(database, None, SENT_AT + 100 * HOUR) == []
