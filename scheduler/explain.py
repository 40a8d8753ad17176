"""Explanations in plain words: why no roster exists, and what a roster costs and for whom.

Infeasibility is explained two ways. A cheap count of people who could be on duty finds
demands that nobody could meet. Then the hard rules, each group guarded by a literal, are
solved under assumptions; CP-SAT names a set of guards that cannot all hold, which is shrunk
by dropping guards one at a time while the rest stay infeasible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

from scheduler.messages import MESSAGES, RULE_TITLES, SKILL_NAMES, TASK_NAMES, WEEKDAYS, word
from scheduler.model import build_model
from scheduler.rules.coverage import demand_table
from scheduler.schema import Roster, RosterProblem
from scheduler.validator import validate


@dataclass(frozen=True)
class Explanation:
    """A message code and its parameters; `render` turns it into English or Korean."""

    code: str
    params: dict = field(default_factory=dict)

    def render(self, lang: str = "en") -> str:
        p = dict(self.params)
        if "day" in p:
            p["when"] = _when(date.fromisoformat(p["day"]), p["start"], p["end"], lang)
        if "task" in p:
            p["task"] = word(TASK_NAMES, p["task"], lang)
        if p.get("skill"):
            p["skill"] = word(SKILL_NAMES, p["skill"], lang)
        if "rule" in p:
            p["rule"] = word(RULE_TITLES, p["rule"], lang)
            staff, scope = p.get("staff"), p.get("scope")
            p["whom"] = (f" for {staff}" if lang == "en" else f" ({staff})") if staff else ""
            p["scope"] = (f" on {scope}" if lang == "en" else f" {scope}") if scope else ""
        return MESSAGES[self.code][lang].format(**p)

    def english(self) -> str:
        return self.render("en")

    def korean(self) -> str:
        return self.render("ko")


def _when(day: date, start: int, end: int, lang: str) -> str:
    weekday = WEEKDAYS[lang][day.weekday()]
    span = f"{start:02d}:00–{end:02d}:00"
    if lang == "ko":
        return f"{day.month}월 {day.day}일 {weekday} {span}"
    return f"{weekday} {day.isoformat()} {span}"


def explain_infeasibility(problem: RosterProblem, time_limit: float = 20.0) -> list[Explanation]:
    """A small set of demands and rules that cannot all be met, in plain words."""
    found = shortage_precheck(problem)
    found += conflicting_rules(problem, time_limit)
    return found or [Explanation("no_proof", {"seconds": round(time_limit)})]


def available_for(problem: RosterProblem, hour: int, skill: str | None) -> int:
    """People who could be on duty in `hour` (leave and allowed patterns considered)."""
    day = hour // 24
    count = 0
    for person in problem.staff:
        if skill is not None and skill not in person.skills:
            continue
        for start_day in (day, day - 1):
            if start_day < 0 or problem.date_of(start_day) in person.leave:
                continue
            if any(
                hour in p.duty_hours(start_day)
                and (person.may_work(p.id) or not problem.rules.shift_patterns.strict)
                for p in problem.patterns
            ):
                count += 1
                break
    return count


def shortage_precheck(problem: RosterProblem) -> list[Explanation]:
    """Demand hours that need more qualified people than could possibly be on duty."""
    if not problem.rules.coverage_under.strict:
        return []
    plain, skilled = demand_table(problem)
    short: list[tuple[int, str, str | None, int, int]] = []
    for (hour, task_id), count in plain.items():
        skill = problem.task(task_id).required_skill
        available = available_for(problem, hour, skill)
        if available < count:
            short.append((hour, task_id, skill, count, available))
    for (hour, task_id, skill), count in skilled.items():
        available = available_for(problem, hour, skill)
        if available < count:
            short.append((hour, task_id, skill, count, available))
    return _grouped(problem, sorted(short, key=lambda s: (s[1], s[2] or "", s[0])))


def _grouped(problem: RosterProblem, short: list) -> list[Explanation]:
    """Merge consecutive hours of one day with the same shortage into one sentence."""
    found: list[Explanation] = []
    run: list = []
    for item in [*short, None]:
        if run and (
            item is None
            or item[1:] != run[-1][1:]
            or item[0] != run[-1][0] + 1
            or item[0] // 24 != run[0][0] // 24
        ):
            hour, task_id, skill, count, available = run[0]
            found.append(
                Explanation(
                    "skill_shortage" if skill else "staff_shortage",
                    {
                        "day": problem.date_of(hour // 24).isoformat(),
                        "start": hour % 24,
                        "end": run[-1][0] % 24 + 1,
                        "task": task_id,
                        "skill": skill,
                        "count": count,
                        "available": available,
                    },
                )
            )
            run = []
        if item is not None:
            run.append(item)
    return found


def conflicting_rules(problem: RosterProblem, time_limit: float) -> list[Explanation]:
    """Hard-rule groups that cannot hold together, found with assumptions and one worker."""
    rm = build_model(problem, explain=True)
    guards = rm.variables.guards
    if not guards:
        return []
    keys = list(guards)
    core = _core(rm.model, [guards[k] for k in keys], time_limit)
    if core is None:
        return []
    chosen = [keys[i] for i in core]
    if len(chosen) <= 12:  # shrink: drop a guard if the rest are still infeasible without it
        for key in list(chosen):
            rest = [k for k in chosen if k != key]
            if rest and _core(rm.model, [guards[k] for k in rest], 2.0) is not None:
                chosen = rest
    names = {s.id: s.name for s in problem.staff}
    return [
        Explanation(
            "rule_in_conflict",
            {
                "rule": rule,
                "limit": getattr(problem.rules, rule).limit,
                "staff": names.get(staff or "", staff),
                "scope": scope,
            },
        )
        for rule, staff, scope in chosen
    ]


def _core(model: cp_model.CpModel, literals: list, time_limit: float) -> list[int] | None:
    """Indexes (into `literals`) of assumptions proven infeasible together, or None."""
    model.clear_assumptions()
    model.add_assumptions(literals)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # assumption cores need the single-worker search
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(model)
    if status != cp_model.INFEASIBLE:
        return None
    index_of = {lit.index: i for i, lit in enumerate(literals)}
    return [index_of[i] for i in solver.sufficient_assumptions_for_infeasibility()]


@dataclass(frozen=True)
class CostBreakdown:
    """What a roster costs, by rule and by person, with the largest single terms."""

    objective: int
    by_rule: dict[str, int]
    by_staff: dict[str, int]
    largest: tuple[tuple[str, int], ...]


def cost_breakdown(problem: RosterProblem, roster: Roster, top: int = 20) -> CostBreakdown:
    """The validator's cost of `roster`, grouped for a manager to read."""
    report = validate(problem, roster)
    terms = sorted(((v.name, v.cost) for v in report.violations if v.cost), key=lambda t: -t[1])
    return CostBreakdown(
        report.objective, report.cost_by_rule(), report.cost_by_staff(), tuple(terms[:top])
    )
