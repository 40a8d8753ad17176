"""My roster: my published shifts, hour by hour, and my calendar file."""

import datetime as dt

import pandas as pd
import streamlit as st

from app.i18n import t, t_or
from app.runtime import current_actor, database
from scheduler.publishing import my_calendar, my_shifts

actor = current_actor()
st.title(t("my_roster.heading"))
since = dt.date.today() - dt.timedelta(days=1)
shifts = my_shifts(database(), actor, since)
if not shifts:
    st.info(t("my_roster.none"))
    st.stop()
st.dataframe(
    pd.DataFrame(
        {
            t("my_roster.day"): [s.day for s in shifts],
            t("my_roster.shift"): [
                t_or(f"shift.{s.pattern.split('-')[0]}", s.pattern) for s in shifts
            ],
            t("my_roster.from"): [f"{s.starts:%H:%M}" for s in shifts],
            t("my_roster.to"): [f"{s.ends:%H:%M}" for s in shifts],
            t("my_roster.graphic"): [sum(task == "graphic" for task in s.tasks) for s in shifts],
        }
    ),
    hide_index=True,
    width="stretch",
)
st.download_button(
    t("my_roster.ics"),
    my_calendar(database(), actor, since),
    file_name="vigil-my-roster.ics",
    mime="text/calendar",
    icon=":material/calendar_month:",
)
