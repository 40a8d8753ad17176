"""Coverage: people on each task each hour against demand, including demands for a skill.

With task variables this is exact. In the shift-level stage (no task variables) it is an
aggregate that can only under-count the exact penalties, so that stage's bound stays a bound.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from scheduler.rules import names
from scheduler.rules.base import Expr, PenaltyTerm, at_least, at_most
from scheduler.schema import Demand, RosterProblem
from scheduler.variables import RosterVariables


def demand_table(problem: RosterProblem) -> tuple[dict, dict]:
    """(hour, task) -> people needed, and (hour, task, skill) -> skilled people needed."""
    plain: dict[tuple[int, str], int] = defaultdict(int)
    skilled: dict[tuple[int, str, str], int] = defaultdict(int)
    for d in problem.demand:
        _add(d, plain, skilled)
    return plain, skilled


def _add(d: Demand, plain: dict, skilled: dict) -> None:
    if d.skill is None:
        plain[(d.hour, d.task)] += d.count
    else:
        skilled[(d.hour, d.task, d.skill)] += d.count


def coverage(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """Missing and surplus person-hours per task and hour; missing skilled person-hours."""
    return _exact(model, v) if v.with_tasks else _aggregate(model, v)


def _exact(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    problem, rules = v.problem, v.problem.rules
    plain, skilled = demand_table(problem)
    on_task: dict[tuple[int, str], list] = defaultdict(list)
    for (staff, hour, task_id), var in v.tasks.items():
        on_task[(hour, task_id)].append((staff, var))
    skills = {s.id: s.skills for s in problem.staff}
    terms: list[PenaltyTerm] = []
    counted = v.counted_hours()
    for hour in counted:
        when, day = problem.hour_start(hour), str(problem.date_of(hour // 24))
        for task in problem.tasks:
            if task.is_break:
                continue
            assigned = on_task.get((hour, task.id), [])
            need = plain.get((hour, task.id), 0)
            total = sum(var for _, var in assigned)
            terms += at_least(
                model,
                total,
                need,
                rules.coverage_under,
                name=names.coverage_under(task.id, when, None),
                rule="coverage_under",
                staff=None,
                enforce=v.guard("coverage_under", None, f"{day} {task.id}"),
            )
            terms += at_most(
                model,
                total,
                need,
                rules.coverage_over,
                name=names.coverage_over(task.id, when),
                rule="coverage_over",
                staff=None,
                upper=len(assigned),
                enforce=v.guard("coverage_over", None, day),
            )
    counted_set = set(counted)
    for (hour, task_id, skill), need in skilled.items():
        if hour not in counted_set:
            continue
        assigned = on_task.get((hour, task_id), [])
        terms += at_least(
            model,
            sum(var for staff, var in assigned if skill in skills[staff]),
            need,
            rules.coverage_under,
            name=names.coverage_under(task_id, problem.hour_start(hour), skill),
            rule="coverage_under",
            staff=None,
            enforce=v.guard("coverage_under", None, f"{problem.date_of(hour // 24)} {skill}"),
        )
    return terms


def _aggregate(model: cp_model.CpModel, v: RosterVariables) -> list[PenaltyTerm]:
    """Heads on duty against all demand of the hour, and qualified or skilled heads against
    the demand only they can meet. Each bound is implied by the exact coverage rules."""
    problem, rules = v.problem, v.problem.rules
    plain, skilled = demand_table(problem)
    skill_need: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (hour, _task, skill), need in skilled.items():
        skill_need[hour][skill] += need
    task_skills = {t.required_skill for t in problem.tasks if t.required_skill is not None}
    on_duty = _crews_on_duty(model, v, task_skills | {k for *_, k in skilled})
    terms: list[PenaltyTerm] = []
    for hour in range(problem.days * 24):
        when, day = problem.hour_start(hour), str(problem.date_of(hour // 24))
        total_need = sum(plain.get((hour, t.id), 0) for t in problem.tasks)
        # Needs only qualified people can meet: a task's skill, or a demand's skill.
        narrower = [
            (plain.get((hour, t.id), 0), t.required_skill)
            for t in problem.tasks
            if t.required_skill is not None
        ]
        heads = on_duty(hour, None)
        guard = v.guard("coverage_under", None, day)
        qualified = [(need, on_duty(hour, skill)) for need, skill in narrower]
        if rules.coverage_under.strict:
            for expr, need in [(heads, total_need), *((q, n) for n, q in qualified)]:
                terms += at_least(
                    model,
                    expr,
                    need,
                    rules.coverage_under,
                    name="",
                    rule="coverage_under",
                    staff=None,
                    enforce=guard,
                )
        elif rules.coverage_under.enabled and total_need > 0:
            # One shortfall serves all three needs: the exact rules count it at least once.
            name = names.coverage_under("all tasks", when, None)
            short = model.new_int_var(0, total_need, name)
            model.add(heads + short >= total_need)
            for need, expr in qualified:
                model.add(expr + short >= need)
            weight = rules.coverage_under.weight
            terms.append(PenaltyTerm(name, "coverage_under", None, weight, short))
        terms += at_most(
            model,
            heads,
            total_need,
            rules.coverage_over,
            name=names.coverage_over("all tasks", when),
            rule="coverage_over",
            staff=None,
            upper=len(problem.staff),
            enforce=v.guard("coverage_over", None, day),
        )
        for skill, need in skill_need.get(hour, {}).items():
            terms += at_least(
                model,
                on_duty(hour, skill),
                need,
                rules.coverage_under,
                name=names.coverage_under("all tasks", when, skill),
                rule="coverage_under",
                staff=None,
                enforce=v.guard("coverage_under", None, f"{day} {skill}"),
            )
    return terms


def _crews_on_duty(
    model: cp_model.CpModel, v: RosterVariables, skills: set[str]
) -> Callable[[int, str | None], Expr]:
    """A function (hour, skill or None) -> people on duty in that hour, with that skill.

    Counted through one crew size per day and pattern (and per skill): each hour's sum then has a
    handful of terms instead of one per person, which keeps the shift-level model small enough
    for CP-SAT to improve quickly at Vigil's scale.
    """
    problem = v.problem
    has = {s.id: s.skills for s in problem.staff}
    crew: dict[tuple[int, str, str | None], Expr] = {}
    members: dict[tuple[int, str, str | None], list] = defaultdict(list)
    held = v.held_crews  # people a shift window holds, as constants
    for (staff, day, pattern_id), var in v.shifts.items():
        members[(day, pattern_id, None)].append(var)
        for skill in skills & has[staff]:
            members[(day, pattern_id, skill)].append(var)
    counted = skills | {None}
    for key in [*members, *(k for k in held if k[2] in counted and k not in members)]:
        day, pattern_id, with_skill = key
        vars_, fixed = members.get(key, []), held.get(key, 0)
        if not vars_:
            crew[key] = fixed
            continue
        name = f"crew {problem.date_of(day)} {pattern_id} {with_skill or 'all'}"
        size = model.new_int_var(fixed, fixed + len(vars_), name)
        model.add(size == fixed + sum(vars_))
        crew[key] = size
    starting: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for day in range(problem.days):
        for p in problem.patterns:
            for hour in p.duty_hours(day):
                starting[hour].append((day, p.id))

    def on_duty(hour: int, skill: str | None) -> Expr:
        return sum(crew[(d, p, skill)] for d, p in starting[hour] if (d, p, skill) in crew)

    return on_duty
