"""Engine, sessions and migrations.

SQLite (the default, in the instance folder) runs in WAL mode with a busy timeout and foreign
keys on. Reads use a plain (deferred) transaction; writes go through `write()`, which starts
with `BEGIN IMMEDIATE` so that concurrent writers queue on the busy timeout instead of failing
with "database is locked" when a read transaction tries to upgrade. PostgreSQL (psycopg 3) is
used when the URL points at one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_IMMEDIATE = "deskbook_immediate"
SQLITE_CACHE_KB = 512  # per connection


def normalize_url(url: str | URL) -> URL:
    """`postgres://` and `postgresql://` mean psycopg 3 here (SQLAlchemy would pick psycopg2)."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def make_engine(url: str | URL, *, busy_timeout: float = 5.0) -> Engine:
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        file = None
        if parsed.database and parsed.database != ":memory:":
            file = Path(parsed.database)
            file.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": busy_timeout})
        _configure_sqlite(engine, busy_timeout, file)
        return engine
    timeout_ms = int(busy_timeout * 1000)
    return create_engine(
        parsed,
        pool_pre_ping=True,
        # Wait for a row or table lock at most as long as SQLite would, then fail clearly.
        connect_args={"options": f"-c lock_timeout={timeout_ms}"},
    )


def _keep_private(database: Path) -> None:
    """The SQLite file (password hashes) readable by the server's user only: tightened to 0600
    when a connection opens it (just created by SQLite, or left 0644 by an older Deskbook);
    SQLite gives its -wal and -shm files the database file's permissions. Only chmod: opening
    and closing the file here would drop the SQLite locks this process holds on it."""
    for path in (database, database.with_name(f"{database.name}-wal"),
                 database.with_name(f"{database.name}-shm")):
        with suppress(FileNotFoundError):
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)


def _configure_sqlite(engine: Engine, busy_timeout: float, file: Path | None) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
        if file is not None:
            _keep_private(file)
        # We emit BEGIN ourselves (below); pysqlite's own transaction handling would defer it.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Every pooled connection keeps its own page cache (2 MB by default), filling as the
        # database grows: a worker's memory crept up with it. The kernel caches the file for
        # all of them anyway, so a small private cache costs only a few read calls.
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]

    @classmethod
    def connect(cls, url: str | URL, *, busy_timeout: float = 5.0) -> Database:
        engine = make_engine(url, busy_timeout=busy_timeout)
        return cls(engine, sessionmaker(engine, expire_on_commit=False))

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def write(session: Session) -> Iterator[Session]:
    """A write transaction: ends any read transaction, begins one that takes the write lock
    up front (SQLite `BEGIN IMMEDIATE`), commits at the end and rolls back on any error."""
    if session.in_transaction():
        session.commit()
    session.connection(execution_options={_IMMEDIATE: True})
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def alembic_config(connection: Connection) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(db: Database, revision: str = "head") -> bool:
    """Bring the schema to `revision`; True when the database had no schema before."""
    connect = db.engine.connect().execution_options(**{_IMMEDIATE: True})
    with connect as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            # One migrator at a time when several processes start together.
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(4242004)")
        was_new = MigrationContext.configure(connection).get_current_revision() is None
        command.upgrade(alembic_config(connection), revision)
    return was_new
