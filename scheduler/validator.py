"""Solver-free check of a roster: every violation, by the same names as the model, and the cost.

This is deliberately written from the rules' words, not from the model's constraints, so the two
can catch each other's mistakes. Every roster the engine returns has passed it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from scheduler.rules import names
from scheduler.rules.coverage import demand_table
from scheduler.rules.labour import weekend_days, weekend_limit, weekly_cap
from scheduler.rules_config import RuleSetting
from scheduler.schema import ExposureClass, Roster, RosterProblem


@dataclass(frozen=True)
class Violation:
    """One broken limit: how far past it (`amount`), and what it costs if the rule is soft."""

    name: str
    rule: str
    staff: str | None
    amount: int
    weight: int
    hard: bool

    @property
    def cost(self) -> int:
        return 0 if self.hard else self.amount * self.weight


@dataclass(frozen=True)
class ValidationReport:
    """All violations of a roster; it is valid when no hard rule or structure is broken."""

    violations: tuple[Violation, ...]
    problems: tuple[str, ...] = field(default=())  # structural faults, in words

    @property
    def valid(self) -> bool:
        return not self.problems and not any(v.hard for v in self.violations)

    @property
    def objective(self) -> int:
        return sum(v.cost for v in self.violations)

    def cost_by_rule(self) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for v in self.violations:
            totals[v.rule] += v.cost
        return dict(totals)

    def cost_by_staff(self) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for v in self.violations:
            if v.staff is not None:
                totals[v.staff] += v.cost
        return dict(totals)


class _Collector:
    def __init__(self) -> None:
        self.violations: list[Violation] = []

    def over(
        self, value: int, limit: int, setting: RuleSetting, name: str, rule: str, staff: str | None
    ) -> None:
        if setting.enabled and value > limit:
            self.violations.append(
                Violation(name, rule, staff, value - limit, setting.weight, setting.hard)
            )


def validate(problem: RosterProblem, roster: Roster) -> ValidationReport:
    """Recompute every violation of `roster` against `problem` and the objective it implies."""
    faults = _structure(problem, roster)
    if faults:
        return ValidationReport((), tuple(faults))
    c = _Collector()
    worked = _worked(problem, roster)
    task_at = _task_at(problem, roster)
    _exposure(problem, roster, task_at, c)
    _labour(problem, worked, c)
    _fairness(problem, worked, task_at, c)
    _wishes(problem, roster, worked, c)
    _coverage(problem, task_at, c)
    return ValidationReport(tuple(c.violations))


def _structure(problem: RosterProblem, roster: Roster) -> list[str]:
    faults: list[str] = []
    staff = {s.id: s for s in problem.staff}
    seen: set[tuple[str, object]] = set()
    hours_of: dict[str, list[int]] = defaultdict(list)
    if roster.start != problem.start or roster.days != problem.days:
        faults.append("roster horizon differs from the problem's")
    for a in roster.assignments:
        person = staff.get(a.staff)
        day = problem.day_index(a.day)
        if person is None or not 0 <= day < problem.days:
            faults.append(f"{a.staff} on {a.day}: unknown person or day outside the horizon")
            continue
        if (a.staff, a.day) in seen:
            faults.append(f"{a.staff} on {a.day}: more than one shift")
        seen.add((a.staff, a.day))
        if a.day in person.leave:
            faults.append(f"{a.staff} on {a.day}: rostered on leave")
        try:
            pattern = problem.pattern(a.pattern)
        except StopIteration:
            faults.append(f"{a.staff} on {a.day}: unknown pattern {a.pattern}")
            continue
        if not person.may_work(a.pattern) and problem.rules.shift_patterns.strict:
            faults.append(f"{a.staff} on {a.day}: may not work {a.pattern}")
        if len(a.tasks) != pattern.length:
            faults.append(f"{a.staff} on {a.day}: {len(a.tasks)} tasks for {pattern.length} hours")
            continue
        for k, task_id in enumerate(a.tasks):
            is_break_hour = k in (pattern.break_offsets or ())
            task = next((t for t in problem.tasks if t.id == task_id), None)
            if task is None or task.is_break != is_break_hour:
                faults.append(f"{a.staff} on {a.day} hour {k}: {task_id} where not allowed")
            elif task.required_skill and task.required_skill not in person.skills:
                faults.append(f"{a.staff} on {a.day}: {task_id} needs {task.required_skill}")
        hours_of[a.staff] += list(pattern.hours(day))
    for staff_id, hours in hours_of.items():
        if len(hours) != len(set(hours)):
            faults.append(f"{staff_id}: overlapping shifts")
    if problem.published is not None:
        published, now = problem.published.by_staff_day(), roster.by_staff_day()
        for key in problem.pinned:
            if 0 <= problem.day_index(key[1]) < problem.days and published.get(key) != now.get(key):
                faults.append(f"{key[0]} on {key[1]}: pinned assignment changed")
    return faults


def _worked(problem: RosterProblem, roster: Roster) -> dict[str, dict[int, str]]:
    """staff -> day index -> pattern id."""
    worked: dict[str, dict[int, str]] = {s.id: {} for s in problem.staff}
    for a in roster.assignments:
        worked[a.staff][problem.day_index(a.day)] = a.pattern
    return worked


def _task_at(problem: RosterProblem, roster: Roster) -> dict[str, dict[int, str]]:
    """staff -> hour index -> task id, breaks included."""
    task_at: dict[str, dict[int, str]] = {s.id: {} for s in problem.staff}
    for a in roster.assignments:
        hours = problem.pattern(a.pattern).hours(problem.day_index(a.day))
        task_at[a.staff].update(zip(hours, a.tasks, strict=True))
    return task_at


def _is_graphic(problem: RosterProblem, task_id: str | None) -> bool:
    return task_id is not None and problem.task(task_id).exposure is ExposureClass.HIGH


def _exposure(problem: RosterProblem, roster: Roster, task_at: dict, c: _Collector) -> None:
    daily, streak = problem.rules.graphic_daily, problem.rules.graphic_streak
    for a in roster.assignments:
        graphic = sum(_is_graphic(problem, t) for t in a.tasks)
        c.over(
            graphic,
            daily.limit,
            daily,
            names.graphic_daily(a.staff, a.day, daily.limit),
            "graphic_daily",
            a.staff,
        )
    span = streak.limit + 1
    for staff, hours in task_at.items():
        for first in sorted(hours):
            if all(_is_graphic(problem, hours.get(h)) for h in range(first, first + span)):
                name = names.graphic_streak(staff, problem.hour_start(first), streak.limit)
                c.over(span, streak.limit, streak, name, "graphic_streak", staff)


def _labour(problem: RosterProblem, worked: dict, c: _Collector) -> None:
    rules = problem.rules
    for person in problem.staff:
        days = worked[person.id]
        for week in problem.weeks():
            paid = sum(problem.pattern(days[d]).paid_hours for d in week if d in days)
            c.over(
                paid,
                weekly_cap(problem, person, len(week)),
                rules.weekly_hours,
                names.weekly_hours(
                    person.id, problem.date_of(week.start), rules.weekly_hours.limit
                ),
                "weekly_hours",
                person.id,
            )
            needed_off = rules.days_off.limit * len(week) // 7
            on = sum(d in days for d in week)
            c.over(
                on,
                len(week) - needed_off,
                rules.days_off,
                names.days_off(person.id, problem.date_of(week.start), rules.days_off.limit),
                "days_off",
                person.id,
            )
        for d, p in days.items():
            end = problem.pattern(p).hours(d).stop
            for later in (d + 1, d + 2):
                if later in days:
                    gap = problem.pattern(days[later]).hours(later).start - end
                    if gap < rules.rest.limit:
                        name = names.rest(
                            person.id, problem.date_of(d), problem.date_of(later), rules.rest.limit
                        )
                        c.over(2, 1, rules.rest, name, "rest", person.id)
        nights = {d for d, p in days.items() if problem.pattern(p).is_night}
        for rule, on_days, run_name in (
            ("consecutive_days", set(days), names.consecutive_days),
            ("consecutive_nights", nights, names.consecutive_nights),
        ):
            setting = getattr(rules, rule)
            span = setting.limit + 1
            for first in range(problem.days - span + 1):
                run = sum(d in on_days for d in range(first, first + span))
                c.over(
                    run,
                    setting.limit,
                    setting,
                    run_name(person.id, problem.date_of(first), setting.limit),
                    rule,
                    person.id,
                )
        weekends = sum(any(d in days for d in pair) for pair in weekend_days(problem))
        limit = weekend_limit(problem)
        c.over(
            weekends, limit, rules.weekends, names.weekends(person.id, limit), "weekends", person.id
        )
        if rules.shift_patterns.soft:
            for d, p in days.items():
                if not person.may_work(p):
                    c.over(
                        1,
                        0,
                        rules.shift_patterns,
                        names.shift_patterns(person.id, problem.date_of(d), p),
                        "shift_patterns",
                        person.id,
                    )


def _fairness(problem: RosterProblem, worked: dict, task_at: dict, c: _Collector) -> None:
    rules = problem.rules
    night_ids = [p.id for p in problem.patterns if p.is_night]
    eligible = [s.id for s in problem.staff if any(s.may_work(p) for p in night_ids)]
    nights = [sum(p in night_ids for p in worked[s].values()) for s in eligible]
    weekend = {d for pair in weekend_days(problem) for d in pair}
    weekend_counts = [sum(d in weekend for d in worked[s.id]) for s in problem.staff]
    graphic = [sum(_is_graphic(problem, t) for t in task_at[s.id].values()) for s in problem.staff]
    for rule, counts, what in (
        ("fairness_nights", nights, "nights"),
        ("fairness_weekends", weekend_counts, "weekend days"),
        ("fairness_graphic", graphic, "graphic hours"),
    ):
        if len(counts) >= 2:
            setting = getattr(rules, rule)
            c.over(
                max(counts) - min(counts), setting.limit, setting, names.fairness(what), rule, None
            )


def _wishes(problem: RosterProblem, roster: Roster, worked: dict, c: _Collector) -> None:
    rules = problem.rules
    for person in problem.staff:
        days = worked[person.id]
        for wish in person.preferences:
            for d in range(problem.days):
                when = problem.date_of(d)
                if not wish.matches(when):
                    continue
                granted = d in days and wish.about(days[d])
                setting = replace(rules.preferences, weight=rules.preferences.weight * wish.weight)
                c.over(
                    int(granted != wish.wanted),
                    0,
                    setting,
                    names.preference(person.id, when, wish.pattern, wish.wanted),
                    "preferences",
                    person.id,
                )
    if problem.published is None or not rules.stability.enabled:
        return
    before, now = problem.published.by_staff_day(), roster.by_staff_day()
    changed = []
    for person in problem.staff:
        for d in range(problem.days):
            key = (person.id, problem.date_of(d))
            old, new = before.get(key), now.get(key)
            if (old.pattern if old else None) != (new.pattern if new else None):
                changed.append(key)
    if rules.stability.hard:
        c.over(
            len(changed),
            rules.stability.limit,
            rules.stability,
            "changes from published",
            "stability",
            None,
        )
    else:
        for staff, when in changed:
            c.over(1, 0, rules.stability, names.stability(staff, when), "stability", staff)


def _coverage(problem: RosterProblem, task_at: dict, c: _Collector) -> None:
    rules = problem.rules
    plain, skilled = demand_table(problem)
    skills = {s.id: s.skills for s in problem.staff}
    doing: dict[tuple[int, str], list[str]] = defaultdict(list)
    for staff, hours in task_at.items():
        for hour, task_id in hours.items():
            doing[(hour, task_id)].append(staff)
    for hour in range(problem.days * 24):
        when = problem.hour_start(hour)
        for task in problem.tasks:
            if task.is_break:
                continue
            have, need = len(doing[(hour, task.id)]), plain.get((hour, task.id), 0)
            c.over(
                need,
                have,
                rules.coverage_under,
                names.coverage_under(task.id, when, None),
                "coverage_under",
                None,
            )
            c.over(
                have,
                need,
                rules.coverage_over,
                names.coverage_over(task.id, when),
                "coverage_over",
                None,
            )
    for (hour, task_id, skill), need in skilled.items():
        have = sum(skill in skills[s] for s in doing[(hour, task_id)])
        c.over(
            need,
            have,
            rules.coverage_under,
            names.coverage_under(task_id, problem.hour_start(hour), skill),
            "coverage_under",
            None,
        )
