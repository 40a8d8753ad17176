"""The database: one engine and one session factory per process, on SQLite or PostgreSQL.

Write inside `with database.begin() as session:`; the transaction commits when the block ends and
rolls back on any exception, so a failed action never leaves half its rows behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, ClassVar

from sqlalchemy import DateTime, MetaData, String, create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Timestamps stored as UTC and always read back time-zone aware.

    SQLite keeps no zone; without this a deadline read back naive would compare wrongly with now().
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: Vigil stores only time-zone aware UTC times")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """Base of every Vigil table; the naming convention keeps Alembic's constraint names stable."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UtcDateTime()}


# Shared column shapes.
Email = Annotated[str, mapped_column(String(320))]
Name = Annotated[str, mapped_column(String(200))]


def utcnow() -> dt.datetime:
    """Now, in UTC, time-zone aware."""
    return dt.datetime.now(dt.UTC)


class DatabaseUnavailable(Exception):
    """The database named by DATABASE_URL cannot be reached or opened."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Take transactions out of the driver's hands so `begin` below decides how they start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the one writer
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable with WAL, far fewer fsyncs
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    # BEGIN IMMEDIATE takes the write lock up front: a claim that reads the queue and then writes
    # its lease can never fail half-way on a lock upgrade. This is SQLite's single-writer
    # equivalent of PostgreSQL's FOR UPDATE SKIP LOCKED.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for `url`; SQLite gets WAL mode, foreign keys and write-locking transactions."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseUnavailable(
                    f"cannot reach the database at {url}: cannot create its folder ({error}). "
                    "Check DATABASE_URL."
                ) from None
        engine = create_engine(url, connect_args={"timeout": 30}, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    options.setdefault("pool_pre_ping", True)
    options.setdefault("pool_size", 10)
    return create_engine(url, connect_args={"connect_timeout": 5}, **options)


class Database:
    """The engine and its session factory, one per process (Streamlit: in cache_resource)."""

    def __init__(self, url: str, **options: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **options)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """A unit of work: commits when the block ends, rolls back on any exception."""
        with self.sessions.begin() as session:
            yield session

    def check_reachable(self) -> None:
        """Raise `DatabaseUnavailable` with a plain message when the database cannot be used."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except OperationalError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise DatabaseUnavailable(
                f"cannot reach the database at {self.engine.url.render_as_string()}: {reason}. "
                "Check DATABASE_URL and that the server is running."
            ) from None

    def dispose(self) -> None:
        self.engine.dispose()
