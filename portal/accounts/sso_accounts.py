"""Which Deskbook account an identity at the OpenID Connect provider signs in to.

An identity (issuer + subject) is tied to one account the first time it signs in: to the
account with the same email when the provider says it verified that email, otherwise to a new
account (the identity provider decides who may come in). The role comes from a claim when one
is configured (e.g. `groups`, mapped value by value to a role; the highest wins, at every
sign-in), else new accounts get the default role and admins change it. A deactivated account
stays out whatever the provider says.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import NoReturn

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts import users
from portal.accounts.oidc import ProviderIdentity, SignInRefused
from portal.accounts.roles import Role
from portal.audit import AuditAction, add_event
from portal.db import write
from portal.errors import InvalidInput
from portal.i18n import N_
from portal.models import User
from portal.models.base import utcnow
from portal.models.identities import ExternalIdentity

# A password hash no password matches: accounts made by single sign-on have no local password
# until someone sets one.
NO_PASSWORD = "!sso"
PROVIDER_ACTOR = "identity provider"


@dataclass(frozen=True)
class RolePolicy:
    claim: str = ""  # e.g. "groups"; empty: roles are left to admins
    values: Mapping[str, Role] = field(default_factory=dict)  # claim value → role
    default: Role = Role.NEW_HIRE  # a new account's role when no claim is configured

    def role_from(self, claims: Mapping[str, object]) -> Role | None:
        """The highest role the claim's values map to; None when none does."""
        value = claims.get(self.claim)
        given = value if isinstance(value, list) else [value]
        roles = [self.values[item] for item in given if isinstance(item, str)
                 and item in self.values]
        return max(roles, key=lambda role: role.rank) if roles else None


def parse_role_values(mapping: Mapping[str, object]) -> dict[str, Role]:
    """The OIDC_ROLE_VALUES setting ({"support-admins": "admin", …}) checked; ValueError
    names a role that does not exist."""
    return {str(key): Role.parse(str(value)) for key, value in mapping.items()}


def sign_in_with(
    session: Session, identity: ProviderIdentity, policy: RolePolicy, *,
    now: datetime | None = None,
) -> User:
    """The account `identity` signs in to (tied or made on its first sign-in); its role
    follows the claim when one is configured. Refusals are audited and raised."""
    moment = now or utcnow()
    role = policy.role_from(identity.claims) if policy.claim else None
    if policy.claim and role is None:
        _refuse(session, identity, f"the identity provider gives you no Deskbook role (no "
                                   f"value of the {policy.claim!r} claim is mapped to one); "
                                   "ask an admin", moment)
    try:
        user = _account(session, identity, policy, role, moment)
    except SignInRefused as refused:
        _refuse(session, identity, str(refused), moment)
    if not user.active:
        _refuse(session, identity, "this account has been deactivated; ask an admin", moment)
    return user


def _account(
    session: Session, identity: ProviderIdentity, policy: RolePolicy, role: Role | None,
    moment: datetime,
) -> User:
    with write(session):
        link = session.scalar(select(ExternalIdentity).where(
            ExternalIdentity.issuer == identity.issuer,
            ExternalIdentity.subject == identity.subject))
        user = session.get(User, link.user_id) if link is not None else None
        if user is None:
            user = _tie(session, identity, role or policy.default, moment)
        elif link is not None:
            link.last_sign_in_at = moment
        if user.active and role is not None and role is not user.role:
            _follow_claim(session, user, role, moment)
        if user.active:
            add_event(session, user, AuditAction.SSO_SIGN_IN, target=user.email,
                      details={"issuer": identity.issuer}, now=moment)
    return user


def _tie(session: Session, identity: ProviderIdentity, role: Role, moment: datetime) -> User:
    try:
        email = users.normalize_email(identity.email)
    except InvalidInput as error:
        raise SignInRefused(N_("the identity provider's email for you is not usable: "
                               "%(error)s"), error=error.message) from error
    user = users.find_user(session, email)
    if user is not None and not identity.email_verified:
        raise SignInRefused(N_("an account for %(email)s exists, but the identity provider has "
                               "not verified that the address is yours; ask an admin"),
                            email=email)
    if user is None:
        user = User(email=email, password_hash=NO_PASSWORD + secrets.token_hex(8), active=True)
        user.role = role
        session.add(user)
        session.flush()
        add_event(session, PROVIDER_ACTOR, AuditAction.ACCOUNT_CREATED, target=email,
                  details={"role": role.value, "by": "single sign-on"}, now=moment)
    session.add(ExternalIdentity(user_id=user.id, issuer=identity.issuer,
                                 subject=identity.subject, created_at=moment,
                                 last_sign_in_at=moment))
    return user


def _follow_claim(session: Session, user: User, role: Role, moment: datetime) -> None:
    """Give `user` the role the provider's claim says, unless that would leave no active
    admin."""
    if user.role is Role.ADMIN:
        others = session.scalar(select(func.count(User.id)).where(
            User.role_name == Role.ADMIN.value, User.active.is_(True), User.id != user.id))
        if not others:
            return
    before = user.role
    user.role = role
    add_event(session, PROVIDER_ACTOR, AuditAction.ROLE_CHANGED, target=user.email,
              details={"from": before.value, "to": role.value}, now=moment)


def _refuse(
    session: Session, identity: ProviderIdentity, why: str, moment: datetime
) -> NoReturn:
    with write(session):
        add_event(session, identity.email[:254], AuditAction.SSO_REFUSED, target=identity.email,
                  details={"issuer": identity.issuer, "why": why}, now=moment)
    raise SignInRefused(why)


def has_local_password(user: User) -> bool:
    """False for an account single sign-on made, until someone sets it a password."""
    return not user.password_hash.startswith(NO_PASSWORD)


@dataclass(frozen=True)
class LocalPasswords:
    """Whether people may sign in with a password: everyone (`on`), or, with single sign-on
    in charge, only the break-glass admin (for when the identity provider is down)."""

    on: bool = True
    break_glass: str = ""  # an admin's email

    def allow(self, user: User) -> bool:
        if self.on:
            return True
        return (bool(self.break_glass) and user.email == self.break_glass.strip().lower()
                and user.role is Role.ADMIN)
