"""Staff (managers, admins): everyone with the skills the queue and the roster rely on."""

import pandas as pd
import streamlit as st

from app.i18n import role_name, t
from app.runtime import current_actor, database
from vigil.directory import list_staff

st.title(t("staff.heading"))
st.caption(t("staff.caption"))
rows = list_staff(database(), current_actor())
st.dataframe(
    pd.DataFrame(
        {
            t("people.column.name"): [row.display_name for row in rows],
            t("people.column.email"): [row.email for row in rows],
            t("people.column.roles"): [", ".join(map(role_name, row.roles)) for row in rows],
            t("profile.languages"): [", ".join(row.languages) for row in rows],
            t("profile.minors_trained"): [row.minors_trained for row in rows],
            t("profile.hotline_trained"): [row.hotline_trained for row in rows],
            t("staff.column.contract_hours"): [row.contract_hours_per_week for row in rows],
            t("people.column.active"): [row.active for row in rows],
        }
    ),
    hide_index=True,
    width="stretch",
)
