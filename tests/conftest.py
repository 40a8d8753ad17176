"""Shared fixtures: settings with a throwaway media key, and databases on SQLite and PostgreSQL.

Service tests take the `database` fixture and so run twice, once per backend. The PostgreSQL
cluster is started once per test session from the installed server binaries; if it cannot start
the tests fail — they are never skipped silently.
"""

from __future__ import annotations

import base64
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from vigil.db import Database
from vigil.schema import upgrade_to_latest
from vigil.settings import Settings
from vigil.throwaway_postgres import ThrowawayPostgres, start_postgres

TEMPLATE_DB = "vigil_template"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for one test: its own media directory and a fresh AES key."""
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'vigil.db'}",
        media_dir=tmp_path / "media",
        media_keys={"test": base64.b64encode(os.urandom(32)).decode()},
        media_key_id="test",
    )


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres]:
    """One throwaway cluster for the whole run, with a migrated template database."""
    cluster = start_postgres()
    admin = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {TEMPLATE_DB}"))
    admin.dispose()
    template = Database(cluster.url(TEMPLATE_DB))
    upgrade_to_latest(template.engine)
    template.dispose()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies, so migrations run once per session."""
    path = tmp_path_factory.mktemp("sqlite-template") / "vigil.db"
    template = Database(f"sqlite:///{path}")
    upgrade_to_latest(template.engine)
    template.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database for one test, on each backend in turn."""
    if request.param == "sqlite":
        path = tmp_path / "vigil.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        database = Database(f"sqlite:///{path}")
        yield database
        database.dispose()
        return
    cluster: ThrowawayPostgres = request.getfixturevalue("postgres")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}"))
    database = Database(cluster.url(name))
    yield database
    database.dispose()
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Tests on the PostgreSQL backend carry the `postgres` marker, so `-m "not postgres"` works
    # for a quick local run; CI runs everything.
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec and callspec.params.get("database") == "postgresql":
            item.add_marker(pytest.mark.postgres)
