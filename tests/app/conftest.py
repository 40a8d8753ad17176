"""AppTest fixtures: a seeded demo database, settings in the environment, a fake provider."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from tests.app.harness import demo_role_secrets, entry_app, stand_in_provider
from vigil.db import Database
from vigil.demo_people import seed_demo_people
from vigil.schema import upgrade_to_latest


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
    with stand_in_provider() as url:
        yield url


@pytest.fixture
def demo_app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    """The environment the app reads: a migrated, seeded SQLite database and a media key."""
    database = Database(f"sqlite:///{tmp_path / 'vigil.db'}")
    upgrade_to_latest(database.engine)
    seed_demo_people(database, staff_count=10)
    secrets = demo_role_secrets(tmp_path / "secrets.toml")
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
        return entry_app(provider_url, email, groups, name)

    return make
