"""Alembic environment: Vigil's metadata, the URL from settings, batch mode for SQLite."""

from __future__ import annotations

from alembic import context

from vigil.db import Base, make_engine
from vigil.schema import import_all_models

import_all_models()
config = context.config


def _url() -> str:
    # A caller (tests, `python -m vigil migrate`) may pass the URL; otherwise read the settings.
    url = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    if url:
        return str(url)
    from vigil.settings import load_settings

    return load_settings().database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_with(connection)
        return
    engine = make_engine(_url())
    with engine.connect() as connection:
        _run_with(connection)
    engine.dispose()


def _run_with(connection: object) -> None:
    # render_as_batch: SQLite can only alter a table by copying it; Alembic does that in batch mode.
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
