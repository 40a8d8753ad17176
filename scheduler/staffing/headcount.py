"""Headcount planner: the smallest team for which a valid roster meets the demand, and why.

The roster engine decides feasibility; it is injected as `roster_feasible(headcount) -> bool` so
the planner can be tested with a fake and run with the real engine (see `engine.py`). Because
more people never make a roster harder, feasibility is monotone in headcount and a galloping
search (steps 1, 2, 4, ... above the arithmetic lower bound, then bisection) finds the answer in
a few engine runs; the lower bound is usually close, so most plans take two or three runs.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from scheduler.staffing.demand import GRAPHIC, HotlineService, StaffDemand, hotline_agents
from scheduler.staffing.forecast import ArrivalForecast, CallLoad, CaseWork
from scheduler.staffing.messages import StaffingInputError, Statement, require
from scheduler.staffing.review_capacity import ReviewPolicy, review_staffing

log = logging.getLogger(__name__)

RosterFeasible = Callable[[int], bool]
CURRENT_STAFF = 70  # the agency's monitoring staff in 2024-2025 (DESIGN.md)


@dataclass(frozen=True)
class Scenario:
    """One what-if: growth in reports, deadline, exposure cap, hotline service, working time."""

    growth_factor: float = 1.0
    deadline_hours: int = 24
    graphic_cap_hours: int = 4
    shrinkage: float = 0.2
    service_level: float = 0.8
    answer_seconds: float = 20.0
    max_occupancy: float = 0.85
    productive_share: float = 0.85
    weekly_hours: int = 40
    working_days_per_week: int = 5
    current_staff: int = CURRENT_STAFF

    def __post_init__(self) -> None:
        require(self.growth_factor >= 0, "growth_factor", "non_negative", self.growth_factor)
        require(self.weekly_hours >= 1, "weekly_hours", "whole_positive", self.weekly_hours)
        require(
            1 <= self.working_days_per_week <= 7,
            "working_days_per_week",
            "whole_positive",
            self.working_days_per_week,
        )
        require(self.current_staff >= 0, "current_staff", "non_negative", self.current_staff)

    @property
    def review(self) -> ReviewPolicy:
        return ReviewPolicy(self.deadline_hours, self.graphic_cap_hours, self.productive_share)

    @property
    def hotline(self) -> HotlineService:
        return HotlineService(
            self.service_level, self.answer_seconds, self.max_occupancy, self.shrinkage
        )


@dataclass(frozen=True)
class StaffingInputs:
    """What the history says: cases per hour, work per case, hotline calls; and the horizon."""

    cases: ArrivalForecast
    case_work: CaseWork
    calls: CallLoad
    start: date
    days: int = 7


def staff_demand(inputs: StaffingInputs, scenario: Scenario) -> tuple[StaffDemand, list[Statement]]:
    """People per hour and task for the scenario, and the statements the numbers rest on."""
    hours = inputs.days * 24
    cases = inputs.cases.scaled(scenario.growth_factor)
    # The backlog a horizon starts with arrived before it: simulate whole days of lead-in.
    lead_start = inputs.start - timedelta(days=math.ceil(scenario.deadline_hours / 24))
    lead_hours = (inputs.start - lead_start).days * 24
    case_rate = cases.hourly(lead_start, lead_hours + hours)
    review = review_staffing(case_rate, inputs.case_work, scenario.review, lead_hours)
    calls = inputs.calls.arrivals.scaled(scenario.growth_factor).hourly(inputs.start, hours)
    hotline = hotline_agents(calls, inputs.calls.aht_seconds, scenario.hotline)
    demand = StaffDemand(
        inputs.start,
        {
            GRAPHIC: review.graphic,
            "standard": review.standard,
            "hotline": hotline,
        },
    )
    work = inputs.case_work
    said = [inputs.cases.statement()]
    if scenario.growth_factor != 1.0:
        said.append(Statement("growth_scenario", {"factor": scenario.growth_factor}))
    said += [
        Statement(
            "case_volume",
            {
                "cases_per_day": case_rate[lead_hours:].sum() / inputs.days,
                "graphic_pct": 100 * work.graphic_share,
            },
        ),
        work.graphic.statement("graphic"),
        work.standard.statement("standard"),
        *scenario.review.statements(),
        *scenario.hotline.statements(inputs.calls.aht_seconds),
    ]
    return demand, said


@dataclass(frozen=True)
class LowerBound:
    """A headcount no roster can beat, and each arithmetic reason, the binding one first."""

    headcount: int
    reasons: tuple[Statement, ...]


def lower_bound(demand: StaffDemand, scenario: Scenario) -> LowerBound:
    """The largest of three counts that hold for any roster under the rules:

    person-hours / paid hours a person may work in the horizon; for each clock hour, the
    person-days of cover it needs / shifts a person may work; graphic hours / (cap × shifts).
    """
    days = demand.days
    weeks = [min(7, days - w) for w in range(0, days, 7)]
    # A short last week keeps the full weekly cap in the engine (its other days are unknown), so
    # the bound must not assume fewer hours or days there either.
    shifts = sum(scenario.working_days_per_week if length == 7 else length for length in weeks)
    paid = scenario.weekly_hours * len(weeks)
    person_hours = demand.person_hours()
    by_hours = math.ceil(person_hours / paid)
    cover = demand.total().reshape(days, 24).sum(axis=0)
    busiest = int(np.argmax(cover))
    by_clock = math.ceil(int(cover[busiest]) / shifts)
    graphic_hours = int(demand.task(GRAPHIC).sum())
    by_graphic = math.ceil(graphic_hours / (scenario.graphic_cap_hours * shifts))
    reasons = sorted(
        [
            (
                by_hours,
                Statement(
                    "bound_person_hours",
                    {
                        "person_hours": person_hours,
                        "weeks": days / 7,
                        "hours": scenario.weekly_hours,
                        "people": by_hours,
                    },
                ),
            ),
            (
                by_clock,
                Statement(
                    "bound_hour_of_day",
                    {
                        "hour": busiest,
                        "person_days": int(cover[busiest]),
                        "days": shifts,
                        "people": by_clock,
                    },
                ),
            ),
            (
                by_graphic,
                Statement(
                    "graphic_cap",
                    {
                        "hours": scenario.graphic_cap_hours,
                        "graphic_hours": graphic_hours,
                        "people": by_graphic,
                    },
                ),
            ),
        ],
        key=lambda pair: -pair[0],
    )
    return LowerBound(reasons[0][0], tuple(statement for _, statement in reasons))


def smallest_headcount(
    start: int, roster_feasible: RosterFeasible, limit: int = 2000
) -> tuple[int, tuple[tuple[int, bool], ...]]:
    """The smallest n >= start with `roster_feasible(n)`, and every (n, feasible) tried."""
    require(start >= 0, "start", "non_negative", start)
    tried: list[tuple[int, bool]] = []

    def check(n: int) -> bool:
        ok = roster_feasible(n)
        tried.append((n, ok))
        log.info("headcount %d: %s", n, "roster found" if ok else "no roster")
        return ok

    if check(start):
        return start, tuple(tried)
    low, step = start, 1  # low is known infeasible
    while not check(high := min(limit, start + step)):
        if high >= limit:
            raise StaffingInputError("no_headcount_found", limit=limit)
        low, step = high, step * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if check(middle) else (middle, high)
    return high, tuple(tried)


@dataclass(frozen=True)
class StaffingAnswer:
    """How many people, the bound, peaks per task, and every statement the answer rests on.

    Aggregates only: leadership sees no person, roster or individual exposure here.
    """

    headcount: int
    lower_bound: int
    checked_by_roster: bool
    per_task_peak: dict[str, int]
    person_hours: int
    assumptions: tuple[Statement, ...]
    tried: tuple[tuple[int, bool], ...] = field(default=())


def plan_headcount(
    demand: StaffDemand,
    scenario: Scenario,
    roster_feasible: RosterFeasible | None = None,
    rests_on: tuple[Statement, ...] | list[Statement] = (),
    limit: int = 2000,
) -> StaffingAnswer:
    """The answer for `demand`: the engine-checked minimum, or the lower bound without an engine."""
    bound = lower_bound(demand, scenario)
    said = [
        *rests_on,
        Statement("contract_hours", {"hours": scenario.weekly_hours}),
        *bound.reasons,
    ]
    headcount = bound.headcount
    tried: tuple[tuple[int, bool], ...] = ()
    if roster_feasible is not None:
        headcount, tried = smallest_headcount(bound.headcount, roster_feasible, limit)
        if headcount == bound.headcount:
            said.append(Statement("roster_at_lower_bound", {"headcount": headcount}))
        else:
            said.append(
                Statement("roster_checked", {"headcount": headcount, "fewer": headcount - 1})
            )
    gap = headcount - scenario.current_staff
    if gap > 0:
        said.append(
            Statement(
                "current_staff_short",
                {"current": scenario.current_staff, "headcount": headcount, "gap": gap},
            )
        )
    else:
        said.append(
            Statement(
                "current_staff_enough",
                {"current": scenario.current_staff, "headcount": headcount, "spare": -gap},
            )
        )
    return StaffingAnswer(
        headcount,
        bound.headcount,
        roster_feasible is not None,
        demand.peaks(),
        demand.person_hours(),
        tuple(said),
        tried,
    )


def answer_scenarios(
    inputs: StaffingInputs,
    scenarios: dict[str, Scenario],
    roster_feasible_for: Callable[[StaffDemand, Scenario], RosterFeasible] | None = None,
) -> dict[str, StaffingAnswer]:
    """Each named what-if answered on the same history, e.g. {"today": ..., "doubled": ...}."""
    answers = {}
    for name, scenario in scenarios.items():
        demand, said = staff_demand(inputs, scenario)
        oracle = roster_feasible_for(demand, scenario) if roster_feasible_for else None
        answers[name] = plan_headcount(demand, scenario, oracle, said)
    return answers
