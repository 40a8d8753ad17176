"""Absences (managers): record leave and sickness; re-plan from 'Build a roster' afterwards."""

import datetime as dt

import pandas as pd
import streamlit as st

from app.i18n import t
from app.runtime import current_actor, database
from scheduler.records import AbsenceKind
from scheduler.workspace import InvalidAbsence, list_absences, record_absence, remove_absence
from vigil.staff_records import list_staff_ids

actor = current_actor()
st.title(t("absences.heading"))
people = list_staff_ids(database(), actor)
today = dt.date.today()
with st.form("absence"):
    person_id = st.selectbox(t("absences.person"), list(people), format_func=people.__getitem__)
    first_column, last_column, kind_column = st.columns(3)
    first = first_column.date_input(t("absences.first"), today)
    last = last_column.date_input(t("absences.last"), today)
    kind = kind_column.selectbox(
        t("absences.kind"), list(AbsenceKind), format_func=lambda k: t(f"absence.{k.value}")
    )
    note = st.text_input(t("absences.note"), max_chars=200)
    if st.form_submit_button(t("absences.record"), type="primary") and person_id is not None:
        try:
            days = record_absence(database(), actor, person_id, first, last, kind, note)
        except InvalidAbsence:
            st.error(t("absences.invalid"))
        else:
            st.success(t("absences.recorded", days=days))

st.subheader(t("absences.upcoming"))
rows = list_absences(database(), actor, today - dt.timedelta(days=7))
table = pd.DataFrame(
    {
        t("absences.day"): [r.day for r in rows],
        t("absences.person"): [people.get(r.person_id, r.person_id) for r in rows],
        t("absences.kind"): [t(f"absence.{r.kind.value}") for r in rows],
        t("absences.note"): [r.note for r in rows],
    }
)
picked = st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="absence-table",
)
selected = picked.selection.rows if picked else []
if selected and st.button(t("absences.remove")):
    remove_absence(database(), actor, rows[selected[0]].id)
    st.rerun()
