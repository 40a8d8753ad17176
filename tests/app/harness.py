"""The AppTest harness shared by the page tests and the page benchmarks: a stand-in sign-in
provider, the settings the app reads, and an AppTest of the entry script signed in as someone."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from streamlit.testing.v1 import AppTest

from vigil.demo_people import DEMO_ROLE_MAP

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


@contextmanager
def stand_in_provider() -> Iterator[str]:
    """A provider that answers only its discovery document; yields that document's URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Discovery)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/.well-known/openid-configuration"
    finally:
        server.shutdown()


def demo_role_secrets(path: Path) -> Path:
    """A secrets file that maps the demo groups to roles, as `make run` writes it."""
    roles = "\n".join(f'{group} = "{role.value}"' for group, role in DEMO_ROLE_MAP.items())
    path.write_text(f'[vigil]\nrole_claim = "groups"\n[vigil.role_map]\n{roles}\n')
    return path


def entry_app(
    provider_url: str,
    email: str | None = None,
    groups: tuple[str, ...] = (),
    name: str = "",
    timeout: float = 30,
) -> AppTest:
    """An AppTest of the entry script, signed in with these claims (signed out without email)."""
    at = AppTest.from_file(ENTRY, default_timeout=timeout)
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
