"""A live Vigil for a real browser: the local OIDC provider, the app, and Debian's chromium.

Shared by the browser tests (`tests/browser/conftest.py`) and the page benchmarks. Playwright
cannot download browsers here, so it drives /usr/bin/chromium (make test installs it).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import tomli_w

from vigil.db import Database
from vigil.demo_launcher import start_app, start_provider, wait_until_healthy
from vigil.demo_people import seed_demo_people
from vigil.demo_secrets import demo_secrets
from vigil.schema import upgrade_to_latest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = os.environ.get("VIGIL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class LiveVigil:
    url: str
    provider_url: str
    database: Database
    secrets: dict = field(default_factory=dict)  # what the app reads: media keys and folder


@contextmanager
def running_vigil(root: Path, database: Database, *, staff_count: int = 10) -> Iterator[LiveVigil]:
    """Migrate `database`, seed the demo people, and run Vigil and its sign-in provider on free
    loopback ports, with secrets and media under `root`; both stop when the block ends."""
    app_port, provider_port = free_port(), free_port()
    upgrade_to_latest(database.engine)
    seed_demo_people(database, staff_count=staff_count)
    secrets = demo_secrets(app_port, provider_port, database_url=database.url)
    secrets["vigil"]["media_dir"] = str(root / "media")  # not the repository's var/media
    secrets_file = root / "secrets.toml"
    secrets_file.write_text(tomli_w.dumps(secrets))
    os.environ["VIGIL_SECRETS_FILE"] = str(secrets_file)
    processes = [start_provider(provider_port), start_app(app_port, secrets_file)]
    try:
        provider = f"http://localhost:{provider_port}"
        wait_until_healthy(f"{provider}/.well-known/openid-configuration", processes[0])
        wait_until_healthy(f"http://localhost:{app_port}/_stcore/health", processes[1])
        yield LiveVigil(f"http://localhost:{app_port}", provider, database, secrets)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's chromium, headless; fails with the fix when it is not installed."""
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(
            f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium"
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def sign_in(page: Page, live: LiveVigil, email: str) -> None:
    """Sign in through the local provider's page, as a person would."""
    page.goto(live.url)
    page.get_by_role("button", name="기관 계정으로 로그인").click()
    page.wait_for_url(f"{live.provider_url}/**")
    page.get_by_role("button", name=email, exact=True).click()
    page.wait_for_url(f"{live.url}/**")
