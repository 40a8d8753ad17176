"""Absences and wishes (managers): record leave and sickness, keep staff's shift wishes;
re-plan from 'Build a roster' afterwards."""

import datetime as dt

import pandas as pd
import streamlit as st

from app.i18n import t
from app.runtime import current_actor, database
from scheduler.records import AbsenceKind
from scheduler.wishes import MAX_WEIGHT, SHAPES, InvalidWishes, WishRow, list_wishes, save_wishes
from scheduler.workspace import InvalidAbsence, list_absences, record_absence, remove_absence
from vigil.staff_records import list_staff_ids

# A typed list: written inline, `list(AbsenceKind)` is inferred as an empty list and mypy reads
# the selectbox's value as None (and skipped the form's branch as unreachable).
ABSENCE_KINDS: list[AbsenceKind] = list(AbsenceKind)

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
        t("absences.kind"), ABSENCE_KINDS, format_func=lambda k: t(f"absence.{k.value}")
    )
    note = st.text_input(t("absences.note"), max_chars=200)
    submitted = st.form_submit_button(t("absences.record"), type="primary")
    if submitted and person_id is not None and kind is not None:
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


# Wishes: one editable table; saved whole or not at all.
st.subheader(t("wishes.heading"))
st.caption(t("wishes.caption"))
label_of = {person_id: f"{name} ({person_id})" for person_id, name in people.items()}
id_by_label = {label: person_id for person_id, label in label_of.items()}
weekday_by_label = {t(f"weekday.{d}"): d for d in range(7)}
shape_by_label = {t(f"shift.{shape}"): shape for shape in SHAPES}
wishes = list_wishes(database(), actor)
edited = st.data_editor(
    pd.DataFrame(
        {  # typed columns: an empty table must still offer checkboxes, dates and numbers
            "person": pd.Series(
                [label_of.get(w.person_id, str(w.person_id)) for w in wishes], dtype=object
            ),
            "wanted": pd.Series([w.wanted for w in wishes], dtype=bool),
            "day": pd.to_datetime(pd.Series([w.day for w in wishes], dtype=object)),
            "weekday": pd.Series(
                [None if w.weekday is None else t(f"weekday.{w.weekday}") for w in wishes],
                dtype=object,
            ),
            "shape": pd.Series(
                [None if w.shape is None else t(f"shift.{w.shape}") for w in wishes], dtype=object
            ),
            "weight": pd.Series([w.weight for w in wishes], dtype="Int64"),
        }
    ),
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    key="wishes-table",
    column_config={
        "person": st.column_config.SelectboxColumn(
            t("absences.person"), options=list(id_by_label), required=True
        ),
        "wanted": st.column_config.CheckboxColumn(t("wishes.wanted"), default=False),
        "day": st.column_config.DateColumn(t("wishes.day")),
        "weekday": st.column_config.SelectboxColumn(
            t("wishes.weekday"), options=list(weekday_by_label)
        ),
        "shape": st.column_config.SelectboxColumn(t("wishes.shape"), options=list(shape_by_label)),
        "weight": st.column_config.NumberColumn(
            t("wishes.weight"), min_value=1, max_value=MAX_WEIGHT, step=1, default=1
        ),
    },
)
if st.button(t("wishes.save"), type="primary"):
    wish_rows = [
        WishRow(
            person_id=id_by_label.get(str(r.person), -1),
            wanted=bool(r.wanted),
            weight=int(r.weight) if pd.notna(r.weight) else 1,
            day=pd.Timestamp(r.day).date() if pd.notna(r.day) else None,
            weekday=weekday_by_label.get(r.weekday) if isinstance(r.weekday, str) else None,
            shape=shape_by_label.get(r.shape) if isinstance(r.shape, str) else None,
        )
        for r in edited.itertuples()
        if isinstance(r.person, str) and r.person  # an empty new row is not a wish
    ]
    try:
        saved = save_wishes(database(), actor, wish_rows)
    except InvalidWishes as error:
        st.error(t("wishes.not_saved"))
        for problem in error.problems:
            st.markdown(f"- {t(f'wishes.error.{problem.code}', row=problem.row)}")
    else:
        st.success(t("wishes.saved", count=saved))
