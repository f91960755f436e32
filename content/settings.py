"""Deskbook's settings: one table, and one function that resolves them.

Each setting comes from its default, then `instance/deskbook.toml`, then its `DESKBOOK_*`
environment variable, then what the caller passes (the command line's options, a test's
configuration). The portal's app, every `deskbook` command and the mkdocs plugin all call
`load_settings`; it lives here, in the package every other one may import, so a plain
`mkdocs build` reads the same settings as the portal. The README's settings table is this table
(a test holds it to it).
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_PREFIX = "DESKBOOK_"
INSTANCE_FILE = "deskbook.toml"


@dataclass(frozen=True)
class Setting:
    name: str
    default: object  # a folder or file is relative to ROOT; None: worked out (see `shown`)
    shown: str  # the default as the README says it
    help: str
    path: bool = False  # a file or folder: resolved to an absolute path
    in_file: bool = True  # may be set in instance/deskbook.toml (not the two that find it)

    @property
    def env(self) -> str:
        return f"{ENV_PREFIX}{self.name}"


SETTINGS: tuple[Setting, ...] = (
    Setting("ROOT", None, "the folder of the checkout's `mkdocs.yml`, else the current folder",
            "the project folder; the folders below default to places inside it",
            path=True, in_file=False),
    Setting("INSTANCE_PATH", "instance", "`instance`",
            "database and secret key (readable by the server's user only: 0600), locks, build "
            "status, and `deskbook.toml`",
            path=True, in_file=False),
    Setting("DOCS_DIR", "docs", "`docs`", "the Markdown pages", path=True),
    Setting("SITE_DIR", "site", "`site`",
            "the built site (a link to the newest build in `.site-builds/`)", path=True),
    Setting("INDEX_DIR", "instance/index", "`instance/index`", "the search index", path=True),
    Setting("ONBOARDING_DIR", "onboarding", "`onboarding`", "the onboarding tracks",
            path=True),
    Setting("MKDOCS_CONFIG", "mkdocs.yml", "`mkdocs.yml`",
            "the site's mkdocs configuration (theme, Markdown extensions, languages)", path=True),
    Setting("DATABASE_URL", None, "SQLite at `instance/deskbook.sqlite3` (WAL, busy timeout)",
            "a `postgresql://…` URL for teams that outgrow one machine"),
    Setting("DB_BUSY_TIMEOUT", 5.0, "`5`",
            "seconds to wait for a locked database before answering 503"),
    Setting("SECRET_KEY", None, "generated once into `instance/secret_key`", "signs sessions"),
    Setting("HTTPS", False, "off", "Secure cookies and HSTS when served over HTTPS"),
    Setting("TRUSTED_PROXIES", 0, "`0`",
            "number of reverse proxies whose `X-Forwarded-*` headers to trust"),
    Setting("MAX_CONTENT_LENGTH", 1024 * 1024, "1 MiB", "larger requests get 413"),
    Setting("LOGIN_MAX_FAILURES_PER_ACCOUNT", 5, "`5`",
            "failed sign-ins to one account within the window (from one address, or from any "
            "address that never signed in to it); then each further try waits, see **Sign-in "
            "throttling**"),
    Setting("LOGIN_MAX_FAILURES_PER_ADDRESS", 30, "`30`",
            "failed sign-ins from one network address within the window; then its tries on "
            "accounts it never signed in to wait"),
    Setting("LOGIN_WINDOW_SECONDS", 15 * 60, "`900`",
            "the window of the two limits above"),
    Setting("REMEMBER_DAYS", 14, "`14`", "how long \"remember me\" keeps a person signed in"),
    Setting("SESSION_HOURS", 12, "`12`", "how long a session lasts otherwise"),
    Setting("SIDEBAR_FRAME_ANCESTORS", (), "none",
            "the origins that may show `/portal/sidebar` in a frame (a helpdesk app's, e.g. "
            "`[\"https://acme.zendesk.com\"]`), see **The API and the helpdesk sidebar**"),
    Setting("OIDC_DISCOVERY_URL", "", "none (off)",
            "single sign-on: the OpenID Connect provider's discovery document "
            "(`https://…/.well-known/openid-configuration`); see **Single sign-on**"),
    Setting("OIDC_CLIENT_ID", "", "none", "the client id Deskbook has at the provider"),
    Setting("OIDC_CLIENT_SECRET", "", "none",
            "its client secret (keep it in the environment, not in a file others read)"),
    Setting("OIDC_SCOPES", "openid email profile", "`openid email profile`",
            "the scopes asked for (add the one that carries the role claim, e.g. `groups`)"),
    Setting("OIDC_ROLE_CLAIM", "", "none",
            "an ID-token claim whose values give the role at every sign-in (e.g. `groups`); "
            "none: roles are left to admins"),
    Setting("OIDC_ROLE_VALUES", {}, "`{}`",
            "claim value → role, as a table or JSON (`{\"support-leads\": \"lead\"}`); the "
            "highest wins; someone with no mapped value is refused"),
    Setting("OIDC_DEFAULT_ROLE", "new_hire", "`new_hire`",
            "the role of an account single sign-on makes when no role claim is set"),
    Setting("LOCAL_PASSWORDS", True, "on",
            "sign-in with Deskbook passwords; off: single sign-on only, except the break-glass "
            "admin"),
    Setting("BREAK_GLASS_ADMIN", "", "none",
            "the admin's email that may still use a password when `LOCAL_PASSWORDS` is off "
            "(for when the provider is down)"),
    Setting("AUDIT_RETENTION_DAYS", 730, "`730`",
            "days the audit log keeps an entry; `deskbook audit prune` (run it daily) deletes "
            "older ones, `0` keeps every entry"),
)
BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}


def default_root() -> Path:
    """The source checkout when it holds mkdocs.yml (a development install), else the cwd."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "mkdocs.yml").is_file():
        return checkout
    return Path.cwd().resolve()


def _from_environment() -> dict[str, Any]:
    """Every DESKBOOK_* variable; values that read as JSON (`5`, `true`) are typed."""
    found: dict[str, Any] = {}
    for key, value in os.environ.items():
        if key.startswith(ENV_PREFIX):
            try:
                found[key[len(ENV_PREFIX):]] = json.loads(value)
            except ValueError:
                found[key[len(ENV_PREFIX):]] = value
    return found


def _from_file(instance: Path) -> dict[str, Any]:
    """instance/deskbook.toml's upper-case keys (like Flask's config files); none when absent."""
    try:
        with (instance / INSTANCE_FILE).open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    return {key: value for key, value in data.items() if key.isupper()}


def _configured_path(value: object) -> Path:
    return Path(str(value)).expanduser().absolute()


def load_settings(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Every setting, resolved: defaults → instance/deskbook.toml → DESKBOOK_* → `overrides`
    (a value of None in `overrides` is no override). Folders and files come back as absolute
    paths: a default inside ROOT, a configured relative path from the current folder. Other
    upper-case keys of the file, the environment and `overrides` are passed through.
    """
    given = {key: value for key, value in (overrides or {}).items() if value is not None}
    environment = _from_environment()

    def early(name: str) -> object:
        return given.get(name, environment.get(name))

    root_value = early("ROOT")
    root = Path(str(root_value)).resolve() if root_value else default_root()
    instance_value = early("INSTANCE_PATH")
    instance = _configured_path(instance_value) if instance_value else root / "instance"
    from_file = {k: v for k, v in _from_file(instance).items()
                 if k not in BY_NAME or BY_NAME[k].in_file}

    settings: dict[str, Any] = {setting.name: setting.default for setting in SETTINGS}
    settings.update(from_file)
    settings.update(environment)
    settings.update(given)
    for setting in SETTINGS:
        if setting.path and setting.name not in ("ROOT", "INSTANCE_PATH"):
            configured = settings[setting.name]
            explicit = any(setting.name in source for source in (from_file, environment, given))
            settings[setting.name] = (
                _configured_path(configured) if explicit else root / str(setting.default)
            )
    settings["ROOT"] = root
    settings["INSTANCE_PATH"] = instance
    return settings
