"""Decision variables: which pattern each person works each day, and their task each duty hour.

Task variables exist only for hours a person's possible shifts could cover and only for tasks
they are qualified for, which keeps the model small at Vigil's scale.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

from scheduler.schema import ExposureClass, RosterProblem

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

    def counted_hours(self) -> list[int]:
        """Hours whose coverage this model counts: the horizon, or a task window's own hours."""
        every = range(self.problem.days * 24)
        return list(every) if self.window is None else sorted(set(every) & self.window.hours)

    def graphic_elsewhere(self, staff: str) -> int:
        """Graphic hours of `staff` already decided in shifts outside the model."""
        return 0 if self.window is None else self.window.graphic_elsewhere.get(staff, 0)

    def shifts_on(self, staff: str, day: int) -> list[tuple[str, cp_model.IntVar]]:
        """(pattern id, variable) of every shift `staff` could start on `day`."""
        return self._by_day.get((staff, day), [])

    def works(self, staff: str, day: int) -> cp_model.LinearExprT:
        """1 if `staff` starts a shift on `day`."""
        return sum(var for _, var in self.shifts_on(staff, day))

    def night(self, staff: str, day: int) -> cp_model.LinearExprT:
        return sum(var for p, var in self.shifts_on(staff, day) if self.problem.pattern(p).is_night)

    def on_duty(self, staff: str, hour: int) -> list[cp_model.IntVar]:
        """Shift variables whose worked (non-break) hours include `hour`."""
        return self._duty.get((staff, hour), [])

    def covering(self, staff: str, hour: int) -> list[cp_model.IntVar]:
        """Shift variables whose hours, break included, include `hour`."""
        return self._covering.get((staff, hour), [])

    def duty_hours(self, staff: str) -> list[int]:
        return sorted(self._duty_hours.get(staff, ()))

    def graphic(self, staff: str, hour: int) -> cp_model.LinearExprT:
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
) -> RosterVariables:
    """Create shift variables (constants where `fixed` decides the day) and task variables.

    With a task `window`, only its shifts exist and the tasks it has decided are constants.
    """
    if window is not None:
        fixed = window.shifts
    v = RosterVariables(model, problem, with_tasks, explain, window=window)
    strict_patterns = problem.rules.shift_patterns.strict
    for person in problem.staff:
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
