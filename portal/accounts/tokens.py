"""Personal API tokens: created (the secret shown once, only its hash stored), listed,
revoked, and the account behind a token."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.audit.actions import AuditAction
from portal.audit.record import add_event
from portal.db import write
from portal.errors import InvalidInput, NotFound
from portal.i18n import N_
from portal.models import ApiToken, User, utcnow

TOKEN_PREFIX = "dbk_"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal token; the secret is returned once and only its hash is stored."""
    label = " ".join(name.split())[:100]
    if not label:
        raise InvalidInput(N_("give the token a name, such as the tool that will use it"))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with write(session):
        token = ApiToken(
            user_id=user.id, name=label, prefix=secret[:12], token_hash=_digest(secret)
        )
        session.add(token)
        add_event(session, user, AuditAction.TOKEN_CREATED, target=user.email,
                  details={"token": label, "prefix": token.prefix})
    return token, secret


def list_tokens(session: Session, user: User) -> Sequence[ApiToken]:
    return session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    ).all()


def revoke_all_tokens(session: Session, user: User) -> None:
    """Revoke every live token of `user` (inside the caller's write)."""
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_token(session: Session, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens; anybody else's is 'not found'."""
    with write(session):
        token = session.get(ApiToken, token_id)
        if token is None or token.user_id != user.id:
            raise NotFound(N_("no such token"))
        if token.revoked_at is None:
            token.revoked_at = utcnow()
            add_event(session, user, AuditAction.TOKEN_REVOKED, target=user.email,
                      details={"token": token.name, "prefix": token.prefix})
    return token


def user_for_token(
    session: Session, secret: str, *, now: datetime | None = None
) -> User | None:
    """The active user owning this unrevoked token (its last use is recorded, once a minute)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(secret)))
    if token is None or token.revoked or not token.user.active:
        return None
    moment = now or utcnow()
    if token.last_used_at is None or moment - token.last_used_at > timedelta(minutes=1):
        with write(session):
            token.last_used_at = moment
    return token.user


