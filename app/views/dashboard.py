"""Leadership dashboard (leadership, managers, admins): staffing, work, platforms, wellbeing,
monthly trends and the monthly report. Aggregates only; every figure comes from a service."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from app.coverage_ui import show_gaps
from app.i18n import current_language, t
from app.runtime import current_actor, database
from liaison.directory import list_platforms
from review.figures import Period, monthly_trends, platform_figures, queue_now, work_figures
from review.figures_wellbeing import wellbeing_figures
from review.monthly_report import monthly_report_xlsx
from scheduler.coverage_ahead import coverage_between
from vigil.db import utcnow

actor = current_actor()
now = utcnow()
today = (now + dt.timedelta(hours=9)).date()  # the agency's day (Seoul, no daylight saving)
st.title(t("dash.heading"))
st.caption(t("dash.caption"))

span = st.date_input(t("dash.range"), (today - dt.timedelta(days=89), today), max_value=today)
if not (isinstance(span, tuple) and len(span) == 2):
    st.info(t("dash.range_incomplete"))
    st.stop()
period = Period(span[0], span[1])


def _pct(value: float | None) -> str:
    return t("dash.none") if value is None else f"{100 * value:.1f}%"


def _tips(*fields: str) -> list[alt.Tooltip]:
    """Tooltip channels built directly: Altair turns each bare string (or dict) into a channel
    by hashing its whole schema, ~25 ms apiece, which was a fifth of the page's render time."""
    return [alt.Tooltip(field) for field in fields]


# Staffing: the next seven days, hour by hour.
st.subheader(t("dash.staffing"))
st.caption(t("dash.staffing.caption"))
hour_now = now.replace(minute=0, second=0, microsecond=0)
ahead = coverage_between(database(), actor, hour_now, hour_now + dt.timedelta(days=7))
if ahead.hours:
    hourly = (
        pd.DataFrame(
            [(h.starts, h.needed, h.rostered) for h in ahead.hours], columns=["hour", "n", "r"]
        )
        .groupby("hour", as_index=False)[["n", "r"]]
        .sum()
    )
    long = pd.concat(
        [
            pd.DataFrame(
                {"hour": hourly["hour"], "series": t("dash.needed"), "people": hourly["n"]}
            ),
            pd.DataFrame(
                {"hour": hourly["hour"], "series": t("dash.rostered"), "people": hourly["r"]}
            ),
        ]
    )
    st.altair_chart(
        alt.Chart(long)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("hour:T", title=t("dash.hour")),
            y=alt.Y("people:Q", title=t("dash.people")),
            color=alt.Color("series:N", title=""),
            tooltip=_tips("hour:T", "series:N", "people:Q"),
        )
        .properties(height=240),
        width="stretch",
    )
unpublished = 7 * 24 - ahead.published_hours
if unpublished:
    st.warning(t("dash.unpublished", hours=unpublished))
if ahead.gaps:
    st.markdown(f"**{t('dash.gaps_ahead', count=len(ahead.gaps))}**")
    show_gaps(ahead.gaps[:50])
else:
    st.success(t("dash.no_gaps"))

# Work.
st.subheader(t("dash.work"))
queue = queue_now(database(), actor, now)
work = work_figures(database(), actor, period, now)
columns = st.columns(6)
columns[0].metric(t("dash.backlog"), queue.waiting)
columns[1].metric(
    t("dash.oldest"),
    t("dash.none") if queue.oldest_waiting_hours is None else f"{queue.oldest_waiting_hours:.1f}",
)
columns[2].metric(t("dash.decided_24h"), _pct(work.decided_within_24h_share))
columns[3].metric(t("dash.taken_down_24h"), _pct(work.taken_down_within_24h_share))
columns[4].metric(t("dash.decisions_per_day"), f"{work.decisions_per_day_mean:.1f}")
columns[5].metric(t("dash.received"), work.received)
if work.decisions_per_day:
    daily = pd.DataFrame(
        [(d.day, d.count) for d in work.decisions_per_day], columns=["day", "decisions"]
    )
    st.altair_chart(
        alt.Chart(daily)
        .mark_bar()
        .encode(
            x=alt.X("day:T", title=t("dash.day")),
            y=alt.Y("decisions:Q", title=t("dash.decisions")),
            tooltip=_tips("day:T", "decisions:Q"),
        )
        .properties(height=200),
        width="stretch",
    )

# Platforms.
st.subheader(t("dash.platforms"))
agreed = {p.code: float(p.agreed_response_hours) for p in list_platforms(database(), actor)}
platforms = platform_figures(database(), actor, period, agreed, now)
st.metric(t("dash.overdue_total"), sum(p.overdue for p in platforms))
if platforms:
    table = pd.DataFrame(
        [
            {
                t("dash.platform"): p.platform,
                t("dash.requests"): p.requests,
                t("dash.removed"): p.removed,
                t("dash.removal_rate"): None if p.removal_rate is None else 100 * p.removal_rate,
                t("dash.median_hours"): p.median_hours_to_removal,
                t("dash.awaiting"): p.awaiting,
                t("dash.overdue"): p.overdue,
            }
            for p in platforms
        ]
    )
    chart_column, table_column = st.columns([2, 3])
    chart_column.altair_chart(
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X(f"{t('dash.median_hours')}:Q"),
            y=alt.Y(f"{t('dash.platform')}:N", sort="-x"),
            color=alt.Color(f"{t('dash.removal_rate')}:Q", scale=alt.Scale(scheme="greens")),
            tooltip=_tips(*table.columns),
        )
        .properties(height=280),
        width="stretch",
    )
    table_column.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            t("dash.removal_rate"): st.column_config.NumberColumn(format="%.1f%%"),
            t("dash.median_hours"): st.column_config.NumberColumn(format="%.1f"),
        },
    )

# Wellbeing: bands and shares, never a person.
st.subheader(t("dash.wellbeing"))
wellbeing = wellbeing_figures(database(), actor, period)
st.caption(t("dash.wellbeing.caption", budget=wellbeing.daily_budget_minutes))
if wellbeing.withheld:
    st.info(t("dash.withheld"))
elif wellbeing.person_days:
    near, staff, over = st.columns(3)
    near.metric(t("dash.near_cap_days"), _pct(wellbeing.near_cap_share))
    staff.metric(t("dash.staff_near_cap"), _pct(wellbeing.staff_near_cap_share))
    over.metric(t("dash.over_cap_days"), wellbeing.person_days_over_cap)
    bands = pd.DataFrame(
        [(f"{b.low}–{b.high}", b.low, b.person_days) for b in wellbeing.bands],
        columns=["band", "low", "days"],
    )
    st.altair_chart(
        alt.Chart(bands)
        .mark_bar()
        .encode(
            x=alt.X("band:N", sort=alt.SortField("low"), title=t("dash.band")),
            y=alt.Y("days:Q", title=t("dash.person_days")),
            color=alt.ColorValue(
                **alt.condition(
                    alt.datum.low >= 0.8 * wellbeing.daily_budget_minutes,
                    alt.value("#d62728"),
                    alt.value("#4c78a8"),
                )
            ),
            tooltip=_tips("band:N", "days:Q"),
        )
        .properties(height=220),
        width="stretch",
    )

# Monthly trends.
st.subheader(t("dash.trends"))
months = monthly_trends(database(), actor, period, now)
if months:
    counts = pd.DataFrame(
        [(m.month, t("dash.received"), m.received) for m in months]
        + [(m.month, t("dash.decisions"), m.decisions) for m in months]
        + [(m.month, t("dash.requests"), m.takedown_requests) for m in months],
        columns=["month", "series", "count"],
    )
    shares = pd.DataFrame(
        [(m.month, t("dash.decided_24h"), m.decided_within_24h_share) for m in months]
        + [(m.month, t("dash.removal_rate"), m.removal_rate) for m in months],
        columns=["month", "series", "share"],
    ).dropna()
    left, right = st.columns(2)
    left.altair_chart(
        alt.Chart(counts)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title=t("dash.month")),
            y=alt.Y("count:Q", title=t("dash.count")),
            color=alt.Color("series:N", title=t("dash.series")),
        )
        .properties(height=240),
        width="stretch",
    )
    right.altair_chart(
        alt.Chart(shares)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title=t("dash.month")),
            y=alt.Y("share:Q", title=t("dash.share"), axis=alt.Axis(format="%")),
            color=alt.Color("series:N", title=t("dash.series")),
        )
        .properties(height=240),
        width="stretch",
    )

# Monthly report.
st.subheader(t("dash.report"))
st.caption(t("dash.report.audited"))
choices: list[dt.date] = []
first = today.replace(day=1)
for _ in range(12):
    choices.append(first)
    first = (first - dt.timedelta(days=1)).replace(day=1)
month = st.selectbox(t("dash.report.month"), choices, format_func=lambda d: f"{d:%Y-%m}")
if st.button(t("dash.report.prepare"), icon=":material/description:"):
    st.session_state["monthly_report"] = (
        month,
        monthly_report_xlsx(database(), actor, month, current_language(), agreed, now),
    )
prepared = st.session_state.get("monthly_report")
if prepared is not None and prepared[0] == month:
    st.download_button(
        t("dash.report.download"),
        prepared[1],
        file_name=f"vigil-monthly-{month:%Y-%m}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
    )
