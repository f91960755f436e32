"""A migrated database with the drafted sign-in, notification and audit tables, and the real
servers they talk to."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from portal import accounts
from portal.db import Database, sqlite_url, upgrade
from portal.models import User
from portal.models.draft_base import create_tables
from portal.roles import Role

pytest_plugins = ["tests.servers.fixtures"]

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def draft_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("draftdb") / "template.sqlite3"
    database = Database.connect(sqlite_url(path))
    upgrade(database)
    create_tables(database.engine)
    database.dispose()
    return path


@pytest.fixture
def database(draft_template: Path, tmp_path: Path) -> Iterator[Database]:
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
        role: accounts.add_user(db, f"{role.value.replace('_', '')}@example.com", role,
                                PASSWORD).user
        for role in Role
    }
