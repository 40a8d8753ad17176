"""Rules (managers): the exposure and labour rules, each with its reason; changes are versioned."""

import pandas as pd
import streamlit as st

from app.i18n import current_language, t
from app.runtime import current_actor, database
from scheduler.errors import RosterInputError
from scheduler.messages import RULE_TITLES, word
from scheduler.rules_config import Rules, RuleSetting
from scheduler.workspace import rules_in_force, save_rules

actor = current_actor()
st.title(t("rules.heading"))
st.caption(t("rules.caption"))
rules = rules_in_force(database(), actor)
table = pd.DataFrame(
    [
        {
            "id": rule_id,
            "rule": word(RULE_TITLES, rule_id, current_language()),
            "reason": t(f"rule.reason.{rule_id}"),
            "enabled": setting.enabled,
            "hard": setting.hard,
            "weight": setting.weight,
            "limit": setting.limit,
        }
        for rule_id, setting in rules.items()
    ]
).set_index("id")
edited = st.data_editor(
    table,
    disabled=["rule", "reason"],
    width="stretch",
    column_config={
        "rule": st.column_config.TextColumn(t("rules.column.rule")),
        "reason": st.column_config.TextColumn(t("rules.column.reason"), width="large"),
        "enabled": st.column_config.CheckboxColumn(t("rules.column.enabled")),
        "hard": st.column_config.CheckboxColumn(t("rules.column.hard")),
        "weight": st.column_config.NumberColumn(t("rules.column.weight"), min_value=0, step=1),
        "limit": st.column_config.NumberColumn(t("rules.column.limit"), min_value=0, step=1),
    },
)
note = st.text_input(t("rules.note"))
if st.button(t("rules.save"), type="primary"):
    try:
        changed = Rules(
            **{
                rule_id: RuleSetting(
                    bool(row.enabled), bool(row.hard), int(row.weight), int(row.limit)
                )
                for rule_id, row in edited.iterrows()
            }
        )
    except (RosterInputError, ValueError, TypeError) as error:
        st.error(t("rules.invalid", problem=error))
    else:
        st.success(t("rules.saved", version=save_rules(database(), actor, changed, note)))
