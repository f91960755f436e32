"""Sign-in as the settings configure it: single sign-on (`OIDC_*`), local passwords and how
long a password-reset link works."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from content.settings import is_on
from portal.accounts.oidc import OidcConfig
from portal.accounts.roles import Role
from portal.accounts.sso_accounts import LocalPasswords, RolePolicy, parse_role_values


def single_sign_on(config: Mapping[str, Any]) -> OidcConfig | None:
    """The provider to sign in with; None when `OIDC_DISCOVERY_URL` is not set."""
    url = str(config.get("OIDC_DISCOVERY_URL") or "").strip()
    if not url:
        return None
    return OidcConfig(url, str(config.get("OIDC_CLIENT_ID") or ""),
                      str(config.get("OIDC_CLIENT_SECRET") or ""),
                      scopes=str(config.get("OIDC_SCOPES") or "openid email profile"))


def role_policy(config: Mapping[str, Any]) -> RolePolicy:
    """ValueError names a mapped value that is no role."""
    values = config.get("OIDC_ROLE_VALUES") or {}
    if isinstance(values, str):
        values = json.loads(values)
    if not isinstance(values, Mapping):
        raise ValueError("OIDC_ROLE_VALUES must map claim values to roles")
    return RolePolicy(claim=str(config.get("OIDC_ROLE_CLAIM") or ""),
                      values=parse_role_values(values),
                      default=Role.parse(str(config.get("OIDC_DEFAULT_ROLE") or "new_hire")))


def local_passwords(config: Mapping[str, Any]) -> LocalPasswords:
    return LocalPasswords(on=is_on(config.get("LOCAL_PASSWORDS", True)),
                          break_glass=str(config.get("BREAK_GLASS_ADMIN") or ""))


def reset_lifetime(config: Mapping[str, Any]) -> timedelta:
    return timedelta(minutes=float(config.get("PASSWORD_RESET_MINUTES") or 60))
