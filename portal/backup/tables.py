"""Every table of the portal as JSON lines, and back: a logical dump that SQLite and
PostgreSQL both load, generic over `Base.metadata` (a new model's table is included as soon as
`portal.models` imports it).

The dump reads all tables in one read-only transaction, which both databases serve from one
snapshot (SQLite's WAL, PostgreSQL's REPEATABLE READ, as pg_dump does): writers carry on,
and the dump shows the database as it was at one instant.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Connection, Engine, Table, delete, exists, func, inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from portal.backup.errors import BackupError
from portal.db import MIGRATIONS, Database, write
from portal.models import Base

VERSION_TABLE = "alembic_version"
_BATCH = 1000


@dataclass(frozen=True)
class Snapshot:
    dialect: str
    schema_revision: str
    rows: dict[str, int]  # table name → rows dumped


def reason(error: SQLAlchemyError) -> str:
    """What the database said, without the statement and its parameters (password hashes)."""
    return str(getattr(error, "orig", None) or error).strip()


def schema_head() -> str:
    """The newest schema revision this Deskbook knows."""
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def dump_tables(database: Database, folder: Path) -> Snapshot:
    """Write `<table>.jsonl` for every table into `folder`: a header line with the column
    names, then one JSON array per row, in primary-key order."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with _snapshot(database.engine) as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
            if revision != schema_head():
                raise BackupError(
                    f"the database is at schema revision {revision or 'none'}, this Deskbook at "
                    f"{schema_head()}: run `deskbook init` first"
                )
            _check_tables(connection)
            rows = {
                table.name: _dump(connection, table, folder / f"{table.name}.jsonl")
                for table in Base.metadata.sorted_tables
            }
    except SQLAlchemyError as error:
        raise BackupError(f"could not read the database: {reason(error)}") from error
    return Snapshot(database.engine.dialect.name, revision, rows)


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ",
                                         postgresql_readonly=True)
        with connection.begin():
            yield connection


def _check_tables(connection: Connection) -> None:
    """A table the models do not declare would be silently left out: refuse instead."""
    unknown = set(inspect(connection).get_table_names()) - set(Base.metadata.tables)
    unknown.discard(VERSION_TABLE)
    if unknown:
        raise BackupError(
            f"the database has tables no model declares ({', '.join(sorted(unknown))}); "
            "import their models in portal/models/__init__.py"
        )


def _dump(connection: Connection, table: Table, target: Path) -> int:
    columns = [column.key for column in table.columns]
    result = connection.execution_options(yield_per=_BATCH).execute(
        select(table).order_by(*table.primary_key.columns)
    )
    count = 0
    with target.open("w", encoding="utf-8") as stream:
        stream.write(json.dumps({"table": table.name, "columns": columns}) + "\n")
        for row in result:
            try:
                stream.write(json.dumps([_encode(value) for value in row], ensure_ascii=False))
            except TypeError as error:
                raise BackupError(f"table {table.name}: {error}") from error
            stream.write("\n")
            count += 1
    return count


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _decoder(column: Column[Any]) -> Callable[[Any], Any]:
    storage = column.type
    while isinstance(storage, TypeDecorator):  # e.g. UTCDateTime: what its impl stores
        storage = storage.impl_instance
    try:
        kind = storage.python_type
    except NotImplementedError:
        return _same
    decoders: dict[type, Callable[[Any], Any]] = {
        dt.datetime: dt.datetime.fromisoformat,
        dt.date: dt.date.fromisoformat,
        dt.time: dt.time.fromisoformat,
        bytes: base64.b64decode,
        Decimal: Decimal,
        uuid.UUID: uuid.UUID,
        dt.timedelta: lambda seconds: dt.timedelta(seconds=seconds),
    }
    if issubclass(kind, enum.Enum):
        return kind
    return decoders.get(kind, _same)


def _same(value: Any) -> Any:
    return value


def tables_with_rows(database: Database) -> list[str]:
    """The portal tables of `database` that hold at least one row."""
    existing = set(inspect(database.engine).get_table_names())
    with database.engine.connect() as connection:
        return [
            table.name
            for table in Base.metadata.sorted_tables
            if table.name in existing and connection.scalar(select(exists().select_from(table)))
        ]


def expected_files() -> set[str]:
    return {f"{table.name}.jsonl" for table in Base.metadata.sorted_tables}


def load_tables(
    database: Database, folder: Path, *, replace: bool, progress: Callable[[str], None]
) -> dict[str, int]:
    """Insert every dumped row in one transaction (after deleting what is there when
    `replace`); the database must be at the newest schema. Returns rows per table."""
    tables = Base.metadata.sorted_tables
    rows: dict[str, int] = {}
    with database.session() as session, write(session):
        if replace:
            for table in reversed(tables):
                session.execute(delete(table))
        for table in tables:
            rows[table.name] = _load(session, table, folder / f"{table.name}.jsonl")
            progress(f"  {table.name}: {rows[table.name]} rows")
        if session.get_bind().dialect.name == "postgresql":
            _advance_sequences(session, tables)
    return rows


def _load(session: Session, table: Table, source: Path) -> int:
    with source.open(encoding="utf-8") as stream:
        header = json.loads(stream.readline())
        names = header.get("columns") if isinstance(header, dict) else None
        if not isinstance(names, list) or not set(names) <= set(table.columns.keys()):
            raise BackupError(f"{source.name}: its columns do not match the table {table.name}")
        decoders = [_decoder(table.columns[name]) for name in names]
        count = 0
        batch: list[dict[str, Any]] = []
        for line in stream:
            values = json.loads(line)
            batch.append({
                name: None if value is None else decode(value)
                for name, decode, value in zip(names, decoders, values, strict=True)
            })
            if len(batch) == _BATCH:
                session.execute(table.insert(), batch)
                count += len(batch)
                batch = []
        if batch:
            session.execute(table.insert(), batch)
            count += len(batch)
    return count


def _advance_sequences(session: Session, tables: list[Table]) -> None:
    """PostgreSQL hands out ids from sequences, which inserting explicit ids does not move:
    set each to follow the highest id restored."""
    for table in tables:
        column = table.autoincrement_column
        if column is None:
            continue
        sequence = func.pg_get_serial_sequence(table.name, column.name)
        session.execute(
            select(func.setval(sequence, func.coalesce(func.max(column), 0) + 1, False))
        )
