"""Users and roles (admins): everyone Vigil knows and the roles stored for them."""

import pandas as pd
import streamlit as st

from app.i18n import role_name, t
from app.runtime import current_actor, database
from vigil.directory import list_people

st.title(t("people.heading"))
st.caption(t("people.caption"))
rows = list_people(database(), current_actor())
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
