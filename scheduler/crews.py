"""How many people each shift pattern needs each day: the crew sizes that cover demand best
within what the team can work.

At Vigil's scale the team's capacity binds (five shifts a week each, and every day shift needs
people on two break variants), so a greedy plan that adds shifts day by day spends people early
in the week and leaves the weekends short. Deciding crew sizes first is a small integer program
(a count per day and pattern, 168 of them for a month) that CP-SAT proves optimal in about a
second; people are then assigned to those counts (`scheduler.greedy`).

Its constraints are implied by the hard rules and its costs are a part of the objective, so its
proven bound is a bound on every roster's objective: the only useful one at Vigil's scale, where
the month's LP does not converge in minutes.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.rules.coverage import demand_table
from scheduler.rules_config import RuleSetting
from scheduler.schema import RosterProblem

log = logging.getLogger(__name__)

Crews = dict[tuple[int, str], cp_model.IntVar]


@dataclass(frozen=True)
class CrewPlan:
    """People per (day index, pattern id), and the proven bound on any roster's objective."""

    sizes: dict[tuple[int, str], int]
    bound: float | None


def plan_crews(problem: RosterProblem, time_limit: float = 10.0, workers: int = 2) -> CrewPlan:
    """The crew sizes with the least coverage cost the team can staff."""
    model = cp_model.CpModel()
    crews: Crews = {
        (day, p.id): model.new_int_var(0, len(problem.staff), f"crew {day} {p.id}")
        for day in range(problem.days)
        for p in problem.patterns
    }
    _people_available(model, problem, crews)
    _rest_across_days(model, problem, crews)
    _shifts_per_week(model, problem, crews)
    model.minimize(_coverage_cost(model, problem, crews))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        log.info("no crew sizes: %s", solver.status_name(status))
        return CrewPlan({}, None)
    sizes = {key: solver.value(var) for key, var in crews.items()}
    log.info("crews: cost %s, bound %s", solver.objective_value, solver.best_objective_bound)
    return CrewPlan(sizes, solver.best_objective_bound)


def _people_available(model: cp_model.CpModel, problem: RosterProblem, crews: Crews) -> None:
    """A day's crews come from the people not on leave (one shift a day each); night crews from
    those who may work nights, when the allowed patterns are a hard rule."""
    for day in range(problem.days):
        when = problem.date_of(day)
        present = [s for s in problem.staff if when not in s.leave]
        model.add(sum(crews[(day, p.id)] for p in problem.patterns) <= len(present))
        if problem.rules.shift_patterns.strict:
            for p in problem.patterns:
                allowed = sum(s.may_work(p.id) for s in present)
                model.add(crews[(day, p.id)] <= allowed)


def _rest_across_days(model: cp_model.CpModel, problem: RosterProblem, crews: Crews) -> None:
    """People who cannot work two shifts on consecutive days (they overlap or leave less than
    the rest limit between them) are in at most one crew of each such group of shifts."""
    if not problem.rules.rest.strict:
        return
    limit = problem.rules.rest.limit
    groups: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    for p in problem.patterns:
        # Shifts of the next day that `p` forbids, grouped with every pattern of `p`'s day
        # that forbids them too: one person can be in only one of the group's crews.
        blocked = tuple(
            q.id for q in problem.patterns if q.hours(1).start - p.hours(0).stop < limit
        )
        earlier = tuple(
            e.id
            for e in problem.patterns
            if all(problem.pattern(q).hours(1).start - e.hours(0).stop < limit for q in blocked)
        )
        if blocked:
            groups.add((earlier, blocked))
    for earlier, blocked in groups:
        for day in range(problem.days - 1):
            group = [crews[(day, e)] for e in earlier] + [crews[(day + 1, q)] for q in blocked]
            model.add(sum(group) <= len(problem.staff))


def _shifts_per_week(model: cp_model.CpModel, problem: RosterProblem, crews: Crews) -> None:
    """Each person works at most the week's days less the days off, and not on leave."""
    if not problem.rules.days_off.strict:
        return
    for week in problem.weeks():
        most = len(week) - problem.rules.days_off.limit * len(week) // 7
        capacity = sum(
            min(most, sum(problem.date_of(d) not in s.leave for d in week)) for s in problem.staff
        )
        model.add(sum(crews[(d, p.id)] for d in week for p in problem.patterns) <= capacity)


def _coverage_cost(
    model: cp_model.CpModel, problem: RosterProblem, crews: Crews
) -> cp_model.LinearExprT:
    """Missing and surplus person-hours against each hour's whole demand: no more than the
    coverage rules charge any roster with these crews."""
    plain, _ = demand_table(problem)
    need: dict[int, int] = defaultdict(int)
    for (hour, _task), count in plain.items():
        need[hour] += count
    on_duty: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (day, pattern_id), crew in crews.items():
        for hour in problem.pattern(pattern_id).duty_hours(day):
            on_duty[hour].append(crew)
    under, over = (
        _soft_weight(problem.rules.coverage_under),
        _soft_weight(problem.rules.coverage_over),
    )
    cost = []
    for hour in range(problem.days * 24):
        heads = sum(on_duty[hour])
        short = model.new_int_var(0, need[hour], f"short {hour}")
        surplus = model.new_int_var(0, len(problem.staff), f"surplus {hour}")
        model.add(heads + short >= need[hour])
        model.add(heads - surplus <= need[hour])
        cost += [under * short, over * surplus]
    return sum(cost)


def _soft_weight(setting: RuleSetting) -> int:
    """A hard or disabled coverage rule costs nothing in the objective."""
    return setting.weight if setting.soft else 0
