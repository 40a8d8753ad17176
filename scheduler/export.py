"""Exports of a roster: CSV (one row per person-hour), XLSX (a sheet per week), ICS per person.

All times are Asia/Seoul wall-clock times.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import timedelta

from icalendar import Calendar, Event
from openpyxl import Workbook

from scheduler.schema import Roster, RosterProblem

CSV_HEADER = ["staff", "name", "date", "pattern", "hour_start", "task"]


def roster_rows(problem: RosterProblem, roster: Roster) -> list[list[str]]:
    """One row per person-hour: staff, name, shift date, pattern, hour start (ISO), task."""
    names = {s.id: s.name for s in problem.staff}
    rows = []
    for a in sorted(roster.assignments, key=lambda a: (a.day, a.staff)):
        hours = problem.pattern(a.pattern).hours(problem.day_index(a.day))
        for hour, task in zip(hours, a.tasks, strict=True):
            rows.append(
                [
                    a.staff,
                    names.get(a.staff, a.staff),
                    a.day.isoformat(),
                    a.pattern,
                    problem.hour_start(hour).isoformat(),
                    task,
                ]
            )
    return rows


def to_csv(problem: RosterProblem, roster: Roster) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    writer.writerows(roster_rows(problem, roster))
    return out.getvalue()


def to_xlsx(problem: RosterProblem, roster: Roster) -> bytes:
    """A workbook with a sheet per week: a row per person, a column per day, the shift and its
    tasks hour by hour in each cell."""
    book = Workbook()
    book.remove(book.active)
    by_key = roster.by_staff_day()
    for number, week in enumerate(problem.weeks(), start=1):
        sheet = book.create_sheet(f"Week {number}")
        days = [problem.date_of(d) for d in week]
        sheet.append(["staff", "name", *[f"{d:%a %Y-%m-%d}" for d in days]])
        for person in problem.staff:
            cells = []
            for day in days:
                a = by_key.get((person.id, day))
                if a is None:
                    cells.append("")
                    continue
                pattern = problem.pattern(a.pattern)
                start = pattern.start_hour
                end = (start + pattern.length) % 24
                cells.append(f"{a.pattern} {start:02d}-{end:02d}: " + " ".join(a.tasks))
            sheet.append([person.id, person.name, *cells])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_ics(problem: RosterProblem, roster: Roster) -> dict[str, bytes]:
    """One calendar per person: an event per shift, its tasks hour by hour in the description."""
    shifts = defaultdict(list)
    for a in roster.assignments:
        shifts[a.staff].append(a)
    calendars: dict[str, bytes] = {}
    for person in problem.staff:
        cal = Calendar()
        cal.add("prodid", "-//Vigil//roster//EN")
        cal.add("version", "2.0")
        for a in sorted(shifts.get(person.id, []), key=lambda a: a.day):
            pattern = problem.pattern(a.pattern)
            first = pattern.hours(problem.day_index(a.day)).start
            begins = problem.hour_start(first)
            event = Event()
            event.add("uid", f"{person.id}-{a.day.isoformat()}@vigil")
            event.add("summary", f"{a.pattern} shift")
            event.add("dtstart", begins)
            event.add("dtend", begins + timedelta(hours=pattern.length))
            event.add("dtstamp", begins)
            event.add(
                "description",
                "\n".join(
                    f"{(begins + timedelta(hours=k)):%H:%M} {task}"
                    for k, task in enumerate(a.tasks)
                ),
            )
            cal.add_component(event)
        if hasattr(cal, "add_missing_timezones"):  # icalendar >= 6: embed the VTIMEZONE
            cal.add_missing_timezones()
        calendars[person.id] = cal.to_ical()
    return calendars
