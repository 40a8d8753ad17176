"""Home: a greeting, and what each of the person's roles needs first."""

import pandas as pd
import streamlit as st

from app.i18n import role_name, t
from app.runtime import current_actor, database
from vigil.directory import staff_overview
from vigil.roles import Role

actor = current_actor()
st.title(t("home.greeting", name=actor.display_name))
st.caption(t("home.your_roles", roles=", ".join(role_name(r) for r in sorted(actor.roles))))

if actor.has(Role.REVIEWER):
    st.subheader(t("home.reviewer.heading"))
    st.write(t("home.reviewer.body"))

if actor.has(Role.MANAGER, Role.LEADERSHIP, Role.ADMIN):
    overview = staff_overview(database(), actor)
    st.subheader(t("home.staff.heading"))
    active, minors, hotline = st.columns(3)
    active.metric(t("home.staff.active"), overview.active)
    minors.metric(t("home.staff.minors"), overview.minors_trained)
    hotline.metric(t("home.staff.hotline"), overview.hotline_trained)
    by_role, by_language = st.columns(2)
    by_role.caption(t("home.staff.by_role"))
    by_role.dataframe(
        pd.DataFrame(
            {
                t("home.column.role"): [role_name(r) for r in overview.by_role],
                t("home.column.count"): list(overview.by_role.values()),
            }
        ),
        hide_index=True,
    )
    by_language.caption(t("home.staff.by_language"))
    by_language.dataframe(
        pd.DataFrame(
            {
                t("home.column.language"): list(overview.by_language),
                t("home.column.count"): list(overview.by_language.values()),
            }
        ),
        hide_index=True,
    )
