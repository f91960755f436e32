"""A migrated database with the drafted sign-in, notification and audit tables, and the real
servers they talk to."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from portal.accounts import users
from portal.accounts.roles import Role
from portal.db import Database, sqlite_url, upgrade
from portal.models import User
from portal.models.base import Base
from portal.models.draft_base import DraftBase, create_tables
from tests.portal.backup_support import postgres_database
from tests.portal.fixtures import PG_URL

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def draft_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """PostgreSQL (under scripts/with-postgres.sh): one database for the session, emptied
    before each test. SQLite: a file each test copies."""
    if PG_URL:
        with postgres_database(PG_URL) as url:
            database = Database.connect(url)
            upgrade(database)
            create_tables(database.engine)
            database.dispose()
            yield url
        return
    path = tmp_path_factory.mktemp("draftdb") / "template.sqlite3"
    database = Database.connect(sqlite_url(path))
    upgrade(database)
    create_tables(database.engine)
    database.dispose()
    yield str(path)


@pytest.fixture
def database(draft_template: str, tmp_path: Path) -> Iterator[Database]:
    if PG_URL:
        found = Database.connect(draft_template)
        tables = [t.name for t in (*Base.metadata.sorted_tables, *DraftBase.metadata.sorted_tables)]
        with found.engine.begin() as connection:
            connection.execute(text(
                f"TRUNCATE {', '.join(sorted(set(tables)))} RESTART IDENTITY CASCADE"))
    else:
        path = tmp_path / "deskbook.sqlite3"
        shutil.copyfile(draft_template, path)
        found = Database.connect(sqlite_url(path))
    yield found
    found.dispose()


@pytest.fixture
def db(database: Database) -> Iterator[Session]:
    with database.session() as session:
        yield session


@pytest.fixture
def staff(db: Session) -> dict[Role, User]:
    return {
        role: users.add_user(db, f"{role.value.replace('_', '')}@example.com", role,
                                PASSWORD).user
        for role in Role
    }
