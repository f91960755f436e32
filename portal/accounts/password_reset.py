"""Self-service password reset by mail: a link that works once, for a short while.

Asking never says whether an account exists (the page answers the same either way); only an
active account with a local password gets a link, at most `MAX_OPEN` links per account are
open at once, so the form cannot be used to flood someone's inbox, and one network address
gets at most `MAX_PER_ADDRESS` links an hour (past that every answer, for any email, is
"wait"). The link carries a random token of which only the hash is stored. Using it sets the
new password, which ends the account's sessions and revokes its API tokens
(`users.set_password`), and closes every other open link of the account.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.accounts import users
from portal.audit import AuditAction, add_event
from portal.db import write
from portal.errors import InvalidInput, RateLimited
from portal.i18n import N_
from portal.models import User
from portal.models.base import utcnow
from portal.models.sign_in import PasswordReset
from portal.notifications.mails import render
from portal.notifications.messages import language_of, message
from portal.notifications.outbox import add_mail

RESET_PATH = "/portal/password/reset"
LIFETIME = timedelta(hours=1)
MAX_OPEN = 3
MAX_PER_ADDRESS = 10
ADDRESS_WINDOW = timedelta(hours=1)
TOKEN_BYTES = 32


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_address(session: Session, address: str, moment: datetime) -> None:
    """RateLimited when `address` had `MAX_PER_ADDRESS` links within the hour (checked before
    the account is looked up, so the answer says nothing about it)."""
    if not address:
        return
    count, oldest = session.execute(
        select(func.count(PasswordReset.id), func.min(PasswordReset.created_at)).where(
            PasswordReset.requested_from == address,
            PasswordReset.created_at > moment - ADDRESS_WINDOW)).one()
    if count >= MAX_PER_ADDRESS and oldest is not None:
        if oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=moment.tzinfo)
        wait = max(1, int((oldest + ADDRESS_WINDOW - moment).total_seconds()))
        raise RateLimited(N_("too many password-reset links were asked for from this address; "
                          "wait a while and try again"), wait)


def request_reset(
    session: Session, email: str, *, may_use_password: Callable[[User], bool] = lambda _: True,
    lifetime: timedelta = LIFETIME, address: str = "", now: datetime | None = None,
) -> tuple[User, str] | None:
    """A new reset token for the account with `email`, or None when no link is to be sent
    (no such account, deactivated, no local password, or enough links already open).
    RateLimited when `address` (the asker's) asked for too many lately."""
    moment = now or utcnow()
    address = address[:64]
    _check_address(session, address, moment)
    user = users.find_user(session, email[:254])
    if user is None or not user.active or not may_use_password(user):
        return None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with write(session):
        still_open = session.scalar(select(func.count(PasswordReset.id)).where(
            PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > moment))
        if still_open and still_open >= MAX_OPEN:
            return None
        session.add(PasswordReset(user_id=user.id, token_hash=_digest(token), created_at=moment,
                                  expires_at=moment + lifetime, requested_from=address))
        add_event(session, user.email, AuditAction.PASSWORD_RESET_REQUESTED,
                  target=user.email, now=moment)
    return user, token


def reset_path(token: str) -> str:
    return f"{RESET_PATH}/{token}"


def mail_reset_link(
    session: Session, email: str, *, base_url: str,
    may_use_password: Callable[[User], bool] = lambda _: True,
    lifetime: timedelta = LIFETIME, address: str = "", now: datetime | None = None,
) -> bool:
    """Queue a reset link for the account with `email` when one is to be sent (see
    `request_reset`); whether one was. The mail is sensitive: its text is erased once sent."""
    moment = now or utcnow()
    asked = request_reset(session, email, may_use_password=may_use_password,
                          lifetime=lifetime, address=address, now=moment)
    if asked is None:
        return False
    user, token = asked
    language = language_of(user)
    title, body = message("password_reset", language, {
        "email": user.email, "minutes": int(lifetime.total_seconds() // 60)})
    with write(session):
        add_mail(session, render(user.email, language, title, body, base_url=base_url,
                                 path=reset_path(token), about_settings=False),
                 user_id=user.id, sensitive=True, now=moment)
    return True


def _open_reset(session: Session, token: str, moment: datetime) -> PasswordReset:
    found = session.scalar(select(PasswordReset).where(
        PasswordReset.token_hash == _digest(token[:200])))
    if found is None or found.used_at is not None or found.expires_at <= moment:
        raise InvalidInput(N_("this password-reset link has expired or has been used; ask for "
                           "a new one"))
    return found


def user_for_reset(session: Session, token: str, *, now: datetime | None = None) -> User:
    """The account an open link resets (InvalidInput when it is used, expired or unknown)."""
    reset = _open_reset(session, token, now or utcnow())
    return users.get_user(session, reset.user_id)


def complete_reset(
    session: Session, token: str, new_password: str, *, now: datetime | None = None
) -> User:
    """Set the new password through an open link, which then works no more."""
    moment = now or utcnow()
    users.check_password_strength(new_password)
    with write(session):
        reset = _open_reset(session, token, moment)
        taken = session.execute(
            update(PasswordReset).where(PasswordReset.user_id == reset.user_id,
                                        PasswordReset.used_at.is_(None))
            .values(used_at=moment))
        if not getattr(taken, "rowcount", 0):
            raise InvalidInput(N_("this password-reset link has just been used"))
        user = users.get_user(session, reset.user_id)
        if not user.active:
            raise InvalidInput(N_("this account has been deactivated; ask an admin"))
    users.set_password(session, user, new_password, actor=user, action=AuditAction.PASSWORD_RESET)
    return user
