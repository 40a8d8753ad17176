"""The database schema as a whole: every module that defines tables, and migrations to build it.

Alembic and the tests must see every table; a domain package that adds tables adds its module to
`MODEL_MODULES` (the import registers its tables on `vigil.db.Base.metadata`).
"""

from __future__ import annotations

import importlib
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MODEL_MODULES = [
    "vigil.people",
    "vigil.audit",
    "review.models",
    "liaison.models",
    "scheduler.records",
]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def import_all_models() -> None:
    """Import every module that defines tables."""
    for module in MODEL_MODULES:
        importlib.import_module(module)


def alembic_config(engine: Engine | None = None, url: str | None = None) -> Config:
    """An Alembic configuration for this engine or URL, independent of the working directory."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.attributes["database_url"] = url
    if engine is not None:
        config.attributes["database_url"] = engine.url.render_as_string(hide_password=False)
    return config


def upgrade_to_latest(engine: Engine) -> None:
    """Apply every migration not yet applied to this database."""
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def check_models_match_migrations(engine: Engine) -> None:
    """Raise when the models hold a change that no migration makes (`alembic check`)."""
    with engine.connect() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.check(config)
