"""A quick greedy shift plan, used only as a starting hint for the solver at large scale.

CP-SAT's first solutions of a 200-person month leave most demand uncovered and improve slowly;
starting from a plan that already respects the labour rules lets it improve from a good point.
"""

from __future__ import annotations

from collections import defaultdict

from scheduler.rules.coverage import demand_table
from scheduler.rules.labour import weekly_cap
from scheduler.schema import Roster, RosterProblem, ShiftAssignment, StaffMember
from scheduler.variables import FixedShifts


def greedy_shifts(problem: RosterProblem) -> FixedShifts:
    """Day by day, give the shift that covers most missing hours to the least-worked person
    who may take it under the hard labour rules."""
    plain, _ = demand_table(problem)
    need: dict[int, int] = defaultdict(int)
    for (hour, _task), count in plain.items():
        need[hour] += count
    cover: dict[int, int] = defaultdict(int)
    plan: dict[str, dict[int, str]] = {s.id: {} for s in problem.staff}
    paid: dict[str, int] = defaultdict(int)
    for day in range(problem.days):
        while True:
            best = None
            for pattern in problem.patterns:
                gain = sum(need[h] > cover[h] for h in pattern.duty_hours(day))
                if gain * 2 > pattern.paid_hours and (best is None or gain > best[0]):
                    best = (gain, pattern.id)
            if best is None:
                break
            pattern_id = best[1]
            takers = [
                s for s in problem.staff if _may_take(problem, s, plan[s.id], day, pattern_id)
            ]
            if not takers:
                need_hours = problem.pattern(pattern_id).duty_hours(day)
                for h in need_hours:  # nobody can take it: stop asking for this shift today
                    cover[h] = max(cover[h], need[h])
                continue
            person = min(takers, key=lambda s: (paid[s.id], s.id))
            plan[person.id][day] = pattern_id
            paid[person.id] += problem.pattern(pattern_id).paid_hours
            for h in problem.pattern(pattern_id).duty_hours(day):
                cover[h] += 1
    return {
        (s.id, problem.date_of(d)): plan[s.id].get(d)
        for s in problem.staff
        for d in range(problem.days)
    }


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


def _run(days: dict[int, str], day: int, counts) -> int:  # type: ignore[no-untyped-def]
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
