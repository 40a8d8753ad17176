"""Users and roles (admins): everyone Vigil knows, and changing a person's roles."""

import pandas as pd
import streamlit as st

from app.i18n import role_name, t
from app.runtime import current_actor, database
from vigil.directory import LastAdmin, list_people, update_access
from vigil.roles import Role

actor = current_actor()
st.title(t("people.heading"))
st.caption(t("people.caption"))
rows = list_people(database(), actor)
st.dataframe(
    pd.DataFrame(
        {
            t("people.column.name"): [row.display_name for row in rows],
            t("people.column.email"): [row.email for row in rows],
            t("people.column.roles"): [", ".join(map(role_name, row.roles)) for row in rows],
            t("people.column.active"): [row.active for row in rows],
        }
    ),
    hide_index=True,
    width="stretch",
)

st.subheader(t("people.edit.heading"))
by_id = {row.id: row for row in rows}
chosen = st.selectbox(
    t("people.edit.person"),
    list(by_id),
    format_func=lambda person_id: f"{by_id[person_id].display_name} <{by_id[person_id].email}>",
)
if chosen is not None:
    person = by_id[chosen]
    with st.form("edit-access"):
        roles = st.multiselect(
            t("people.column.roles"),
            list(Role),
            default=[Role(r) for r in person.roles],
            format_func=lambda role: role_name(role.value),
        )
        active = st.checkbox(t("people.column.active"), value=person.active)
        if st.form_submit_button(t("people.edit.save"), type="primary"):
            try:
                update_access(database(), actor, person.id, set(roles), active)
            except LastAdmin:
                st.error(t("people.edit.last_admin"))
            else:
                st.success(t("people.edit.saved", name=person.display_name))
                st.rerun()
