"""Forecasts on synthetic history with known structure recover that structure."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from scheduler.staffing.forecast import (
    ArrivalForecast,
    call_load,
    case_work,
    fit_arrivals,
    handling_time,
    hour_of_week,
)
from scheduler.staffing.messages import StaffingInputError
from tests.scheduler.staffing.synthetic import (
    FIRST_MONDAY,
    TRUE_PROFILE,
    TRUE_WEEKLY_LOG_GROWTH,
    period,
    poisson_history,
)


def test_utc_sunday_afternoon_is_the_first_hour_of_the_seoul_week() -> None:
    # 2026-11-01 is a Sunday; 15:30 UTC is Monday 00:30 in Seoul (UTC+9, no daylight saving).
    stamps = pd.Series(pd.to_datetime(["2026-11-01T15:30:00Z", "2026-11-01T14:59:00Z"]))
    assert hour_of_week(stamps).tolist() == [0, 167]


def test_a_year_of_poisson_history_gives_back_its_growth_level_and_weekly_profile() -> None:
    arrivals = poisson_history(weeks=52, first_week_level=140.0, seed=7)
    fit = fit_arrivals(arrivals, *period(52))
    assert fit.weeks == 52
    assert fit.reference_week == FIRST_MONDAY + timedelta(weeks=51)
    assert fit.weekly_log_growth == pytest.approx(TRUE_WEEKLY_LOG_GROWTH, abs=0.001)
    assert fit.yearly_factor == pytest.approx(23_107 / 7_187, rel=0.06)
    true_last_level = 140.0 * np.exp(TRUE_WEEKLY_LOG_GROWTH * 51)
    assert fit.level == pytest.approx(true_last_level, rel=0.03)
    # Total variation distance to the true hour-of-week shares: about 0.045 is pure Poisson noise
    # at ~80 arrivals per bucket; a flat week would be 0.25 away.
    profile = np.asarray(fit.profile)
    assert 0.5 * np.abs(profile - TRUE_PROFILE).sum() < 0.06
    daily = profile.reshape(7, 24).sum(axis=1)
    np.testing.assert_allclose(daily, TRUE_PROFILE.reshape(7, 24).sum(axis=1), atol=0.01)


def test_forecast_of_the_next_week_is_the_true_rate_within_five_percent() -> None:
    fit = fit_arrivals(poisson_history(weeks=52, first_week_level=140.0, seed=11), *period(52))
    next_monday = FIRST_MONDAY + timedelta(weeks=52)
    forecast = fit.hourly(next_monday, 168)
    truth = 140.0 * np.exp(TRUE_WEEKLY_LOG_GROWTH * 52) * TRUE_PROFILE
    assert forecast.sum() == pytest.approx(truth.sum(), rel=0.05)
    # Quiet hours stay quiet: the pre-dawn trough and the afternoon peak are where they were.
    assert forecast[2:6].sum() < 0.25 * forecast[11:15].sum()


def test_a_forecast_starting_midweek_lines_up_with_the_weekly_profile() -> None:
    fit = fit_arrivals(
        poisson_history(weeks=8, first_week_level=500.0, seed=3, weekly_log_growth=0.0), *period(8)
    )
    monday = FIRST_MONDAY + timedelta(weeks=8)
    week = fit.hourly(monday, 168)
    wednesday_on = fit.hourly(monday + timedelta(days=2), 24)
    np.testing.assert_allclose(wednesday_on, week[48:72], rtol=1e-12)


def test_flat_history_has_no_trend() -> None:
    fit = fit_arrivals(
        poisson_history(weeks=26, first_week_level=300.0, seed=5, weekly_log_growth=0.0),
        *period(26),
    )
    assert abs(fit.weekly_log_growth) < 0.003


def test_partial_weeks_at_the_edges_are_left_out() -> None:
    arrivals = poisson_history(weeks=10, first_week_level=200.0, seed=1)
    start, end = period(10)
    fit = fit_arrivals(arrivals, start + timedelta(hours=1), end - timedelta(hours=1))
    assert fit.weeks == 8


def test_four_full_weeks_are_enough_and_three_are_not() -> None:
    arrivals = poisson_history(weeks=4, first_week_level=200.0, seed=2)
    assert fit_arrivals(arrivals, *period(4)).weeks == 4
    with pytest.raises(StaffingInputError) as caught:
        fit_arrivals(arrivals, *period(3))
    assert caught.value.statement.code == "not_enough_history"


def test_growth_what_if_scales_every_hour() -> None:
    fit = fit_arrivals(poisson_history(weeks=8, first_week_level=200.0, seed=4), *period(8))
    monday = FIRST_MONDAY + timedelta(weeks=8)
    np.testing.assert_allclose(fit.scaled(1.5).hourly(monday, 48), 1.5 * fit.hourly(monday, 48))


def test_hand_entered_weekly_table_is_repeated_without_trend() -> None:
    table = np.arange(168, dtype=float)
    forecast = ArrivalForecast.from_weekly_table(table, date(2026, 11, 4))
    assert forecast.reference_week == date(2026, 11, 2)
    np.testing.assert_allclose(forecast.hourly(date(2027, 3, 1), 168), table)  # a Monday


def test_weekly_table_of_the_wrong_size_is_rejected() -> None:
    with pytest.raises(StaffingInputError):
        ArrivalForecast.from_weekly_table([1.0] * 167, date(2026, 11, 2))


def test_handling_time_ignores_stray_durations_and_open_claims() -> None:
    rng = np.random.default_rng(9)
    minutes = rng.lognormal(mean=np.log(6.0), sigma=0.5, size=5000)
    dirty = np.concatenate([minutes, [0.0, -3.0, np.nan, 10_000.0, 900.0]])
    clean, noisy = handling_time(pd.Series(minutes)), handling_time(pd.Series(dirty))
    assert noisy.count == 5000
    assert noisy.median_minutes == pytest.approx(6.0, rel=0.05)
    assert noisy.mean_minutes == pytest.approx(6.0 * np.exp(0.5**2 / 2), rel=0.05)
    assert noisy.mean_minutes == pytest.approx(clean.mean_minutes, rel=1e-9)
    assert noisy.p90_minutes > noisy.mean_minutes > noisy.median_minutes


def test_handling_time_reads_timedeltas() -> None:
    durations = pd.Series(pd.to_timedelta([5, 6, 7], unit="min"))
    assert handling_time(durations).median_minutes == pytest.approx(6.0)


def test_case_work_splits_graphic_and_standard_cases() -> None:
    start = datetime(2026, 11, 2, tzinfo=UTC)
    decisions = pd.DataFrame(
        {
            "started_at": [start] * 4,
            "decided_at": [start + timedelta(minutes=m) for m in (10, 12, 4, 6)],
            "graphic": [True, True, False, False],
        }
    )
    work = case_work(decisions)
    assert (work.graphic.median_minutes, work.standard.median_minutes) == (11.0, 5.0)
    assert work.graphic_share == 0.5


def test_call_log_gives_average_handling_time_and_hourly_calls() -> None:
    starts = poisson_history(weeks=6, first_week_level=400.0, seed=8, weekly_log_growth=0.0)
    calls = pd.DataFrame({"start": starts, "end": starts + pd.Timedelta(seconds=300)})
    load = call_load(calls, *period(6))
    assert load.aht_seconds == pytest.approx(300.0)
    assert load.arrivals.level == pytest.approx(400.0, rel=0.1)
