"""The review queue model meets the deadline, smooths peaks within it, and caps graphic hours."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.staffing.forecast import CaseWork, HandlingTime
from scheduler.staffing.messages import StaffingInputError
from scheduler.staffing.review_capacity import (
    ReviewPolicy,
    deadline_misses,
    review_staffing,
    reviewers_for_deadline,
)

DAY_CURVE = np.array(
    [1, 1, 0, 0, 0, 0, 1, 2, 4, 6, 8, 9, 9, 9, 8, 8, 7, 6, 5, 4, 3, 2, 2, 1], float
)


def work_of(minutes: float) -> HandlingTime:
    return HandlingTime(
        count=100, median_minutes=minutes, p90_minutes=2 * minutes, mean_minutes=minutes
    )


def test_one_hour_deadline_staffs_each_hour_for_its_own_work() -> None:
    work = np.array([1.7, 0.0, 3.4, 0.85])
    assert reviewers_for_deadline(work, 1, 0.85) == (2, 0, 4, 1)


def test_a_day_long_deadline_spreads_the_afternoon_peak_over_the_day() -> None:
    work = np.tile(DAY_CURVE, 7)
    tight = reviewers_for_deadline(work, 1, 1.0)
    relaxed = reviewers_for_deadline(work, 24, 1.0, lead_in_hours=24)
    assert max(tight) == 9
    assert max(relaxed) <= 5  # 96 reviewer-hours a day is 4 an hour on average
    assert sum(relaxed) <= sum(tight[24:])


@settings(max_examples=60, deadline=None)
@given(
    work=st.lists(st.floats(0, 20, allow_nan=False), min_size=1, max_size=120),
    deadline=st.integers(1, 36),
    share=st.floats(0.5, 1.0),
)
def test_the_staffing_never_lets_a_case_wait_past_the_deadline(
    work: list[float], deadline: int, share: float
) -> None:
    reviewers = reviewers_for_deadline(np.array(work), deadline, share)
    assert deadline_misses(np.array(work), reviewers, deadline, share) == []


@pytest.mark.parametrize("deadline", [4, 8, 24])
def test_the_team_is_staffed_for_its_workload_and_not_more(deadline: int) -> None:
    work = np.tile(DAY_CURVE * 1.3, 7)
    reviewers = reviewers_for_deadline(work, deadline, 0.85)
    assert sum(reviewers) <= work.sum() / 0.85 + 1


def test_the_deadline_checker_sees_a_case_one_hour_late() -> None:
    # 2 h of work arrives in hour 0, deadline 2 h: finishing in hour 1 is on time, hour 2 is late.
    assert deadline_misses(np.array([2.0, 0, 0]), [1, 1, 0], 2, 1.0) == []
    assert deadline_misses(np.array([2.0, 0, 0]), [1, 0, 1], 2, 1.0) == [0]


def test_graphic_cases_need_more_people_per_day_than_their_hours_alone() -> None:
    cases = np.tile(DAY_CURVE * 10, 4)  # 960 cases a day, 40 % graphic at 6 min each
    work = CaseWork(graphic=work_of(6.0), standard=work_of(3.0), graphic_share=0.4)
    staffing = review_staffing(cases, work, ReviewPolicy(24, 4, 0.85), lead_in_hours=24)
    hours = staffing.graphic_hours_per_day[1]  # a day in the steady state
    assert hours == pytest.approx(960 * 0.4 * 6 / 60 / 0.85, abs=1)  # 45.2 rostered hours
    assert max(staffing.graphic) <= 2  # ... which two reviewers at a time can carry,
    assert staffing.graphic_people_per_day[1] == 12  # but they must be 12 different people


def test_a_smaller_exposure_cap_needs_more_graphic_reviewers_a_day() -> None:
    cases = np.tile(DAY_CURVE * 10, 2)
    work = CaseWork(graphic=work_of(6.0), standard=work_of(3.0), graphic_share=0.4)
    four = review_staffing(cases, work, ReviewPolicy(24, 4, 0.85), lead_in_hours=24)
    three = review_staffing(cases, work, ReviewPolicy(24, 3, 0.85), lead_in_hours=24)
    assert three.graphic_people_per_day[0] > four.graphic_people_per_day[0]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"deadline_hours": 0}, "deadline_hours"),
        ({"graphic_cap_hours": 0}, "graphic_cap_hours"),
        ({"productive_share": 0.0}, "productive_share"),
        ({"productive_share": 1.01}, "productive_share"),
    ],
)
def test_review_policy_limits_are_checked(kwargs: dict, field: str) -> None:
    with pytest.raises(StaffingInputError) as caught:
        ReviewPolicy(**kwargs)
    assert caught.value.statement.params["field"] == field


def test_review_policy_limits_just_inside_are_accepted() -> None:
    assert ReviewPolicy(deadline_hours=1, graphic_cap_hours=1, productive_share=1.0)
