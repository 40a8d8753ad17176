"""Reviewers needed per hour so that every case is decided within the deadline.

Why a fluid simulation and not an LP or CP-SAT model: the exact deadline condition couples every
window of hours with every other (O(hours²) constraints) and an optimiser picks one of many equal
optima, which makes the answer jump between runs. The hour-by-hour FIFO simulation below is
exact for the fluid queue, deterministic, explainable in one sentence per hour and fast:

    reviewers(t) = max( pace: average work of the last D hours / productive share, rounded
                              so that the running total never falls behind,
                        ceil(work that falls due by the end of hour t / productive share) )

The first term keeps pace with the load smoothed over the deadline window (the deadline lets the
team work a peak off over D hours instead of meeting it head-on); the second is the repair that
guarantees the deadline: work arriving in hour k is finished by the end of hour k + D - 1, so no
case waits more than D hours. `deadline_misses` checks any staffing independently.

Graphic work is its own queue: a reviewer does at most `graphic_cap_hours` of it a day, so a day
with G graphic reviewer-hours needs at least ceil(G / cap) different people on graphic review,
whatever the hourly curve; the headcount planner uses that bound.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from scheduler.staffing.forecast import CaseWork
from scheduler.staffing.messages import Statement, require

_EPSILON = 1e-9


@dataclass(frozen=True)
class ReviewPolicy:
    """Deadline in hours, daily graphic exposure cap per person, productive share of an hour."""

    deadline_hours: int = 24
    graphic_cap_hours: int = 4
    productive_share: float = 0.85  # micro-breaks of 2-5 min between batches, handovers

    def __post_init__(self) -> None:
        require(self.deadline_hours >= 1, "deadline_hours", "whole_positive", self.deadline_hours)
        require(
            self.graphic_cap_hours >= 1,
            "graphic_cap_hours",
            "whole_positive",
            self.graphic_cap_hours,
        )
        require(
            0 < self.productive_share <= 1, "productive_share", "fraction", self.productive_share
        )

    def statements(self) -> list[Statement]:
        return [
            Statement("review_deadline", {"hours": self.deadline_hours}),
            Statement("productive_share", {"pct": 100 * self.productive_share}),
        ]


@dataclass(frozen=True)
class ReviewStaffing:
    """Reviewers per hour on graphic and on standard review, and graphic hours per day."""

    graphic: tuple[int, ...]
    standard: tuple[int, ...]
    graphic_cap_hours: int

    @property
    def graphic_hours_per_day(self) -> tuple[int, ...]:
        hours = np.asarray(self.graphic)
        days = math.ceil(len(hours) / 24)
        return tuple(int(hours[24 * d : 24 * (d + 1)].sum()) for d in range(days))

    @property
    def graphic_people_per_day(self) -> tuple[int, ...]:
        """Different people each day needs on graphic review under the exposure cap."""
        return tuple(math.ceil(h / self.graphic_cap_hours) for h in self.graphic_hours_per_day)


def work_per_hour(cases_per_hour: np.ndarray, work: CaseWork) -> tuple[np.ndarray, np.ndarray]:
    """Reviewer-hours of graphic and of standard work arriving in each hour."""
    cases = np.asarray(cases_per_hour, dtype=float)
    require(bool((cases >= 0).all()), "cases_per_hour", "non_negative", cases.min(initial=0))
    graphic = cases * work.graphic_share * work.graphic.mean_minutes / 60
    standard = cases * (1 - work.graphic_share) * work.standard.mean_minutes / 60
    return graphic, standard


def reviewers_for_deadline(
    work: np.ndarray, deadline_hours: int, productive_share: float, lead_in_hours: int = 0
) -> tuple[int, ...]:
    """Reviewers per hour so no work waits beyond the deadline (see the module docstring).

    The first `lead_in_hours` of `work` only build the backlog the horizon starts with; they are
    simulated but not returned.
    """
    work = np.asarray(work, dtype=float)
    require(bool((work >= 0).all()), "work", "non_negative", work.min(initial=0))
    require(0 <= lead_in_hours <= len(work), "lead_in_hours", "non_negative", lead_in_hours)
    queue: deque[list[float]] = deque()  # [arrival hour, remaining reviewer-hours], oldest first
    reviewers: list[int] = []
    paced = 0.0  # reviewer-hours the smoothed pace has asked for so far
    staffed = 0  # reviewer-hours given so far
    for t, arriving in enumerate(work):
        if arriving > 0:
            queue.append([t, float(arriving)])
        window = work[max(0, t - deadline_hours + 1) : t + 1]
        paced += window.sum() / deadline_hours / productive_share
        # Round the running total, not each hour: a pace of 6.1 an hour becomes 6, 6, ..., 7
        # rather than 7 every hour; hours added by the repair count towards the pace.
        pace = max(0, math.ceil(paced - _EPSILON) - staffed)
        due = sum(r for k, r in queue if k <= t - deadline_hours + 1)
        count = max(pace, _people(due, productive_share))
        _serve(queue, count * productive_share)
        reviewers.append(count)
        staffed += count
    return tuple(reviewers[lead_in_hours:])


def deadline_misses(
    work: np.ndarray,
    reviewers: tuple[int, ...] | np.ndarray,
    deadline_hours: int,
    productive_share: float,
) -> list[int]:
    """Arrival hours whose work is not all done within `deadline_hours` (FIFO, fluid).

    Written apart from `reviewers_for_deadline` so each can catch the other's mistakes. Work
    whose deadline falls after the last hour is not judged.
    """
    remaining = [float(w) for w in np.asarray(work, dtype=float)]
    missed: set[int] = set()
    oldest = 0  # every arrival hour before this one is finished
    for t, count in enumerate(reviewers):
        capacity = count * productive_share
        while oldest <= t and (remaining[oldest] <= _EPSILON or capacity > _EPSILON):
            used = min(capacity, remaining[oldest])
            remaining[oldest] -= used
            capacity -= used
            if remaining[oldest] > _EPSILON:
                break
            oldest += 1
        last_due = t - deadline_hours + 1  # arrivals up to this hour must be finished by now
        missed.update(k for k in range(oldest, last_due + 1) if remaining[k] > _EPSILON)
    return sorted(missed)


def review_staffing(
    cases_per_hour: np.ndarray, work: CaseWork, policy: ReviewPolicy, lead_in_hours: int = 0
) -> ReviewStaffing:
    """Graphic and standard reviewers per hour for the expected cases per hour."""
    graphic, standard = work_per_hour(cases_per_hour, work)
    args = (policy.deadline_hours, policy.productive_share, lead_in_hours)
    return ReviewStaffing(
        graphic=reviewers_for_deadline(graphic, *args),
        standard=reviewers_for_deadline(standard, *args),
        graphic_cap_hours=policy.graphic_cap_hours,
    )


def _people(reviewer_hours: float, productive_share: float) -> int:
    return max(0, math.ceil(reviewer_hours / productive_share - _EPSILON))


def _serve(queue: deque[list[float]], capacity: float) -> None:
    while queue and capacity > _EPSILON:
        oldest = queue[0]
        used = min(capacity, oldest[1])
        oldest[1] -= used
        capacity -= used
        if oldest[1] <= _EPSILON:
            queue.popleft()
