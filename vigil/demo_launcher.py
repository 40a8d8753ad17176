"""`make run`: the demo on the embedded default, with a local OIDC provider and demo users.

Demo and production use the same sign-in path (st.login against an OIDC provider); only the
provider differs. Ctrl-C stops every process this started.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from liaison.demo import seed_liaison_demo
from review.demo import seed_review_demo
from scheduler.workspace import seed_demo_demand
from vigil.db import Database
from vigil.demo_people import DEMO_USERS, seed_demo_people
from vigil.demo_secrets import write_demo_secrets
from vigil.schema import upgrade_to_latest
from vigil.settings import REPO_ROOT, Settings, load_settings

log = logging.getLogger(__name__)
console = Console()

# Each seeder adds demo data that is missing and returns a one-line summary; all of them keep
# existing data on a second run. People first: the other seeders size their data to the staff.
DemoSeeder = Callable[[Database, Settings], str]


def _seed_people(database: Database, _settings: Settings) -> str:
    return f"{seed_demo_people(database)} demo people added"


def _seed_liaison(database: Database, _settings: Settings) -> str:
    return seed_liaison_demo(database)


def _seed_demand(database: Database, _settings: Settings) -> str:
    return seed_demo_demand(database)


DEMO_SEEDERS: list[DemoSeeder] = [_seed_people, _seed_liaison, _seed_demand, seed_review_demo]


def start_provider(port: int) -> subprocess.Popen[bytes]:
    """The local OIDC provider with one predefined user per demo role."""
    command = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)]
    for user in DEMO_USERS:
        command += ["--user-claims", json.dumps(user.claims(), ensure_ascii=False)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_app(port: int, secrets_file: Path) -> subprocess.Popen[bytes]:
    """Vigil's Streamlit server."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(REPO_ROOT / "app" / "main.py"),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        f"--secrets.files={secrets_file}",
    ]
    environment = {**os.environ, "VIGIL_SECRETS_FILE": str(secrets_file)}
    return subprocess.Popen(command, cwd=REPO_ROOT, env=environment)


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Wait for `url` to answer 200; fail early if the process died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the process exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not become healthy within {seconds:.0f} s")


def _print_welcome(app_port: int) -> None:
    table = Table(title="Demo users (choose one on the sign-in page)")
    table.add_column("user")
    table.add_column("name")
    table.add_column("role")
    for user in DEMO_USERS:
        table.add_row(user.email, user.name, user.note)
    console.print(table)
    console.print(
        f"[bold green]Vigil is ready:[/] open http://localhost:{app_port} "
        "(use 'localhost', the sign-in redirect expects it). Ctrl-C stops everything."
    )


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def run_demo(app_port: int = 8501, provider_port: int = 9400) -> int:
    """Prepare the embedded database and secrets, start provider and app, wait for Ctrl-C."""
    secrets_file = Path(
        os.environ.get("VIGIL_SECRETS_FILE", REPO_ROOT / ".streamlit" / "secrets.toml")
    )
    if write_demo_secrets(secrets_file, app_port, provider_port):
        console.print(f"Wrote demo secrets to {secrets_file} (ignored by git).")
    # The console shows one line per step; per-file intake and migration logs would bury it.
    for chatty in ("alembic", "review"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    settings = load_settings(secrets_file)
    database = Database(settings.database_url)
    with console.status("Applying database migrations…"):
        upgrade_to_latest(database.engine)
    for seeder in DEMO_SEEDERS:
        with console.status(f"Seeding demo data ({seeder.__name__.strip('_')})…"):
            console.print(seeder(database, settings))
    database.dispose()

    # Ctrl-C and `kill` both end the demo cleanly, even when a parent shell ignored SIGINT.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    processes = [start_provider(provider_port), start_app(app_port, secrets_file)]
    try:
        wait_until_healthy(
            f"http://localhost:{provider_port}/.well-known/openid-configuration", processes[0]
        )
        wait_until_healthy(f"http://localhost:{app_port}/_stcore/health", processes[1])
        _print_welcome(app_port)
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        console.print("[red]A demo process stopped; shutting the rest down.[/]")
        return 1
    except KeyboardInterrupt:
        console.print("Stopping Vigil…")
        return 0
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
