"""`deskbook init` and `deskbook users`, and the database under concurrent writers."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import text as sql_text

from portal.accounts import users
from portal.accounts.roles import Role
from portal.cli import main
from portal.db import Database, sqlite_url, upgrade, write
from portal.models import Base, LoginAttempt
from tests.portal.fixtures import PG_URL
from tests.portal.helpers import login, post_form


@pytest.fixture
def cli(database_url: str, tmp_path: Path) -> CliRunner:
    return CliRunner(
        env={"DESKBOOK_DATABASE_URL": database_url, "DESKBOOK_INSTANCE_PATH": str(tmp_path)}
    )


def test_users_are_managed_from_the_command_line(cli: CliRunner, app: Flask) -> None:
    added = cli.invoke(
        main, ["users", "add", "Dewi@Example.com", "--role", "new_hire", "--password-stdin"],
        input="a long enough password\n",
    )
    assert added.exit_code == 0, added.output
    assert "Added dewi@example.com (new_hire)" in added.output
    assert login(app.test_client(), "dewi@example.com", "a long enough password").status_code == 302

    assert cli.invoke(main, ["users", "set-role", "dewi@example.com", "agent"]).exit_code == 0
    listing = cli.invoke(main, ["users", "list"]).output
    assert "dewi@example.com" in listing and "agent" in listing and "active" in listing

    assert cli.invoke(main, ["users", "deactivate", "dewi@example.com"]).exit_code == 0
    assert "deactivated" in cli.invoke(main, ["users", "list"]).output
    assert login(app.test_client(), "dewi@example.com", "a long enough password").status_code == 403


def test_the_password_prompt_asks_twice(cli: CliRunner) -> None:
    result = cli.invoke(
        main, ["users", "add", "ana@example.com", "--role", "lead"],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Added ana@example.com (lead)" in result.output


def test_a_mistaken_or_taken_email_is_said_before_the_password_is_asked_for(
    cli: CliRunner,
) -> None:
    """The password was asked for twice, and only then was the email refused."""
    typo = cli.invoke(main, ["users", "add", "ana.example.com", "--role", "lead"])
    assert typo.exit_code == 1 and "is not an email address" in typo.output
    assert "Password" not in typo.output
    cli.invoke(main, ["users", "add", "ana@example.com", "--role", "lead", "--password-stdin"],
               input="a long enough password\n")
    taken = cli.invoke(main, ["users", "add", "Ana@example.com", "--role", "agent"])
    assert taken.exit_code == 1 and "ana@example.com already has an account" in taken.output
    assert "Password" not in taken.output


def test_command_line_mistakes_are_clear(cli: CliRunner) -> None:
    short = cli.invoke(
        main, ["users", "add", "a@example.com", "--role", "agent", "--password-stdin"], input="short\n"
    )
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    role = cli.invoke(main, ["users", "add", "a@example.com", "--role", "boss", "--password-stdin"])
    assert role.exit_code == 2 and "boss" in role.output
    missing = cli.invoke(main, ["users", "set-role", "ghost@example.com", "agent"])
    assert missing.exit_code == 1 and "no user with email ghost@example.com" in missing.output


def test_one_role_spelling_is_listed_and_the_others_are_understood(cli: CliRunner) -> None:
    """The CLI writes a role as settings, single sign-on, track files and the API do."""
    listed = cli.invoke(main, ["users", "add", "--help"]).output
    assert "[new_hire|agent|lead|admin]" in listed and "new-hire" not in listed
    wrong = cli.invoke(main, ["users", "set-role", "x@example.com", "boss"])
    assert wrong.exit_code == 2 and "new_hire" in wrong.output and "new-hire" not in wrong.output
    for number, spelling in enumerate(("new-hire", "New hire", "NEW_HIRE")):
        added = cli.invoke(main, ["users", "add", f"n{number}@example.com", "--role",
                                  spelling, "--password-stdin"], input="a long enough password\n")
        assert added.exit_code == 0 and "(new_hire)" in added.output, added.output


def test_an_admin_resets_a_password_from_the_command_line(cli: CliRunner, app: Flask) -> None:
    cli.invoke(main, ["users", "add", "eko@example.com", "--role", "agent", "--password-stdin"],
               input="a long enough password\n")
    reset = cli.invoke(main, ["users", "reset-password", "Eko@Example.com"])
    assert reset.exit_code == 0, reset.output
    password = reset.output.split("One-time password for eko@example.com: ")[1].split()[0]
    assert login(app.test_client(), "eko@example.com", "a long enough password").status_code == 401
    client = app.test_client()
    assert login(client, "eko@example.com", password).status_code == 302
    assert client.get("/portal/").headers["Location"].endswith("/portal/account/password")
    ghost = cli.invoke(main, ["users", "reset-password", "ghost@example.com"])
    assert ghost.exit_code == 1 and "no user with email ghost@example.com" in ghost.output


@pytest.mark.skipif(bool(PG_URL), reason="creates its own SQLite database")
def test_users_on_a_database_never_initialised_says_to_run_init(tmp_path: Path) -> None:
    runner = CliRunner(env={"DESKBOOK_INSTANCE_PATH": str(tmp_path), "DESKBOOK_DATABASE_URL": ""})
    for command in (["users", "list"], ["users", "add", "a@example.com", "--role", "agent",
                                         "--password-stdin"]):
        result = runner.invoke(main, command, input="a long enough password\n")
        assert result.exit_code == 1, result.output
        assert "has not been initialised" in result.output and "deskbook init" in result.output
        assert "Traceback" not in result.output and result.exception is not None


@pytest.mark.skipif(bool(PG_URL), reason="creates its own SQLite database")
def test_init_creates_four_accounts_once(tmp_path: Path) -> None:
    runner = CliRunner(env={"DESKBOOK_INSTANCE_PATH": str(tmp_path), "DESKBOOK_DATABASE_URL": ""})
    first = runner.invoke(main, ["init"])
    assert first.exit_code == 0, first.output
    assert (tmp_path / "deskbook.sqlite3").is_file()
    lines = [line.split() for line in first.output.splitlines() if "@deskbook.local" in line]
    emails = {line[-2] for line in lines}
    assert emails == {
        "admin@deskbook.local", "lead@deskbook.local", "agent@deskbook.local", "newhire@deskbook.local"
    }
    second = runner.invoke(main, ["init"])
    assert second.exit_code == 0 and "@deskbook.local" not in second.output  # printed once

    from portal import create_app

    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x", "TESTING": True})
    admin_password = next(line[-1] for line in lines if line[-2] == "admin@deskbook.local")
    client = app.test_client()
    assert login(client, "admin@deskbook.local", admin_password).status_code == 302
    assert client.get("/portal/admin/users").status_code == 302  # first, a password of one's own
    chosen = post_form(client, "/portal/account/password", "/portal/account/password",
                       new_password="the admin's password", confirm_password="the admin's password")
    assert chosen.status_code == 303
    assert client.get("/portal/admin/users").status_code == 200


def test_the_migrations_create_exactly_the_models(database_url: str) -> None:
    database = Database.connect(database_url)
    with database.engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
    database.dispose()
    assert differences == []


def test_submissions_stored_before_commit_tokens_each_get_their_own(tmp_path: Path) -> None:
    database = Database.connect(sqlite_url(tmp_path / "old.sqlite3"))
    upgrade(database, "0004_analytics")
    with database.engine.begin() as connection:
        connection.execute(sql_text(
            "INSERT INTO users (email, password_hash, role, active, session_version, "
            "created_at) VALUES ('a@example.com', 'x', 'agent', 1, 1, '2026-01-01')"))
        for question in ("One?", "Two?"):
            connection.execute(sql_text(
                "INSERT INTO submissions (kind, state, author_id, page, anchor, title, body, "
                "comment, created_at, updated_at, decision_note) VALUES ('faq', 'pending', 1, "
                f"'faq/x.md', '', '{question}', 'b', '', '2026-01-01', '2026-01-01', '')"))
    upgrade(database)
    with database.engine.connect() as connection:
        tokens = connection.execute(sql_text("SELECT commit_token FROM submissions")).scalars()
        found = list(tokens)
    database.dispose()
    assert len(set(found)) == 2 and all(re.fullmatch(r"[0-9a-f]{32}", t) for t in found)


def test_connecting_again_never_releases_the_locks_this_process_holds(tmp_path: Path) -> None:
    """Opening and closing the SQLite file beside a live connection drops that connection's
    POSIX locks: another process could then take the file for itself (or a closing connection
    believe it is the last and reset the write-ahead log), as making the file 0600 that way once
    did, losing approvals under load."""
    path = tmp_path / "locks.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("SELECT count(*) FROM t").fetchone()  # an open connection: a shared lock
    database = Database.connect(sqlite_url(path))
    try:
        with database.engine.connect():  # another connection to the file, same process
            pass
        other = subprocess.run(
            [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], "
             "timeout=0, isolation_level=None); c.execute('PRAGMA locking_mode = EXCLUSIVE'); "
             "c.execute('BEGIN EXCLUSIVE'); c.execute('SELECT 1 FROM t')", str(path)],
            capture_output=True, text=True, check=False, timeout=30)
    finally:
        database.dispose()
        holder.close()
    assert other.returncode != 0 and "database is locked" in other.stderr


def test_concurrent_writers_never_see_a_locked_database(database_url: str, people: Any) -> None:
    database = Database.connect(database_url)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            with database.session() as session:
                for i in range(25):
                    # read first (as a request does), then write
                    users.find_user(session, "agent@example.com")
                    with write(session):
                        session.add(LoginAttempt(email=f"w{n}", address=f"{i}"))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with database.session() as session:
        total = session.query(LoginAttempt).count()
    database.dispose()
    assert errors == []
    assert total == 8 * 25


def test_a_database_that_stays_locked_gives_a_clear_503(
    settings: dict[str, Any], people: Any, tmp_path: Path
) -> None:
    if PG_URL:
        pytest.skip("SQLite's file lock")
    from portal import create_app

    app = create_app({**settings, "DB_BUSY_TIMEOUT": 0.2})
    client = app.test_client()
    blocker = Database.connect(settings["DATABASE_URL"])
    with blocker.session() as session, write(session):
        session.add(LoginAttempt(email="lock", address="lock"))
        session.flush()
        response = login(client, "agent@example.com", "wrong password!!")
    blocker.dispose()
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert login(client, "agent@example.com", "wrong password!!").status_code == 401


def test_roles_parse_the_spellings_people_type() -> None:
    assert Role.parse("new-hire") is Role.NEW_HIRE
    assert Role.parse("New hire") is Role.NEW_HIRE
    assert Role.parse("ADMIN") is Role.ADMIN
    with pytest.raises(ValueError, match="choose one of"):
        Role.parse("boss")
