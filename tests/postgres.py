"""A throwaway PostgreSQL server for the tests: initdb and pg_ctl on a socket in a temp dir.

Used by the `postgres_dsn` fixture (tests/conftest.py) and runnable by hand:

    python -m tests.postgres      # starts one, prints its DSN, stops it on Enter

COURTINFO_TEST_POSTGRES_DSN, when set, names a server to use instead.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENV = "COURTINFO_TEST_POSTGRES_DSN"


def binaries() -> Path | None:
    """The directory holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _as_user() -> list[str]:
    """The command prefix that runs the server as a user it accepts (it refuses root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        msg = "running as root and there is no 'postgres' user to run the server as"
        raise RuntimeError(msg) from None
    return ["runuser", "-u", "postgres", "--"]


@contextmanager
def server() -> Iterator[str]:
    """A fresh cluster listening only on a unix socket; yields its DSN, stops it after."""
    bin_dir = binaries()
    if bin_dir is None:
        msg = "PostgreSQL is not installed (apt-get install postgresql)"
        raise RuntimeError(msg)
    prefix = _as_user()
    root = Path(tempfile.mkdtemp(prefix="courtinfo-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if prefix:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120, "cwd": root}
    try:
        subprocess.run(
            [
                *prefix,
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            **run,  # type: ignore[call-overload]
        )
        options = f"-c listen_addresses='' -k {sock} -c fsync=off -c full_page_writes=off"
        subprocess.run(
            [
                *prefix,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(root / "log"),
                "-w",
                "start",
            ],
            **run,  # type: ignore[call-overload]
        )
        try:
            yield f"host={sock} port=5432 user=postgres dbname=postgres"
        finally:
            subprocess.run(
                [
                    *prefix,
                    str(bin_dir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ],
                check=False,
                capture_output=True,
                timeout=60,
            )
    except subprocess.CalledProcessError as exc:
        log = (root / "log").read_text() if (root / "log").exists() else ""
        msg = f"{exc.cmd[len(prefix)]} failed: {exc.stderr or exc.stdout}{log}"
        raise RuntimeError(msg) from None
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    with server() as dsn:
        print(f"export {ENV}='{dsn}'")
        input("PostgreSQL is running; press Enter to stop it. ")
