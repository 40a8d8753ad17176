"""Police evidence (senior reviewers, managers): build the signed, encrypted package of a case
referred to the police. The password is shown once, when the package is built."""

import streamlit as st

from app.i18n import t
from app.liaison_ui import explain
from app.runtime import current_actor, database, settings
from liaison.errors import LiaisonError
from liaison.evidence import build_package, referred_cases
from liaison.keys import blob_store_from_settings, keyring_from_settings

actor = current_actor()
st.title(t("evidence.heading"))
st.caption(t("evidence.caption"))
cases = referred_cases(database(), actor)
if not cases:
    st.info(t("evidence.none"))
    st.stop()
chosen = st.selectbox(
    t("evidence.case"),
    cases,
    format_func=lambda c: t(
        "evidence.case_label", case=c.case_id, items=c.items, built=c.packages_built
    ),
)
if st.button(t("evidence.build"), type="primary", icon=":material/lock:"):
    try:
        st.session_state["evidence_package"] = build_package(
            database(),
            actor,
            chosen.case_id,
            keyring=keyring_from_settings(settings()),
            store=blob_store_from_settings(settings()),
        )
    except LiaisonError as error:
        st.error(explain(error))

# Popped, not read: the password and the package leave the session after this one showing.
package = st.session_state.pop("evidence_package", None)
if package is not None:
    st.warning(t("evidence.password"), icon=":material/key:")
    st.code(package.password, language=None)
    st.download_button(
        t("evidence.download"),
        data=package.data,
        file_name=package.file_name,
        mime="application/zip",
        on_click="ignore",
        type="primary",
        icon=":material/download:",
    )
    st.caption(t("evidence.fingerprint", fingerprint=package.public_key_fingerprint))
    st.caption(t("evidence.verify_hint"))
