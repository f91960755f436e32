"""The portal's Flask configuration: the settings (`content.settings`: defaults →
instance/deskbook.toml → DESKBOOK_* → the mapping given to `create_app`) with what they imply
(the SQLite default, cookies, lifetimes) filled in."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Config

from content.settings import load_settings
from portal.db import sqlite_url

SECRET_FILE = "secret_key"


def load_config(overrides: Mapping[str, Any] | None = None) -> Config:
    """The settings, resolved; derived Flask keys (cookies, lifetimes) filled in."""
    settings = load_settings(overrides)
    folder = settings["INSTANCE_PATH"]
    config = Config(str(folder))
    config.update(settings)
    config["INSTANCE_PATH"] = str(folder)
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = sqlite_url(folder / "deskbook.sqlite3")
    https = bool(config["HTTPS"])
    config.update(
        SESSION_COOKIE_NAME="deskbook_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        REMEMBER_COOKIE_NAME="deskbook_remember",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=https,
        REMEMBER_COOKIE_DURATION=timedelta(days=float(config["REMEMBER_DAYS"])),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=float(config["SESSION_HOURS"])),
        PREFERRED_URL_SCHEME="https" if https else "http",
        # CSRF: checked by our access guard (portal.accounts.access), for every unsafe method.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session; a new session on login
    )
    return config


def ensure_secret_key(folder: Path) -> str:
    """Read instance/secret_key, creating it once (atomically: several workers may race)."""
    target = folder / SECRET_FILE
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        scratch = folder / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        with os.fdopen(os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
            out.write(secrets.token_hex(32))  # readable by the server's user only, from the start
        try:
            os.link(scratch, target)  # fails if another process got there first
        except FileExistsError:
            pass
        finally:
            scratch.unlink()
    return target.read_text(encoding="ascii").strip()
