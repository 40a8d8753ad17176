"""My profile: what Vigil holds about me."""

import streamlit as st

from app.i18n import role_name, t
from app.runtime import current_actor, database
from vigil.directory import my_profile

profile = my_profile(database(), current_actor())
st.title(t("profile.heading"))
st.markdown(f"**{profile.display_name}**  \n{t('profile.email')}: {profile.email}")
st.write(", ".join(role_name(role) for role in profile.roles))
yes_no = {True: t("profile.yes"), False: t("profile.no")}
st.table(
    {
        t("profile.languages"): ", ".join(profile.languages) or "—",
        t("profile.minors_trained"): yes_no[profile.minors_trained],
        t("profile.hotline_trained"): yes_no[profile.hotline_trained],
    }
)
