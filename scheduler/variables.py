"""Decision variables: which pattern each person works each day, and their task each duty hour.

Task variables exist only for hours a person's possible shifts could cover and only for tasks
they are qualified for, which keeps the model small at Vigil's scale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

from scheduler.rules.base import Expr
from scheduler.schema import ExposureClass, RosterProblem, StaffMember

FixedShifts = dict[tuple[str, date], str | None]


@dataclass(frozen=True)
class TaskWindow:
    """Part of a roster whose hourly tasks are decided again, with every other task kept.

    `shifts` holds the shifts in the model: the free ones, whose tasks are variables, and around
    them the shifts that share an hour or a graphic stretch with them, whose tasks are `decided`
    (by staff and hour) and enter as constants. Coverage is counted only in `hours`, where every
    person on duty is in the model; `graphic_elsewhere` is each person's graphic hours in shifts
    left out, so graphic fairness still compares whole months.
    """

    shifts: FixedShifts
    decided: dict[tuple[str, int], str]
    hours: frozenset[int]
    graphic_elsewhere: dict[str, int]


@dataclass(frozen=True)
class HeldShifts:
    """Everybody's shifts in one plan, read the way a shift window needs them: built once for a
    plan and read by every window until the plan changes, so that a window costs the few people
    it decides and not the whole team. `crews` counts the people starting each pattern each day,
    in all (skill None) and per skill they have."""

    worked: dict[str, dict[int, str]]  # staff -> day -> pattern
    crews: dict[tuple[int, str, str | None], int]
    skills: dict[str, frozenset[str]]

    @classmethod
    def of(cls, problem: RosterProblem, shifts: FixedShifts) -> HeldShifts:
        skills = {s.id: s.skills for s in problem.staff}
        worked: dict[str, dict[int, str]] = defaultdict(dict)
        crews: dict[tuple[int, str, str | None], int] = defaultdict(int)
        for (staff, when), pattern_id in shifts.items():
            if pattern_id is None:
                continue
            day = problem.day_index(when)
            worked[staff][day] = pattern_id
            crews[(day, pattern_id, None)] += 1
            for skill in skills[staff]:
                crews[(day, pattern_id, skill)] += 1
        return cls(dict(worked), dict(crews), skills)

    def crews_without(self, people: frozenset[str]) -> dict[tuple[int, str, str | None], int]:
        """`crews` with the shifts of `people` taken out."""
        crews = dict(self.crews)
        for staff in people:
            for day, pattern_id in self.worked.get(staff, {}).items():
                crews[(day, pattern_id, None)] -= 1
                for skill in self.skills[staff]:
                    crews[(day, pattern_id, skill)] -= 1
        return crews


@dataclass(frozen=True)
class ShiftWindow:
    """The whole horizon of a few `people` decided again, with everybody else's shifts held.

    Only `people` have shift variables. Everybody else works the pattern `held` gives them, a
    constant wherever rules add up or compare people: coverage, fairness, a hard limit on
    changes. Rules about one person are left out for everybody else, as constants too. So the
    window's objective differs from the whole model's by a constant, and what a window saves,
    the whole roster saves.
    """

    people: frozenset[str]
    held: HeldShifts


@dataclass
class RosterVariables:
    """The variables of one roster model, with the lookups rules need."""

    model: cp_model.CpModel
    problem: RosterProblem
    with_tasks: bool
    explain: bool
    shifts: dict[tuple[str, int, str], cp_model.IntVar] = field(default_factory=dict)
    tasks: dict[tuple[str, int, str], cp_model.IntVar] = field(default_factory=dict)
    guards: dict[tuple[str, str | None, str | None], cp_model.IntVar] = field(default_factory=dict)
    _by_day: dict[tuple[str, int], list[tuple[str, cp_model.IntVar]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    _duty: dict[tuple[str, int], list[cp_model.IntVar]] = field(
        default_factory=lambda: defaultdict(list)
    )
    _covering: dict[tuple[str, int], list[cp_model.IntVar]] = field(
        default_factory=lambda: defaultdict(list)
    )
    _duty_hours: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    window: TaskWindow | None = None
    people: list[StaffMember] = field(default_factory=list)  # those with variables
    shift_window: ShiftWindow | None = None
    held_crews: dict[tuple[int, str, str | None], int] = field(default_factory=dict)

    def counted_hours(self) -> list[int]:
        """Hours whose coverage this model counts: the horizon, or a task window's own hours."""
        every = range(self.problem.days * 24)
        return list(every) if self.window is None else sorted(set(every) & self.window.hours)

    def graphic_elsewhere(self, staff: str) -> int:
        """Graphic hours of `staff` already decided in shifts outside the model."""
        return 0 if self.window is None else self.window.graphic_elsewhere.get(staff, 0)

    def shifts_on(self, staff: str, day: int) -> Sequence[tuple[str, cp_model.IntVar | int]]:
        """(pattern id, variable) of every shift `staff` could start on `day`; for a person held
        by a shift window, their shift as the constant 1."""
        own = self._by_day.get((staff, day))
        if own is not None or self.shift_window is None or staff in self.shift_window.people:
            return own or []
        pattern_id = self.shift_window.held.worked.get(staff, {}).get(day)
        return [] if pattern_id is None else [(pattern_id, 1)]

    def shift_count(
        self, staff: str, days: Iterable[int], patterns: Collection[str] | None = None
    ) -> Expr:
        """Shifts `staff` starts on `days` (of `patterns`, or any); a number for people held."""
        sw = self.shift_window
        if sw is not None and staff not in sw.people:
            worked = sw.held.worked.get(staff, {})
            return sum(
                1
                for d in days
                if (p := worked.get(d)) is not None and (patterns is None or p in patterns)
            )
        return sum(
            var
            for d in days
            for p, var in self.shifts_on(staff, d)
            if patterns is None or p in patterns
        )

    def works(self, staff: str, day: int) -> Expr:
        """1 if `staff` starts a shift on `day`."""
        return sum(var for _, var in self.shifts_on(staff, day))

    def night(self, staff: str, day: int) -> Expr:
        return sum(var for p, var in self.shifts_on(staff, day) if self.problem.pattern(p).is_night)

    def on_duty(self, staff: str, hour: int) -> list[cp_model.IntVar]:
        """Shift variables whose worked (non-break) hours include `hour`."""
        return self._duty.get((staff, hour), [])

    def covering(self, staff: str, hour: int) -> list[cp_model.IntVar]:
        """Shift variables whose hours, break included, include `hour`."""
        return self._covering.get((staff, hour), [])

    def duty_hours(self, staff: str) -> list[int]:
        return sorted(self._duty_hours.get(staff, ()))

    def graphic(self, staff: str, hour: int) -> Expr:
        """1 if `staff` does high-exposure review in `hour`."""
        return sum(
            self.tasks[(staff, hour, t.id)]
            for t in self.problem.tasks
            if t.exposure is ExposureClass.HIGH and (staff, hour, t.id) in self.tasks
        )

    def guard(self, rule: str, staff: str | None = None, scope: str | None = None) -> list:
        """Enforcement literals of one group of hard constraints, used to explain infeasibility.

        Outside explanation mode no literal is needed and the constraints hold unconditionally.
        """
        if not self.explain:
            return []
        key = (rule, staff, scope)
        if key not in self.guards:
            self.guards[key] = self.model.new_bool_var(f"guard {rule} {staff} {scope}")
        return [self.guards[key]]


def build_variables(
    model: cp_model.CpModel,
    problem: RosterProblem,
    *,
    with_tasks: bool = True,
    fixed: FixedShifts | None = None,
    explain: bool = False,
    window: TaskWindow | None = None,
    shift_window: ShiftWindow | None = None,
) -> RosterVariables:
    """Create shift variables (constants where `fixed` decides the day) and task variables.

    With a task `window`, only its shifts exist and the tasks it has decided are constants. With
    a `shift_window`, only its people have variables and everybody else's shifts are held.
    """
    if window is not None:
        fixed = window.shifts
    v = RosterVariables(model, problem, with_tasks, explain, window=window)
    v.people = [s for s in problem.staff if shift_window is None or s.id in shift_window.people]
    if shift_window is not None:
        v.shift_window = shift_window
        v.held_crews = shift_window.held.crews_without(shift_window.people)
    strict_patterns = problem.rules.shift_patterns.strict
    for person in v.people:
        for day in range(problem.days):
            when = problem.date_of(day)
            if when in person.leave:
                continue
            if fixed is not None:
                chosen = fixed.get((person.id, when))
                candidates = [chosen] if chosen is not None else []
            else:
                candidates = [
                    p.id for p in problem.patterns if person.may_work(p.id) or not strict_patterns
                ]
            for pattern_id in candidates:
                pattern = problem.pattern(pattern_id)
                if fixed is not None:
                    var = model.new_constant(1)
                else:
                    var = model.new_bool_var(f"shift {person.id} {when} {pattern_id}")
                v.shifts[(person.id, day, pattern_id)] = var
                v._by_day[(person.id, day)].append((pattern_id, var))
                for h in pattern.hours(day):
                    v._covering[(person.id, h)].append(var)
                for h in pattern.duty_hours(day):
                    v._duty[(person.id, h)].append(var)
                    v._duty_hours[person.id].add(h)
        if with_tasks:
            qualified = [
                t
                for t in problem.tasks
                if not t.is_break
                and (t.required_skill is None or t.required_skill in person.skills)
            ]
            decided = window.decided if window is not None else {}
            for hour in v.duty_hours(person.id):
                kept = decided.get((person.id, hour))
                for t in qualified:
                    key = (person.id, hour, t.id)
                    if kept is not None:
                        v.tasks[key] = model.new_constant(int(kept == t.id))
                    else:
                        v.tasks[key] = model.new_bool_var(f"task {person.id} h{hour} {t.id}")
    return v
