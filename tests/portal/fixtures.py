"""Portal fixtures: a built site, a migrated database (SQLite, or PostgreSQL when
DESKBOOK_TEST_DATABASE_URL is set), an app and people of every role."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.engine import make_url

from portal import app_state, create_app
from portal.accounts import users
from portal.accounts.roles import Role
from portal.db import Database, sqlite_url, upgrade
from portal.docstore import DocStore
from portal.models import Base, User
from portal.site.build import build_site
from tests.helpers import REPO, write_page
from tests.portal.capture_kb import make_kb, without_site_rebuilds
from tests.portal.helpers import PASSWORD, Person, signed_in

PG_URL = os.environ.get("DESKBOOK_TEST_DATABASE_URL")

PEOPLE = {
    Role.NEW_HIRE: Person("newhire@example.com", "new_hire"),
    Role.AGENT: Person("agent@example.com", "agent"),
    Role.LEAD: Person("lead@example.com", "lead"),
    Role.ADMIN: Person("admin@example.com", "admin"),
}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real mkdocs-material build of a few pages (English and Arabic)."""
    base = tmp_path_factory.mktemp("kb")
    docs = base / "docs"
    write_page(docs, "index.md", "# Deskbook\n\nWelcome to the knowledge base.\n")
    write_page(
        docs,
        "policies/refunds.md",
        "# Refunds\n\n## Window\n\nCustomers have 30 days.\n\n## Exceptions\n\nDamaged goods.\n",
        title="Refunds",
        type="policy",
    )
    write_page(docs, "policies/refunds.ar.md", "# الاسترداد\n\n## المدة\n\n30 يوما.\n")
    write_page(docs, "faq/orders.md", "# Orders\n\n## Where is my order?\n\nCheck tracking.\n")
    site = base / "site"
    build_site(docs, site, REPO / "mkdocs.yml")
    (base / "secret.txt").write_text("outside the site", encoding="utf-8")
    return site


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """PostgreSQL: a fresh database for the session, migrated once. SQLite: a migrated file
    that each test copies."""
    if PG_URL:
        import psycopg

        server = make_url(PG_URL)
        name = f"deskbook_test_{secrets.token_hex(4)}"
        admin_dsn = server.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(admin_dsn, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        url = server.set(database=name).render_as_string(hide_password=False)
        database = Database.connect(url)
        upgrade(database)
        database.dispose()
        try:
            yield url
        finally:
            with psycopg.connect(admin_dsn, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    path = tmp_path_factory.mktemp("db") / "template.sqlite3"
    database = Database.connect(sqlite_url(path))
    upgrade(database)
    database.dispose()
    yield str(path)


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> str:
    if PG_URL:
        database = Database.connect(database_template)
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with database.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        database.dispose()
        return database_template
    path = tmp_path / "deskbook.sqlite3"
    shutil.copyfile(database_template, path)
    return sqlite_url(path)


@pytest.fixture
def settings(database_url: str, tmp_path: Path, built_site: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-" + secrets.token_hex(8),
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SITE_DIR": str(built_site),
        "DOCS_DIR": str(built_site.parent / "docs"),
        # never the checkout's instance/index: a search would rebuild it from these docs
        "INDEX_DIR": str(tmp_path / "index"),
    }


@pytest.fixture
def app(settings: dict[str, Any]) -> Iterator[Flask]:
    application = create_app(settings)
    yield application
    app_state.database(application).dispose()


@pytest.fixture
def database(app: Flask) -> Database:
    """The app's database (for sessions of one's own: another worker, a restart)."""
    return app_state.database(app)


@pytest.fixture
def db(app: Flask) -> Iterator[Any]:
    """A session on the app's database, for arranging and checking (not the request's)."""
    with app_state.database(app).session() as session:
        yield session


@pytest.fixture
def people(db: Any) -> dict[Role, Person]:
    for role, person in PEOPLE.items():
        users.add_user(db, person.email, role, PASSWORD)
    return PEOPLE


@pytest.fixture
def staff(db: Any, people: dict[Role, Person]) -> dict[Role, User]:
    """The accounts of `people`, by role."""
    found = {role: users.require_user(db, person.email) for role, person in people.items()}
    db.commit()  # ends the read, so a test may begin its own transaction
    return found


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


# --- the capture and review tests: a docs repository, its store and the people who use it ---


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """A small knowledge base in git (capture_kb.make_kb). The app uses it only where a module
    points `settings` at it (capture_kb.kb_settings); modules with other docs define `kb`."""
    return make_kb(tmp_path / "kb")


@pytest.fixture
def store(app: Flask) -> DocStore:
    """The app's docstore, without the background site rebuild (the site is not under test)."""
    return without_site_rebuilds(app)


@pytest.fixture
def agent(app: Flask, store: DocStore, people: dict[Role, Person]) -> FlaskClient:
    """A browser signed in as the agent; the store is set up first."""
    return signed_in(app, people[Role.AGENT])


@pytest.fixture
def lead(app: Flask, store: DocStore, people: dict[Role, Person]) -> FlaskClient:
    """A browser signed in as the lead; the store is set up first."""
    return signed_in(app, people[Role.LEAD])


@pytest.fixture
def clients(agent: FlaskClient, lead: FlaskClient) -> tuple[FlaskClient, FlaskClient]:
    """The agent's and the lead's browsers, in that order."""
    return agent, lead
