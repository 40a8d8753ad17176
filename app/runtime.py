"""What every page needs: the settings, the database and the acting person.

The engine lives in `st.cache_resource` (one per process); sessions never do. The actor is
resolved from the ID-token claims on every run, so a role removed by an admin takes effect at once.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from vigil.access import Actor, resolve_actor
from vigil.db import Database
from vigil.settings import Settings, load_settings


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    return Database(url)


def settings() -> Settings:
    """The settings; raises `SettingsError` (the entry script shows it)."""
    return load_settings()


def database() -> Database:
    """The process-wide database for the configured URL."""
    return _database(settings().database_url)


def signed_in_claims() -> dict[str, Any]:
    """The ID-token claims of the signed-in person."""
    return dict(st.user.to_dict())


def current_actor() -> Actor:
    """The acting person; the entry script has already refused everyone without a role."""
    actor = st.session_state.get("actor")
    if not isinstance(actor, Actor):
        st.stop()
    return actor


def load_actor() -> Actor | None:
    """Resolve the signed-in person to an actor (None: Vigil grants them nothing)."""
    config = settings()
    with database().begin() as session:
        return resolve_actor(
            session,
            signed_in_claims(),
            role_claim=config.role_claim,
            role_map=config.role_map,
            default_language=config.default_language,
        )
