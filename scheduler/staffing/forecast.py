"""Demand forecast from intake history: arrivals per hour of the week, their trend, handling time.

Model: expected arrivals in hour h of week w = level(w) × share(h of week), where the shares of
the 168 hours of a week sum to 1 and level(w) = level × exp(growth × w). The multiplicative form
matches how the caseload grew (7,187 deepfake items in 2023, 23,107 in 2024: the whole week grew,
not only its peaks). The trend is a Poisson log-linear fit of full-week counts: unlike least
squares on log counts it is unbiased for small counts and accepts weeks with no arrivals.
Hours are Asia/Seoul wall-clock hours; Korea has no daylight-saving time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from scheduler.staffing.messages import StaffingInputError, Statement, require

SEOUL = ZoneInfo("Asia/Seoul")
HOURS_PER_WEEK = 168
WEEKS_PER_YEAR = 365.25 / 7
MIN_WEEKS = 4


@dataclass(frozen=True)
class ArrivalForecast:
    """Weekly profile × trend. `level` is the expected count of the week starting `reference_week`
    (a Monday, the last full week of the history); `weekly_log_growth` is the trend per week."""

    profile: tuple[float, ...]
    level: float
    weekly_log_growth: float
    reference_week: date
    weeks: int

    def __post_init__(self) -> None:
        require(
            len(self.profile) == HOURS_PER_WEEK, "profile", "hour_of_week_table", len(self.profile)
        )
        require(min(self.profile) >= 0, "profile", "non_negative", min(self.profile))
        total = sum(self.profile)
        require(total == 0 or abs(total - 1) < 1e-6, "profile", "fraction", total)
        require(self.level >= 0, "level", "non_negative", self.level)
        require(self.reference_week.weekday() == 0, "reference_week", "monday", self.reference_week)

    @classmethod
    def from_weekly_table(
        cls, per_hour_of_week: Sequence[float] | np.ndarray, reference_week: date
    ) -> ArrivalForecast:
        """Volumes entered by hand (e.g. hotline calls per hour of a typical week), no trend."""
        values = np.asarray(per_hour_of_week, dtype=float)
        require(
            values.shape == (HOURS_PER_WEEK,),
            "per_hour_of_week",
            "hour_of_week_table",
            values.shape,
        )
        require(bool((values >= 0).all()), "per_hour_of_week", "non_negative", values.min())
        total = float(values.sum())
        profile = values / total if total > 0 else values
        return cls(tuple(profile.tolist()), total, 0.0, _monday(reference_week), 0)

    @property
    def weekly_growth(self) -> float:
        return math.exp(self.weekly_log_growth) - 1

    @property
    def yearly_factor(self) -> float:
        return math.exp(self.weekly_log_growth * WEEKS_PER_YEAR)

    def scaled(self, factor: float) -> ArrivalForecast:
        """The same forecast with every hour multiplied by `factor` (a what-if on growth)."""
        require(factor >= 0, "growth_factor", "non_negative", factor)
        return ArrivalForecast(
            self.profile,
            self.level * factor,
            self.weekly_log_growth,
            self.reference_week,
            self.weeks,
        )

    def hourly(self, start: date, hours: int) -> np.ndarray:
        """Expected arrivals in each hour from 00:00 Seoul on `start`, for `hours` hours."""
        require(hours >= 1, "hours", "whole_positive", hours)
        index = np.arange(hours)
        from_monday = start.weekday() * 24 + index
        weeks_ahead = (
            _monday(start) - self.reference_week
        ).days // 7 + from_monday // HOURS_PER_WEEK
        levels = self.level * np.exp(self.weekly_log_growth * weeks_ahead)
        return levels * np.asarray(self.profile)[from_monday % HOURS_PER_WEEK]

    def statement(self) -> Statement:
        return Statement(
            "forecast_trend",
            {
                "weekly_growth_pct": 100 * self.weekly_growth,
                "yearly_factor": self.yearly_factor,
                "weeks": self.weeks,
            },
        )


def seoul_times(timestamps: pd.Series) -> pd.Series:
    """Timestamps in Asia/Seoul. Naive timestamps are read as UTC, as Vigil stores them."""
    values = pd.to_datetime(pd.Series(timestamps), utc=False)
    if values.dt.tz is None:
        values = values.dt.tz_localize("UTC")
    return values.dt.tz_convert(SEOUL)


def hour_of_week(timestamps: pd.Series) -> np.ndarray:
    """0 for Monday 00:00-00:59 Seoul time, up to 167 for Sunday 23:00-23:59."""
    local = seoul_times(timestamps)
    return (local.dt.day_of_week * 24 + local.dt.hour).to_numpy(dtype=int)


def fit_arrivals(
    arrivals: pd.Series,
    period_start: datetime | None = None,
    period_end: datetime | None = None,
    min_weeks: int = MIN_WEEKS,
) -> ArrivalForecast:
    """Fit profile and trend on the full Seoul weeks (Monday to Sunday) inside the period.

    Give the period when the history has quiet edges: without it the first and last arrival
    bound the period and the partial weeks at both ends are dropped.
    """
    local = seoul_times(arrivals)
    if local.empty and (period_start is None or period_end is None):
        raise StaffingInputError("not_enough_history", weeks=0, needed=min_weeks)
    start = _as_seoul(period_start) if period_start is not None else local.min()
    end = _as_seoul(period_end) if period_end is not None else local.max()
    first_monday = (
        _monday(start.date())
        if start.weekday() == 0 and _is_midnight(start)
        else (_monday(start.date()) + timedelta(days=7))
    )
    weeks = max(0, (end.date() - first_monday).days // 7)
    if weeks < min_weeks:
        raise StaffingInputError("not_enough_history", weeks=weeks, needed=min_weeks)
    origin = pd.Timestamp(
        datetime(first_monday.year, first_monday.month, first_monday.day, tzinfo=SEOUL)
    )
    elapsed_hours = ((local - origin) // pd.Timedelta(hours=1)).to_numpy(dtype=np.int64)
    inside = (elapsed_hours >= 0) & (elapsed_hours < weeks * HOURS_PER_WEEK)
    counts = np.bincount(elapsed_hours[inside], minlength=weeks * HOURS_PER_WEEK).reshape(weeks, -1)
    per_week = counts.sum(axis=1).astype(float)
    total = per_week.sum()
    # Ratio of sums: under level(w) × share(h) it estimates share(h) whatever the trend.
    profile = counts.sum(axis=0) / total if total > 0 else np.zeros(HOURS_PER_WEEK)
    intercept, slope = _poisson_trend(per_week)
    return ArrivalForecast(
        profile=tuple(profile.tolist()),
        level=math.exp(intercept) if total > 0 else 0.0,
        weekly_log_growth=slope,
        reference_week=first_monday + timedelta(days=7 * (weeks - 1)),
        weeks=weeks,
    )


def _poisson_trend(per_week: np.ndarray) -> tuple[float, float]:
    """Maximum-likelihood log(level) at the last week and growth per week (Newton's method)."""
    if per_week.sum() == 0:
        return 0.0, 0.0
    x = np.arange(len(per_week), dtype=float) - (len(per_week) - 1)  # 0 at the last week
    design = np.column_stack([np.ones_like(x), x])
    beta = np.array([math.log(per_week.mean()), 0.0])
    for _ in range(100):
        mu = np.exp(design @ beta)
        gradient = design.T @ (per_week - mu)
        hessian = design.T @ (design * mu[:, None])
        step = np.linalg.solve(hessian, gradient)
        beta = beta + step
        if np.abs(step).max() < 1e-10:
            break
    return float(beta[0]), float(beta[1])


def _as_seoul(moment: datetime) -> pd.Timestamp:
    stamp = pd.Timestamp(moment)
    return (stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp).tz_convert(SEOUL)


def _is_midnight(moment: pd.Timestamp) -> bool:
    return moment.hour == moment.minute == moment.second == moment.microsecond == 0


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class HandlingTime:
    """Minutes of work per case. Plans use `mean_minutes` because workload is a sum and sums
    add up means: planning on the median under-staffs whenever a few cases take long."""

    count: int
    median_minutes: float
    p90_minutes: float
    mean_minutes: float

    def statement(self, kind: str) -> Statement:
        return Statement(
            "handling_time",
            {
                "kind": kind,
                "mean_minutes": self.mean_minutes,
                "median_minutes": self.median_minutes,
                "p90_minutes": self.p90_minutes,
            },
        )


def handling_time(durations: pd.Series, cap_minutes: float = 240.0) -> HandlingTime:
    """Median, 90th percentile and a robust mean of decision durations (Timedelta or minutes).

    Durations above `cap_minutes` are dropped (a case left claimed over a meeting is not work),
    and the mean is taken with values above the 99th percentile pulled down to it, so one stray
    duration cannot move the plan.
    """
    values = pd.Series(durations)
    if pd.api.types.is_timedelta64_dtype(values):
        values = values.dt.total_seconds() / 60
    minutes = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    minutes = minutes[np.isfinite(minutes) & (minutes > 0) & (minutes <= cap_minutes)]
    require(minutes.size > 0, "durations", "positive", "no usable durations")
    ceiling = np.quantile(minutes, 0.99)
    return HandlingTime(
        count=int(minutes.size),
        median_minutes=float(np.median(minutes)),
        p90_minutes=float(np.quantile(minutes, 0.9)),
        mean_minutes=float(np.minimum(minutes, ceiling).mean()),
    )


@dataclass(frozen=True)
class CaseWork:
    """What a case costs: handling time of graphic and of standard cases, and the graphic share."""

    graphic: HandlingTime
    standard: HandlingTime
    graphic_share: float

    def __post_init__(self) -> None:
        require(0 <= self.graphic_share <= 1, "graphic_share", "fraction", self.graphic_share)


def case_work(decisions: pd.DataFrame, cap_minutes: float = 240.0) -> CaseWork:
    """From decision history with columns `started_at`, `decided_at` and `graphic` (bool)."""
    for column in ("started_at", "decided_at", "graphic"):
        require(column in decisions.columns, column, "timestamps", "missing column")
    durations = pd.to_datetime(decisions["decided_at"], utc=True) - pd.to_datetime(
        decisions["started_at"], utc=True
    )
    graphic = decisions["graphic"].astype(bool).to_numpy()
    return CaseWork(
        graphic=handling_time(durations[graphic], cap_minutes),
        standard=handling_time(durations[~graphic], cap_minutes),
        graphic_share=float(graphic.mean()),
    )


@dataclass(frozen=True)
class CallLoad:
    """Hotline calls: arrivals per hour (profile × trend) and average handling time in seconds."""

    arrivals: ArrivalForecast
    aht_seconds: float

    def __post_init__(self) -> None:
        require(self.aht_seconds > 0, "aht_seconds", "positive", self.aht_seconds)


def call_load(
    calls: pd.DataFrame,
    period_start: datetime | None = None,
    period_end: datetime | None = None,
    min_weeks: int = MIN_WEEKS,
) -> CallLoad:
    """From a call log with columns `start` and `end` (timestamps, UTC if naive)."""
    for column in ("start", "end"):
        require(column in calls.columns, column, "timestamps", "missing column")
    seconds = (seoul_times(calls["end"]) - seoul_times(calls["start"])).dt.total_seconds()
    answered = seconds[seconds > 0]
    require(not answered.empty, "calls", "positive", "no call with a positive length")
    return CallLoad(
        arrivals=fit_arrivals(calls["start"], period_start, period_end, min_weeks),
        aht_seconds=float(answered.mean()),
    )
