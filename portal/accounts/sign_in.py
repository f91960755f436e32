"""Signing in: the password check, and failed sign-ins slowed down (never locked out)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from portal.accounts.users import find_user
from portal.audit.actions import AuditAction
from portal.audit.record import add_event, record
from portal.db import write
from portal.errors import InvalidInput, NotAllowed, RateLimited
from portal.i18n import N_
from portal.models import LoginAttempt, SignInAddress, User, utcnow

# Compared against when the account does not exist, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not a real password")
# What replaces a one-time password once it has opened its sign-in: no password matches it.
ONE_TIME_USED = "!one-time password used"


@dataclass(frozen=True)
class LoginLimits:
    """How failed sign-ins are slowed down. Nobody is locked out: past a limit each further try
    waits 1 s, 2 s, 4 s… (at most `window`) after the latest failure, and the password is not
    checked during the wait.

    - One account from one address: `per_account` failures, then the wait (the owner's own
      typos, or one attacker).
    - One account from anywhere: `per_account` failures, then the wait — but only for addresses
      that never signed in to it, so guessing from elsewhere never refuses the owner at a known
      address.
    - One address on any account: `per_address` failures, then the wait — but only on accounts
      it never signed in to, so colleagues behind the same address are not refused.
    """

    window: timedelta = timedelta(minutes=15)
    per_account: int = 5
    per_address: int = 30
    known_for: timedelta = timedelta(days=180)  # a sign-in makes an address known this long



def authenticate(
    session: Session,
    email: str,
    password: str,
    address: str,
    *,
    limits: LoginLimits = LoginLimits(),
    now: datetime | None = None,
) -> User:
    """The active user with this email and password. Failed attempts are recorded; past the
    limits (see LoginLimits) a try that comes too soon is refused with the wait, unchecked."""
    moment = now or utcnow()
    key = email.strip().lower()[:254]
    where = address[:64]
    since = moment - limits.window
    try:
        _wait_if_throttled(session, key, where, moment, limits)
    except RateLimited:
        record(session, key, AuditAction.SIGN_IN_THROTTLED, target=key, now=moment)
        raise
    user = find_user(session, key)
    used_up = user is not None and user.password_hash == ONE_TIME_USED
    stored = user.password_hash if user is not None and not used_up else _DUMMY_HASH
    valid = check_password_hash(stored, password) and not used_up
    if user is None or not valid or not user.active:
        with write(session):
            # The wait runs from the answer, not the question: checking the hash takes a while.
            answered = now or utcnow()
            session.add(LoginAttempt(email=key, address=where, created_at=answered))
            session.execute(delete(LoginAttempt).where(LoginAttempt.created_at < since))
            add_event(session, key, AuditAction.SIGN_IN_FAILED, target=key, now=answered,
                      details={"why": "deactivated" if user is not None and valid else
                               "wrong email or password"})
        if user is not None and valid and not user.active:
            raise NotAllowed(N_("this account has been deactivated; ask an admin"))
        if used_up:
            raise InvalidInput(N_("that one-time password has been used already; ask an admin "
                               "for a new one"))
        raise InvalidInput(N_("that email and password do not match an account"))
    if user.must_change_password:
        _use_up_one_time_password(session, user)
    try:
        with write(session):
            # Only this address's failures: an attack from elsewhere stays slowed down.
            session.execute(delete(LoginAttempt).where(
                LoginAttempt.email == key, LoginAttempt.address == where))
            _remember_address(session, user, where, moment, limits)
    except IntegrityError:
        pass  # a sign-in at the same moment from the same address noted it first
    return user


def _use_up_one_time_password(session: Session, user: User) -> None:
    """A one-time password opens the sign-in that used it, and no other: of two sign-ins
    with it at the same moment, only the one that replaces it goes on."""
    with write(session):
        replaced = session.execute(
            update(User)
            .where(User.id == user.id, User.password_hash == user.password_hash)
            .values(password_hash=ONE_TIME_USED)
        )
    session.refresh(user)
    if getattr(replaced, "rowcount", 0) != 1:
        raise InvalidInput(N_("that one-time password has been used already; ask an admin "
                           "for a new one"))


def backoff(failures: int, allowed: int, window: timedelta) -> timedelta:
    """The wait before the next try: none below `allowed` failures, then 1 s, 2 s, 4 s… up to
    `window`."""
    if failures < allowed:
        return timedelta(0)
    return min(window, timedelta(seconds=2 ** min(failures - allowed, 30)))


def _wait_if_throttled(
    session: Session, email: str, address: str, moment: datetime, limits: LoginLimits
) -> None:
    def failures(*conditions: ColumnElement[bool]) -> tuple[int, datetime | None]:
        row = session.execute(
            select(func.count(LoginAttempt.id), func.max(LoginAttempt.created_at)).where(
                LoginAttempt.created_at >= moment - limits.window, *conditions
            )
        ).one()
        latest = row[1]
        if latest is not None and latest.tzinfo is None:
            latest = latest.replace(tzinfo=moment.tzinfo)
        return int(row[0]), latest

    scopes: list[tuple[tuple[ColumnElement[bool], ...], int]] = [
        ((LoginAttempt.email == email, LoginAttempt.address == address), limits.per_account)
    ]
    if not _is_known(session, email, address, moment - limits.known_for):
        scopes += [((LoginAttempt.email == email,), limits.per_account),
                   ((LoginAttempt.address == address,), limits.per_address)]
    until = moment
    for conditions, allowed in scopes:
        count, latest = failures(*conditions)
        if latest is not None:
            until = max(until, latest + backoff(count, allowed, limits.window))
    if until > moment:
        retry = max(1, math.ceil((until - moment).total_seconds()))
        raise RateLimited(N_("too many failed sign-ins for this account or from this address; "
                          "wait a moment and try again"), retry)


def _is_known(session: Session, email: str, address: str, since: datetime) -> bool:
    """Whether this account signed in from this address lately."""
    found = session.scalar(
        select(SignInAddress.id).join(User, User.id == SignInAddress.user_id).where(
            User.email == email, SignInAddress.address == address,
            SignInAddress.last_used_at >= since,
        )
    )
    return found is not None


def _remember_address(
    session: Session, user: User, address: str, moment: datetime, limits: LoginLimits
) -> None:
    known = session.scalar(select(SignInAddress).where(
        SignInAddress.user_id == user.id, SignInAddress.address == address))
    if known is None:
        session.add(SignInAddress(user_id=user.id, address=address, last_used_at=moment))
    else:
        known.last_used_at = moment
    session.execute(delete(SignInAddress).where(
        SignInAddress.user_id == user.id, SignInAddress.last_used_at < moment - limits.known_for))


