"""SQL pieces the figures need that SQLite and PostgreSQL spell differently.

Days and months are the agency's (Asia/Seoul). Korea keeps no daylight-saving time, so on SQLite,
which knows no time zones, "+9 hours" is exact; PostgreSQL converts with the zone's name.
Each construct compiles to a value both backends return alike (a 'YYYY-MM-DD' or 'YYYY-MM'
string, or a float of hours), so the Python around them does not care which one ran.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import Float, String

AGENCY_ZONE = "Asia/Seoul"
AGENCY_OFFSET_HOURS = 9
AGENCY_TZ = dt.timezone(dt.timedelta(hours=AGENCY_OFFSET_HOURS), AGENCY_ZONE)


class local_day(FunctionElement[str]):  # lower case: reads like the SQL it becomes
    """The agency's calendar day of a timestamp, as 'YYYY-MM-DD'."""

    type = String()
    inherit_cache = True
    name = "local_day"


class local_month(FunctionElement[str]):
    """The agency's calendar month of a timestamp, as 'YYYY-MM'."""

    type = String()
    inherit_cache = True
    name = "local_month"


class hours_between(FunctionElement[float]):
    """Hours from the first timestamp to the second."""

    type = Float()
    inherit_cache = True
    name = "hours_between"


@compiles(local_day, "sqlite")
def _day_sqlite(element: local_day, compiler: Any, **kw: Any) -> str:
    (column,) = list(element.clauses)
    return f"date({compiler.process(column, **kw)}, '+{AGENCY_OFFSET_HOURS} hours')"


@compiles(local_day, "postgresql")
def _day_postgresql(element: local_day, compiler: Any, **kw: Any) -> str:
    (column,) = list(element.clauses)
    return f"to_char({compiler.process(column, **kw)} AT TIME ZONE '{AGENCY_ZONE}', 'YYYY-MM-DD')"


@compiles(local_month, "sqlite")
def _month_sqlite(element: local_month, compiler: Any, **kw: Any) -> str:
    (column,) = list(element.clauses)
    return f"strftime('%Y-%m', {compiler.process(column, **kw)}, '+{AGENCY_OFFSET_HOURS} hours')"


@compiles(local_month, "postgresql")
def _month_postgresql(element: local_month, compiler: Any, **kw: Any) -> str:
    (column,) = list(element.clauses)
    return f"to_char({compiler.process(column, **kw)} AT TIME ZONE '{AGENCY_ZONE}', 'YYYY-MM')"


@compiles(hours_between, "sqlite")
def _hours_sqlite(element: hours_between, compiler: Any, **kw: Any) -> str:
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"((julianday({second}) - julianday({first})) * 24.0)"


@compiles(hours_between, "postgresql")
def _hours_postgresql(element: hours_between, compiler: Any, **kw: Any) -> str:
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({second} - {first})) / 3600.0)"


def seoul_midnight(day: dt.date) -> dt.datetime:
    """00:00 of `day` in the agency's zone, as aware UTC."""
    local = dt.datetime(day.year, day.month, day.day, tzinfo=AGENCY_TZ)
    return local.astimezone(dt.UTC)
