"""Live operations (leadership, managers, admins): the queue now, who is on shift by task and
the next coverage gaps, refreshed every ten seconds in a fragment so the page itself stays put."""

import datetime as dt

import pandas as pd
import streamlit as st

from app.coverage_ui import show_gaps
from app.i18n import t, t_or
from app.runtime import current_actor, database
from review.figures import queue_now
from scheduler.coverage_ahead import coverage_between, on_shift_now
from vigil.db import utcnow

actor = current_actor()
st.title(t("ops.heading"))


@st.fragment(run_every=10)
def live() -> None:
    now = utcnow()
    st.caption(t("ops.caption", time=(now + dt.timedelta(hours=9)).strftime("%H:%M:%S")))
    st.subheader(t("ops.queue"))
    queue = queue_now(database(), actor, now)
    backlog, graphic, late, soon, oldest = st.columns(5)
    backlog.metric(t("dash.backlog"), queue.waiting)
    graphic.metric(t("ops.waiting_graphic"), queue.waiting_graphic)
    late.metric(t("dash.past_deadline"), queue.past_deadline)
    soon.metric(t("ops.due_soon"), queue.due_within_4h)
    oldest.metric(
        t("dash.oldest"),
        t("dash.none")
        if queue.oldest_waiting_hours is None
        else f"{queue.oldest_waiting_hours:.1f}",
    )
    waiting = {s: n for s, n in queue.by_state.items() if s not in ("decided", "closed")}
    if waiting:
        st.bar_chart(
            pd.DataFrame(
                {
                    t("ops.state"): [t(f"state.{s}") for s in waiting],
                    t("dash.count"): waiting.values(),
                }
            ),
            x=t("ops.state"),
            y=t("dash.count"),
            height=180,
        )

    st.subheader(t("ops.on_shift"))
    shift = on_shift_now(database(), actor, now)
    if shift:
        columns = st.columns(len(shift))
        for column, (task, people) in zip(columns, sorted(shift.items()), strict=True):
            column.metric(t_or(f"task.{task}", task), people)
    else:
        st.info(t("ops.nobody"))

    st.subheader(t("ops.next_gaps"))
    hour = now.replace(minute=0, second=0, microsecond=0)
    gaps = coverage_between(database(), actor, hour, hour + dt.timedelta(hours=24)).gaps
    if gaps:
        show_gaps(gaps)
    else:
        st.success(t("ops.no_gaps"))


live()
