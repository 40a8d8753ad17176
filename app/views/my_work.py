"""My work: my decisions, my reveal statistics and my exposure history. Managers may pick a
reviewer; other reviewers never see someone else's record (the services refuse)."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from app.i18n import t
from app.runtime import current_actor, database
from review.my_work import decisions_of, exposure_history, reveal_stats, reviewers
from vigil.db import utcnow
from vigil.roles import Role

actor = current_actor()
st.title(t("my_work.heading"))
person_id = actor.person_id
if actor.has(Role.MANAGER):
    people = dict(reviewers(database(), actor))
    if not people:
        st.info(t("my_work.no_reviewers"))
        st.stop()
    person_id = st.selectbox(
        t("my_work.person"), list(people), format_func=people.__getitem__, key="my_work.person"
    )
elif actor.has(Role.REVIEWER):
    st.page_link("views/my_roster.py", label=t("my_work.roster_link"), icon=":material/event:")
st.caption(t("my_work.private"))

days = st.segmented_control(
    t("my_work.period"), [1, 7, 30], default=7, format_func=lambda d: t("my_work.days", days=d)
)
since = utcnow() - dt.timedelta(days=days or 7)

stats = reveal_stats(database(), actor, person_id, since=since)
columns = st.columns(4)
columns[0].metric(t("my_work.reveals"), stats.reveals)
columns[1].metric(t("my_work.reveal_cases"), stats.cases)
columns[2].metric(t("my_work.mean_share"), f"{stats.mean_share:.1%}")
columns[3].metric(t("my_work.largest_share"), f"{stats.largest_share:.1%}")

st.subheader(t("my_work.exposure"))
history = exposure_history(database(), actor, person_id, days=14)
chart = pd.DataFrame(
    {
        "day": [str(day.day) for day in history],
        "minutes": [round(day.weighted_minutes, 1) for day in history],
    }
)
st.altair_chart(
    alt.Chart(chart)
    .mark_bar()
    .encode(
        x=alt.X("day:N", title=t("my_work.day")),
        y=alt.Y("minutes:Q", title=t("my_work.weighted_minutes")),
    ),
    width="stretch",
)

st.subheader(t("my_work.decisions"))
decisions = decisions_of(database(), actor, person_id, since=since)
if not decisions:
    st.info(t("my_work.no_decisions"))
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("my_work.column.when"): [
                    f"{d.decided_at.astimezone():%m-%d %H:%M}" for d in decisions
                ],
                t("my_work.column.case"): [d.case_id for d in decisions],
                t("my_work.column.stage"): [t(f"review.stage.{d.stage}") for d in decisions],
                t("my_work.column.category"): [
                    t(f"review.category.{d.category}") for d in decisions
                ],
                t("my_work.column.actions"): [
                    ", ".join(t(f"review.action.{a}") for a in d.actions) for d in decisions
                ],
                t("my_work.column.undone"): ["✓" if d.undone else "" for d in decisions],
            }
        ),
        hide_index=True,
        width="stretch",
    )
