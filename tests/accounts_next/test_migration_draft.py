"""The drafted migration makes exactly the drafted models' tables, on SQLite and (when the
tests have one) PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from portal.db import Database, sqlite_url, upgrade
from portal.migrations.drafts import reset_notifications as draft
from portal.models import notifications, sign_in  # noqa: F401  (their tables)
from portal.models.draft_base import DraftBase
from tests.portal.backup_support import postgres_database
from tests.portal.fixtures import PG_URL


def table_of(change: Any) -> str:
    """The table an autogenerate difference is about."""
    if isinstance(change, list):  # column modifications come grouped
        return table_of(change[0])
    kind, subject = change[0], change[1]
    if kind.endswith("_table"):
        return str(subject.name)
    if kind.endswith(("_index", "_constraint", "_fk")):
        return str(subject.table.name)
    return str(change[2])  # ("add_column", schema, table, column), ("modify_…", schema, table…)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "draft.sqlite3")
    elif not PG_URL:
        pytest.skip("PostgreSQL: run under scripts/with-postgres.sh")
    else:
        with postgres_database(PG_URL) as url:
            yield url


def test_the_drafted_migration_matches_the_drafted_models(empty_url: str) -> None:
    database = Database.connect(empty_url)
    upgrade(database)
    with database.engine.begin() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == draft.down_revision
        with Operations.context(context):
            draft.upgrade()
        drafted = {t.name for t in DraftBase.metadata.sorted_tables} - {"users"}
        differences = [change for change in compare_metadata(context, DraftBase.metadata)
                       if table_of(change) in drafted]
        assert differences == []
        tables = set(inspect(connection).get_table_names())
        assert {t.name for t in DraftBase.metadata.sorted_tables} <= tables
        with Operations.context(context):
            draft.downgrade()
        assert set(inspect(connection).get_table_names()) == tables - (
            {t.name for t in DraftBase.metadata.sorted_tables} - {"users"})
    database.dispose()
