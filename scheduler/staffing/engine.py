"""The real roster engine as the headcount planner's feasibility oracle.

A headcount is feasible when the engine returns a validated roster that leaves no demand
uncovered. Coverage stays a soft rule during the solve (as in production) and the shortfall is
read from the validator's report: a hard coverage rule would send every infeasible headcount
through the engine's infeasibility explanation, which costs far more than the answer needs.
Within a time limit "no roster found" may mean "not found yet", so the planner's answer is an
upper bound on the true minimum when the limit is short; it never under-states the need.
"""

from __future__ import annotations

import logging

from scheduler.rules_config import Rules
from scheduler.schema import RosterProblem, StaffMember, staggered_patterns
from scheduler.solve import SolveOptions, solve
from scheduler.staffing.demand import StaffDemand
from scheduler.staffing.headcount import RosterFeasible, Scenario

log = logging.getLogger(__name__)

# Planning assumes breaks are staggered more widely than the default roster patterns: each
# shift shape is offered with its break one hour earlier, on time, or one hour later.
PLANNING_PATTERNS = staggered_patterns((0, -1, 1))

# Planning staff can do every task: the headcount is about how many, not about who is trained.
PLANNING_SKILLS = frozenset({"hotline", "senior", "minors"})


def planning_problem(demand: StaffDemand, scenario: Scenario, headcount: int) -> RosterProblem:
    """A roster problem of `headcount` interchangeable staff under the scenario's limits."""
    rules = (
        Rules()
        .with_rule("graphic_daily", limit=scenario.graphic_cap_hours)
        .with_rule("weekly_hours", limit=scenario.weekly_hours)
        .with_rule("days_off", limit=7 - scenario.working_days_per_week)
    )
    staff = tuple(
        StaffMember(
            id=f"planned-{i:03d}",
            name=f"Planned {i}",
            skills=PLANNING_SKILLS,
            contract_hours=scenario.weekly_hours,
            overtime_allowed=False,
        )
        for i in range(headcount)
    )
    coverable = {h for p in PLANNING_PATTERNS for d in range(demand.days) for h in p.duty_hours(d)}
    # Hours before the first shift of the horizon belong to the previous horizon's night shift.
    rows = tuple(row for row in demand.to_roster_demand() if row.hour in coverable)
    return RosterProblem(
        start=demand.start,
        days=demand.days,
        staff=staff,
        demand=rows,
        patterns=PLANNING_PATTERNS,
        rules=rules,
    )


def roster_engine_feasibility(
    demand: StaffDemand, scenario: Scenario, options: SolveOptions | None = None
) -> RosterFeasible:
    """`roster_feasible(headcount)` backed by `scheduler.solve.solve`."""
    # The staged solve finds full-coverage rosters of a week far sooner than one big model.
    options = options or SolveOptions(time_limit=20.0, workers=8, strategy="staged")

    def roster_feasible(headcount: int) -> bool:
        if headcount == 0:
            return demand.person_hours() == 0
        result = solve(planning_problem(demand, scenario, headcount), options)
        if result.roster is None or result.report is None:
            return False
        shortfall = result.report.cost_by_rule().get("coverage_under", 0)
        log.info(
            "headcount %d: %s, coverage shortfall cost %d", headcount, result.status, shortfall
        )
        return shortfall == 0

    return roster_feasible
