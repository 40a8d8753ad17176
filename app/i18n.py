"""The translation layer: every visible string goes through `t`."""

from __future__ import annotations

import streamlit as st

from app.texts import TEXTS

LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}


def current_language() -> str:
    """The language of this session (set at sign-in from the person's choice or the default)."""
    return str(st.session_state.get("language", "ko"))


def t(key: str, **params: object) -> str:
    """The text for `key` in the session's language, with `{placeholders}` filled in."""
    entry = TEXTS[key]
    return entry.get(current_language(), entry["en"]).format(**params)


def t_or(key: str, fallback: str) -> str:
    """The text for `key`, or `fallback` for names Vigil has no text for (a custom shift)."""
    return t(key) if key in TEXTS else fallback


def role_name(role: str) -> str:
    """A role's name in the session's language."""
    return t(f"role.{role}")
