"""Mail as the settings configure it: where links point (`BASE_URL`), the mail server
(`SMTP_URL`, `MAIL_FROM`; none: mail is off and mails wait in the queue) and whether the
server's workers send (`MAIL_WORKER`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from content.settings import is_on
from portal.notifications.smtp import SmtpSettings


def base_url(config: Mapping[str, Any]) -> str:
    """Where mails' links point, without a trailing slash."""
    return str(config.get("BASE_URL") or "").strip().rstrip("/")


def smtp(config: Mapping[str, Any]) -> SmtpSettings | None:
    """The mail server; None when `SMTP_URL` is not set (mail off). ValueError says what is
    wrong with the URL."""
    url = str(config.get("SMTP_URL") or "").strip()
    if not url:
        return None
    return SmtpSettings.from_url(url, str(config.get("MAIL_FROM") or "").strip()
                                 or "deskbook@localhost")


def mail_is_on(config: Mapping[str, Any]) -> bool:
    return bool(str(config.get("SMTP_URL") or "").strip())


def worker_sends(config: Mapping[str, Any]) -> bool:
    return is_on(config.get("MAIL_WORKER", True))


def check(config: Mapping[str, Any]) -> None:
    """ValueError when the mail settings cannot work (the app refuses to start)."""
    smtp(config)
    url = base_url(config)
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"BASE_URL must start with http:// or https:// (got {url!r})")
