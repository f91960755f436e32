"""The instance's settings file in a backup: secrets left out unless asked for.

A setting is secret when its name says so (…SECRET…, …PASSWORD…, …TOKEN…, …CREDENTIAL…,
…PRIVATE_KEY…) or when it is a URL carrying a password (`postgresql://user:pw@host/db`: the
password goes, the rest stays). Comments and layout of the file are kept (tomlkit).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import tomlkit

SECRET_WORDS = ("SECRET", "PASSWORD", "TOKEN", "CREDENTIAL", "PRIVATE_KEY")


def without_secrets(text: str) -> tuple[str, list[str]]:
    """The settings file with every secret removed, and what was removed."""
    document = tomlkit.parse(text)
    left_out: list[str] = []
    _strip(document, "", left_out)
    return tomlkit.dumps(document), left_out


def _strip(table: MutableMapping[str, Any], prefix: str, left_out: list[str]) -> None:
    for key in list(table):
        value = table[key]
        name = f"{prefix}{key}"
        if any(word in key.upper() for word in SECRET_WORDS):
            del table[key]
            left_out.append(name)
        elif isinstance(value, MutableMapping):
            _strip(value, f"{name}.", left_out)
        elif isinstance(value, str) and (kept := _without_password(value)) != value:
            table[key] = kept
            left_out.append(f"the password in {name}")


def _without_password(value: str) -> str:
    try:
        parts = urlsplit(value)
        has_password = bool(parts.password)
    except ValueError:
        return value
    if not has_password:
        return value
    user = parts.netloc.rpartition("@")[0].partition(":")[0]
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}@{host}"))
