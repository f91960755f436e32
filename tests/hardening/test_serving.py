"""`deskbook serve` as installed: gunicorn (never werkzeug's development server), and the files
that hold secrets readable by the server's user only."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest

from tests.browser.helpers import (
    Portal,
    deskbook_command,
    free_port,
    portal_env,
    start_portal,
    stop_portal,
)
from tests.helpers import REPO, write_page


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    folder = tmp_path / "instance"
    folder.mkdir()
    return folder


@pytest.fixture
def served(tmp_path: Path, instance: Path) -> Iterator[tuple[str, Message]]:
    """`deskbook serve` with nothing but an instance folder and a docs folder: its log and the
    headers of its health answer."""
    docs = tmp_path / "docs"
    write_page(docs, "index.md", "# Home\n")
    env = portal_env(tmp_path, docs, tmp_path / "site", tmp_path / "ix", tmp_path / "tracks")
    del env["DESKBOOK_SECRET_KEY"]  # made on first start, in the instance folder
    env.update(DESKBOOK_INSTANCE_PATH=str(instance),
               DESKBOOK_DATABASE_URL=f"sqlite:///{instance / 'deskbook.sqlite3'}")
    port = free_port()
    running = Portal(f"http://127.0.0.1:{port}", docs, tmp_path / "site", tmp_path / "ix", env,
                     tmp_path / "serve.log")
    start_portal(running, port, timeout=60, with_site=False)
    try:
        with urllib.request.urlopen(running.url("/portal/health"), timeout=10) as response:
            yield running.log.read_text(), response.headers
    finally:
        stop_portal(running)


def test_serve_runs_gunicorn_and_does_not_name_werkzeug_or_python(
    served: tuple[str, Message],
) -> None:
    log, headers = served
    assert "Werkzeug" not in headers.get("Server", "") and "Python" not in headers.get("Server", "")
    assert headers.get("Server") == "gunicorn"
    assert "Booting worker" in log


def test_the_database_and_the_secret_key_are_readable_by_the_server_only(
    served: tuple[str, Message], instance: Path
) -> None:
    database = instance / "deskbook.sqlite3"
    assert _mode(database) == 0o600
    assert _mode(instance / "secret_key") == 0o600
    for journal in (instance / "deskbook.sqlite3-wal", instance / "deskbook.sqlite3-shm"):
        if journal.exists():
            assert _mode(journal) == 0o600, journal


def test_a_database_an_older_version_left_world_readable_is_tightened(instance: Path) -> None:
    database = instance / "deskbook.sqlite3"
    sqlite3.connect(database).close()
    database.chmod(0o644)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("DESKBOOK_")},
           "DESKBOOK_INSTANCE_PATH": str(instance)}
    done = subprocess.run([*deskbook_command(), "init"], env=env, cwd=REPO,
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert _mode(database) == 0o600
