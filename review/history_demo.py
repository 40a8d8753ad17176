"""A synthetic year (or any number of months) of operations, for the dashboard and its benchmark.

What it writes has the structure the figures and the staffing model must find: reports with a
weekly pattern and steady growth (the caseload doubles over a year, as plans for the agency
assumed), decisions with realistic handling times (a claim and a decision event in the audit
chain for each), takedown requests per platform with the platform's own removal delays, hotline
calls and the exposure of the reviewers who did the graphic work. Everything is fictional and
drawn from a seeded random generator, so two runs with the same seed write the same history.

Rows go in with Core `insert()` in batches (executemany, with RETURNING for the ids a later
table needs), so a year of 25,000 cases takes seconds, not the minutes the ORM would.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import Connection, func, insert, select

from review.history_chain import append_events
from review.history_rows import CasePlan, at, case_rows, follow_up_rows
from review.models import (
    Case,
    CaseReport,
    Decision,
    ExposureEntry,
    Report,
    TakedownEvent,
    TakedownRequest,
)
from vigil.db import Database, utcnow
from vigil.people import Person
from vigil.roles import Role

SEOUL = ZoneInfo("Asia/Seoul")
CASES_PER_YEAR = 25_000
YEARLY_GROWTH = 2.0  # the caseload doubles over the year
BATCH = 5_000
# Busy afternoons and evenings, a quiet pre-dawn, lighter weekends.
DAY_CURVE = np.array([4, 3, 2, 1, 1, 1, 2, 3, 5, 7, 8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 8, 7, 6, 5.0])
WEEKDAY_FACTOR = np.array([1.1, 1.05, 1.0, 1.0, 1.0, 0.8, 0.75])
Progress = Callable[[str, int, int], None]  # (table, rows written so far, rows in all)


@dataclass(frozen=True)
class HistoryCounts:
    """Rows written per table. `events` counts what happened to requests, reviewers and the
    hotline (takedown events, exposure entries, calls); the audit chain is counted apart."""

    cases: int
    reports: int
    decisions: int
    takedown_requests: int
    takedown_events: int
    exposure_entries: int
    hotline_calls: int
    audit_events: int

    @property
    def events(self) -> int:
        return self.takedown_events + self.exposure_entries + self.hotline_calls + self.audit_events


def hourly_rates(start: dt.datetime, hours: int, total: float, yearly_growth: float) -> np.ndarray:
    """Expected arrivals per hour from `start`: weekly profile × exponential growth, summing to
    `total` in expectation."""
    local = [start.astimezone(SEOUL) + dt.timedelta(hours=h) for h in range(hours)]
    shape = np.array([WEEKDAY_FACTOR[t.weekday()] * DAY_CURVE[t.hour] for t in local])
    growth = np.exp(math.log(yearly_growth) / (365.25 * 24) * np.arange(hours))
    rates = shape * growth
    return rates * total / rates.sum()


def _reviewers(connection: Connection) -> list[int]:
    rows = connection.execute(select(Person.id, Person.roles).where(Person.active.is_(True)))
    wanted = {Role.REVIEWER.value, Role.SENIOR_REVIEWER.value}
    return [pid for pid, roles in rows if wanted & set(roles or [])]


def _insert(
    connection: Connection,
    table: Any,
    rows: Sequence[dict[str, Any]],
    progress: Progress | None,
    returning: bool = False,
) -> list[int]:
    """Insert in batches; with `returning`, the new ids in the order of `rows`."""
    ids: list[int] = []
    name = table.__tablename__
    for first in range(0, len(rows), BATCH):
        chunk = rows[first : first + BATCH]
        if returning:
            statement = insert(table).returning(table.id, sort_by_parameter_order=True)
            ids += [row[0] for row in connection.execute(statement, list(chunk))]
        else:
            connection.execute(insert(table), list(chunk))
        if progress:
            progress(name, first + len(chunk), len(rows))
    return ids


def seed_history(
    database: Database,
    months: int = 12,
    *,
    seed: int = 2025,
    now: dt.datetime | None = None,
    cases_per_year: int = CASES_PER_YEAR,
    progress: Progress | None = None,
) -> HistoryCounts:
    """Write `months` months of history ending at `now`; needs rostered staff to exist."""
    if months < 1:
        raise ValueError("months must be at least 1")
    now = (now or utcnow()).replace(minute=0, second=0, microsecond=0)
    start = now - dt.timedelta(days=round(months * 365.25 / 12))
    hours = int((now - start).total_seconds() // 3600)
    rng = np.random.default_rng(seed)
    with database.engine.begin() as connection:
        staff = _reviewers(connection)
        if not staff:
            raise ValueError("no active reviewers: seed the demo people first")
        total = cases_per_year * months / 12
        arrivals = _arrivals(rng, start, hourly_rates(start, hours, total, YEARLY_GROWTH))
        plan = _plan_cases(rng, arrivals, now, staff)
        counts = _write(connection, rng, plan, now, progress)
        calls = _hotline_calls(rng, start, hours, months)
        _insert(connection, _hotline_table(), calls, progress)
    return HistoryCounts(**{**counts, "hotline_calls": len(calls)})


def _arrivals(rng: np.random.Generator, start: dt.datetime, rates: np.ndarray) -> np.ndarray:
    """Arrival times as seconds after `start`, sorted."""
    counts = rng.poisson(rates)
    hours = np.repeat(np.arange(rates.size), counts)
    return np.sort(hours * 3600 + rng.uniform(0, 3600, hours.size)) + start.timestamp()


def _plan_cases(
    rng: np.random.Generator, received: np.ndarray, now: dt.datetime, staff: list[int]
) -> CasePlan:
    n = received.size
    graphic = rng.random(n) < 0.7
    tier = np.where(graphic, np.where(rng.random(n) < 0.3, 3, 2), 1)
    # Log-normal handling times: graphic cases take longer (mean ~12 min vs ~6 min).
    handling = np.where(
        graphic, rng.lognormal(math.log(10), 0.55, n), rng.lognormal(math.log(5), 0.5, n)
    )
    wait_hours = rng.exponential(5.0, n) + np.where(rng.random(n) < 0.06, rng.uniform(20, 40), 0)
    decided = received + wait_hours * 3600 + handling * 60
    decided = np.where(decided <= now.timestamp(), decided, np.nan)
    decider = _graphic_rota(rng, received, decided, graphic, handling, staff)
    return CasePlan(received, graphic, tier, handling, decided, decider, rng.random(n) < 0.85)


def _graphic_rota(
    rng: np.random.Generator,
    received: np.ndarray,
    decided: np.ndarray,
    graphic: np.ndarray,
    handling: np.ndarray,
    staff: list[int],
) -> np.ndarray:
    """Who decided each case. Graphic work of a day goes to the few people on graphic review
    that day (about 2.5 hours each), as a roster would plan it, so exposure piles up per person
    the way it does in the agency; standard work is spread over everyone."""
    decider = rng.choice(staff, size=received.size)
    day = np.floor(np.nan_to_num(decided, nan=0) / 86400).astype(int)
    for d in np.unique(day[graphic & ~np.isnan(decided)]):
        todays = np.flatnonzero((day == d) & graphic & ~np.isnan(decided))
        people = max(1, math.ceil(handling[todays].sum() / 150))
        team = rng.choice(staff, size=min(people, len(staff)), replace=False)
        decider[todays] = rng.choice(team, size=todays.size)
    return decider


def _write(
    connection: Connection,
    rng: np.random.Generator,
    plan: CasePlan,
    now: dt.datetime,
    progress: Progress | None,
) -> dict[str, int]:
    cases, reports, extra = case_rows(rng, plan, now)
    case_ids = _insert(connection, Case, cases, progress, returning=True)
    report_ids = _insert(connection, Report, reports, progress, returning=True)
    links = [{"case_id": case_ids[i], "report_id": report_ids[r]} for r, i in extra]
    _insert(connection, CaseReport, links, progress)
    rows = follow_up_rows(rng, plan, case_ids, now)
    decision_ids = _insert(connection, Decision, rows.decisions, progress, returning=True)
    requests = [{**r, "decision_id": decision_ids[r.pop("decision_index")]} for r in rows.requests]
    request_ids = _insert(connection, TakedownRequest, requests, progress, returning=True)
    events = [{**e, "request_id": request_ids[e.pop("request_index")]} for e in rows.events]
    _insert(connection, TakedownEvent, events, progress)
    _insert(connection, ExposureEntry, rows.exposure, progress)
    audit = append_events(connection, rows.audit)
    if progress:
        progress("audit_events", audit, audit)
    return {
        "cases": len(case_ids),
        "reports": len(report_ids),
        "decisions": len(decision_ids),
        "takedown_requests": len(request_ids),
        "takedown_events": len(events),
        "exposure_entries": len(rows.exposure),
        "audit_events": audit,
    }


def _hotline_table() -> Any:
    from liaison.models import HotlineContact  # the call log lives with the hotline desk

    return HotlineContact


def _hotline_calls(
    rng: np.random.Generator, start: dt.datetime, hours: int, months: int
) -> list[dict[str, Any]]:
    from liaison.models import Channel, ContactOutcome

    rates = hourly_rates(start, hours, 12_000 * months / 12, 1.5)
    seconds = _arrivals(rng, start, rates)
    minutes = rng.lognormal(math.log(7), 0.6, seconds.size)
    channels = rng.choice(list(Channel), size=seconds.size, p=[0.6, 0.25, 0.15])
    outcomes = rng.choice(list(ContactOutcome), size=seconds.size)
    return [
        {
            "started_at": at(s),
            "ended_at": at(s + 60 * m),
            "channel": c,
            "language": "ko",
            "outcome": o,
            "created_at": at(s),
        }
        for s, m, c, o in zip(seconds, minutes, channels, outcomes, strict=True)
    ]


def history_present(database: Database) -> bool:
    """True when the database already holds cases (the seeder then adds nothing)."""
    with database.engine.connect() as connection:
        return bool(connection.scalar(select(func.count()).select_from(Case)))


def register(commands: Any) -> None:
    """Add `seed-history` to a command line (`python -m scheduler seed-history --months 12`)."""
    command = commands.add_parser(
        "seed-history", help="write months of synthetic operations history (demo, benchmark)"
    )
    command.add_argument("--months", type=int, default=12)
    command.add_argument("--seed", type=int, default=2025)
    command.add_argument(
        "--force", action="store_true", help="add history even when cases already exist"
    )
    command.set_defaults(run=_run)


def _run(args: Any) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from vigil.demo_people import seed_demo_people
    from vigil.settings import load_settings

    database = Database(load_settings().database_url)
    try:
        if history_present(database) and not args.force:
            print("cases already exist; history kept (use --force to add more)")
            return 0
        seed_demo_people(database)
        columns = (TextColumn("{task.description:<20}"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns) as bar:
            tasks: dict[str, Any] = {}

            def report(table: str, done: int, total: int) -> None:
                if table not in tasks:
                    tasks[table] = bar.add_task(table, total=total)
                bar.update(tasks[table], completed=done, total=total)

            counts = seed_history(database, args.months, seed=args.seed, progress=report)
    finally:
        database.dispose()
    print(
        f"{counts.cases} cases, {counts.reports} reports, {counts.decisions} decisions, "
        f"{counts.takedown_requests} takedown requests, {counts.events} events "
        f"({counts.takedown_events} takedown, {counts.exposure_entries} exposure, "
        f"{counts.hotline_calls} hotline calls), {counts.audit_events} audit events"
    )
    return 0
