"""People: accounts, roles, passwords and one-time passwords, sessions, the starter accounts.

Plain functions over a SQLAlchemy session: the admin pages, the password form and the
`deskbook users` command all call these. `actor` is the person acting (None = the command
line, run by whoever operates the server).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from content.schema import LANGUAGES
from portal.accounts.roles import Role
from portal.accounts.tokens import revoke_all_tokens
from portal.audit.actions import AuditAction
from portal.audit.record import add_event
from portal.db import write
from portal.errors import Conflict, InvalidInput, NotAllowed, NotFound
from portal.i18n import N_
from portal.models import User

MIN_PASSWORD_LENGTH = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$|^[^@\s]+@[^@\s.]+$")

SEED_ACCOUNTS = (
    ("admin@deskbook.local", Role.ADMIN),
    ("lead@deskbook.local", Role.LEAD),
    ("agent@deskbook.local", Role.AGENT),
    ("newhire@deskbook.local", Role.NEW_HIRE),
)


@dataclass(frozen=True)
class NewAccount:
    user: User
    password: str  # shown once, never stored


def normalize_email(email: str) -> str:
    value = email.strip().lower()
    if len(value) > 254 or not _EMAIL.match(value):
        raise InvalidInput(N_("“%(email)s” is not an email address"), email=email.strip())
    return value


def generate_password() -> str:
    """A one-time password: 4 groups of 4 unambiguous characters (about 80 bits)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(N_("a password needs at least %(count)s characters"),
                           count=MIN_PASSWORD_LENGTH)
    if len(password) > 1024:
        raise InvalidInput(N_("a password can have at most 1024 characters"))


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")




def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(N_("no user with id %(id)s"), id=user_id)
    return user


def require_user(session: Session, email: str) -> User:
    user = find_user(session, email)
    if user is None:
        raise NotFound(N_("no user with email %(email)s"), email=email.strip())
    return user


def list_users(session: Session) -> Sequence[User]:
    return session.scalars(select(User).order_by(User.email)).all()


def _check_can_manage(actor: User | None, target_role: Role, new_role: Role | None) -> None:
    """Leads and admins manage people; only an admin grants admin or touches an admin."""
    if actor is None:
        return
    if not actor.role.at_least(Role.LEAD):
        raise NotAllowed(N_("only leads and admins manage accounts"))
    if actor.role is not Role.ADMIN and Role.ADMIN in (target_role, new_role):
        raise NotAllowed(N_("only an admin can grant admin or change an admin's account"))


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
            raise Conflict(N_("%(email)s already has an account"), email=address)
        user = User(email=address, password_hash=hash_password(chosen), active=True,
                    must_change_password=password is None)
        user.role = role
        session.add(user)
        add_event(session, actor, AuditAction.ACCOUNT_CREATED, target=address,
                  details={"role": role.value})
    return NewAccount(user, chosen)


def set_role(session: Session, user: User, role: Role, *, actor: User | None = None) -> User:
    _check_can_manage(actor, user.role, role)
    if actor is not None and actor.id == user.id:
        raise NotAllowed(N_("you cannot change your own role; ask another admin"))
    with write(session):
        session.refresh(user)
        if user.role is Role.ADMIN and role is not Role.ADMIN:
            _keep_one_admin(session, user)
        before = user.role
        user.role = role
        if role is not before:
            add_event(session, actor, AuditAction.ROLE_CHANGED, target=user.email,
                      details={"from": before.value, "to": role.value})
    return user


def deactivate_user(session: Session, user: User, *, actor: User | None = None) -> User:
    """Refuse the account's logins and sessions from now on and revoke its API tokens for good
    (reactivating does not bring them back); the data stays."""
    _check_can_manage(actor, user.role, None)
    if actor is not None and actor.id == user.id:
        raise NotAllowed(N_("you cannot deactivate your own account"))
    with write(session):
        session.refresh(user)
        if user.role is Role.ADMIN:
            _keep_one_admin(session, user)
        user.active = False
        user.session_version += 1
        revoke_all_tokens(session, user)
        add_event(session, actor, AuditAction.ACCOUNT_DEACTIVATED, target=user.email)
    return user


def activate_user(session: Session, user: User, *, actor: User | None = None) -> User:
    _check_can_manage(actor, user.role, None)
    with write(session):
        user.active = True
        add_event(session, actor, AuditAction.ACCOUNT_ACTIVATED, target=user.email)
    return user


def _keep_one_admin(session: Session, leaving: User) -> None:
    others = session.scalar(
        select(func.count(User.id)).where(
            User.role_name == Role.ADMIN.value, User.active.is_(True), User.id != leaving.id
        )
    )
    if not others:
        raise Conflict(
            N_("Deskbook needs at least one active admin; make someone else admin first"))


def set_password(
    session: Session, user: User, password: str, *, actor: User | None = None,
    action: AuditAction = AuditAction.PASSWORD_CHANGED,
) -> None:
    """Change the password, end every other session of the account and revoke its API tokens
    (whoever knew the old password may have made one). The audit entry names `actor` (None:
    the command line) and `action` (a change, a reset…)."""
    check_password_strength(password)
    hashed = hash_password(password)
    with write(session):
        user.password_hash = hashed
        user.session_version += 1
        user.must_change_password = False
        revoke_all_tokens(session, user)
        add_event(session, actor, action, target=user.email)


def choose_password(session: Session, user: User, new: str) -> None:
    """The first password of someone who signed in with a one-time password (which that
    sign-in used up): no current password to give."""
    if not user.must_change_password:
        raise NotAllowed(N_("your password is your own already: change it with your current one"))
    set_password(session, user, new, actor=user)


def set_language(session: Session, user: User, language: str | None) -> None:
    """The language the portal (and the site's first page) speaks to this person; None goes
    back to the browser's."""
    if language is not None and language not in LANGUAGES:
        raise InvalidInput(N_("choose one of the languages %(choices)s"),
                           choices=", ".join(LANGUAGES))
    with write(session):
        user.language = language


def change_password(session: Session, user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise InvalidInput(N_("the current password is not right"))
    if current == new:
        raise InvalidInput(N_("choose a password different from the current one"))
    set_password(session, user, new, actor=user)


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


def reset_password(session: Session, user: User, *, actor: User | None = None) -> str:
    """A new one-time password for someone who forgot theirs (returned once)."""
    _check_can_manage(actor, user.role, None)
    password = generate_password()
    set_password(session, user, password, actor=actor, action=AuditAction.PASSWORD_RESET)
    with write(session):
        user.must_change_password = True
    return password
