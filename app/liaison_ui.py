"""Pieces the liaison pages share: the danger panel and refusals in the reader's language."""

from __future__ import annotations

import streamlit as st

from app.i18n import current_language, t
from app.texts import TEXTS
from liaison.emergency import emergency_numbers
from liaison.errors import LiaisonError
from vigil.db import Database


def explain(error: LiaisonError) -> str:
    """A refusal in plain words; codes without their own text fall back to their family's."""
    for code in (error.code, type(error).code):
        if code in TEXTS:
            try:
                return t(code, **error.params)
            except KeyError:
                continue
    detail = ", ".join(f"{key}={value}" for key, value in error.params.items()) or error.code
    return t("liaison.error", detail=detail)


def danger_panel(database: Database) -> None:
    """The "if you are in danger" numbers, always at the top of the desk."""
    language = current_language()
    with st.container(border=True):
        st.markdown(f"### :red[{t('hotline.danger.heading')}]")
        st.caption(t("hotline.danger.body"))
        numbers = emergency_numbers(database)
        for column, entry in zip(st.columns(len(numbers)), numbers, strict=True):
            column.metric(entry.label(language), entry.number)
