"""Create or upgrade the database; on a new one, one account per role (one-time passwords)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from portal.accounts import users
from portal.config import load_config
from portal.db import Database, upgrade
from portal.models import User


@dataclass
class InitResult:
    url: str
    created: bool
    accounts: list[users.NewAccount] = field(default_factory=list)


def open_database(config: Mapping[str, Any] | None = None) -> Database:
    settings = load_config(config)
    return Database.connect(
        settings["DATABASE_URL"], busy_timeout=float(settings["DB_BUSY_TIMEOUT"])
    )


def init_db(database: Database, *, seed: bool = True) -> InitResult:
    """Upgrade to the newest schema; a new, empty database gets the four starter accounts."""
    created = upgrade(database)
    result = InitResult(database.engine.url.render_as_string(hide_password=True), created)
    if created and seed:
        with database.session() as session:
            if not session.scalar(select(func.count(User.id))):
                result.accounts = users.seed_accounts(session)
    return result
