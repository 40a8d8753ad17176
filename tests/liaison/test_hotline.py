"""The contact log: times just inside and outside the limits, and the arrival history."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.emergency import (
    DEFAULT_EMERGENCY_NUMBERS,
    EmergencyNumber,
    emergency_numbers,
    save_emergency_numbers,
)
from liaison.errors import InvalidContactLog, InvalidEmergencyContact, NotOnHotlineDesk
from liaison.hotline import MAX_CONTACT, ContactLog, call_history, log_contact
from liaison.models import Channel, ContactOutcome
from tests.liaison.conftest import T0
from vigil.access import AccessDenied

MINUTE = dt.timedelta(minutes=1)


def _log(start=T0, end=T0 + 10 * MINUTE, language="ko"):
    return ContactLog(start, end, Channel.PHONE, language, ContactOutcome.ADVICE_GIVEN)


def test_a_contact_may_last_six_hours_but_not_a_minute_more():
    _log(end=T0 + MAX_CONTACT)
    with pytest.raises(InvalidContactLog):
        _log(end=T0 + MAX_CONTACT + MINUTE)


def test_a_contact_cannot_end_before_it_starts():
    _log(end=T0)
    with pytest.raises(InvalidContactLog):
        _log(end=T0 - MINUTE)


def test_a_contact_may_end_five_minutes_ahead_of_the_clock_but_not_six(database, hotline):
    log_contact(database, hotline, _log(end=T0 + 5 * MINUTE), now=T0)
    with pytest.raises(InvalidContactLog):
        log_contact(database, hotline, _log(end=T0 + 6 * MINUTE), now=T0)


def test_a_language_must_be_a_code():
    with pytest.raises(InvalidContactLog):
        _log(language="Korean")


def test_the_history_is_the_arrivals_in_a_half_open_window(database, hotline, manager):
    for minutes in (0, 30, 60):
        log_contact(database, hotline, _log(T0 + minutes * MINUTE, T0 + (minutes + 9) * MINUTE),
                    now=T0 + 2 * dt.timedelta(hours=1))  # fmt: skip
    rows = call_history(database, manager, T0, T0 + 60 * MINUTE)
    assert [row.started_at for row in rows] == [T0, T0 + 30 * MINUTE]
    assert rows[0].handling_seconds == 9 * 60


def test_only_desk_staff_log_contacts(database, reviewer):
    with pytest.raises(NotOnHotlineDesk):
        log_contact(database, reviewer, _log(), now=T0 + MINUTE * 20)


def test_the_panel_shows_the_korean_defaults_until_the_agency_saves_its_own(
    database, manager, reviewer
):
    assert emergency_numbers(database) == list(DEFAULT_EMERGENCY_NUMBERS)
    assert {"112", "1366", "109", "02-735-8994"} <= {e.number for e in emergency_numbers(database)}
    mine = [EmergencyNumber("1366", "여성긴급전화", "Women's emergency line")]
    save_emergency_numbers(database, manager, mine)
    assert emergency_numbers(database) == mine
    with pytest.raises(AccessDenied):
        save_emergency_numbers(database, reviewer, mine)
    with pytest.raises(InvalidEmergencyContact):
        save_emergency_numbers(database, manager, [])
    with pytest.raises(InvalidEmergencyContact):
        EmergencyNumber("call me", "x", "x")
