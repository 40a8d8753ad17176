"""Tables behind the roster pages: the person × day grid, coverage against demand, graphic hours
against the caps, and fairness. Pure pandas over a problem and its roster; no Streamlit.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from scheduler.explain import demand_table
from scheduler.schema import Roster, RosterProblem, shape_of

SHIFT_CODES = {"day": "D", "evening": "E", "night": "N"}


def shift_code(pattern_id: str) -> str:
    """D, E or N for a pattern of the day, evening or night shape (whatever its break variant)."""
    shape = shape_of(pattern_id)
    return SHIFT_CODES.get(shape, shape[:1].upper())


def shift_grid(problem: RosterProblem, roster: Roster) -> pd.DataFrame:
    """One row per person, one column per day, the shift code in each cell ("" = off,
    "L" = leave). A trailing "*" marks a shift with graphic review hours."""
    days = [problem.date_of(d) for d in range(problem.days)]
    by_key = roster.by_staff_day()
    rows, names = [], []
    for person in problem.staff:
        cells = []
        for day in days:
            a = by_key.get((person.id, day))
            if a is not None:
                code = shift_code(a.pattern)
                cells.append(code + ("*" if "graphic" in a.tasks else ""))
            else:
                cells.append("L" if day in person.leave else "")
        rows.append(cells)
        names.append(person.name)  # names may repeat; the index allows it
    return pd.DataFrame(rows, index=names, columns=[f"{d:%m-%d} {d:%a}" for d in days])


def hourly_tasks(problem: RosterProblem, roster: Roster) -> pd.DataFrame:
    """People on each task in each hour: columns hour (index into the horizon), task, people."""
    on_task: Counter[tuple[int, str]] = Counter()
    for a in roster.assignments:
        hours = problem.pattern(a.pattern).hours(problem.day_index(a.day))
        for hour, task in zip(hours, a.tasks, strict=True):
            on_task[(hour, task)] += 1
    return pd.DataFrame(
        [(h, t, n) for (h, t), n in on_task.items()], columns=["hour", "task", "people"]
    )


def coverage(problem: RosterProblem, roster: Roster) -> pd.DataFrame:
    """Demand and people rostered per hour and task, with the gap (negative = short)."""
    plain, _skilled = demand_table(problem)
    needed = pd.DataFrame(
        [(h, t, n) for (h, t), n in plain.items()], columns=["hour", "task", "needed"]
    )
    rostered = hourly_tasks(problem, roster)
    table = needed.merge(rostered, on=["hour", "task"], how="outer").fillna(0)
    table = table[table["hour"] < problem.days * 24]
    table["gap"] = table["people"] - table["needed"]
    table["starts"] = [problem.hour_start(int(h)) for h in table["hour"]]
    return table.sort_values(["hour", "task"]).reset_index(drop=True)


def graphic_hours_per_day(problem: RosterProblem, roster: Roster) -> pd.DataFrame:
    """Each person's graphic review hours per day, to hold against the daily cap."""
    hours: Counter[tuple[str, object]] = Counter()
    for a in roster.assignments:
        hours[(a.staff, a.day)] += sum(task == "graphic" for task in a.tasks)
    names = {s.id: s.name for s in problem.staff}
    table = pd.DataFrame(
        [(names[s], d, n) for (s, d), n in hours.items() if n],
        columns=["name", "day", "graphic_hours"],
    )
    table["cap"] = problem.rules.graphic_daily.limit
    return table


def fairness(problem: RosterProblem, roster: Roster) -> pd.DataFrame:
    """Per person: nights, weekend days and graphic hours worked, and hours in total."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for a in roster.assignments:
        pattern = problem.pattern(a.pattern)
        mine = counts[a.staff]
        mine["nights"] += pattern.is_night
        mine["weekend_days"] += a.day.weekday() >= 5
        mine["graphic_hours"] += sum(task == "graphic" for task in a.tasks)
        mine["hours"] += pattern.paid_hours
    return pd.DataFrame(
        [
            {
                "name": s.name,
                **{
                    k: counts[s.id][k] for k in ("nights", "weekend_days", "graphic_hours", "hours")
                },
            }
            for s in problem.staff
        ]
    )
