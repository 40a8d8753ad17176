"""Platforms and deadlines (reviewers, managers, admins): the directory, overdue requests with
escalation, counts per platform, and the request letter for one takedown."""

import pandas as pd
import streamlit as st

from app.i18n import t
from app.liaison_ui import explain
from app.runtime import current_actor, database
from liaison.deadlines import deadlines_by_platform, flag_overdue, list_overdue
from liaison.directory import (
    PlatformProfile,
    format_contacts,
    list_platforms,
    parse_contacts,
    save_platforms,
)
from liaison.errors import LiaisonError
from liaison.letters import platform_export_csv, takedown_letter
from review.takedowns import list_takedowns
from vigil.roles import Role

actor = current_actor()
st.title(t("platforms.heading"))
st.caption(t("platforms.caption"))

profiles = list_platforms(database(), actor)
columns = {
    "code": t("platforms.column.code"),
    "name": t("platforms.column.name"),
    "hosts": t("platforms.column.hosts"),
    "contacts": t("platforms.column.contacts"),
    "escalation": t("platforms.column.escalation"),
    "hours": t("platforms.column.hours"),
    "language": t("platforms.column.language"),
    "active": t("platforms.column.active"),
}
table = pd.DataFrame(
    {
        columns["code"]: [p.code for p in profiles],
        columns["name"]: [p.name for p in profiles],
        columns["hosts"]: [", ".join(p.hosts) for p in profiles],
        columns["contacts"]: [format_contacts(p.contacts) for p in profiles],
        columns["escalation"]: [format_contacts(p.escalation) for p in profiles],
        columns["hours"]: [p.agreed_response_hours for p in profiles],
        columns["language"]: [p.letter_language for p in profiles],
        columns["active"]: [p.active for p in profiles],
    }
)
may_edit = actor.has(Role.MANAGER, Role.ADMIN)
edited = st.data_editor(
    table,
    hide_index=True,
    width="stretch",
    disabled=not may_edit,
    num_rows="dynamic" if may_edit else "fixed",
    column_config={
        columns["hours"]: st.column_config.NumberColumn(min_value=1, max_value=720, step=1),
        columns["language"]: st.column_config.SelectboxColumn(options=["ko", "en"]),
    },
    key="platform_directory",
)
if not may_edit:
    st.caption(t("platforms.read_only"))
elif st.button(t("platforms.save"), type="primary"):
    templates = {p.code: p for p in profiles}
    try:
        changed = save_platforms(
            database(),
            actor,
            [
                PlatformProfile(
                    code=str(row[columns["code"]]).strip(),
                    name=str(row[columns["name"]]).strip(),
                    hosts=tuple(
                        h.strip() for h in str(row[columns["hosts"]]).split(",") if h.strip()
                    ),
                    contacts=parse_contacts(str(row[columns["contacts"]] or "")),
                    escalation=parse_contacts(str(row[columns["escalation"]] or "")),
                    agreed_response_hours=int(row[columns["hours"]]),
                    letter_language=str(row[columns["language"]]),
                    letter_template_ko=getattr(
                        templates.get(row[columns["code"]]), "letter_template_ko", ""
                    ),
                    letter_template_en=getattr(
                        templates.get(row[columns["code"]]), "letter_template_en", ""
                    ),
                    active=bool(row[columns["active"]]),
                )
                for row in edited.to_dict("records")
                if str(row[columns["code"]] or "").strip()
            ],
        )
        st.success(t("platforms.saved", count=changed))
    except LiaisonError as error:
        st.error(explain(error))

st.subheader(t("platforms.overdue.heading"))
overdue = list_overdue(database(), actor)
if not overdue:
    st.caption(t("platforms.overdue.none"))
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("platforms.column.takedown"): [o.takedown_id for o in overdue],
                t("platforms.column.name"): [o.platform_name for o in overdue],
                t("platforms.column.hours_overdue"): [round(o.hours_overdue, 1) for o in overdue],
                t("platforms.column.level"): [o.escalation_level for o in overdue],
                t("platforms.column.next"): [
                    format_contacts([o.next_contact]) if o.next_contact else "—" for o in overdue
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    if st.button(t("platforms.overdue.flag"), icon=":material/campaign:"):
        escalated = flag_overdue(database(), actor)
        st.success(t("platforms.overdue.flagged", count=len(escalated)))

st.subheader(t("platforms.counts.heading"))
counts = deadlines_by_platform(database(), actor)
st.dataframe(
    pd.DataFrame(
        {
            t("platforms.column.name"): [c.platform_name for c in counts],
            t("platforms.column.awaiting"): [c.awaiting for c in counts],
            t("platforms.column.overdue"): [c.overdue for c in counts],
            t("platforms.column.escalations"): [c.escalations for c in counts],
        }
    ),
    hide_index=True,
    width="stretch",
)

st.subheader(t("platforms.letter.heading"))
takedowns = list_takedowns(database(), actor)
if not takedowns:
    st.caption(t("platforms.letter.none"))
else:
    chosen = st.selectbox(
        t("platforms.letter.takedown"),
        takedowns,
        format_func=lambda td: f"#{td.id} · {td.platform} · {td.status}",
    )
    language = st.radio(t("platforms.letter.language"), ["ko", "en"], horizontal=True)
    if st.button(t("platforms.letter.make"), icon=":material/mail:"):
        letter = takedown_letter(database(), actor, chosen.id, language=language)
        st.caption(t("platforms.letter.to", recipient=letter.recipient or "—"))
        st.code(letter.body, language=None)
    st.download_button(
        t("platforms.export", platform=chosen.platform),
        data=lambda: platform_export_csv(database(), actor, chosen.platform),
        file_name=f"vigil-takedowns-{chosen.platform.replace(':', '_')}.csv",
        mime="text/csv",
        on_click="ignore",
    )
