"""A throwaway PostgreSQL cluster for tests and benchmarks, started from the installed binaries.

`initdb` and `postgres` refuse to run as root, and developers and CI run as root, so the cluster
runs as the unprivileged `postgres` user when we are root. It listens on loopback only, with its
own port and socket directory, and is removed when stopped.
"""

from __future__ import annotations

import logging
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


class PostgresUnavailable(Exception):
    """The PostgreSQL server binaries are missing or the cluster would not start."""


def _bindir() -> Path:
    if "VIGIL_PG_BINDIR" in os.environ:
        return Path(os.environ["VIGIL_PG_BINDIR"])
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidate = Path(result.stdout.strip())
        if (candidate / "initdb").exists():
            return candidate
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    raise PostgresUnavailable(
        "PostgreSQL server binaries not found; install them with "
        "`apt-get install -y postgresql` (make test does this)"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ThrowawayPostgres:
    """A running cluster; `url(dbname)` gives a SQLAlchemy URL for one of its databases."""

    directory: Path
    port: int
    bindir: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        _as_owner(
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.directory / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            check=False,
        )
        shutil.rmtree(self.directory, ignore_errors=True)


def _as_owner(command: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    result = subprocess.run(command, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise PostgresUnavailable(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return result


def start_postgres(max_connections: int = 200) -> ThrowawayPostgres:
    """Start a fresh cluster on a free loopback port; call `stop()` when done."""
    bindir = _bindir()
    directory = Path(tempfile.mkdtemp(prefix="vigil-pg-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(directory, owner.pw_uid, owner.pw_gid)
    directory.chmod(0o700)
    data = directory / "data"
    _as_owner(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        ]
    )
    port = _free_port()
    options = (
        f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 "
        f"-c max_connections={max_connections} -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c shared_buffers=256MB"
    )
    _as_owner(
        [
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(directory / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        ]
    )
    log.info("throwaway PostgreSQL on port %s in %s", port, directory)
    return ThrowawayPostgres(directory=directory, port=port, bindir=bindir)
