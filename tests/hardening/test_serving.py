"""`deskbook serve` as installed: gunicorn (never werkzeug's development server), and the files
that hold secrets readable by the server's user only."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest

from tests.browser.helpers import deskbook_command, free_port
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
    """`deskbook serve` with nothing but an instance folder and a docs folder: the headers of
    its health answer."""
    docs = tmp_path / "docs"
    write_page(docs, "index.md", "# Home\n")
    env = {key: value for key, value in os.environ.items() if not key.startswith("DESKBOOK_")}
    env.update(DESKBOOK_INSTANCE_PATH=str(instance), DESKBOOK_DOCS_DIR=str(docs),
               DESKBOOK_SITE_DIR=str(tmp_path / "site"), DESKBOOK_INDEX_DIR=str(tmp_path / "ix"))
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [*deskbook_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/portal/health",
                                            timeout=2) as response:
                    assert json.load(response)["status"] == "ok"
                    yield (tmp_path / "serve.log").read_text(), response.headers
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(0.2)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


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
