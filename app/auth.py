"""Signing in through the OIDC provider configured in `[auth]` of the secrets file."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import streamlit as st


def provider_metadata_url(provider: str = "") -> str | None:
    """The provider's discovery URL from the secrets file, or None when sign-in is unconfigured."""
    try:
        auth = st.secrets.get("auth", {})
    except FileNotFoundError:
        return None
    section = auth.get(provider, {}) if provider else auth
    url = section.get("server_metadata_url")
    return str(url) if url else None


@st.cache_data(ttl=10, show_spinner=False)
def provider_reachable(metadata_url: str) -> bool:
    """True when the provider answers its discovery document (checked at most every 10 s).

    Without this check a provider that is down shows up as a server error after the click.
    """
    try:
        with urllib.request.urlopen(metadata_url, timeout=3) as response:
            return "authorization_endpoint" in json.load(response)
    except (urllib.error.URLError, TimeoutError, ValueError, OSError):
        return False
