"""Shared by the backup tests: where a fresh instance lives, what an instance holds (every table
row by row, the docs history), and archives taken apart and packed again to damage them."""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import make_url

from portal.db import Database
from portal.models import Base

LOCATIONS = ("DOCS_DIR", "SITE_DIR", "INDEX_DIR", "ONBOARDING_DIR")


def instance_env(folder: Path, database_url: str | None = None) -> dict[str, str]:
    """DESKBOOK_* variables for an instance whose every part lives under `folder`."""
    return {
        "DESKBOOK_INSTANCE_PATH": str(folder / "instance"),
        "DESKBOOK_DATABASE_URL": database_url or f"sqlite:///{folder / 'instance' / 'deskbook.sqlite3'}",
        "DESKBOOK_DOCS_DIR": str(folder / "docs"),
        "DESKBOOK_SITE_DIR": str(folder / "site"),
        "DESKBOOK_INDEX_DIR": str(folder / "index"),
        "DESKBOOK_ONBOARDING_DIR": str(folder / "onboarding"),
    }


def env_of(settings: dict[str, Any]) -> dict[str, str]:
    """DESKBOOK_* variables for the test app's instance (tests/portal/fixtures.py `settings`)."""
    env = {"DESKBOOK_INSTANCE_PATH": str(settings["INSTANCE_PATH"]),
           "DESKBOOK_DATABASE_URL": str(settings["DATABASE_URL"])}
    for key in LOCATIONS:
        if settings.get(key):
            env[f"DESKBOOK_{key}"] = str(settings[key])
    return env


def every_row(database_url: str) -> dict[str, list[Any]]:
    """Every row of every table, in primary-key order, as the models read them."""
    database = Database.connect(database_url)
    try:
        with database.engine.connect() as connection:
            return {
                table.name: list(
                    connection.execute(select(table).order_by(*table.primary_key.columns))
                )
                for table in Base.metadata.sorted_tables
            }
    finally:
        database.dispose()


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def history(docs: Path) -> str:
    """Every ref and every commit reachable from them: ids, authors, committers, dates, messages."""
    return git(docs, "for-each-ref", "--format=%(refname) %(objectname)") + git(
        docs, "log", "--all", "--format=%H %P%n%an <%ae> %aI%n%cn <%ce> %cI%n%B%n--"
    )


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the test PostgreSQL server; dropped afterwards."""
    import psycopg

    server = make_url(server_url)
    name = f"deskbook_restore_{secrets.token_hex(4)}"
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {
            member.name: tar.extractfile(member).read()  # type: ignore[union-attr]
            for member in tar.getmembers()
        }


def repack(archive: Path, target: Path, changes: dict[str, bytes], *,
           fix_checksums: bool) -> Path:
    """`archive` with some members replaced; its SHA256SUMS recomputed only when asked."""
    files = {**members(archive), **changes}
    if fix_checksums:
        files["SHA256SUMS"] = "".join(
            f"{hashlib.sha256(data).hexdigest()}  {name}\n"
            for name, data in sorted(files.items()) if name != "SHA256SUMS"
        ).encode()
    with tarfile.open(target, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def mode_of(path: Path) -> int:
    return os.stat(path).st_mode & 0o777
