"""Takedowns (reviewers, managers): filter requests, change status one by one or in bulk, record
re-checks, export CSV. Requests past their platform's agreed time stand out."""

import datetime as dt

import pandas as pd
import streamlit as st

from app.i18n import t
from app.review_ui import error_text
from app.runtime import current_actor, database
from review.errors import ReviewError
from review.models import TakedownStatus
from review.platforms import KNOWN_PLATFORMS
from review.takedown_desk import TakedownFilter, bulk_update, export_csv, recheck, takedown_table
from vigil.access import AccessDenied
from vigil.roles import Role

# A typed list: written inline, `list(TakedownStatus)` is inferred as an empty list and mypy reads
# the selectbox's value as None.
STATUSES: list[TakedownStatus] = list(TakedownStatus)

actor = current_actor()
st.title(t("takedowns.heading"))
st.caption(t("takedowns.caption"))
if "takedowns.notice" in st.session_state:
    st.success(st.session_state.pop("takedowns.notice"))

columns = st.columns(5)
platform = columns[0].selectbox(
    t("takedowns.filter.platform"),
    [None, *sorted(KNOWN_PLATFORMS), "other"],
    format_func=lambda code: t("takedowns.filter.any") if code is None else code,
)
status = columns[1].selectbox(
    t("takedowns.filter.status"),
    [None, *TakedownStatus],
    format_func=lambda s: t("takedowns.filter.any") if s is None else t(f"takedowns.status.{s}"),
)
min_age = columns[2].number_input(t("takedowns.filter.age"), 0.0, 24.0 * 90, 0.0, 1.0)
case_id = columns[3].number_input(t("takedowns.filter.case"), 0, step=1)
overdue_only = columns[4].toggle(t("takedowns.filter.overdue"))
filters = TakedownFilter(
    platform=platform,
    status=status,
    case_id=int(case_id) or None,
    min_age_hours=min_age or None,
    overdue_only=overdue_only,
)
rows = takedown_table(database(), actor, filters)
overdue = sum(row.overdue for row in rows)
if overdue:
    st.error(t("takedowns.overdue_count", count=overdue), icon=":material/alarm:")
if not rows:
    st.info(t("takedowns.none"))
    st.stop()

table = pd.DataFrame(
    {
        "id": [row.id for row in rows],
        t("takedowns.column.case"): [row.case_id for row in rows],
        t("takedowns.column.platform"): [row.platform for row in rows],
        t("takedowns.column.url"): [row.url for row in rows],
        t("takedowns.column.status"): [t(f"takedowns.status.{row.status}") for row in rows],
        t("takedowns.column.age"): [round(row.age_hours, 1) for row in rows],
        t("takedowns.column.overdue"): ["⚠" if row.overdue else "" for row in rows],
        t("takedowns.column.checked"): [
            f"{row.last_checked_at.astimezone():%m-%d %H:%M}" if row.last_checked_at else ""
            for row in rows
        ],
    }
)
overdue_column = t("takedowns.column.overdue")
picked = st.dataframe(
    table.style.apply(
        lambda r: ["background-color: #fde2e1" if r[overdue_column] else "" for _ in r], axis=1
    ),
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="multi-row",
    key="takedowns.table",
)
chosen = [rows[index].id for index in picked.selection.rows]
st.caption(t("takedowns.selected", count=len(chosen)))

may_change = actor.has(Role.REVIEWER, Role.ADMIN)
with st.form("takedowns.change"):
    st.markdown(f"**{t('takedowns.change.heading')}**")
    new_status = st.selectbox(
        t("takedowns.change.status"),
        STATUSES,
        format_func=lambda s: t(f"takedowns.status.{s}"),
    )
    note = st.text_input(t("takedowns.change.note"))
    if st.form_submit_button(t("takedowns.change.apply"), disabled=not may_change):
        try:
            changed = bulk_update(database(), actor, chosen, new_status, note=note)
        except (ReviewError, AccessDenied) as error:
            st.error(error_text(error))
        else:
            st.session_state["takedowns.notice"] = t("takedowns.change.done", count=changed)
            st.rerun()

with st.form("takedowns.recheck"):
    st.markdown(f"**{t('takedowns.recheck.heading')}**")
    online = st.radio(
        t("takedowns.recheck.found"),
        [True, False],
        format_func=lambda v: t("takedowns.recheck.online" if v else "takedowns.recheck.gone"),
        horizontal=True,
    )
    recheck_note = st.text_input(t("takedowns.change.note"), key="takedowns.recheck_note")
    if st.form_submit_button(t("takedowns.recheck.apply"), disabled=not may_change):
        try:
            for request_id in chosen:
                recheck(database(), actor, request_id, online=online, note=recheck_note)
        except (ReviewError, AccessDenied) as error:
            st.error(error_text(error))
        else:
            st.session_state["takedowns.notice"] = t("takedowns.recheck.done", count=len(chosen))
            st.rerun()

if st.button(t("takedowns.export.prepare"), icon=":material/download:"):
    st.session_state["takedowns.csv"] = export_csv(database(), actor, filters)
if "takedowns.csv" in st.session_state:
    st.download_button(
        t("takedowns.export.download"),
        st.session_state["takedowns.csv"],
        file_name=f"vigil-takedowns-{dt.date.today():%Y%m%d}.csv",
        mime="text/csv",
    )
