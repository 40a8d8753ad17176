"""A quick greedy roster, the first valid one of a staged solve and the point it improves from.

Shifts: crew sizes per day and pattern come first (`scheduler.crews`), then people are put into
those crews day by day under the hard labour rules. CP-SAT's first solutions of a 200-person
month leave most demand uncovered and improve slowly; a plan whose crews already fit the demand
and the team's capacity starts it near the optimum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from scheduler.crews import plan_crews
from scheduler.rules.coverage import demand_table
from scheduler.rules.labour import weekly_cap
from scheduler.schema import Roster, RosterProblem, ShiftAssignment, StaffMember, shape_of
from scheduler.variables import FixedShifts


def greedy_shifts(
    problem: RosterProblem, crews: dict[tuple[int, str], int] | None = None
) -> FixedShifts:
    """Day by day, fill each pattern's crew (`crews`, or `plan_crews`) with the people who may
    take it under the hard labour rules, those the week can least spare a day off first."""
    sizes = crews if crews is not None else plan_crews(problem).sizes
    # Nights first: fewer people may work them, and a night decides the next day too.
    order = sorted(problem.patterns, key=lambda p: (not p.is_night, p.start_hour))
    plan: dict[str, dict[int, str]] = {s.id: {} for s in problem.staff}
    paid: dict[str, int] = defaultdict(int)
    for day in range(problem.days):
        for pattern in order:
            takers = [
                s for s in problem.staff if _may_take(problem, s, plan[s.id], day, pattern.id)
            ]
            takers.sort(
                key=lambda s: (
                    _days_to_spare(problem, s, plan[s.id], day),
                    _changes_shape(plan[s.id], day, pattern.id),
                    paid[s.id],
                    s.id,
                )
            )
            for person in takers[: sizes.get((day, pattern.id), 0)]:
                plan[person.id][day] = pattern.id
                paid[person.id] += pattern.paid_hours
    return {
        (s.id, problem.date_of(d)): plan[s.id].get(d)
        for s in problem.staff
        for d in range(problem.days)
    }


def _days_to_spare(
    problem: RosterProblem, person: StaffMember, days: dict[int, str], day: int
) -> int:
    """Days the person can still take off this week and work every shift the week allows:
    at zero, a day off today is a shift lost for good (the team's capacity binds)."""
    week = range(day - day % 7, min(day - day % 7 + 7, problem.days))
    most = len(week) - problem.rules.days_off.limit * len(week) // 7
    still_to_work = most - sum(d in days for d in week)
    present = sum(problem.date_of(d) not in person.leave for d in range(day, week.stop))
    return present - still_to_work


def _changes_shape(days: dict[int, str], day: int, pattern_id: str) -> bool:
    """Whether the shift differs in shape from yesterday's: staying on one shape keeps the rest
    rules from closing other shapes to the person tomorrow."""
    yesterday = days.get(day - 1)
    return yesterday is None or shape_of(yesterday) != shape_of(pattern_id)


def _may_take(
    problem: RosterProblem, person: StaffMember, days: dict[int, str], day: int, pattern_id: str
) -> bool:
    rules, pattern = problem.rules, problem.pattern(pattern_id)
    if day in days or problem.date_of(day) in person.leave:
        return False
    if rules.shift_patterns.strict and not person.may_work(pattern_id):
        return False
    if rules.rest.strict:
        for earlier in (day - 1, day - 2):
            if earlier in days:
                end = problem.pattern(days[earlier]).hours(earlier).stop
                if pattern.hours(day).start - end < rules.rest.limit:
                    return False
    week = range(day - day % 7, min(day - day % 7 + 7, problem.days))
    worked = [d for d in week if d in days]
    if rules.weekly_hours.strict:
        hours = sum(problem.pattern(days[d]).paid_hours for d in worked) + pattern.paid_hours
        if hours > weekly_cap(problem, person, len(week)):
            return False
    if (
        rules.days_off.strict
        and len(worked) + 1 > len(week) - rules.days_off.limit * len(week) // 7
    ):
        return False
    if (
        rules.consecutive_days.strict
        and _run(days, day, lambda p: True) >= rules.consecutive_days.limit
    ):
        return False
    night = problem.pattern
    return not (
        rules.consecutive_nights.strict
        and pattern.is_night
        and _run(days, day, lambda p: night(p).is_night) >= rules.consecutive_nights.limit
    )


def _run(days: dict[int, str], day: int, counts: Callable[[str], bool]) -> int:
    """Length of the run of counted days ending the day before `day`."""
    run, d = 0, day - 1
    while d in days and counts(days[d]):
        run, d = run + 1, d - 1
    return run


def greedy_tasks(problem: RosterProblem, plan: FixedShifts) -> Roster:
    """Hour by hour, put the people on duty on the tasks still short, skilled needs first,
    never past the graphic limits; the rest go to standard review or training."""
    plain, skilled = demand_table(problem)
    rules, staff = problem.rules, {s.id: s for s in problem.staff}
    duty: dict[int, list[tuple[str, int]]] = defaultdict(list)  # hour -> (staff, shift start day)
    for (staff_id, when), pattern_id in plan.items():
        if pattern_id is not None:
            day = problem.day_index(when)
            for h in problem.pattern(pattern_id).duty_hours(day):
                duty[h].append((staff_id, day))
    doing: dict[tuple[str, int], str] = {}
    graphic_in_shift: dict[tuple[str, int], int] = defaultdict(int)
    graphic_ids = {t.id for t in problem.tasks if t.exposure.value == "high"}

    def may_do(staff_id: str, day: int, hour: int, task_id: str) -> bool:
        task = problem.task(task_id)
        if task.required_skill and task.required_skill not in staff[staff_id].skills:
            return False
        if task_id not in graphic_ids:
            return True
        if (
            rules.graphic_daily.enabled
            and graphic_in_shift[(staff_id, day)] >= rules.graphic_daily.limit
        ):
            return False
        run = 0
        while doing.get((staff_id, hour - run - 1)) in graphic_ids:
            run += 1
        return not (rules.graphic_streak.enabled and run >= rules.graphic_streak.limit)

    wanted: dict[int, list] = defaultdict(list)
    for (h, t, k), n in skilled.items():
        wanted[h].append(((t, k), n))
    for (h, t), n in sorted(plain.items()):
        wanted[h].append(((t, None), n))
    for hour in sorted(duty):
        free = sorted(duty[hour], key=lambda sd: graphic_in_shift[sd])
        wants = wanted[hour]
        for (task_id, skill), count in wants:
            already = sum(
                1
                for (s, _d) in duty[hour]
                if doing.get((s, hour)) == task_id and (skill is None or skill in staff[s].skills)
            )
            for staff_id, day in list(free):
                if already >= count:
                    break
                if (skill is None or skill in staff[staff_id].skills) and may_do(
                    staff_id, day, hour, task_id
                ):
                    doing[(staff_id, hour)] = task_id
                    graphic_in_shift[(staff_id, day)] += task_id in graphic_ids
                    free.remove((staff_id, day))
                    already += 1
        spare = "training" if any(t.id == "training" for t in problem.tasks) else None
        for staff_id, _day in free:
            fallback = next(
                t.id
                for t in problem.tasks
                if not t.is_break
                and t.id not in graphic_ids
                and (t.id == spare or spare is None)
                and (not t.required_skill or t.required_skill in staff[staff_id].skills)
            )
            doing[(staff_id, hour)] = fallback
    assignments = []
    for (staff_id, when), pattern_id in sorted(plan.items()):
        if pattern_id is None:
            continue
        pattern, day = problem.pattern(pattern_id), problem.day_index(when)
        tasks = tuple(
            problem.break_task.id if k in (pattern.break_offsets or ()) else doing[(staff_id, h)]
            for k, h in enumerate(pattern.hours(day))
        )
        assignments.append(ShiftAssignment(staff_id, when, pattern_id, tasks))
    return Roster(problem.start, problem.days, tuple(assignments))
