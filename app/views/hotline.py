"""Hotline desk (hotline staff, managers): danger panel, contact log, victim requests, status
lookup and update messages. No material is ever shown here."""

import datetime as dt

import pandas as pd
import streamlit as st

from app.i18n import current_language, t
from app.liaison_ui import danger_panel, explain
from app.runtime import current_actor, database, hotline_intake, published_roster, settings
from liaison.desk import desk_open_to
from liaison.errors import LiaisonError
from liaison.hotline import ContactLog, log_contact, recent_contacts
from liaison.keys import keyring_from_settings
from liaison.models import Channel, ContactOutcome
from liaison.status import lookup_status
from liaison.templates import MessageKind, prepare_message
from liaison.victim_requests import (
    VictimContact,
    VictimRequest,
    file_victim_request,
    reveal_contact_by_reference,
)
from liaison.wording import describe_status
from review.media.rejections import REJECTION_MESSAGES, RejectionReason

# The choices as typed lists: written inline, `list(Channel)` is inferred as an empty list and
# mypy reads the selectbox's value as None.
CHANNELS: list[Channel] = list(Channel)
OUTCOMES: list[ContactOutcome] = list(ContactOutcome)
MESSAGE_KINDS: list[MessageKind] = list(MessageKind)

actor = current_actor()
zone = settings().zone
danger_panel(database())
st.title(t("hotline.heading"))
st.caption(t("hotline.caption"))
if not desk_open_to(database(), actor, roster=published_roster()):
    st.info(t("hotline.not_on_desk"), icon=":material/lock:")
    st.stop()

contact_tab, request_tab, status_tab, history_tab = st.tabs(
    [t("hotline.tab.contact"), t("hotline.tab.request"), t("hotline.tab.status"),
     t("hotline.tab.history")]
)  # fmt: skip

with contact_tab, st.form("contact", clear_on_submit=True):
    now_local = dt.datetime.now(zone)
    day = st.date_input(t("hotline.contact.date"), value=now_local.date())
    start = st.time_input(t("hotline.contact.start"), value=now_local.time(), step=60)
    end = st.time_input(t("hotline.contact.end"), value=now_local.time(), step=60)
    channel = st.selectbox(
        t("hotline.contact.channel"), CHANNELS, format_func=lambda c: t(f"channel.{c}")
    )
    language = st.selectbox(t("hotline.contact.language"), ["ko", "en", "zh", "vi", "ja", "ru"])
    outcome = st.selectbox(
        t("hotline.contact.outcome"), OUTCOMES, format_func=lambda o: t(f"outcome.{o}")
    )
    if st.form_submit_button(t("hotline.contact.save"), type="primary"):
        try:
            log = ContactLog(
                started_at=dt.datetime.combine(day, start, zone),
                ended_at=dt.datetime.combine(day, end, zone),
                channel=channel,
                language=language,
                outcome=outcome,
            )
            row = log_contact(database(), actor, log, roster=published_roster())
            st.success(t("hotline.contact.saved", minutes=round(row.handling_seconds / 60)))
        except LiaisonError as error:
            st.error(explain(error))

with request_tab, st.form("victim_request"):
    urls = st.text_area(t("hotline.request.urls"))
    files = st.file_uploader(t("hotline.request.files"), accept_multiple_files=True)
    consent = st.checkbox(t("hotline.request.consent"))
    minor = st.checkbox(t("hotline.request.minor"))
    st.markdown(f"**{t('hotline.request.contact_heading')}**")
    name = st.text_input(t("hotline.request.name"))
    phone = st.text_input(t("hotline.request.phone"))
    email = st.text_input(t("hotline.request.email"))
    preferred = st.selectbox(
        t("hotline.request.preferred"), CHANNELS, format_func=lambda c: t(f"channel.{c}")
    )
    message_ok = st.checkbox(t("hotline.request.message_ok"))
    update_language = st.selectbox(t("hotline.request.language"), ["ko", "en"])
    if st.form_submit_button(t("hotline.request.submit"), type="primary"):
        try:
            request = VictimRequest(
                urls=[line.strip() for line in urls.splitlines() if line.strip()],
                files=[file.getvalue() for file in files or []],
                consent_to_act=consent,
                suspected_minor=minor,
                contact=VictimContact(name, phone, email, preferred.value, message_ok),
                language=update_language,
            )
            keyring = keyring_from_settings(settings())
            filed = file_victim_request(
                database(),
                actor,
                request,
                intake=hotline_intake(),
                keyring=keyring,
                roster=published_roster(),
            )
            st.success(t("hotline.request.filed", reference=filed.reference))
            for position, reason in filed.rejected_files:
                words = REJECTION_MESSAGES[RejectionReason(reason)][current_language()]
                st.warning(t("hotline.request.rejected_file", position=position + 1, reason=words))
        except LiaisonError as error:
            st.error(explain(error))

with status_tab:
    reference = st.text_input(t("hotline.status.reference"), placeholder="VG-XXXX-XXXX")
    status = None
    if reference.strip():
        # One audited lookup per reference typed, not one per rerun of the page.
        cached = st.session_state.get("hotline_status")
        if cached is not None and cached[0] == reference:
            status = cached[1]
        else:
            try:
                status = lookup_status(database(), actor, reference, roster=published_roster())
                st.session_state["hotline_status"] = (reference, status)
            except LiaisonError as error:
                st.error(explain(error))
    if status is not None:
        st.subheader(status.reference)
        st.markdown(f"**{t('hotline.status.steps')}**")
        for line in describe_status(status, current_language(), zone):
            st.markdown(f"- {line}")
        st.divider()
        st.markdown(f"**{t('hotline.message.heading')}**")
        kind = st.selectbox(
            t("hotline.message.kind"), MESSAGE_KINDS, format_func=lambda k: t(f"message.{k}")
        )
        message_language = st.selectbox(
            t("hotline.message.language"), ["ko", "en"], index=["ko", "en"].index(status.language)
        )
        st.caption(t("hotline.message.caption"))
        st.code(prepare_message(status, kind, message_language, zone).body, language=None)
        if st.button(t("hotline.status.show_contact"), icon=":material/visibility:"):
            keyring = keyring_from_settings(settings())
            contact = reveal_contact_by_reference(
                database(), actor, reference, keyring=keyring, roster=published_roster()
            )
            if contact is None:
                st.info(t("hotline.status.no_contact"))
            else:
                yes_no = {True: "✓", False: "✗"}
                contact_channel = contact.preferred_channel
                st.table(
                    {
                        t("hotline.request.name"): contact.name or "—",
                        t("hotline.request.phone"): contact.phone or "—",
                        t("hotline.request.email"): contact.email or "—",
                        t("hotline.request.preferred"): t(f"channel.{contact_channel}")
                        if contact_channel
                        else "—",
                        t("hotline.request.message_ok"): yes_no[contact.safe_to_leave_message],
                    }
                )

with history_tab:
    rows = recent_contacts(database(), actor, roster=published_roster())
    if not rows:
        st.caption(t("hotline.history.empty"))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    t("hotline.column.started"): [r.started_at.astimezone(zone) for r in rows],
                    t("hotline.column.minutes"): [round(r.handling_seconds / 60) for r in rows],
                    t("hotline.contact.channel"): [t(f"channel.{r.channel}") for r in rows],
                    t("hotline.contact.language"): [r.language for r in rows],
                    t("hotline.contact.outcome"): [t(f"outcome.{r.outcome}") for r in rows],
                }
            ),
            hide_index=True,
            width="stretch",
        )
