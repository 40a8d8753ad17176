"""Staffing model (managers, leadership, admins): the forecast, staff needed per hour and task,
the headcount with what-ifs and what it rests on; managers can adopt the demand for rostering."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from app.i18n import current_language, t
from app.runtime import current_actor, database, settings
from scheduler.staffing.headcount import CURRENT_STAFF, Scenario
from scheduler.staffing.messages import StaffingInputError
from scheduler.staffing_data import (
    CallTable,
    History,
    StaffingPlan,
    adopt_as_demand_template,
    load_history,
    plan,
)
from vigil.access import Actor
from vigil.db import utcnow
from vigil.roles import Role

actor = current_actor()
language = current_language()
st.title(t("staffing.heading"))
st.caption(t("staffing.caption"))


@st.cache_data(ttl=600, show_spinner=False)
def _history(
    url: str, roles: tuple[str, ...], hour: str, calls: CallTable | None, _actor: Actor
) -> History:
    # Ten minutes of history change nothing a plan for next week can see; the fit reads
    # half a year of cases, so it is kept per database, role set and hour.
    return load_history(database(), _actor, utcnow(), calls)


def _load(calls: CallTable | None) -> History:
    roles = tuple(sorted(role.value for role in actor.roles))
    hour = utcnow().strftime("%Y-%m-%dT%H")
    return _history(settings().database_url, roles, hour, calls, actor)


calls: CallTable | None = None
if st.session_state.get("staffing_calls"):
    calls = CallTable(*st.session_state["staffing_calls"])
try:
    history = _load(calls)
except StaffingInputError as error:
    st.warning(t("staffing.history_error", reason=error.statement.render(language)))
    st.info(t("staffing.calls_entered"))
    with st.form("calls"):
        per_day = st.number_input(t("staffing.calls_per_day"), 0.0, 5000.0, 40.0, step=5.0)
        minutes = st.number_input(t("staffing.aht_minutes"), 0.5, 120.0, 8.0, step=0.5)
        if st.form_submit_button(t("staffing.use_entered_calls")):
            st.session_state["staffing_calls"] = (per_day, minutes)
            st.rerun()
    st.stop()

st.subheader(t("staffing.scenario"))
growth_column, deadline_column, cap_column, shrink_column, staff_column = st.columns(5)
scenario = Scenario(
    growth_factor=growth_column.number_input(t("staffing.growth"), 0.1, 10.0, 1.0, step=0.1),
    deadline_hours=int(deadline_column.number_input(t("staffing.deadline"), 1, 72, 24)),
    graphic_cap_hours=int(cap_column.number_input(t("staffing.cap"), 1, 8, 4)),
    shrinkage=shrink_column.number_input(t("staffing.shrinkage"), 0, 60, 20) / 100,
    current_staff=int(staff_column.number_input(t("staffing.current"), 0, 2000, CURRENT_STAFF)),
)
chosen = plan(history, scenario)

# Forecast: weekly history and the coming week.
st.subheader(t("staffing.forecast"))
weekly = pd.DataFrame(
    [(day, n, t("staffing.actual")) for day, n in history.weekly_cases]
    + [
        (
            history.inputs.start,
            sum(n for _, n in chosen.forecast_per_day),
            t("staffing.forecast_kind"),
        )
    ],
    columns=["week", "cases", "kind"],
)
st.altair_chart(
    alt.Chart(weekly)
    .mark_line(point=True)
    .encode(
        x=alt.X("week:T", title=t("staffing.week")),
        y=alt.Y("cases:Q", title=t("staffing.cases")),
        color=alt.Color("kind:N", title=t("staffing.kind")),
        tooltip=["week:T", "cases:Q", "kind:N"],
    )
    .properties(height=240),
    width="stretch",
)

# Staff needed per hour and task.
st.subheader(t("staffing.needed"))
task = st.selectbox(
    t("staffing.task"), list(chosen.demand.per_task), format_func=lambda k: t(f"task.{k}")
)
counts = chosen.demand.task(task)
cells = pd.DataFrame(
    [
        (
            t(f"weekday.{(chosen.demand.start + dt.timedelta(days=h // 24)).weekday()}"),
            h // 24,
            h % 24,
            int(counts[h]),
        )
        for h in range(chosen.demand.hours)
    ],
    columns=["weekday", "order", "hour", "people"],
)
st.altair_chart(
    alt.Chart(cells)
    .mark_rect()
    .encode(
        x=alt.X("weekday:O", sort=alt.SortField("order"), title=t("staffing.weekday")),
        y=alt.Y("hour:O", title=t("staffing.hour")),
        color=alt.Color("people:Q", title=t("staffing.people"), scale=alt.Scale(scheme="blues")),
        tooltip=["weekday", "hour", "people"],
    )
    .properties(height=420),
    width="stretch",
)


def _answer(result: StaffingPlan) -> None:
    answer = result.answer
    st.metric(
        t("staffing.answer"),
        answer.headcount,
        t("staffing.answer_delta", delta=answer.headcount - scenario.current_staff),
        delta_color="inverse",
    )
    if not answer.checked_by_roster:
        st.caption(t("staffing.arithmetic"))


st.subheader(t("staffing.answer"))
_answer(chosen)
with st.expander(t("staffing.rests_on"), expanded=True):
    for statement in chosen.rests_on:
        st.markdown(f"- {statement.render(language)}")

st.subheader(t("staffing.what_ifs"))
what_ifs = {
    "chosen": scenario,
    "today": Scenario(current_staff=scenario.current_staff),
    "growth15": Scenario(growth_factor=1.5, current_staff=scenario.current_staff),
    "growth2": Scenario(growth_factor=2.0, current_staff=scenario.current_staff),
    "deadline12": Scenario(deadline_hours=12, current_staff=scenario.current_staff),
    "cap3": Scenario(graphic_cap_hours=3, current_staff=scenario.current_staff),
}
rows = []
for name, what_if in what_ifs.items():
    answer = plan(history, what_if).answer
    rows.append(
        {
            t("staffing.what_if"): t(f"staffing.whatif.{name}"),
            t("staffing.answer"): answer.headcount,
            t("staffing.person_hours"): answer.person_hours,
            t("staffing.against_current"): answer.headcount - scenario.current_staff,
        }
    )
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

if actor.has(Role.MANAGER, Role.ADMIN):
    st.subheader(t("staffing.adopt"))
    st.caption(t("staffing.adopt.caption"))
    if st.button(t("staffing.adopt"), icon=":material/input:"):
        written = adopt_as_demand_template(database(), actor, chosen, scenario)
        st.success(t("staffing.adopted", rows=written))
