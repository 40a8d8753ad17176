"""AppTest fixtures: a seeded demo database, settings in the environment, a fake provider."""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from vigil.db import Database
from vigil.demo_people import DEMO_ROLE_MAP, seed_demo_people
from vigil.schema import upgrade_to_latest

ENTRY = str(Path(__file__).resolve().parents[2] / "app" / "main.py")


class _Discovery(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps(
            {"issuer": "http://127.0.0.1", "authorization_endpoint": "http://127.0.0.1/authorize"}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(autouse=True)
def show_errors_in_tests() -> Iterator[None]:
    """Production hides error details from reviewers; tests need to read them."""
    previous = st_config.get_option("client.showErrorDetails")
    st_config.set_option("client.showErrorDetails", "full")
    yield
    st_config.set_option("client.showErrorDetails", previous)


@pytest.fixture(scope="session")
def provider_url() -> Iterator[str]:
    """A stand-in OIDC provider that answers its discovery document."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Discovery)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/.well-known/openid-configuration"
    server.shutdown()


@pytest.fixture
def demo_app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    """The environment the app reads: a migrated, seeded SQLite database and a media key."""
    database = Database(f"sqlite:///{tmp_path / 'vigil.db'}")
    upgrade_to_latest(database.engine)
    seed_demo_people(database, staff_count=10)
    roles = "\n".join(f'{group} = "{role.value}"' for group, role in DEMO_ROLE_MAP.items())
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[vigil]\nrole_claim = "groups"\n[vigil.role_map]\n{roles}\n')
    monkeypatch.setenv("VIGIL_SECRETS_FILE", str(secrets))
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("VIGIL_MEDIA_KEYS", f"t:{base64.b64encode(os.urandom(32)).decode()}")
    monkeypatch.setenv("VIGIL_MEDIA_KEY_ID", "t")
    monkeypatch.setenv("VIGIL_MEDIA_DIR", str(tmp_path / "media"))
    return database


@pytest.fixture
def app_as(demo_app_env: Database, provider_url: str) -> Callable[..., AppTest]:
    """An AppTest of the entry script, signed in with the given claims (or signed out)."""

    def make(email: str | None = None, groups: tuple[str, ...] = (), name: str = "") -> AppTest:
        at = AppTest.from_file(ENTRY, default_timeout=30)
        at.secrets["auth"] = {
            "server_metadata_url": provider_url,
            "client_id": "vigil-test",
            "client_secret": "x",
            "cookie_secret": "y",
            "redirect_uri": "http://localhost:8501/oauth2callback",
        }
        if email is None:
            at.user = {"is_logged_in": False}
        else:
            at.user = {
                "is_logged_in": True,
                "email": email,
                "name": name or email,
                "groups": list(groups),
            }
        return at

    return make
