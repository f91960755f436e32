"""Accounts, roles, passwords, login rate limiting and personal API tokens.

Plain functions over a SQLAlchemy session: the admin pages, the login form and the
`deskbook users` command all call these. `actor` is the person acting (None = the command
line, run by whoever operates the server).
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from content.schema import LANGUAGES
from portal.db import write
from portal.errors import Conflict, InvalidInput, NotAllowed, NotFound, RateLimited
from portal.models import ApiToken, LoginAttempt, SignInAddress, User, utcnow
from portal.roles import Role

MIN_PASSWORD_LENGTH = 12
TOKEN_PREFIX = "dbk_"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$|^[^@\s]+@[^@\s.]+$")
# Compared against when the account does not exist, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not a real password")
# What replaces a one-time password once it has opened its sign-in: no password matches it.
ONE_TIME_USED = "!one-time password used"

SEED_ACCOUNTS = (
    ("admin@deskbook.local", Role.ADMIN),
    ("lead@deskbook.local", Role.LEAD),
    ("agent@deskbook.local", Role.AGENT),
    ("newhire@deskbook.local", Role.NEW_HIRE),
)


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


@dataclass(frozen=True)
class NewAccount:
    user: User
    password: str  # shown once, never stored


def normalize_email(email: str) -> str:
    value = email.strip().lower()
    if len(value) > 254 or not _EMAIL.match(value):
        raise InvalidInput(f"{email.strip()!r} is not an email address")
    return value


def generate_password() -> str:
    """A one-time password: 4 groups of 4 unambiguous characters (about 80 bits)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > 1024:
        raise InvalidInput("a password can have at most 1024 characters")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


# ----------------------------------------------------------------------------- users


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user with id {user_id}")
    return user


def require_user(session: Session, email: str) -> User:
    user = find_user(session, email)
    if user is None:
        raise NotFound(f"no user with email {email.strip()}")
    return user


def list_users(session: Session) -> Sequence[User]:
    return session.scalars(select(User).order_by(User.email)).all()


def _check_can_manage(actor: User | None, target_role: Role, new_role: Role | None) -> None:
    """Leads and admins manage people; only an admin grants admin or touches an admin."""
    if actor is None:
        return
    if not actor.role.at_least(Role.LEAD):
        raise NotAllowed("only leads and admins manage accounts")
    if actor.role is not Role.ADMIN and Role.ADMIN in (target_role, new_role):
        raise NotAllowed("only an admin can grant admin or change an admin's account")


def add_user(
    session: Session, email: str, role: Role, password: str | None = None, *,
    actor: User | None = None,
) -> NewAccount:
    """Create an account; without a password a one-time password is generated (returned once)."""
    _check_can_manage(actor, role, role)
    address = normalize_email(email)
    chosen = password if password is not None else generate_password()
    if password is not None:
        check_password_strength(password)
    with write(session):
        if find_user(session, address) is not None:
            raise Conflict(f"{address} already has an account")
        user = User(email=address, password_hash=hash_password(chosen), active=True,
                    must_change_password=password is None)
        user.role = role
        session.add(user)
    return NewAccount(user, chosen)


def set_role(session: Session, user: User, role: Role, *, actor: User | None = None) -> User:
    _check_can_manage(actor, user.role, role)
    if actor is not None and actor.id == user.id:
        raise NotAllowed("you cannot change your own role; ask another admin")
    with write(session):
        session.refresh(user)
        if user.role is Role.ADMIN and role is not Role.ADMIN:
            _keep_one_admin(session, user)
        user.role = role
    return user


def deactivate_user(session: Session, user: User, *, actor: User | None = None) -> User:
    """Refuse the account's logins and sessions from now on and revoke its API tokens for good
    (reactivating does not bring them back); the data stays."""
    _check_can_manage(actor, user.role, None)
    if actor is not None and actor.id == user.id:
        raise NotAllowed("you cannot deactivate your own account")
    with write(session):
        session.refresh(user)
        if user.role is Role.ADMIN:
            _keep_one_admin(session, user)
        user.active = False
        user.session_version += 1
        _revoke_tokens(session, user)
    return user


def activate_user(session: Session, user: User, *, actor: User | None = None) -> User:
    _check_can_manage(actor, user.role, None)
    with write(session):
        user.active = True
    return user


def _keep_one_admin(session: Session, leaving: User) -> None:
    others = session.scalar(
        select(func.count(User.id)).where(
            User.role_name == Role.ADMIN.value, User.active.is_(True), User.id != leaving.id
        )
    )
    if not others:
        raise Conflict("Deskbook needs at least one active admin; make someone else admin first")


def set_password(session: Session, user: User, password: str) -> None:
    """Change the password, end every other session of the account and revoke its API tokens
    (whoever knew the old password may have made one)."""
    check_password_strength(password)
    hashed = hash_password(password)
    with write(session):
        user.password_hash = hashed
        user.session_version += 1
        user.must_change_password = False
        _revoke_tokens(session, user)


def choose_password(session: Session, user: User, new: str) -> None:
    """The first password of someone who signed in with a one-time password (which that
    sign-in used up): no current password to give."""
    if not user.must_change_password:
        raise NotAllowed("your password is your own already: change it with your current one")
    set_password(session, user, new)


def set_language(session: Session, user: User, language: str | None) -> None:
    """The language the portal (and the site's first page) speaks to this person; None goes
    back to the browser's."""
    if language is not None and language not in LANGUAGES:
        raise InvalidInput(f"choose one of the languages {', '.join(LANGUAGES)}")
    with write(session):
        user.language = language


def change_password(session: Session, user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise InvalidInput("the current password is not right")
    if current == new:
        raise InvalidInput("choose a password different from the current one")
    set_password(session, user, new)


def end_sessions(session: Session, user: User) -> None:
    """Log the account out everywhere: cookies issued before this are refused."""
    with write(session):
        user.session_version += 1


def user_for_session(session: Session, identity: str) -> User | None:
    """The user behind a session or remember-cookie identity (`id:version`), if still valid."""
    user_id, _, version = identity.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def seed_accounts(session: Session) -> list[NewAccount]:
    """On a new database: one account per role, each with a one-time password."""
    return [add_user(session, email, role) for email, role in SEED_ACCOUNTS]


# ----------------------------------------------------------------------------- login


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
    _wait_if_throttled(session, key, where, moment, limits)
    user = find_user(session, key)
    used_up = user is not None and user.password_hash == ONE_TIME_USED
    stored = user.password_hash if user is not None and not used_up else _DUMMY_HASH
    valid = check_password_hash(stored, password) and not used_up
    if user is None or not valid or not user.active:
        with write(session):
            session.add(LoginAttempt(email=key, address=where, created_at=moment))
            session.execute(delete(LoginAttempt).where(LoginAttempt.created_at < since))
        if user is not None and valid and not user.active:
            raise NotAllowed("this account has been deactivated; ask an admin")
        if used_up:
            raise InvalidInput("that one-time password has been used already; ask an admin "
                               "for a new one")
        raise InvalidInput("that email and password do not match an account")
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
        raise InvalidInput("that one-time password has been used already; ask an admin "
                           "for a new one")


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
        raise RateLimited("too many failed sign-ins for this account or from this address; "
                          "wait a moment and try again", retry)


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


# ----------------------------------------------------------------------------- API tokens


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal token; the secret is returned once and only its hash is stored."""
    label = " ".join(name.split())[:100]
    if not label:
        raise InvalidInput("give the token a name, such as the tool that will use it")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with write(session):
        token = ApiToken(
            user_id=user.id, name=label, prefix=secret[:12], token_hash=_digest(secret)
        )
        session.add(token)
    return token, secret


def list_tokens(session: Session, user: User) -> Sequence[ApiToken]:
    return session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    ).all()


def _revoke_tokens(session: Session, user: User) -> None:
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
            raise NotFound("no such token")
        if token.revoked_at is None:
            token.revoked_at = utcnow()
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


def reset_password(session: Session, user: User, *, actor: User | None = None) -> str:
    """A new one-time password for someone who forgot theirs (returned once)."""
    _check_can_manage(actor, user.role, None)
    password = generate_password()
    set_password(session, user, password)
    with write(session):
        user.must_change_password = True
    return password
