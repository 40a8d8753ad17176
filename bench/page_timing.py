"""Server-side page render time through Streamlit's AppTest, shared by the page benchmarks.

A page is rendered the way a signed-in person opens it: the entry script (settings, sign-in,
the person's roles, navigation), then the page. What is timed is `AppTest.run()` of that page:
the script, every service call and query it makes, and Streamlit turning the elements into
protobuf. The browser's drawing is not included.

The baseline is a one-page script run through the same AppTest harness that reads the same
kind of stored data with one SELECT and shows it raw in one `st.dataframe` (see `baseline_page`).
"""

from __future__ import annotations

import base64
import logging
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from tests.app.harness import demo_role_secrets, entry_app, stand_in_provider
from vigil.db import Database
from vigil.schema import upgrade_to_latest
from vigil.throwaway_postgres import start_postgres

TIMEOUT = 300.0


@dataclass(frozen=True)
class Timings:
    """Seconds of one page's renders: the first in this process, first renders of new sessions
    (cold), and reruns within one session (warm)."""

    name: str
    first_in_process: float
    cold: list[float]
    warm: list[float]

    @staticmethod
    def p95(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def against(self, baseline: Timings, target: float) -> str:
        """Medians as ratios to the baseline's, and the p95s against the target."""
        cold = statistics.median(self.cold) / statistics.median(baseline.cold)
        warm = statistics.median(self.warm) / statistics.median(baseline.warm)
        return (
            f"  {self.name}: cold {cold:.2f}x baseline, warm {warm:.2f}x baseline (medians); "
            f"p95 cold {self.p95(self.cold):.2f} s, warm {self.p95(self.warm):.2f} s "
            f"(target <= {target:.0f} s)"
        )

    def line(self) -> str:
        return (
            f"{self.name:28s} first {self.first_in_process:6.2f} s | cold median "
            f"{statistics.median(self.cold):5.2f} s p95 {self.p95(self.cold):5.2f} s | warm median "
            f"{statistics.median(self.warm):5.2f} s p95 {self.p95(self.warm):5.2f} s"
        )


def seeding_bar() -> tuple[Progress, Callable[[str, int, int], None]]:
    """A rich progress display and the (table, done, total) callback the seeders take."""
    bar = Progress(TextColumn("{task.description:<20}"), BarColumn(), MofNCompleteColumn())
    tasks: dict[str, int] = {}

    def report(table: str, done: int, total: int) -> None:
        if table not in tasks:
            tasks[table] = bar.add_task(table, total=total)
        bar.update(tasks[table], completed=done, total=total)

    return bar, report


@contextmanager
def backend(kind: str) -> Iterator[Database]:
    """A migrated, empty database: a SQLite file, or a throwaway PostgreSQL cluster."""
    with tempfile.TemporaryDirectory(prefix="vigil-bench-") as folder:
        if kind == "sqlite":
            database = Database(f"sqlite:///{folder}/vigil.db")
            upgrade_to_latest(database.engine)
            try:
                yield database
            finally:
                database.dispose()
            return
        cluster = start_postgres()
        try:
            admin = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(sa.text("CREATE DATABASE vigil_bench"))
            admin.dispose()
            database = Database(cluster.url("vigil_bench"))
            upgrade_to_latest(database.engine)
            try:
                yield database
            finally:
                database.dispose()
        finally:
            cluster.stop()


@contextmanager
def app_environment(database: Database) -> Iterator[Callable[[str, tuple[str, ...]], AppTest]]:
    """The environment the app reads (database URL, role map, media key) and a stand-in sign-in
    provider; yields a factory of AppTests signed in as (email, groups)."""
    saved = dict(os.environ)
    st_config.set_option("client.showErrorDetails", "full")  # a failing page says why
    # AppTest touches st.* from its own thread before the script runs; the warning is noise here
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )
    with (
        tempfile.TemporaryDirectory(prefix="vigil-bench-env-") as folder,
        stand_in_provider() as provider,
    ):
        secrets = demo_role_secrets(Path(folder) / "secrets.toml")
        os.environ.update(
            VIGIL_SECRETS_FILE=str(secrets),
            DATABASE_URL=database.url,
            VIGIL_MEDIA_KEYS=f"b:{base64.b64encode(os.urandom(32)).decode()}",
            VIGIL_MEDIA_KEY_ID="b",
            VIGIL_MEDIA_DIR=str(Path(folder) / "media"),
        )

        def signed_in(email: str, groups: tuple[str, ...]) -> AppTest:
            return entry_app(provider, email, groups, timeout=TIMEOUT)

        try:
            yield signed_in
        finally:
            os.environ.clear()
            os.environ.update(saved)


def _timed(run: Callable[[], AppTest]) -> float:
    started = time.perf_counter()
    at = run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].message}")
    return elapsed


def time_page(
    name: str, open_page: Callable[[], AppTest], rerun: Callable[[AppTest], AppTest], runs: int
) -> Timings:
    """`open_page` returns a new session already on its home page; its first render of the page
    (`rerun`) is a cold run, each further rerun in the same session a warm one."""
    first = 0.0
    cold: list[float] = []
    warm: list[float] = []
    for number in range(runs):
        at = open_page()
        elapsed = _timed(lambda: rerun(at))  # noqa: B023 - called at once
        if number == 0:
            first = elapsed
        else:
            cold.append(elapsed)
        warm.append(_timed(lambda: at.run()))  # noqa: B023
    return Timings(name, first, cold or [first], warm)


BASELINE_SCRIPT = """
import os
import pandas as pd
import sqlalchemy as sa
import streamlit as st

st.set_page_config(page_title="baseline", layout="wide")


@st.cache_resource
def engine(url):
    return sa.create_engine(url)


def body():
    st.title("baseline")
    with engine(os.environ["DATABASE_URL"]).connect() as connection:
        table = pd.read_sql_query(sa.text(os.environ["VIGIL_BENCH_SQL"]), connection)
    st.dataframe(table, width="stretch")


st.navigation([st.Page(body, title="baseline")]).run()
"""


def baseline_page(name: str, sql: str, runs: int) -> Timings:
    """The same harness rendering one page that shows the rows of `sql` in one st.dataframe."""
    with tempfile.TemporaryDirectory(prefix="vigil-bench-baseline-") as folder:
        script = Path(folder) / "baseline.py"
        script.write_text(BASELINE_SCRIPT)
        os.environ["VIGIL_BENCH_SQL"] = sql

        def open_page() -> AppTest:
            return AppTest.from_file(str(script), default_timeout=TIMEOUT)

        return time_page(name, open_page, lambda at: at.run(), runs)
