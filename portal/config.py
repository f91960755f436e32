"""Configuration from one place: defaults → instance file (deskbook.toml) → DESKBOOK_* env
→ the mapping given to `create_app` (tests). The CLI reads the very same settings."""

from __future__ import annotations

import os
import secrets
import tomllib
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Config

from portal.db import sqlite_url
from portal.paths import Paths, project_root

INSTANCE_FILE = "deskbook.toml"
SECRET_FILE = "secret_key"


class Defaults:
    """Every setting, with its default. Each can be set as DESKBOOK_<NAME> or in deskbook.toml."""

    SECRET_KEY: str | None = None  # default: generated once into instance/secret_key
    DATABASE_URL: str | None = None  # default: SQLite at instance/deskbook.sqlite3
    DB_BUSY_TIMEOUT = 5.0  # seconds a writer waits for the database before a 503
    HTTPS = False  # served over HTTPS: Secure cookies and HSTS
    TRUSTED_PROXIES = 0  # reverse proxies in front that set X-Forwarded-For/-Proto
    MAX_CONTENT_LENGTH = 1024 * 1024  # bytes; larger request bodies get a 413
    LOGIN_WINDOW_SECONDS = 15 * 60
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 30
    REMEMBER_DAYS = 14
    SESSION_HOURS = 12
    SITE_DIR: str | None = None  # default: Paths.defaults() (site/, or $DESKBOOK_SITE_DIR)
    DOCS_DIR: str | None = None
    INDEX_DIR: str | None = None
    ONBOARDING_DIR: str | None = None


def instance_path(overrides: Mapping[str, Any] | None = None) -> Path:
    configured = (overrides or {}).get("INSTANCE_PATH") or os.environ.get("DESKBOOK_INSTANCE_PATH")
    return Path(configured).absolute() if configured else project_root() / "instance"


def load_config(overrides: Mapping[str, Any] | None = None) -> Config:
    """The settings, resolved; derived Flask keys (cookies, lifetimes) filled in."""
    folder = instance_path(overrides)
    config = Config(str(folder))
    config.from_object(Defaults)
    config.from_file(INSTANCE_FILE, load=tomllib.load, silent=True, text=False)
    config.from_prefixed_env("DESKBOOK")
    config.update(overrides or {})
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
        # CSRF: checked by our access guard (portal.access), for every unsafe method.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session; a new session on login
    )
    return config


def paths_from(config: Mapping[str, Any]) -> Paths:
    defaults = Paths.defaults()

    def pick(key: str, default: Path) -> Path:
        value = config.get(key)
        return Path(value).absolute() if value else default

    return Paths(
        root=defaults.root,
        docs=pick("DOCS_DIR", defaults.docs),
        site=pick("SITE_DIR", defaults.site),
        index=pick("INDEX_DIR", defaults.index),
        config_file=defaults.config_file,
        onboarding=pick("ONBOARDING_DIR", defaults.onboarding),
    )


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
