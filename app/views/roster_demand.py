"""Demand (managers): people needed per hour per task, as a weekly template and for dates."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from app.i18n import t
from app.runtime import current_actor, database
from scheduler.workspace import (
    SKILLS,
    TASK_IDS,
    InvalidDemand,
    save_dated_demand,
    save_task_template,
    scale_dates,
    week_template,
)

actor = current_actor()
st.title(t("demand.heading"))
st.caption(t("demand.caption"))
rows = week_template(database(), actor)

task_column, skill_column = st.columns(2)
task = task_column.selectbox(
    t("demand.task"), sorted(TASK_IDS), format_func=lambda k: t(f"task.{k}")
)
skill = skill_column.selectbox(
    t("demand.skill"),
    [None, *sorted(s for s in SKILLS if s)],
    format_func=lambda k: t(f"skill.{k or 'none'}"),
)
chosen = [r for r in rows if r.task == task and r.skill == skill]
grid = pd.DataFrame(0, index=range(24), columns=range(7))
for row in chosen:
    grid.loc[row.hour, row.weekday] = row.count

st.subheader(t("demand.heatmap"))
long = grid.reset_index(names="hour").melt(id_vars="hour", var_name="weekday", value_name="people")
long["weekday_name"] = [t(f"weekday.{w}") for w in long["weekday"]]
st.altair_chart(
    alt.Chart(long)
    .mark_rect()
    .encode(
        x=alt.X(
            "weekday_name:O", sort=[t(f"weekday.{w}") for w in range(7)], title=t("demand.weekday")
        ),
        y=alt.Y("hour:O", title=t("demand.hour")),
        color=alt.Color("people:Q", title=t("demand.people"), scale=alt.Scale(scheme="blues")),
        tooltip=["weekday_name", "hour", "people"],
    )
    .properties(height=480),
    width="stretch",
)

with st.expander(t("demand.edit")):
    edited = st.data_editor(
        grid.rename(columns=lambda w: t(f"weekday.{w}")), width="stretch", key="demand-grid"
    )
    if st.button(t("demand.save"), type="primary"):
        counts = {(w, h): int(edited.iloc[h, w]) for h in range(24) for w in range(7)}
        try:
            save_task_template(database(), actor, task, skill, counts)
        except (InvalidDemand, ValueError) as error:
            st.error(t("demand.invalid", problem=error))
        else:
            st.success(t("demand.saved"))
            st.rerun()

st.subheader(t("demand.dated.heading"))
today = dt.date.today()
span = st.date_input(t("demand.dated.range"), (today, today + dt.timedelta(days=1)))
factor = st.number_input(t("demand.dated.factor"), 0.0, 5.0, 1.5, step=0.1)
apply_column, reset_column = st.columns(2)
if isinstance(span, tuple) and len(span) == 2:
    first, last = span
    if apply_column.button(t("demand.dated.apply")):
        st.success(t("demand.dated.done", days=scale_dates(database(), actor, first, last, factor)))
    if reset_column.button(t("demand.dated.reset")):
        save_dated_demand(database(), actor, first, last, [])
        st.success(t("demand.dated.done", days=(last - first).days + 1))
