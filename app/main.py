"""Vigil's entry script: settings, sign-in, the person's roles, then only the pages they may open.

Run with `streamlit run app/main.py` (or `make run` for the demo).
"""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

from app import runtime
from app.auth import provider_metadata_url, provider_reachable
from app.i18n import LANGUAGE_NAMES, current_language, role_name, t
from app.navigation import PAGES_DIR, pages_for
from vigil.access import Actor
from vigil.db import DatabaseUnavailable
from vigil.directory import record_sign_in, set_language
from vigil.settings import SettingsError

st.set_page_config(page_title="Vigil", page_icon=":material/shield:", layout="wide")


def _stop_on_bad_settings() -> None:
    try:
        config = runtime.settings()
    except SettingsError as error:
        st.session_state.setdefault("language", "ko")
        st.error(t("startup.settings_error"))
        st.code("\n".join(error.problems), language=None)
        st.stop()
    st.session_state.setdefault("language", config.default_language)
    try:
        runtime.database().check_reachable()
    except DatabaseUnavailable as error:
        st.error(t("startup.database_error"))
        st.code(str(error), language=None)
        st.stop()


def _login_prompt() -> NoReturn:
    st.title(t("login.heading"))
    st.caption(t("app.tagline"))
    st.write(t("login.body"))
    metadata_url = provider_metadata_url(runtime.settings().auth_provider)
    if metadata_url is None:
        st.error(t("login.not_configured"))
    elif not provider_reachable(metadata_url):
        st.error(t("login.provider_down", url=metadata_url))
    elif st.button(t("login.button"), type="primary", icon=":material/login:"):
        st.login(runtime.settings().auth_provider or None)
    st.stop()


def _access_not_granted() -> NoReturn:
    st.title(t("no_access.heading"))
    st.info(t("no_access.body", email=st.user.get("email", "")), icon=":material/lock:")
    if st.button(t("sidebar.logout")):
        st.logout()
    st.stop()


def _sidebar(actor: Actor) -> None:
    with st.sidebar:
        st.caption(t("sidebar.signed_in_as", name=actor.display_name))
        st.caption(" · ".join(role_name(role) for role in sorted(actor.roles)))
        choices = list(LANGUAGE_NAMES)
        chosen = st.selectbox(
            t("sidebar.language"),
            choices,
            index=choices.index(current_language()),
            format_func=LANGUAGE_NAMES.__getitem__,
        )
        if chosen != current_language():
            set_language(runtime.database(), actor, chosen)
            st.session_state["language"] = chosen
            st.rerun()
        if st.button(t("sidebar.logout"), icon=":material/logout:"):
            st.session_state.clear()
            st.logout()


_stop_on_bad_settings()
if not st.user.is_logged_in:
    _login_prompt()
actor = runtime.load_actor()
if actor is None:
    _access_not_granted()
if st.session_state.get("actor") != actor:
    if st.session_state.get("actor") is None:
        record_sign_in(runtime.database(), actor)
    st.session_state["language"] = actor.language
st.session_state["actor"] = actor
_sidebar(actor)

sections: dict[str, list[st.Page]] = {}
for spec in pages_for(actor.roles):
    sections.setdefault(t(spec.section), []).append(
        st.Page(PAGES_DIR / spec.script, title=t(spec.title), icon=spec.icon, default=spec.default)
    )
st.navigation(sections).run()
