"""The victim's status lookup: plain steps from their own report only."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from liaison.errors import NotOnHotlineDesk, UnknownReference
from liaison.status import lookup_status
from liaison.templates import MessageKind, prepare_message
from liaison.victim_requests import VictimContact
from liaison.wording import describe_status
from review.models import TakedownStatus as S
from tests.liaison.conftest import T0, contact_strings, picture, takedown_urls
from vigil.audit import AuditEvent

SEOUL = ZoneInfo("Asia/Seoul")
HOUR = dt.timedelta(hours=1)
OTHER = VictimContact(name="김영희", phone="010-1111-2222", email="younghee@example.kr")


def _codes(status):
    return [(step.code, step.params.get("platform")) for step in status.steps]


def test_a_new_request_is_received_and_under_review(database, file_request, hotline):
    filed = file_request()
    status = lookup_status(database, hotline, filed.reference, now=T0)
    assert _codes(status) == [("received", None), ("under_review", None)]
    assert describe_status(status, "ko", SEOUL)[0] == "2026년 11월 2일 요청을 접수했습니다."
    assert describe_status(status, "en", SEOUL)[0] == "We received your request on 2 November 2026."


def test_the_status_follows_review_and_takedown_to_removal(
    database, file_request, hotline, decide_case, answer
):
    filed = file_request(urls=["https://t.me/leaks/101"], files=[picture(4)])
    (takedown,) = decide_case(filed.case_ids[0], now=T0 + HOUR)
    assert _codes(lookup_status(database, hotline, filed.reference))[-1] == (
        "removal_preparing",
        "Telegram",
    )
    answer(takedown, S.SENT, now=T0 + 2 * HOUR)
    answer(takedown, S.REMOVED, now=T0 + 30 * HOUR)
    status = lookup_status(database, hotline, filed.reference)
    assert _codes(status) == [
        ("received", None),
        ("reviewed_illegal", None),
        ("removal_requested", "Telegram"),
        ("removed", "Telegram"),
    ]
    assert (
        describe_status(status, "ko", SEOUL)[-1] == "2026년 11월 3일 Telegram에서 삭제되었습니다."
    )


def test_the_status_shows_nothing_of_other_victims_on_the_same_case(
    database, file_request, hotline, decide_case, answer
):
    mine = file_request(urls=["https://t.me/leaks/101"], files=[picture(5)])
    theirs = file_request(
        urls=["https://x.com/someone/status/77", "https://www.youtube.com/watch?v=abcdefghijk"],
        files=[picture(5)],
        contact=OTHER,
        now=T0 + HOUR,
    )
    assert mine.case_ids == theirs.case_ids
    decide_case(mine.case_ids[0], now=T0 + 2 * HOUR)
    by_url = takedown_urls(database, mine.case_ids[0])
    assert len(by_url) == 3
    answer(by_url["https://t.me/leaks/101"], S.SENT, now=T0 + 3 * HOUR)
    answer(by_url["https://x.com/someone/status/77"], S.SENT, S.REFUSED, now=T0 + 3 * HOUR)
    answer(
        by_url["https://www.youtube.com/watch?v=abcdefghijk"], S.SENT, S.REMOVED, now=T0 + 4 * HOUR
    )

    status = lookup_status(database, hotline, mine.reference)
    assert _codes(status) == [
        ("received", None),
        ("reviewed_illegal", None),
        ("removal_requested", "Telegram"),
    ]
    words = "\n".join(
        describe_status(status, "ko", SEOUL)
        + describe_status(status, "en", SEOUL)
        + [
            prepare_message(status, kind, lang, SEOUL).body
            for kind in MessageKind
            for lang in ("ko", "en")
        ]
    )
    for leaked in [
        "X",
        "YouTube",
        "someone",
        "abcdefghijk",
        "거절",
        "refused",
        theirs.reference,
        *contact_strings(OTHER),
        *contact_strings(),
    ]:
        # The platform "X" is one letter: the victim's own reference may hold it, so it is
        # taken out (with Telegram, whose name is allowed) before searching.
        assert leaked not in words.replace("Telegram", "").replace(mine.reference, ""), leaked
    # The other victim in turn sees their own platforms and none of mine.
    assert {p for _, p in _codes(lookup_status(database, hotline, theirs.reference))} == {
        None,
        "X",
        "YouTube",
    }


def test_a_no_action_decision_is_told_as_reviewed_without_grounds(
    database, file_request, hotline, decide_case, senior
):
    filed = file_request()
    decide_case(filed.case_ids[0], actions=["no_action"], category="not_violating")
    # "not violating" on a victim's request goes to a second review first.
    assert _codes(lookup_status(database, hotline, filed.reference))[-1][0] == "under_review"


def test_an_unknown_or_malformed_reference_gets_one_answer_and_is_audited(
    database, file_request, hotline
):
    file_request()
    for typed in ("VG-2222-2222", "nonsense", ""):
        with pytest.raises(UnknownReference) as unknown:
            lookup_status(database, hotline, typed)
        assert unknown.value.params == {}
    with database.begin() as session:
        lookups = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "reference_lookup")
        ).all()
    assert [event.details for event in lookups] == [{"found": False}] * 3


def test_a_reviewer_off_the_desk_cannot_look_up_a_reference(database, file_request, reviewer):
    filed = file_request()
    with pytest.raises(NotOnHotlineDesk):
        lookup_status(database, reviewer, filed.reference)


def test_messages_are_filled_from_the_case_in_both_languages(database, file_request, hotline):
    filed = file_request()
    status = lookup_status(database, hotline, filed.reference)
    received_ko = prepare_message(status, MessageKind.RECEIVED, "ko", SEOUL).body
    assert filed.reference in received_ko and "2026년 11월 2일" in received_ko
    update_en = prepare_message(status, MessageKind.STATUS_UPDATE, "en", SEOUL).body
    assert "- Our staff are reviewing the material you reported." in update_en
    assert "$" not in received_ko + update_en
