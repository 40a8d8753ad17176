"""Exposure budgets at the turn of the agency's day (Asia/Seoul)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from review.exposure import Exposure, ExposureRules, status

SEOUL = ZoneInfo("Asia/Seoul")
MIDNIGHT = dt.datetime(2026, 12, 3, 0, 0, tzinfo=SEOUL)


def _heartbeats(start: dt.datetime, minutes: int) -> list[Exposure]:
    """Graphic screen time of weight 1 in five-minute heartbeats, as the workspace records it."""
    return [Exposure(start + dt.timedelta(minutes=m), 300, 5.0) for m in range(0, minutes, 5)]


def test_a_stretch_that_began_before_midnight_still_counts_after_it() -> None:
    entries = _heartbeats(MIDNIGHT - dt.timedelta(minutes=70), 120)  # 22:50 to 00:50
    now = MIDNIGHT + dt.timedelta(minutes=51)

    found = status(entries, now, ExposureRules(), SEOUL)

    assert found.stretch_minutes == 120
    assert found.break_due and not found.graphic_allowed
    assert found.reasons == ("exposure.break_due",)


def test_the_daily_budget_counts_only_the_agency_day() -> None:
    entries = _heartbeats(MIDNIGHT - dt.timedelta(minutes=70), 100)  # 22:50 to 00:30
    now = MIDNIGHT + dt.timedelta(minutes=31)

    found = status(entries, now, ExposureRules(), SEOUL)

    assert found.day_minutes == 30
    assert found.stretch_minutes == 100 and found.graphic_allowed


def test_a_break_before_midnight_ends_the_stretch() -> None:
    before = _heartbeats(MIDNIGHT - dt.timedelta(minutes=150), 110)  # 21:30 to 23:20
    after = _heartbeats(MIDNIGHT - dt.timedelta(minutes=20), 60)  # 23:40 to 00:40
    now = MIDNIGHT + dt.timedelta(minutes=41)

    found = status(before + after, now, ExposureRules(), SEOUL)

    assert found.stretch_minutes == 60 and found.graphic_allowed
