"""Synthetic intake history with a known weekly profile and growth, for forecast tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from scheduler.staffing.forecast import SEOUL

# Busy afternoons, a quiet pre-dawn, lighter weekends: the shape the forecast must recover.
DAY_CURVE = np.array(
    [3, 2, 1, 1, 1, 1, 2, 4, 6, 8, 9, 10, 10, 10, 10, 9, 9, 8, 8, 7, 7, 6, 5, 4], dtype=float
)
WEEKDAY_FACTOR = np.array([1.1, 1.0, 1.0, 1.0, 1.05, 0.8, 0.7])
TRUE_PROFILE = (WEEKDAY_FACTOR[:, None] * DAY_CURVE[None, :]).ravel()
TRUE_PROFILE = TRUE_PROFILE / TRUE_PROFILE.sum()
# 7,187 items in 2023 to 23,107 in 2024 is growth by 3.2 a year, 2.24 % a week.
TRUE_WEEKLY_LOG_GROWTH = np.log(23_107 / 7_187) / (365.25 / 7)
FIRST_MONDAY = date(2025, 1, 6)


def poisson_history(
    weeks: int,
    first_week_level: float,
    seed: int,
    weekly_log_growth: float = TRUE_WEEKLY_LOG_GROWTH,
) -> pd.Series:
    """UTC arrival timestamps: Poisson counts per Seoul hour, uniform inside each hour."""
    rng = np.random.default_rng(seed)
    levels = first_week_level * np.exp(weekly_log_growth * np.arange(weeks))
    means = levels[:, None] * TRUE_PROFILE[None, :]
    counts = rng.poisson(means).ravel()
    origin = datetime(FIRST_MONDAY.year, FIRST_MONDAY.month, FIRST_MONDAY.day, tzinfo=SEOUL)
    hours = np.repeat(np.arange(counts.size), counts)
    seconds = hours * 3600 + rng.uniform(0, 3600, size=hours.size)
    stamps = pd.Timestamp(origin) + pd.to_timedelta(seconds, unit="s")
    return pd.Series(stamps).dt.tz_convert("UTC")


def period(weeks: int) -> tuple[datetime, datetime]:
    start = datetime(FIRST_MONDAY.year, FIRST_MONDAY.month, FIRST_MONDAY.day, tzinfo=SEOUL)
    return start, start + timedelta(weeks=weeks)
