"""Staff (managers, admins): edit skills and contracts in a table, import and export CSV.

Every bad cell is listed at once and nothing is saved until the whole sheet is valid.
"""

from dataclasses import asdict

import pandas as pd
import streamlit as st

from app.i18n import t
from app.runtime import current_actor, database
from vigil.access import AccessDenied
from vigil.staff_records import (
    COLUMNS,
    StaffRecord,
    StaffRowsInvalid,
    export_staff_csv,
    list_staff,
    parse_staff_csv,
    save_staff,
    validate_rows,
)

actor = current_actor()
st.title(t("staff.heading"))
st.caption(t("staff.caption"))


def _show_problems(error: StaffRowsInvalid, line_offset: int) -> None:
    st.error(t("staff.invalid", count=len(error.problems)))
    st.dataframe(
        pd.DataFrame(
            {
                t("staff.problem.row"): [p.line - line_offset for p in error.problems],
                t("staff.problem.column"): [p.column for p in error.problems],
                t("staff.problem.what"): [
                    t(f"staff.problem.{p.code}", value=p.value) for p in error.problems
                ],
            }
        ),
        hide_index=True,
    )


def _save(records: list[StaffRecord]) -> None:
    try:
        added, updated = save_staff(database(), actor, records)
    except AccessDenied:
        st.error(t("staff.roles_admin_only"))
    else:
        st.success(t("staff.saved", added=added, updated=updated))


rows = list_staff(database(), actor)
table = pd.DataFrame(
    [{**asdict(r), "roles": ";".join(r.roles), "languages": ";".join(r.languages)} for r in rows],
    columns=list(COLUMNS),
)
edited = st.data_editor(
    table,
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    key="staff-editor",
    column_config={
        "email": st.column_config.TextColumn(t("people.column.email"), required=True),
        "display_name": st.column_config.TextColumn(t("people.column.name"), required=True),
        "roles": st.column_config.TextColumn(t("people.column.roles"), help=t("staff.help.roles")),
        "languages": st.column_config.TextColumn(t("profile.languages")),
        "minors_trained": st.column_config.CheckboxColumn(t("profile.minors_trained")),
        "hotline_trained": st.column_config.CheckboxColumn(t("profile.hotline_trained")),
        "contract_hours_per_week": st.column_config.NumberColumn(
            t("staff.column.contract_hours"), min_value=0, max_value=52, step=1
        ),
        "overtime_allowed": st.column_config.CheckboxColumn(t("staff.column.overtime")),
        "active": st.column_config.CheckboxColumn(t("people.column.active")),
    },
)
if st.button(t("staff.save"), type="primary", icon=":material/save:"):
    raw = edited.fillna("").astype(str).to_dict("records")
    try:
        records = validate_rows(raw, first_line=1)
    except StaffRowsInvalid as error:
        _show_problems(error, line_offset=0)
    else:
        _save(records)

st.subheader(t("staff.csv.heading"))
upload, export = st.columns(2)
with upload:
    sheet = st.file_uploader(t("staff.csv.upload"), type=["csv"])
    if sheet is not None and st.button(t("staff.csv.import")):
        try:
            records = parse_staff_csv(sheet.getvalue().decode("utf-8", errors="replace"))
        except StaffRowsInvalid as error:
            _show_problems(error, line_offset=1)
        else:
            _save(records)
with export:
    if st.button(t("staff.csv.prepare")):
        st.session_state["staff-csv"] = export_staff_csv(database(), actor)
    if "staff-csv" in st.session_state:
        st.download_button(
            t("staff.csv.download"),
            st.session_state["staff-csv"],
            file_name="vigil-staff.csv",
            mime="text/csv",
        )
