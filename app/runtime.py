"""What every page needs: the settings, the database and the acting person.

The engine lives in `st.cache_resource` (one per process); sessions never do. The actor is
resolved from the ID-token claims on every run, so a role removed by an admin takes effect at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from review.media.crypto import KeyRing
from review.media.store import LocalDirectoryStore
from vigil.access import Actor, resolve_actor
from vigil.db import Database
from vigil.settings import Settings, current_settings

if TYPE_CHECKING:  # OR-Tools and faiss load at first use, on the pages that need them
    from liaison.intake_port import ReviewIntake
    from scheduler.publishing import PublishedRoster


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    return Database(url)


def settings() -> Settings:
    """The settings; raises `SettingsError` (the entry script shows it)."""
    return current_settings()


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


@st.cache_resource(show_spinner=False)
def _media_store(root: str) -> LocalDirectoryStore:
    return LocalDirectoryStore(root)


def media_store() -> LocalDirectoryStore:
    """The blob store of encrypted originals and derivatives (the configured media folder)."""
    return _media_store(str(settings().media_dir))


def key_ring() -> KeyRing:
    """The media key ring from the settings (cheap to build; keys never leave the server)."""
    config = settings()
    return KeyRing(config.media_key_id, config.media_key_bytes())


@st.cache_resource(show_spinner=False)
def _published_roster(url: str) -> PublishedRoster:
    from scheduler.publishing import PublishedRoster

    return PublishedRoster(_database(url))


def published_roster() -> PublishedRoster:
    """Who the published roster puts on graphic review (the queue asks before serving) and on
    the hotline (the desk asks before opening)."""
    return _published_roster(settings().database_url)


@st.cache_resource(show_spinner=False)
def _hotline_intake(url: str, media_dir: str) -> ReviewIntake:
    from liaison.intake_port import ReviewIntake
    from review.intake import MediaServices
    from review.matching_link import MatchIndex

    # One hash index per process: it loads the earlier items once and then only what is new.
    return ReviewIntake(MediaServices.from_settings(settings()), MatchIndex())


def hotline_intake() -> ReviewIntake:
    """Review's intake for requests filed on the hotline desk."""
    config = settings()
    return _hotline_intake(config.database_url, str(config.media_dir))
