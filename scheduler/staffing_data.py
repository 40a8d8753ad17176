"""The staffing model on the agency's own history: from the database to `StaffingInputs`, and a
computed demand back into the roster's weekly demand template.

History read here: cases per hour (their arrival), decision history (handling time = from the
case's last claim in the audit chain to the decision; the lease itself is forgotten once a case
is decided) and the hotline's contact log. When the call log is too short for a trend, the
manager enters a typical week of calls instead (`CallTable`), as the issue allows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Select, String, and_, cast, func, literal, select

from liaison.models import HotlineContact
from review.models import Case, Decision
from scheduler.staffing.demand import StaffDemand
from scheduler.staffing.forecast import (
    HOURS_PER_WEEK,
    SEOUL,
    ArrivalForecast,
    CallLoad,
    call_load,
    case_work,
    fit_arrivals,
)
from scheduler.staffing.headcount import (
    Scenario,
    StaffingAnswer,
    StaffingInputs,
    plan_headcount,
    staff_demand,
)
from scheduler.staffing.messages import StaffingInputError, Statement
from scheduler.workspace import TemplateRow, save_week_template, week_template
from vigil.access import Actor, require_role
from vigil.audit import AuditEvent, actor_name, record
from vigil.db import Database, utcnow
from vigil.roles import Role

PLANNERS = (Role.MANAGER, Role.LEADERSHIP, Role.ADMIN)
HISTORY_WEEKS = 26  # half a year: enough weeks for a trend, recent enough to be today's
HANDLING_WEEKS = 8  # handling time reflects how the team works now


@dataclass(frozen=True)
class CallTable:
    """Hotline volumes entered by hand: calls in a typical day, spread like the case arrivals,
    and the average call length."""

    calls_per_day: float
    aht_minutes: float

    def __post_init__(self) -> None:
        if self.calls_per_day < 0 or self.aht_minutes <= 0:
            raise StaffingInputError(
                "invalid_value", field="calls", expected="positive", value=self.aht_minutes
            )


@dataclass(frozen=True)
class History:
    """What the database says, ready for any number of what-ifs."""

    inputs: StaffingInputs
    weekly_cases: tuple[tuple[dt.date, int], ...]  # (Monday, cases received that week)
    calls_entered: bool


@dataclass(frozen=True)
class StaffingPlan:
    """One scenario answered: demand per hour and task, the headcount and its reasons."""

    demand: StaffDemand
    answer: StaffingAnswer
    forecast_per_day: tuple[tuple[dt.date, float], ...]  # expected cases per day of the horizon

    @property
    def rests_on(self) -> tuple[Statement, ...]:
        return self.answer.assumptions


def next_monday(now: dt.datetime) -> dt.date:
    """The first Monday after `now` in Seoul: plans are for whole weeks ahead."""
    today = now.astimezone(SEOUL).date()
    return today + dt.timedelta(days=7 - today.weekday())


def load_history(
    database: Database,
    actor: Actor,
    now: dt.datetime | None = None,
    calls: CallTable | None = None,
    weeks: int = HISTORY_WEEKS,
) -> History:
    """Fit arrivals, handling time and (unless `calls` is given) hotline load on the history."""
    require_role(actor, *PLANNERS)
    now = now or utcnow()
    since = now - dt.timedelta(weeks=weeks)
    with database.begin() as session:
        arrivals = pd.Series(
            session.scalars(select(Case.received_at).where(Case.received_at >= since)).all(),
            dtype=object,
        )
        decisions = pd.DataFrame(
            session.execute(_decision_history(now - dt.timedelta(weeks=HANDLING_WEEKS))).all(),
            columns=["started_at", "decided_at", "graphic"],
        )
        call_log = pd.DataFrame(
            session.execute(
                select(HotlineContact.started_at, HotlineContact.ended_at).where(
                    HotlineContact.started_at >= since
                )
            ).all(),
            columns=["start", "end"],
        )
    arrivals = pd.to_datetime(arrivals, utc=True)
    cases = fit_arrivals(arrivals, _history_start(arrivals, since), now)
    work = case_work(decisions.dropna())
    start = next_monday(now)
    if calls is not None:
        load = _entered_calls(calls, cases, start)
    else:
        load = call_load(call_log, _history_start(call_log["start"], since), now)
    inputs = StaffingInputs(cases=cases, case_work=work, calls=load, start=start, days=7)
    return History(inputs, _weekly(arrivals, since), calls is not None)


def _history_start(stamps: pd.Series, since: dt.datetime) -> dt.datetime:
    """Where the history really begins: weeks before the first record are not quiet weeks but
    weeks nobody recorded, and fitting a trend on them would invent explosive growth."""
    if stamps.empty:
        return since
    return max(since, pd.to_datetime(stamps, utc=True).min().to_pydatetime())


def _decision_history(since: dt.datetime) -> Select[dt.datetime, dt.datetime, bool]:
    """(claimed at, decided at, graphic) per first-stage decision since `since`."""
    subject = literal("case:") + cast(Decision.case_id, String)
    claimed = (
        select(func.max(AuditEvent.at))
        .where(
            AuditEvent.subject == subject,
            AuditEvent.action == "claim",
            AuditEvent.at <= Decision.decided_at,
        )
        .scalar_subquery()
    )
    return (
        select(claimed, Decision.decided_at, Case.graphic)
        .join(Case, Case.id == Decision.case_id)
        .where(
            and_(Decision.decided_at >= since, Decision.stage == "first"),
            Decision.undone_at.is_(None),
        )
    )


def _entered_calls(calls: CallTable, cases: ArrivalForecast, start: dt.date) -> CallLoad:
    # Victims call when they find material, which is when reports arrive: the case profile is
    # the best shape for a day's calls when no call log exists.
    profile = np.asarray(cases.profile) if sum(cases.profile) else np.ones(HOURS_PER_WEEK) / 168
    table = profile * calls.calls_per_day * 7
    return CallLoad(ArrivalForecast.from_weekly_table(table, start), calls.aht_minutes * 60)


def _weekly(arrivals: pd.Series, since: dt.datetime) -> tuple[tuple[dt.date, int], ...]:
    if arrivals.empty:
        return ()
    local = pd.to_datetime(arrivals, utc=True).dt.tz_convert(SEOUL)
    mondays = (local - pd.to_timedelta(local.dt.day_of_week, unit="D")).dt.date
    counts = mondays.value_counts().sort_index()
    first = since.astimezone(SEOUL).date()
    return tuple((day, int(n)) for day, n in counts.items() if day >= first)


def plan(history: History, scenario: Scenario) -> StaffingPlan:
    """The arithmetic answer for one scenario, at once (no roster engine: see `headcount`)."""
    demand, said = staff_demand(history.inputs, scenario)
    answer = plan_headcount(demand, scenario, None, said)
    hourly = history.inputs.cases.scaled(scenario.growth_factor).hourly(
        history.inputs.start, 24 * history.inputs.days
    )
    per_day = tuple(
        (history.inputs.start + dt.timedelta(days=d), float(hourly[24 * d : 24 * d + 24].sum()))
        for d in range(history.inputs.days)
    )
    return StaffingPlan(demand, answer, per_day)


def template_rows(demand: StaffDemand) -> list[TemplateRow]:
    """The first week of a demand as weekly template rows (weekday of each date, hour, task)."""
    rows = []
    for task in demand.per_task:
        hours = demand.task(task)
        for hour in range(min(demand.hours, 7 * 24)):
            if hours[hour] > 0:
                day = demand.start + dt.timedelta(days=hour // 24)
                rows.append(TemplateRow(day.weekday(), hour % 24, task, int(hours[hour])))
    return rows


def adopt_as_demand_template(
    database: Database, actor: Actor, staffing: StaffingPlan, scenario: Scenario
) -> int:
    """Make the computed demand the roster's weekly template (managers); returns rows written.

    Replaces the template's rows without a skill; skilled rows (e.g. minors-trained cover) are
    the manager's own and are kept.
    """
    require_role(actor, Role.MANAGER, Role.ADMIN)
    kept = [row for row in week_template(database, actor) if row.skill is not None]
    rows = template_rows(staffing.demand)
    save_week_template(database, actor, kept + rows)
    with database.begin() as session:
        record(
            session,
            actor=actor_name(actor.person_id),
            action="staffing.demand_adopted",
            subject="demand:template",
            details={
                "rows": len(rows),
                "person_hours": staffing.demand.person_hours(),
                "headcount": staffing.answer.headcount,
                "growth_factor": scenario.growth_factor,
                "deadline_hours": scenario.deadline_hours,
                "graphic_cap_hours": scenario.graphic_cap_hours,
                "shrinkage": scenario.shrinkage,
            },
        )
    return len(rows)
