"""The demo's secrets file: a fresh cookie secret, media key and local-provider client.

Written once, to an ignored file; real deployments write their own from secrets.toml.example.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

import tomli_w

from vigil.demo_people import DEMO_ROLE_MAP


def demo_secrets(app_port: int, provider_port: int, database_url: str | None = None) -> dict:
    """The content of a demo secrets file for an app and a local provider on these ports."""
    vigil: dict[str, object] = {
        "media_keys": {"demo": base64.b64encode(os.urandom(32)).decode()},
        "media_key_id": "demo",
        "role_claim": "groups",
        "role_map": {group: role.value for group, role in DEMO_ROLE_MAP.items()},
    }
    if database_url:
        vigil["database_url"] = database_url
    return {
        "vigil": vigil,
        "auth": {
            "redirect_uri": f"http://localhost:{app_port}/oauth2callback",
            "cookie_secret": secrets.token_urlsafe(32),
            "client_id": "vigil-demo",
            "client_secret": secrets.token_urlsafe(24),
            "server_metadata_url": (
                f"http://localhost:{provider_port}/.well-known/openid-configuration"
            ),
            # prompt=login: the provider asks who you are every time, so demo users can switch.
            "client_kwargs": {"scope": "openid email profile", "prompt": "login"},
        },
    }


def write_demo_secrets(path: Path, app_port: int, provider_port: int) -> bool:
    """Write the demo secrets file unless it exists; True when it was written."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# Demo secrets written by `make run`. Never commit this file.\n"
        + tomli_w.dumps(demo_secrets(app_port, provider_port)),
        encoding="utf-8",
    )
    path.chmod(0o600)
    return True
