"""The kernel's command line: bad configuration gives one clear message and exit code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def run_vigil(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vigil", *args],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **env},
        timeout=60,
    )


def test_a_malformed_secrets_file_is_named_without_a_traceback(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[vigil\n")
    result = run_vigil("check-settings", env={"VIGIL_SECRETS_FILE": str(secrets)})
    assert result.returncode == 2
    assert "not valid TOML" in result.stderr and str(secrets) in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("where", ["postgresql", "sqlite under a file"])
def test_an_unreachable_database_is_explained(tmp_path: Path, where: str) -> None:
    (tmp_path / "a-file").write_text("")
    url = {
        "postgresql": "postgresql+psycopg://vigil@127.0.0.1:9/vigil",
        "sqlite under a file": f"sqlite:///{tmp_path / 'a-file' / 'vigil.db'}",
    }[where]
    result = run_vigil(
        "check-settings",
        env={
            "VIGIL_SECRETS_FILE": str(tmp_path / "none.toml"),
            "DATABASE_URL": url,
            "VIGIL_MEDIA_KEYS": "k:" + "A" * 43 + "=",
            "VIGIL_MEDIA_KEY_ID": "k",
        },
    )
    assert result.returncode == 2, result.stderr
    assert "cannot reach the database" in result.stderr
    assert "Traceback" not in result.stderr


def test_seed_demo_fills_every_area_once_and_keeps_it_on_a_second_run(tmp_path: Path) -> None:
    import base64
    import os

    from sqlalchemy import func, select

    from review.models import Case, MediaItem
    from scheduler.records import DemandRow
    from vigil.db import Database

    url = f"sqlite:///{tmp_path / 'vigil.db'}"
    env = {
        "VIGIL_SECRETS_FILE": str(tmp_path / "none.toml"),
        "DATABASE_URL": url,
        "VIGIL_MEDIA_DIR": str(tmp_path / "media"),
        "VIGIL_MEDIA_KEYS": "k:" + base64.b64encode(os.urandom(32)).decode(),
        "VIGIL_MEDIA_KEY_ID": "k",
    }
    assert run_vigil("migrate", env=env).returncode == 0

    def counts() -> tuple[int, int, int]:
        database = Database(url)
        with database.begin() as session:
            found = tuple(
                session.scalar(select(func.count()).select_from(table)) or 0
                for table in (Case, MediaItem, DemandRow)
            )
        database.dispose()
        return found  # type: ignore[return-value]

    first = run_vigil("seed-demo", env=env)
    assert first.returncode == 0, first.stderr
    cases, items, demand = counts()
    assert cases > 5 and items >= cases and demand > 0
    assert any(path.is_file() for path in (tmp_path / "media").rglob("*"))

    second = run_vigil("seed-demo", env=env)
    assert second.returncode == 0, second.stderr
    assert counts() == (cases, items, demand)
    assert "review queue kept" in second.stdout
