"""The database schema: migrations build it on both backends and match the models."""

from __future__ import annotations

from vigil.db import Database
from vigil.schema import check_models_match_migrations


def test_models_and_migrations_agree(database: Database) -> None:
    # `alembic check` raises when a model change has no migration.
    check_models_match_migrations(database.engine)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_template) -> None:  # type: ignore[no-untyped-def]
    database = Database(f"sqlite:///{sqlite_template}")
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.dispose()
