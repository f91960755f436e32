"""The declarative base of the tables that single sign-on, password resets and notifications
add, while they are drafted beside the portal: their own metadata, so the portal's schema,
migrations and backups stay as they are until the tables join `Base` (with their migration).

`users` appears here as a stub (its id only) so foreign keys to it resolve; `create_tables`
creates every drafted table and never the stub.
"""

from __future__ import annotations

from sqlalchemy import Column, Engine, Integer, MetaData, Table
from sqlalchemy.orm import DeclarativeBase

from portal.models.base import NAMING


class DraftBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


_USERS = Table("users", DraftBase.metadata, Column("id", Integer, primary_key=True))


def create_tables(engine: Engine) -> None:
    """Create the drafted tables on a database already at the portal's newest schema."""
    drafted = [table for table in DraftBase.metadata.sorted_tables if table is not _USERS]
    DraftBase.metadata.create_all(engine, tables=drafted)
