"""Readable names of penalty terms, shared by the model and the validator so they agree.

A name says which rule, whom and when, in words a manager can read in a cost breakdown.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache


@lru_cache(maxsize=8192)  # a month's hours, named again for every task and every shift window
def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def graphic_daily(staff: str, day: date, limit: int) -> str:
    return f"graphic over {limit}h (staff={staff}, day={day})"


def graphic_streak(staff: str, start: datetime, limit: int) -> str:
    return f"graphic over {limit}h without break (staff={staff}, from={_when(start)})"


def weekly_hours(staff: str, week_start: date, limit: int) -> str:
    return f"over {limit}h in week (staff={staff}, week={week_start})"


def rest(staff: str, first: date, second: date, limit: int) -> str:
    return f"rest under {limit}h (staff={staff}, days={first}/{second})"


def consecutive_days(staff: str, first: date, limit: int) -> str:
    return f"over {limit} days in a row (staff={staff}, from={first})"


def consecutive_nights(staff: str, first: date, limit: int) -> str:
    return f"over {limit} nights in a row (staff={staff}, from={first})"


def days_off(staff: str, week_start: date, limit: int) -> str:
    return f"under {limit} days off (staff={staff}, week={week_start})"


def weekends(staff: str, limit: int) -> str:
    return f"over {limit} weekends worked (staff={staff})"


def shift_patterns(staff: str, day: date, pattern: str) -> str:
    return f"pattern not allowed: {pattern} (staff={staff}, day={day})"


def fairness(what: str) -> str:
    return f"unfair spread of {what}"


def stability(staff: str, day: date) -> str:
    return f"changed from published (staff={staff}, day={day})"


def coverage_under(task: str, moment: datetime, skill: str | None) -> str:
    need = f"{task}, skill={skill}" if skill else task
    return f"understaffed ({need}, at={_when(moment)})"


def coverage_over(task: str, moment: datetime) -> str:
    return f"overstaffed ({task}, at={_when(moment)})"


def preference(staff: str, day: date, pattern: str | None, wanted: bool) -> str:
    what = pattern or "work"
    verb = "wants" if wanted else "does not want"
    return f"wish: {verb} {what} (staff={staff}, day={day})"
